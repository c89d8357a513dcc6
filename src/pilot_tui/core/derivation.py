"""What an outcome target asks of the pipeline and of weekly activity, from the scope's history.

Figures come from ``core.team_history``; money is integer minor units.
"""

from dataclasses import dataclass

from pilot_tui.core import clock, team_history
from pilot_tui.core.periods import Period
from pilot_tui.core.store.store import Store
from pilot_tui.core.team_history import Scope


@dataclass(frozen=True)
class Derivation:
    """What an outcome target asks of the pipeline and of weekly activity (money: minor units).

    ``pipeline_to_cover`` = remaining / win rate; ``pipeline_needed`` = max(0, that − open
    pipeline due by the period's end) (DESIGN §4); new opportunities needed = pipeline needed /
    average won size; weekly figures divide by the weeks left (from today or the period's
    start, to its end). Figures that need an unknown rate are ``None``.
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
    new_opps_needed: float | None
    weekly_new_opps: float | None
    weekly_activities: float | None


def derive(store: Store, scope: Scope, target_minor: int, period: Period) -> Derivation:
    """Derive pipeline and weekly activity needed for a won-value target in ``period``."""
    today = clock.today()
    won = team_history.won_value(store, scope, period.start, min(period.end, today))
    remaining = max(0, target_minor - won)
    open_due = team_history.open_pipeline(store, scope, period.end)
    rates = team_history.recent_rates(store, scope)
    days_left = (period.end - max(today, period.start)).days + 1
    weeks_left = max(0, days_left) / 7
    win_rate = rates.win_rate
    to_cover = round(remaining / win_rate) if win_rate else None
    needed = max(0, to_cover - open_due) if to_cover is not None else None
    avg = rates.avg_won_minor
    opps = needed / avg if needed is not None and avg else None
    weekly_opps = opps / weeks_left if opps is not None and weeks_left else None
    per_opp = rates.activities_per_opportunity
    return Derivation(
        target_minor=target_minor,
        won_minor=won,
        remaining_minor=remaining,
        open_due_minor=open_due,
        win_rate=win_rate,
        closed_deals=rates.won + rates.lost,
        avg_won_minor=avg,
        activities_per_opportunity=per_opp,
        weeks_left=weeks_left,
        pipeline_to_cover_minor=to_cover,
        pipeline_needed_minor=needed,
        new_opps_needed=opps,
        weekly_new_opps=weekly_opps,
        weekly_activities=(
            weekly_opps * per_opp if weekly_opps is not None and per_opp is not None else None
        ),
    )
