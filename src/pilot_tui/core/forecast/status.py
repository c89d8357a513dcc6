"""The verdict banner's content: the verdict, the forecast with its range, and one line of why.

Public entry point: ``compute_status(store, context, scope, period) -> Status``, as of
``context.today``; ``status_line`` and ``status_why`` make its text.
"""

from datetime import date

from pydantic import BaseModel

from pilot_tui.core.context import Context
from pilot_tui.core.forecast.report import WON, outlook
from pilot_tui.core.forecast.verdict import pipeline_needed, verdict_for
from pilot_tui.core.hygiene import hygiene_report
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.snapshot import PeriodInfo
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.money import format_money
from pilot_tui.core.percent import format_share
from pilot_tui.core.periods import Period, PeriodKind
from pilot_tui.core.store import Store
from pilot_tui.core.verdict import Verdict
from pilot_tui.i18n import _, ngettext


class Status(BaseModel):
    """The verdict banner: one line a manager reads in three seconds. Money in minor units."""

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
    low: int
    high: int
    """The forecast's range, from its backtest errors at this elapsed point: this is what
    the forecast's confidence means."""
    method: str
    """The headline method: 'timing', 'crm', 'pace', 'blend', or 'won' once the period is over."""
    forecast_share: float | None
    commit: int
    best_case: int
    pipeline_needed: int | None
    """New pipeline to create to reach the target, from the forecast's own probabilities."""
    previous_won: int | None
    """Won in the whole previous period."""
    unknown_amounts: int
    data_quality: float
    """The hygiene score (0–100) of the scope's open deals: how far the data can be trusted,
    not how sure the forecast is."""
    problems: dict[str, int]
    first_days: bool
    """Under ``VerdictThresholds.first_days`` of the period elapsed: the text leads with the
    forecast and last period's result, pace meaning nothing yet."""


_PERIOD_NOUN = {
    PeriodKind.WEEK: _("the week"),
    PeriodKind.MONTH: _("the month"),
    PeriodKind.QUARTER: _("the quarter"),
    PeriodKind.RANGE: _("the period"),
}
_LAST_PERIOD = {
    PeriodKind.WEEK: _("last week"),
    PeriodKind.MONTH: _("last month"),
    PeriodKind.QUARTER: _("last quarter"),
    PeriodKind.RANGE: _("the period before"),
}


def _forecast_text(status: Status, money: "_Money") -> str:
    text = _("forecast {value}").format(value=money(status.forecast))
    if status.low != status.high:
        text += " " + _("({low}–{high})").format(low=money(status.low), high=money(status.high))
    if status.target is not None:
        text += " " + _("vs target {target}").format(target=money(status.target))
    return text


class _Money:
    def __init__(self, currency: str, locale: str) -> None:
        self.currency, self.locale = currency, locale

    def __call__(self, value: float) -> str:
        return format_money(value, self.currency, compact=True, locale=self.locale)


def status_line(status: Status, locale: str) -> str:
    """The verdict, then ``status_why``: 'BEHIND · won €170K, €235K expected by today · …'."""
    return _(status.verdict.value) + " · " + status_why(status, locale)


def status_why(status: Status, locale: str) -> str:
    """The verdict's one line of why, as the banner shows it under the verdict: 'won €170K,
    €235K expected by today · forecast €300K (€250K–€340K) vs target €418K · pipeline needed
    €1.2M · data 89/100'. In the period's first days the forecast and last period's result
    lead instead."""
    kind = PeriodKind(status.period.kind)
    money = _Money(status.currency, locale)
    parts = []
    if status.method == WON:
        parts.append(_("won {won}").format(won=money(status.won)))
        if status.target is not None and status.won_share is not None:
            parts[-1] += " " + _("of target {target} ({share})").format(
                target=money(status.target), share=format_share(status.won_share)
            )
    elif status.first_days:
        parts.append(_forecast_text(status, money))
        if status.previous_won is not None:
            parts.append(
                _("{last} won {won}").format(
                    last=_LAST_PERIOD[kind], won=money(status.previous_won)
                )
            )
    else:
        if status.expected_to_date is None:
            parts.append(
                _("won {won} at {pace} of {noun}").format(
                    won=money(status.won), pace=format_share(status.pace), noun=_PERIOD_NOUN[kind]
                )
            )
        else:
            parts.append(
                _("won {won}, {expected} expected by today").format(
                    won=money(status.won), expected=money(status.expected_to_date)
                )
            )
        parts.append(_forecast_text(status, money))
    if status.method != WON:
        if status.target is None:
            parts.append(_("set a won-value objective to get a verdict"))
        elif status.pipeline_needed:
            parts.append(_("pipeline needed {money}").format(money=money(status.pipeline_needed)))
    n = status.unknown_amounts
    if n:
        parts.append(
            ngettext("amount unknown for {n} deal", "amount unknown for {n} deals", n).format(n=n)
        )
    parts.append(_("data {score}/100").format(score=round(status.data_quality)))
    return " · ".join(parts)


def compute_status(store: Store, context: Context, scope: Scope, period: Period) -> Status:
    """The verdict for ``scope`` over ``period`` as of ``context.today``; the pace and the
    expected-to-date count working days in ``context.calendar``, the verdict's thresholds
    are ``context.verdict``."""
    day = context.today
    limits = context.verdict
    frames = frames_for(store)
    seen = outlook(frames, scope, period, context)
    forecast, window = seen.forecast, seen.window
    target = window.target
    elapsed = context.calendar.pace(period, min(day, period.end))
    needed = pipeline_needed(forecast.forecast, target, seen.table)
    hygiene = hygiene_report(window)
    return Status(
        scope=scope.label,
        period=PeriodInfo.of(period),
        as_of=min(day, period.end),
        currency=frames.currency,
        verdict=verdict_for(forecast.forecast, target, limits, forecast.low, forecast.high),
        target=None if target is None else round(target),
        won=forecast.won,
        won_share=None if not target else forecast.won / target,
        pace=elapsed,
        expected_to_date=None if target is None else round(target * elapsed),
        forecast=forecast.forecast,
        low=forecast.low,
        high=forecast.high,
        method=forecast.method,
        forecast_share=None if not target else forecast.forecast / target,
        commit=forecast.commit,
        best_case=forecast.best_case,
        pipeline_needed=None if needed is None else round(needed),
        previous_won=round(seen.samples[0].actual) if seen.samples else None,
        unknown_amounts=forecast.unknown_amounts,
        data_quality=round(hygiene.score, 1),
        problems=hygiene.problems,
        first_days=elapsed < limits.first_days,
    )
