"""The period forecast, the AHEAD / ON PACE / BEHIND verdict, and the forecast's backtest.
Money is in minor units of the database's currency.

Public entry points: ``compute_status(store, context, scope, period) -> Status`` and
``compute_forecast(store, context, scope, period, backtest_periods=0) -> ForecastReport``,
as of ``context.today``; ``status_line`` and ``status_why`` make the status's text.
"""

from datetime import date, timedelta

import numpy as np
from pydantic import BaseModel

from pilot_tui.core.context import Context
from pilot_tui.core.hygiene import hygiene_report
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.frames import Frames, from_day_number
from pilot_tui.core.metrics.pipeline import crm_probability, pipeline_needed
from pilot_tui.core.metrics.snapshot import PeriodInfo, make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.money import format_money
from pilot_tui.core.percent import format_share
from pilot_tui.core.periods import Period, PeriodKind
from pilot_tui.core.store import Store
from pilot_tui.core.verdict import Verdict
from pilot_tui.i18n import _

AHEAD_AT = 1.05
BEHIND_BELOW = 0.95
MIN_EXITS = 20
"""A stage's own win probability needs at least this many closed deals that went through it."""


class StageProbability(BaseModel):
    stage: str
    probability: float
    exits: int
    """Deals closed in the last 365 days that went through the stage."""
    source: str
    """'history' (≥ 20 exits) or 'default' (the stage's default probability)."""


class Forecast(BaseModel):
    """What the period will bring, as seen on ``as_of``."""

    period: PeriodInfo
    scope: str
    as_of: date
    won: int
    """Won so far in the period."""
    expected_from_open: int
    """Σ amount × p(win | stage) over open deals expected to close in the period."""
    forecast: int
    """won + expected_from_open."""
    commit: int
    """won + open deals in the 'commit' category."""
    best_case: int
    """commit + open deals in the 'best_case' category."""
    crm_weighted: int
    """won + Σ amount × the CRM's probability (the deal's, else its stage's default)."""
    open_deals: int
    probabilities: list[StageProbability]


def stage_win_probabilities(w: Window) -> tuple[np.ndarray, list[StageProbability]]:
    """p(win | stage) per stage code, from the deals closed in the 365 days up to ``as_of``
    that went through the stage (won / closed); the stage's default under 20 such deals."""
    stages = w.frames.stages
    closed = w.closed_trailing
    won_ids = closed["id"].to_numpy()[w.won_mask(closed)]
    changes = w.known_changes
    passed = changes[changes["deal_id"].isin(closed["id"].to_numpy())]
    visits = passed.drop_duplicates(["deal_id", "to_code"])
    exits = visits.groupby("to_code").size()
    wins = visits[visits["deal_id"].isin(won_ids)].groupby("to_code").size()
    probabilities = stages.default_probability.copy()
    described = []
    for code in stages.open_codes:
        n = int(exits.get(code, 0))
        source = "default"
        if n >= MIN_EXITS:
            probabilities[code] = int(wins.get(code, 0)) / n
            source = "history"
        described.append(
            StageProbability(
                stage=stages.keys[code],
                probability=float(probabilities[code]),
                exits=n,
                source=source,
            )
        )
    return probabilities, described


def team_window(frames: Frames, w: Window) -> Window:
    """The whole team's window over the same period and day as ``w`` (``w`` itself when it
    is already the team): win probabilities come from the team's history, which a rep, a
    segment or an offer alone rarely has enough of."""
    if w.scope == Scope():
        return w
    team = make_window(frames, Scope(), w.period, from_day_number(w.as_of))
    team.current = w.current
    return team


