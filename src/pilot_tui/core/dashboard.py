"""What the dashboard shows, as plain data: the seam between core and the dashboard screen.

``build_dashboard`` is the one function the dashboard screen calls. The verdict is
``core.forecast.compute_status`` and the cards are the team's selected KPIs from
``core.metrics.compute_snapshot`` — the very objects ``pilot status --json`` and
``pilot kpis --json`` print — so the screen and the CLI cannot disagree.
"""

from dataclasses import dataclass, field, replace

from pilot_tui.core.context import Context
from pilot_tui.core.forecast import compute_status, status_why
from pilot_tui.core.kpi_selection import kpi_selection, team_for
from pilot_tui.core.metrics import BY_ID, KpiSnapshot, KpiValue, compute_snapshot
from pilot_tui.core.metrics.display import compared_span, format_change, format_kpi, short_name
from pilot_tui.core.metrics.history import kpi_history
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.models import Activity, Deal, Role, User
from pilot_tui.core.money import format_money
from pilot_tui.core.objectives import list_objectives, progress
from pilot_tui.core.percent import format_share
from pilot_tui.core.periods import Period
from pilot_tui.core.smart import ValueFormatter
from pilot_tui.core.store.activities import open_actions, overdue_actions
from pilot_tui.core.store.deals import DealQuery, list_deals
from pilot_tui.core.store.pipeline import pipeline_board
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import get_user, list_users
from pilot_tui.core.verdict import VerdictView
from pilot_tui.i18n import _


@dataclass(frozen=True)
class KpiCardView:
    """One KPI card. ``value`` is already formatted; ``change`` ``None`` = "too few to say";
    ``compared_with`` says what the change is from ('vs Oct 1–18'), ``context`` gives the whole
    previous period's value beside it ('all of 2026-10: 19 %', empty when that is the
    comparison itself)."""

    kpi: str
    name: str
    value: str
    sparkline: tuple[float, ...] = ()
    change: str | None = None
    compared_with: str = ""
    context: str = ""


@dataclass(frozen=True)
class FunnelRow:
    """One stage of the funnel: open deals in it now, their amount, and conversion (0..1)."""

    stage: str
    label: str
    count: int
    amount_minor: int
    weighted_minor: int
    conversion: float | None = None
    conversion_n: int = 0


@dataclass(frozen=True)
class ForecastView:
    """Forecast against target for the chart: won so far, expected from open deals, target.
    Amounts in minor units; ``expected_to_date`` is where the team should be by today."""

    won: int
    forecast: int
    commit: int
    best_case: int
    target: int | None
    expected_to_date: int | None


@dataclass(frozen=True)
class ObjectiveLine:
    """One objective of the view's scope and period: where it stands today."""

    metric: str
    target: str
    current: str
    ratio: float
    """current / target (0.41 = 41 % of the way)."""


@dataclass(frozen=True)
class DashboardData:
    """Everything one dashboard frame shows, for the team or for one rep."""

    scope_label: str
    rep: str | None
    currency: str
    verdict: VerdictView
    period_label: str = ""
    forecast: ForecastView | None = None
    kpis: list[KpiCardView] = field(default_factory=list)
    funnel: list[FunnelRow] = field(default_factory=list)
    stuck: list[Deal] = field(default_factory=list)
    actions: list[Activity] = field(default_factory=list)
    """Overdue actions (team view) or the rep's own open actions, overdue first."""
    own_deals: list[Deal] = field(default_factory=list)
    """The rep's open deals, soonest expected close first (rep view only)."""
    reps: list[str] = field(default_factory=list)
    """Logins of the active reps, whose views the viewer can switch to."""
    objectives: list[ObjectiveLine] = field(default_factory=list)
    """The period's objectives of the team (team view) or of the rep (rep view)."""


