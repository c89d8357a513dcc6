"""What an outcome target asks of the pipeline and of weekly activity, from the scope's history.

Every figure comes from the KPI engine's window over the period (``core.metrics``), so the
derivation says what the dashboard's pipeline needed and coherence say. Money: minor units.
"""

from dataclasses import dataclass, replace
from datetime import date

from pilot_tui.core import clock
from pilot_tui.core.metrics.conversion import trailing_win
from pilot_tui.core.metrics.figures import period_window
from pilot_tui.core.metrics.pipeline import coverage, mean_won_amount
from pilot_tui.core.metrics.quality import opportunity_plan
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import Period
from pilot_tui.core.store.store import Store


@dataclass(frozen=True)
class Derivation:
    """What an outcome target asks of the pipeline and of weekly activity (money: minor units).

    ``pipeline_to_cover`` = remaining / win rate; ``pipeline_needed`` = max(0, that − open
    pipeline expected to close in the period) (the ``pipeline_needed`` KPI);
    ``coverage`` = open pipeline due / remaining (the ``coverage`` KPI, None once nothing
    remains) and ``required_coverage`` = 1 / win rate; new
    opportunities needed and activities per opportunity are ``metrics.quality``'s
    ``opportunity_plan``; weekly figures divide by the weeks left (from today or the period's
    start, to its end). The win rate is by count over the 365 days up to today (or the
    period's end), None under 10 closed deals; figures that need an unknown rate are None.
    """

    target_minor: int
    won_minor: int
    remaining_minor: int
    open_due_minor: int
    win_rate: float | None
    closed_deals: int
    avg_won_minor: int | None
    activities_per_opportunity: float | None
    weeks_left: float
    pipeline_to_cover_minor: int | None
    pipeline_needed_minor: int | None
    coverage: float | None
    required_coverage: float | None
    new_opps_needed: float | None
    weekly_new_opps: float | None
    weekly_activities: float | None


def derive(
    store: Store, scope: Scope, target_minor: int, period: Period, today: date | None = None
) -> Derivation:
    """Derive pipeline and weekly activity needed for a won-value target in ``period``."""
    day = today or clock.today()
    window = replace(period_window(store, scope, period, day), target=float(target_minor))
    won = round(window.won_in_window)
    remaining = max(0, target_minor - won)
    open_due = round(window.due_open_value)
    win = trailing_win(window)
    plan = opportunity_plan(window)
    avg_won = mean_won_amount(window, window.closed_trailing)
    weeks_left = max(0, (period.end - max(day, period.start)).days + 1) / 7
    opps = plan.new_opps_needed
    weekly_opps = opps / weeks_left if opps is not None and weeks_left else None
    covered = coverage(window)
    per_opp = plan.activities_per_new_opp
    return Derivation(
        target_minor=target_minor,
        won_minor=won,
        remaining_minor=remaining,
        open_due_minor=open_due,
        win_rate=win.value,
        closed_deals=win.n,
        avg_won_minor=None if avg_won is None else round(avg_won),
        activities_per_opportunity=per_opp,
        weeks_left=weeks_left,
        pipeline_to_cover_minor=round(remaining / win.value) if win.value else None,
        pipeline_needed_minor=(
            None if plan.pipeline_needed is None else round(plan.pipeline_needed)
        ),
        coverage=covered.value,
        required_coverage=covered.details["required"],
        new_opps_needed=opps,
        weekly_new_opps=weekly_opps,
        weekly_activities=(
            weekly_opps * per_opp if weekly_opps is not None and per_opp is not None else None
        ),
    )
