"""The 1:1's comparison of one rep with their team: the key KPIs side by side, then conversion
stage by stage, each value with the n it rests on, straight from the KPI engine.

Both sides are ``compute_snapshot`` over the same period and day (the rep's scope and the
rep's own team, the rep included), formatted by ``core.metrics.display``, so the 1:1 shows
what the dashboard and ``pilot kpis --scope`` show, 'too few to say' included.
"""

from dataclasses import dataclass
from datetime import date

from pilot_tui.core.metrics import KpiSnapshot, KpiValue, Scope, compute_snapshot
from pilot_tui.core.metrics.display import format_kpi
from pilot_tui.core.periods import Period
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import get_user

COACHING_KPIS = (
    "win_rate",
    "avg_won_size",
    "new_opps_per_week",
    "cycle_length",
    "next_step_coverage",
    "stuck_deals",
)
"""The KPIs a 1:1 looks at, in the order it reads them: outcome, size, activity, speed,
discipline."""


@dataclass(frozen=True)
class Side:
    """One value as people read it ('62 %', '€12.5K', 'too few to say', '—') and its n."""

    value: str
    n: int | None


@dataclass(frozen=True)
class Compared:
    """One line of the comparison: what is measured, the rep's value, the team's value."""

    label: str
    rep: Side
    team: Side


@dataclass(frozen=True)
class RepVsTeam:
    rep: str
    """The rep's login."""
    team: Scope
    """The rep's team (``team:NAME``), or every deal when the rep has no team."""
    period: str
    """The period label both sides cover, e.g. '2026-11'."""
    kpis: list[Compared]
    """``COACHING_KPIS`` in order."""
    stages: list[Compared]
    """Stage conversion (share of exits that moved forward), one line per open stage."""


def team_scope_of(store: Store, login: str) -> Scope:
    """The scope of ``login``'s team; the whole team when the user has none or is unknown."""
    user = get_user(store, login)
    return Scope("team", user.team) if user is not None and user.team else Scope("team")


def compare_rep_with_team(
    store: Store,
    rep: str,
    period: Period | str | None = None,
    today: date | None = None,
) -> RepVsTeam:
    """``rep`` beside their team over ``period`` (default the month of ``today``), as of
    ``today`` (default ``clock.today()``). Values are ``compute_snapshot``'s for each scope,
    formatted with ``format_kpi``; under the engine's minimum sample a value reads 'too few
    to say', and the n beside it says how few."""
    team = team_scope_of(store, rep)
    mine = compute_snapshot(store, Scope("rep", rep), period, today)
    theirs = compute_snapshot(store, team, period, today)
    kpis = [
        Compared(
            mine.kpi(kpi_id).name,
            _side(mine, mine.kpi(kpi_id)),
            _side(theirs, theirs.kpi(kpi_id)),
        )
        for kpi_id in COACHING_KPIS
    ]
    rep_stages = _stage_sides(mine)
    team_stages = _stage_sides(theirs)
    stages = [
        Compared(stage, rep_stages[stage], team_stages[stage])
        for stage in team_stages
        if stage in rep_stages
    ]
    return RepVsTeam(rep, team, mine.period.label, kpis, stages)


def _side(snapshot: KpiSnapshot, kpi: KpiValue) -> Side:
    return Side(format_kpi(kpi, kpi.value, snapshot.currency), kpi.n)


def _stage_sides(snapshot: KpiSnapshot) -> dict[str, Side]:
    """Each open stage's conversion, formatted like the KPI itself (its own too-few flag)."""
    conversion = snapshot.kpi("stage_conversion")
    sides = {}
    for stage in conversion.details.get("stages", []):
        as_kpi = conversion.model_copy(update={"too_few": stage["too_few"]})
        sides[stage["stage"]] = Side(
            format_kpi(as_kpi, stage["value"], snapshot.currency), stage["n"]
        )
    return sides