def forecast_window(w: Window, team: Window | None = None) -> Forecast:
    """The forecast of ``w``'s period as it would be computed on ``w.as_of``, with p(win |
    stage) learnt from ``team`` (default ``w``)."""
    probabilities, described = stage_win_probabilities(team or w)
    due = w.due_open
    amount = np.nan_to_num(due["amount"].to_numpy(dtype=float))
    expected = float((amount * probabilities[due["stage"].to_numpy()]).sum())
    category = due["forecast_category"].to_numpy(dtype=object)
    commit = float(amount[category == "commit"].sum())
    best = float(amount[category == "best_case"].sum())
    crm = float((amount * crm_probability(w, due)).sum())
    won = w.won_in_window
    return Forecast(
        period=PeriodInfo.of(w.period),
        scope=w.scope.label,
        as_of=from_day_number(w.as_of),
        won=round(won),
        expected_from_open=round(expected),
        forecast=round(won + expected),
        commit=round(won + commit),
        best_case=round(won + commit + best),
        crm_weighted=round(won + crm),
        open_deals=len(due),
        probabilities=described,
    )


class BacktestPoint(BaseModel):
    period: str
    day: date
    """The day the forecast is replayed on (same offset into the period as today)."""
    forecast: int
    crm_weighted: int
    actual: int
    """What was actually won in that period."""
    error: float | None
    """(forecast − actual) / actual; None when nothing was won."""
    crm_error: float | None


class ForecastReport(BaseModel):
    forecast: Forecast
    target: int | None
    currency: str
    backtest: list[BacktestPoint] = []
    mean_abs_error: float | None = None
    """Mean of |error| over the backtest periods that won something."""
    crm_mean_abs_error: float | None = None


def _relative(value: float, actual: float) -> float | None:
    return None if actual == 0 else (value - actual) / actual


def backtest(
    frames: Frames, scope: Scope, period: Period, today: date, periods: int
) -> list[BacktestPoint]:
    """Replay the forecast on the same day of each of the last ``periods`` periods, from the
    data known that day (stage and close-date history up to it), against what was won."""
    offset = (min(today, period.end) - period.start).days
    points = []
    for back in range(1, periods + 1):
        past = period.shifted(back)
        day = min(past.start + timedelta(days=offset), past.end)
        then = make_window(frames, scope, past, day)
        then.current = False  # rebuild the state from history: the deals table is today's
        replayed = forecast_window(then, team_window(frames, then))
        actual = make_window(frames, scope, past, today).won_in_window
        points.append(
            BacktestPoint(
                period=past.label,
                day=day,
                forecast=replayed.forecast,
                crm_weighted=replayed.crm_weighted,
                actual=round(actual),
                error=_relative(replayed.forecast, actual),
                crm_error=_relative(replayed.crm_weighted, actual),
            )
        )
    return points


def _mean_abs(values: list[float | None]) -> float | None:
    known = [abs(v) for v in values if v is not None]
    return sum(known) / len(known) if known else None


def compute_forecast(
    store: Store, context: Context, scope: Scope, period: Period, backtest_periods: int = 0
) -> ForecastReport:
    """The forecast of ``period`` for ``scope`` as of ``context.today``, and optionally its
    backtest over the ``backtest_periods`` previous periods."""
    day = context.today
    frames = frames_for(store)
    window = make_window(frames, scope, period, day)
    points = backtest(frames, scope, period, day, backtest_periods)
    return ForecastReport(
        forecast=forecast_window(window, team_window(frames, window)),
        target=None if window.target is None else round(window.target),
        currency=frames.currency,
        backtest=points,
        mean_abs_error=_mean_abs([p.error for p in points]),
        crm_mean_abs_error=_mean_abs([p.crm_error for p in points]),
    )


class Status(BaseModel):
    """The verdict banner: one line a manager reads in three seconds."""

    scope: str
    period: PeriodInfo
    as_of: date
    currency: str
    verdict: Verdict
    target: int | None
    won: int
    won_share: float | None
    """won / target."""
    pace: float
    """Share of the period's working days elapsed (0..1)."""
    expected_to_date: int | None
    """target × pace."""
    forecast: int
    forecast_share: float | None
    commit: int
    best_case: int
    pipeline_needed: int | None
    confidence: float
    """The hygiene score (0–100) of the scope's open deals."""
    problems: dict[str, int]


