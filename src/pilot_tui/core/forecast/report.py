"""The period's forecast: every method, the headline with its range, and the backtest.

Public entry point: ``compute_forecast(store, context, scope, period, backtest_periods=0)``.
Money is in minor units of the database's currency.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from pydantic import BaseModel

from pilot_tui.core.context import Calendar, Context
from pilot_tui.core.forecast.backtest import (
    BACKTEST_PERIODS,
    Choice,
    Replay,
    choose,
    mean_abs,
    past_samples,
    relative,
    replays,
    value_range,
)
from pilot_tui.core.forecast.learning import LEARNING_PERIODS, TimingTable, learn
from pilot_tui.core.forecast.methods import CRM, METHODS, PACE, TIMING, Projection, project
from pilot_tui.core.forecast.samples import Sample, current_sample
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.frames import Frames, from_day_number
from pilot_tui.core.metrics.snapshot import PeriodInfo, make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store

WON = "won"
"""The ``method`` of a closed period's forecast: what was won."""


class Forecast(BaseModel):
    """What the period will bring, as seen on ``as_of``."""

    period: PeriodInfo
    scope: str
    as_of: date
    won: int
    """Won so far in the period."""
    forecast: int
    """The headline: the method (or blend) with the lowest backtest error; what was won once
    the period is over."""
    low: int
    high: int
    """Where the period should land if the headline errs as it did in the backtest."""
    method: str
    """'timing', 'crm', 'pace', 'blend' or, for a closed period, 'won'."""
    timing: int
    """won + what open deals bring before the end (learnt timing) + what is yet to be created
    and won."""
    expected_from_open: int
    expected_new: int
    crm_weighted: int
    """won + Σ amount × the CRM probability over open deals expected to close in the period."""
    pace: int | None
    """won ÷ the elapsed share of working days."""
    commit: int
    """won + open deals in the 'commit' category due in the period."""
    best_case: int
    """commit + those in the 'best_case' category."""
    open_deals: int
    unknown_amounts: int
    """Open deals without an amount, valued at the typical won size of their offer/segment."""
    learning_periods: int
    """Past periods the timing method learnt from."""


class BacktestPoint(BaseModel):
    """One past period replayed on ``as_of`` (same elapsed point as today)."""

    period: str
    as_of: date
    actual: int
    """What was won in the whole period."""
    forecast: int | None
    """The headline as it would have been chosen that day (from the replays before it)."""
    method: str
    timing: int
    crm: int
    pace: int | None
    error: float | None
    """(forecast − actual) / actual; None when nothing was won."""
    timing_error: float | None
    crm_error: float | None
    pace_error: float | None


class ForecastReport(BaseModel):
    forecast: Forecast
    target: int | None
    currency: str
    backtest: list[BacktestPoint] = []
    mean_abs_error: float | None = None
    """The headline's mean |error| over the backtest (fractions)."""
    timing_mean_abs_error: float | None = None
    crm_mean_abs_error: float | None = None
    pace_mean_abs_error: float | None = None


@dataclass(frozen=True)
class Outlook:
    """Everything the forecast and the verdict read, computed once."""

    frames: Frames
    window: Window
    forecast: Forecast
    table: TimingTable
    samples: list[Sample]
    """Past periods at the same elapsed point, most recent first."""
    closed: bool


def _round(value: float | None) -> int | None:
    return None if value is None else round(value)


def _categories(w: Window, won: float) -> tuple[float, float]:
    due = w.due_open
    amount = np.nan_to_num(due["amount"].to_numpy(dtype=float))
    category = due["forecast_category"].to_numpy(dtype=object)
    commit = won + float(amount[category == "commit"].sum())
    return commit, commit + float(amount[category == "best_case"].sum())


