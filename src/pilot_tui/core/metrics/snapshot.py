"""The KPI snapshot: every KPI of the catalog for one scope, period and day, beside the
previous period's value and whether the change is real.

Like for like: while a period is in progress, the previous period is seen at the same elapsed
point (Nov 1–18 against Oct 1–18, see ``window.same_elapsed_point``), with its whole value kept
as context; a period that has ended is compared with the whole previous period."""

from datetime import date
from typing import Any

from pydantic import BaseModel

from pilot_tui.core import clock
from pilot_tui.core.metrics.catalog import CATALOG, COMPUTE, Direction, KpiDefinition, Unit
from pilot_tui.core.metrics.frames import Frames, day_number, from_day_number, remembered
from pilot_tui.core.metrics.state import Scope, known_on, parse_scope, scoped, scoped_each
from pilot_tui.core.metrics.stats import MIN_EVENTS, two_proportion_p_value, wilson_interval
from pilot_tui.core.metrics.targets import won_target
from pilot_tui.core.metrics.window import Measure, Window, same_elapsed_point
from pilot_tui.core.periods import Period, PeriodKind, parse_period, period_containing

SIGNIFICANCE = 0.10
"""A change between two rates is called real when the two-proportion test gives p below this
(the same test the diagnostics use), with at least 10 events on each side."""


class PeriodInfo(BaseModel):
    label: str
    kind: str
    start: date
    end: date

    @classmethod
    def of(cls, period: Period) -> "PeriodInfo":
        return cls(label=period.label, kind=period.kind.value, start=period.start, end=period.end)


class KpiValue(BaseModel):
    """One KPI in a snapshot. Money is in minor units; shares are 0..1."""

    id: str
    name: str
    unit: Unit
    direction: Direction
    value: float | None
    """None when there is nothing to measure or too few events to say."""
    n: int | None
    """The events or deals the value rests on."""
    successes: int | None = None
    too_few: bool = False
    interval: tuple[float, float] | None = None
    """95 % Wilson interval of a rate."""
    previous: float | None = None
    """The previous period's value as of ``KpiSnapshot.previous_as_of``: the same elapsed
    point while this period is in progress, else its last day."""
    previous_n: int | None = None
    previous_full: float | None = None
    """The whole previous period's value (context; equals ``previous`` for an ended period)."""
    previous_full_n: int | None = None
    change: float | None = None
    """value − previous; None when either is unknown or the comparison is withheld."""
    too_few_to_compare: bool = False
    """An average or median resting on fewer than 10 cases on either side: ``value`` and
    ``n`` stand, but no change or direction is claimed."""
    significant: bool | None = None
    """Rates only: True/False by the two-proportion test; None when untestable."""
    p_value: float | None = None
    details: dict[str, Any] = {}


class KpiSnapshot(BaseModel):
    scope: str
    period: PeriodInfo
    previous_period: PeriodInfo
    as_of: date
    """The day the numbers are as of: today, or the period's end for a past period."""
    previous_as_of: date
    """The day the previous values are as of: the previous period's day at the same elapsed
    point while ``period`` is in progress, else the previous period's last day."""
    like_for_like: bool
    """True when ``previous_as_of`` is the same elapsed point rather than the previous
    period's end."""
    currency: str
    target: int | None
    """Won-value target for the scope and period, minor units."""
    won: int = 0
    """Won value of the period up to ``as_of``, minor units."""
    previous_won: int = 0
    """Won value of the previous period up to ``previous_as_of``, minor units."""
    previous_full_won: int = 0
    """Won value of the whole previous period, minor units."""
    kpis: list[KpiValue]

    def kpi(self, kpi_id: str) -> KpiValue:
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise KeyError(kpi_id)


def make_window(
    frames: Frames, scope: Scope, period: Period, today: date, *, within: Frames | None = None
) -> Window:
    """The window of ``period`` seen on ``today`` (a past period is seen on its last day),
    over what had been recorded by that day (``state.known_on``): a rep's deals are those
    the rep owned then. ``within``: ``frames`` already limited to ``scope`` (see
    ``state.scoped_each``)."""
    as_of = min(today, period.end)
    day = day_number(as_of)
    known = known_on(frames, day)
    current = known is frames
    if within is not None and current:
        base = within
    elif within is None or scope.kind == "team":
        base = scoped(known, scope)
    else:  # split the past frames once for every rep, segment or offer, as for today's
        split = remembered(known, ("split", scope.kind), lambda: scoped_each(known, scope.kind))
        base = split.get(str(scope.value)) or scoped(known, scope)
    return Window(
        frames=base,
        scope=scope,
        period=period,
        start=day_number(period.start),
        end=day_number(period.end),
        as_of=day,
        current=current,
        target=won_target(frames.objectives, scope, period),
    )