def build_dashboard(
    store: Store, context: Context, viewer: User, scope: Scope, period: Period
) -> DashboardData:
    """The dashboard of ``period`` as of ``context.today`` for the whole team
    (``Scope()``), one rep (``Scope("rep", login)``), or a segment or an offer, as
    ``viewer`` sees it.

    Cards are the team's selected KPIs with their last 8 periods and the change since the
    previous one (or "too few to say"); the funnel is today's open deals by stage beside the
    period's exit-based conversion of each stage.
    """
    rep = scope.value if scope.kind == "rep" else None
    # The team's or a rep's own view shows objectives and is named after the team or the
    # rep; a segment or an offer is a slice of the team, named by its scope.
    own_view = scope == Scope() or rep is not None
    today = context.today
    status = compute_status(store, context, scope, period)
    snapshot = compute_snapshot(store, scope, period, today)
    currency = snapshot.currency
    by_id = {kpi.id: kpi for kpi in snapshot.kpis}
    team = _team_of(store, viewer, rep)
    selected = tuple(item.kpi for item in kpi_selection(store, team).kpis)
    history = kpi_history(
        store, tuple(k for k in selected if BY_ID[k].historical), scope, period, today
    )
    kpis = [
        _card(snapshot, by_id[kpi_id], history.get(kpi_id, []), context.locale)
        for kpi_id in selected
    ]
    deals = _deal_scope(scope)
    board = pipeline_board(store, replace(deals, open_only=True))
    conversion = {row["stage"]: row for row in by_id["stage_conversion"].details.get("stages", [])}
    funnel = [
        FunnelRow(
            c.stage.key,
            c.stage.label,
            c.count,
            c.amount_minor,
            c.weighted_minor,
            None
            if c.stage.key not in conversion or conversion[c.stage.key]["too_few"]
            else conversion[c.stage.key]["value"],
            conversion.get(c.stage.key, {}).get("n", 0),
        )
        for c in board
    ]
    stuck = list_deals(store, replace(deals, stuck=True, limit=8))
    actions = open_actions(store, viewer, rep) if rep else overdue_actions(store, viewer, limit=8)
    own = list_deals(store, DealQuery(owner=rep, open_only=True, limit=8)).deals if rep else []
    reps = [user.login for user in list_users(store, active_only=True) if user.role is Role.REP]
    why = status_why(status, context.locale)
    second_line = _rep_context(store, context, snapshot, period) if rep else ""
    return DashboardData(
        scope_label=(rep or team) if own_view else snapshot.scope,
        rep=rep,
        currency=currency,
        verdict=VerdictView(status.verdict, why, second_line),
        period_label=status.period.label,
        forecast=ForecastView(
            won=status.won,
            forecast=status.forecast,
            commit=status.commit,
            best_case=status.best_case,
            target=status.target,
            expected_to_date=status.expected_to_date,
        ),
        kpis=kpis,
        funnel=funnel,
        stuck=stuck.deals,
        actions=actions,
        own_deals=own,
        reps=reps,
        objectives=_objective_lines(store, period.label, rep) if own_view else [],
    )


def _objective_lines(store: Store, period: str, rep: str | None) -> list[ObjectiveLine]:
    """The team's objectives (no owner) for the team view; the rep's own for theirs."""
    formatted = ValueFormatter.of(store)
    lines = []
    for objective in list_objectives(store, period=period, owner=rep):
        if rep is None and objective.owner is not None:
            continue
        now = progress(store, objective)
        lines.append(
            ObjectiveLine(
                metric=objective.metric,
                target=formatted(now.target, now.unit),
                current=formatted(now.current, now.unit),
                ratio=now.ratio,
            )
        )
    return lines


def _card(
    snapshot: KpiSnapshot, kpi: KpiValue, history: list[float | None], locale: str
) -> KpiCardView:
    """A card: short name, value (or 'too few' with its n), the last periods, the change and
    what it is from."""
    currency = snapshot.currency
    if kpi.too_few:
        value = _("too few")
        change = _("n={n}: too few to say").format(n=kpi.n or 0)
    else:
        value, change = (
            format_kpi(kpi, kpi.value, currency, locale),
            format_change(kpi, currency, locale),
        )
    sparkline = tuple(v for v in history if v is not None)
    if not BY_ID[kpi.id].historical:
        return KpiCardView(kpi.id, short_name(kpi.id), value, sparkline, change)
    compared = _("vs {span}").format(span=compared_span(snapshot, locale))
    context = ""
    if snapshot.like_for_like:
        context = _("all of {period}: {value}").format(
            period=snapshot.previous_period.label,
            value=format_kpi(kpi, kpi.previous_full, currency, locale),
        )
    return KpiCardView(kpi.id, short_name(kpi.id), value, sparkline, change, compared, context)


def _rep_context(store: Store, context: Context, snapshot: KpiSnapshot, period: Period) -> str:
    """'Progress vs Oct 1–18: won €5K so far against €4K by then (€12.5K in all of 2026-10) ·
    Team: AHEAD (forecast 111 %)' — last period at the same elapsed point while this one is
    in progress (``snapshot``, the rep's)."""
    locale = context.locale
    team = compute_status(store, context, Scope(), period)

    def money(value: int) -> str:
        return format_money(value, snapshot.currency, compact=True, locale=locale)

    previous = snapshot.previous_period.label
    if snapshot.like_for_like:
        progress = _(
            "Progress vs {span}: won {won} so far against {before} by then ({full} in all of "
            "{previous})"
        ).format(
            span=compared_span(snapshot, locale),
            won=money(snapshot.won),
            before=money(snapshot.previous_won),
            full=money(snapshot.previous_full_won),
            previous=previous,
        )
    else:
        progress = _("Progress vs {previous}: won {won} ({before} in {previous})").format(
            previous=previous, won=money(snapshot.won), before=money(snapshot.previous_full_won)
        )
    share = (
        ""
        if team.forecast_share is None
        else " " + _("(forecast {share})").format(share=format_share(team.forecast_share))
    )
    return (
        progress
        + " · "
        + _("Team: {verdict}{share}").format(verdict=team.verdict.value, share=share)
    )


def _team_of(store: Store, viewer: User, rep: str | None) -> str:
    """The team whose KPI selection applies: the rep's when looking at one, else the viewer's."""
    if rep is not None:
        user = get_user(store, rep)
        if user is not None and user.team:
            return user.team
    return team_for(viewer)


def _deal_scope(scope: Scope) -> DealQuery:
    """The deal-list filter that matches a KPI scope ('rep:sam' → owner='sam')."""
    kind, value = scope.kind, scope.value
    return DealQuery(
        owner=value if kind == "rep" else None,
        segment=value if kind == "segment" else None,
        offer=value if kind == "offer" else None,
    )