def verdict_for(forecast: float, target: float | None) -> Verdict:
    """AHEAD at ≥ 105 % of target, BEHIND under 95 %, else ON PACE; NO TARGET without one."""
    if target is None or target <= 0:
        return Verdict.NO_TARGET
    share = forecast / target
    if share >= AHEAD_AT:
        return Verdict.AHEAD
    return Verdict.BEHIND if share < BEHIND_BELOW else Verdict.ON_PACE


_PERIOD_NOUN = {
    PeriodKind.WEEK: _("the week"),
    PeriodKind.MONTH: _("the month"),
    PeriodKind.QUARTER: _("the quarter"),
    PeriodKind.RANGE: _("the period"),
}


def status_line(status: Status, locale: str) -> str:
    """E.g. 'BEHIND · won 62 % of target at 71 % of the month · forecast 88 % · pipeline
    needed €48K · confidence 68 %': the verdict, then ``status_why``."""
    return _(status.verdict.value) + " · " + status_why(status, locale)


def status_why(status: Status, locale: str) -> str:
    """The verdict's one line of why, as the banner shows it under the verdict: 'won 62 % of
    target at 71 % of the month · forecast 88 % · pipeline needed €48K · confidence 68 %'."""
    noun = _PERIOD_NOUN[PeriodKind(status.period.kind)]
    if status.target is None or status.won_share is None or status.forecast_share is None:
        parts = [
            _("won {won} at {pace} of {noun}").format(
                won=format_money(status.won, status.currency, compact=True, locale=locale),
                pace=format_share(status.pace),
                noun=noun,
            ),
            _("forecast {value}").format(
                value=format_money(status.forecast, status.currency, compact=True, locale=locale)
            ),
            _("set a won-value objective to get a verdict"),
        ]
    else:
        parts = [
            _("won {won} of target at {pace} of {noun}").format(
                won=format_share(status.won_share), pace=format_share(status.pace), noun=noun
            ),
            _("forecast {share}").format(share=format_share(status.forecast_share)),
        ]
        if status.pipeline_needed is not None:
            parts.append(
                _("pipeline needed {money}").format(
                    money=format_money(
                        status.pipeline_needed, status.currency, compact=True, locale=locale
                    )
                )
            )
    parts.append(_("confidence {score}").format(score=format_share(status.confidence / 100)))
    return " · ".join(parts)


def compute_status(store: Store, context: Context, scope: Scope, period: Period) -> Status:
    """The verdict for ``scope`` over ``period`` as of ``context.today``; the pace and the
    expected-to-date count working days in ``context.calendar``."""
    day = context.today
    frames = frames_for(store)
    window = make_window(frames, scope, period, day)
    forecast = forecast_window(window, team_window(frames, window))
    target = window.target
    elapsed = context.calendar.pace(period, min(day, period.end))
    needed = pipeline_needed(window).value
    hygiene = hygiene_report(window)
    return Status(
        scope=scope.label,
        period=PeriodInfo.of(period),
        as_of=min(day, period.end),
        currency=frames.currency,
        verdict=verdict_for(forecast.forecast, target),
        target=None if target is None else round(target),
        won=forecast.won,
        won_share=None if not target else forecast.won / target,
        pace=elapsed,
        expected_to_date=None if target is None else round(target * elapsed),
        forecast=forecast.forecast,
        forecast_share=None if not target else forecast.forecast / target,
        commit=forecast.commit,
        best_case=forecast.best_case,
        pipeline_needed=None if needed is None else round(needed),
        confidence=round(hygiene.score, 1),
        problems=hygiene.problems,
    )


__all__ = [
    "Forecast",
    "ForecastReport",
    "Status",
    "Verdict",
    "compute_forecast",
    "compute_status",
    "status_line",
    "status_why",
]