def _rounded(value: float | None, unit: Unit) -> float | None:
    if value is None:
        return None
    if unit in (Unit.MONEY, Unit.MONEY_PER_DAY):
        return float(round(value))
    return value


def _too_few_to_compare(definition: KpiDefinition, now: Measure, before: Measure | None) -> bool:
    """An average or median on fewer than 10 cases on either side: its change is withheld
    (not when there is no value to compare at all)."""
    if not definition.average or before is None or now.value is None:
        return False
    return (now.n or 0) < MIN_EVENTS or (before.n or 0) < MIN_EVENTS


def _kpi_value(
    definition: KpiDefinition, now: Measure, before: Measure | None, whole: Measure | None
) -> KpiValue:
    value = _rounded(now.value, definition.unit)
    previous = None if before is None else _rounded(before.value, definition.unit)
    withheld = _too_few_to_compare(definition, now, before)
    kpi = KpiValue(
        id=definition.id,
        name=definition.name,
        unit=definition.unit,
        direction=definition.direction,
        value=value,
        n=now.n,
        successes=now.successes,
        too_few=now.too_few,
        previous=previous,
        previous_n=None if before is None else before.n,
        previous_full=None if whole is None else _rounded(whole.value, definition.unit),
        previous_full_n=None if whole is None else whole.n,
        change=None if value is None or previous is None or withheld else value - previous,
        too_few_to_compare=withheld,
        details=now.details,
    )
    if definition.rate and now.successes is not None and now.n:
        kpi.interval = wilson_interval(now.successes, now.n)
    if (
        definition.rate
        and before is not None
        and now.successes is not None
        and before.successes is not None
        and not now.too_few
        and not before.too_few
        and now.n
        and before.n
    ):
        kpi.p_value = two_proportion_p_value(now.successes, now.n, before.successes, before.n)
        kpi.significant = kpi.p_value is not None and kpi.p_value < SIGNIFICANCE
    return kpi


def snapshot_from_frames(
    frames: Frames,
    scope: Scope,
    period: Period,
    today: date,
    kpi_ids: tuple[str, ...] | None = None,
) -> KpiSnapshot:
    """Compute the snapshot from already loaded frames (see ``compute_snapshot``)."""
    window = make_window(frames, scope, period, today)
    previous_period = period.previous()
    whole = make_window(frames, scope, previous_period, today)
    like_for_like = period.start <= today < period.end
    before = whole
    if like_for_like:
        point = same_elapsed_point(period, today, previous_period)
        before = make_window(frames, scope, previous_period, point)
    kpis = []
    for definition in CATALOG:
        if kpi_ids is not None and definition.id not in kpi_ids:
            continue
        compute = COMPUTE[definition.id]
        earlier = compute(before) if definition.historical else None
        entire = None
        if definition.historical:
            entire = compute(whole) if like_for_like else earlier
        kpis.append(_kpi_value(definition, compute(window), earlier, entire))
    return KpiSnapshot(
        scope=scope.label,
        period=PeriodInfo.of(period),
        previous_period=PeriodInfo.of(previous_period),
        as_of=min(today, period.end),
        previous_as_of=from_day_number(before.as_of),
        like_for_like=like_for_like,
        currency=frames.currency,
        target=None if window.target is None else round(window.target),
        won=round(window.won_in_window),
        previous_won=round(before.won_in_window),
        previous_full_won=round(whole.won_in_window),
        kpis=kpis,
    )


def resolve(
    scope: Scope | str | None, period: Period | str | None, today: date | None
) -> tuple[Scope, Period, date]:
    """Defaults: the team, the current month, ``clock.today()``."""
    day = today or clock.today()
    if not isinstance(scope, Scope):
        scope = parse_scope(scope)
    if period is None:
        period = period_containing(day, PeriodKind.MONTH)
    elif not isinstance(period, Period):
        period = parse_period(period)
    return scope, period, day