def outlook(frames: Frames, scope: Scope, period: Period, context: Context) -> Outlook:
    """The forecast of ``period`` for ``scope`` on ``context.today``, with the samples of the
    ``BACKTEST_PERIODS`` + ``LEARNING_PERIODS`` periods before it."""
    today = context.today
    window = make_window(frames, scope, period, today)
    closed = today > period.end
    count = BACKTEST_PERIODS + LEARNING_PERIODS
    samples = [] if closed else past_samples(frames, scope, period, today, count, context.calendar)
    stage_count = len(frames.stages.keys)
    table = learn(samples[:LEARNING_PERIODS], stage_count)
    now = current_sample(frames, window, context.calendar)
    projection = project(now, table)
    won = now.won
    if closed:
        choice, headline = Choice(WON, {}, []), won
    else:
        choice = choose(replays(samples, BACKTEST_PERIODS, stage_count), projection)
        headline = choice.value(projection) or 0.0
    low, high = value_range(headline, won, choice.errors)
    commit, best_case = _categories(window, won)
    forecast = Forecast(
        period=PeriodInfo.of(period),
        scope=scope.label,
        as_of=from_day_number(window.as_of),
        won=round(won),
        forecast=round(headline),
        low=round(low),
        high=round(high),
        method=choice.method,
        timing=round(projection.timing),
        expected_from_open=round(projection.from_open),
        expected_new=round(projection.new_business),
        crm_weighted=round(projection.crm),
        pace=_round(projection.pace),
        commit=round(commit),
        best_case=round(best_case),
        open_deals=len(now.stage),
        unknown_amounts=now.unknown_amounts,
        learning_periods=table.periods,
    )
    return Outlook(frames, window, forecast, table, samples, closed)


def _point(replay: Replay, before: list[Replay]) -> BacktestPoint:
    choice = choose(before, replay.projection)
    p: Projection = replay.projection
    return BacktestPoint(
        period=replay.label,
        as_of=replay.day,
        actual=round(replay.actual),
        forecast=_round(choice.value(p)),
        method=choice.method,
        timing=round(p.timing),
        crm=round(p.crm),
        pace=_round(p.pace),
        error=relative(choice.value(p), replay.actual),
        timing_error=relative(p.timing, replay.actual),
        crm_error=relative(p.crm, replay.actual),
        pace_error=relative(p.pace, replay.actual),
    )


def backtest_points(
    frames: Frames, scope: Scope, period: Period, today: date, count: int, calendar: Calendar
) -> list[BacktestPoint]:
    """Each method replayed on the ``count`` periods before ``period`` at today's elapsed
    point; each point's headline is chosen, as it would have been that day, from the
    ``BACKTEST_PERIODS`` replays before it."""
    total = count + BACKTEST_PERIODS
    samples = past_samples(frames, scope, period, today, total + LEARNING_PERIODS, calendar)
    replayed = replays(samples, total, len(frames.stages.keys))
    return [
        _point(r, replayed[i + 1 : i + 1 + BACKTEST_PERIODS])
        for i, r in enumerate(replayed[:count])
    ]


def compute_forecast(
    store: Store, context: Context, scope: Scope, period: Period, backtest_periods: int = 0
) -> ForecastReport:
    """The forecast of ``period`` for ``scope`` as of ``context.today``, and optionally its
    backtest over the ``backtest_periods`` previous periods."""
    frames = frames_for(store)
    seen = outlook(frames, scope, period, context)
    points = (
        backtest_points(frames, scope, period, context.today, backtest_periods, context.calendar)
        if backtest_periods > 0
        else []
    )
    return ForecastReport(
        forecast=seen.forecast,
        target=_round(seen.window.target),
        currency=frames.currency,
        backtest=points,
        mean_abs_error=mean_abs([p.error for p in points]),
        timing_mean_abs_error=mean_abs([p.timing_error for p in points]),
        crm_mean_abs_error=mean_abs([p.crm_error for p in points]),
        pace_mean_abs_error=mean_abs([p.pace_error for p in points]),
    )


__all__ = ["CRM", "METHODS", "PACE", "TIMING", "BacktestPoint", "Forecast", "ForecastReport"]
