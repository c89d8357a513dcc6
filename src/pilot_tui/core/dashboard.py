"""What the dashboard shows, as plain data: the seam between the store/KPI engine and screens.

``build_dashboard`` is the one function the dashboard screen calls. Today it fills the verdict
with NO TARGET and the cards with live pipeline figures from the store; the KPI engine
(``core.metrics``) and the forecast (``core.forecast``) plug in here, not in the screen.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from pilot_tui.core.models import Activity, Deal, Role, User
from pilot_tui.core.money import format_money
from pilot_tui.core.store.activities import open_actions, overdue_actions
from pilot_tui.core.store.deals import DealQuery, list_deals
from pilot_tui.core.store.pipeline import pipeline_board
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import list_users
from pilot_tui.i18n import _


class Verdict(StrEnum):
    """The pace verdict (DESIGN §5)."""

    AHEAD = "ahead"
    ON_PACE = "on pace"
    BEHIND = "behind"
    NO_TARGET = "no target"


@dataclass(frozen=True)
class VerdictView:
    """The banner: the verdict, one line of why, and the forecast's confidence (0..1)."""

    verdict: Verdict
    why: str
    confidence: float | None = None


@dataclass(frozen=True)
class KpiCardView:
    """One KPI card. ``value`` is already formatted; ``change`` ``None`` = "too few to say"."""

    kpi: str
    name: str
    value: str
    sparkline: tuple[float, ...] = ()
    change: str | None = None


@dataclass(frozen=True)
class FunnelRow:
    """One stage of the funnel: open deals in it now, their amount, and conversion (0..1)."""

    stage: str
    label: str
    count: int
    amount_minor: int
    weighted_minor: int
    conversion: float | None = None


@dataclass(frozen=True)
class DashboardData:
    """Everything one dashboard frame shows, for the team or for one rep."""

    scope_label: str
    rep: str | None
    currency: str
    verdict: VerdictView
    kpis: list[KpiCardView] = field(default_factory=list)
    funnel: list[FunnelRow] = field(default_factory=list)
    stuck: list[Deal] = field(default_factory=list)
    actions: list[Activity] = field(default_factory=list)
    """Overdue actions (team view) or the rep's own open actions, overdue first."""
    own_deals: list[Deal] = field(default_factory=list)
    """The rep's open deals, soonest expected close first (rep view only)."""
    reps: list[str] = field(default_factory=list)
    """Logins of the active reps, whose views the viewer can switch to."""


def build_dashboard(store: Store, viewer: User, rep: str | None = None) -> DashboardData:
    """The dashboard for the team (``rep`` None) or for one rep, as ``viewer`` sees it.

    Until the KPI engine is wired, the verdict is NO TARGET and the cards are live pipeline
    figures (open pipeline, weighted pipeline, open deals, share of open deals with a future
    next step, stuck deals). Amounts in the cards are formatted in the database currency.
    """
    currency = store.currency()
    scope = DealQuery(owner=rep, open_only=True)
    board = pipeline_board(store, scope)
    stuck = list_deals(store, DealQuery(owner=rep, stuck=True, limit=8))
    no_next = list_deals(store, DealQuery(owner=rep, no_next_step=True, limit=0)).total
    actions = open_actions(store, rep) if rep else overdue_actions(store, limit=8)
    own = list_deals(store, DealQuery(owner=rep, open_only=True, limit=8)).deals if rep else []
    reps = [user.login for user in list_users(store, active_only=True) if user.role is Role.REP]
    open_count = sum(column.count for column in board)
    amount = sum(column.amount_minor for column in board)
    weighted = sum(column.weighted_minor for column in board)
    kpis = [
        KpiCardView("pipeline_value", _("Open pipeline"), format_money(amount, currency)),
        KpiCardView("weighted_pipeline", _("Weighted"), format_money(weighted, currency)),
        KpiCardView("open_deals", _("Open deals"), str(open_count)),
        KpiCardView(
            "next_step_coverage", _("Next step set"), _share(open_count - no_next, open_count)
        ),
        KpiCardView("stuck_deals", _("Stuck deals"), str(stuck.total)),
    ]
    funnel = [
        FunnelRow(c.stage.key, c.stage.label, c.count, c.amount_minor, c.weighted_minor)
        for c in board
    ]
    return DashboardData(
        scope_label=rep or (viewer.team or _("team")),
        rep=rep,
        currency=currency,
        verdict=VerdictView(
            Verdict.NO_TARGET, _("No forecast yet: the figures below are the live pipeline.")
        ),
        kpis=kpis,
        funnel=funnel,
        stuck=stuck.deals,
        actions=actions,
        own_deals=own,
        reps=reps,
    )


def _share(part: int, whole: int) -> str:
    """ "40%"; "—" when there is nothing to divide by."""
    return "—" if whole == 0 else f"{part / whole:.0%}"
