"""The dashboard's data seam and the audit summary, on the fixture pipeline."""

from conftest import MANAGER, REP_SAM
from deal_builder import set_objective
from pilot_tui.core.context import Context
from pilot_tui.core.dashboard import build_dashboard
from pilot_tui.core.forecast import compute_status, status_why
from pilot_tui.core.metrics import DEFAULT_DASHBOARD, compute_snapshot
from pilot_tui.core.metrics.display import format_change, format_kpi
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import deal_history, update_deal
from pilot_tui.core.store.pipeline import audit_summary
from pilot_tui.core.verdict import Verdict

CONTEXT = Context()
"""Today is the tests' fixed clock (Wednesday 2026-11-18); English, no holidays."""
NOVEMBER = parse_period("2026-11")


def _set_team_target(store: Store, minor: int, period: str = "2026-11") -> None:
    with store.write(MANAGER) as writer:
        writer.insert(
            "objectives",
            {
                "team": "north",
                "kind": "outcome",
                "metric": "won_value",
                "target": minor,
                "period": period,
            },
        )


def test_team_dashboard_verdict_forecast_funnel_stuck_and_overdue(store: Store) -> None:
    _set_team_target(store, 2_000_000)
    data = build_dashboard(store, CONTEXT, MANAGER, Scope(), NOVEMBER)
    # Won in November: Hooli 5,000. No past period won anything, so there is no backtest to
    # choose by and the CRM weighting leads: open deals due in November at their own
    # probability, else their stage's: Acme 12,500 × 0.50 + Initech 30,000 × 0.9 (+ Stark,
    # no amount) = 33,250. Forecast 38,250 = 191 % of 20,000: AHEAD.
    assert data.verdict.verdict is Verdict.AHEAD
    assert data.forecast is not None
    assert (data.forecast.won, data.forecast.forecast, data.forecast.target) == (
        500_000,
        3_825_000,
        2_000_000,
    )
    # 13 of November's 21 working days are gone on Wednesday the 18th.
    assert data.forecast.expected_to_date == round(2_000_000 * 13 / 21)
    status = compute_status(store, CONTEXT, Scope(), NOVEMBER)
    assert data.verdict.why == status_why(status, "en")
    assert data.period_label == "2026-11"
    assert [(row.stage, row.count) for row in data.funnel] == [
        ("prospecting", 1),
        ("qualification", 1),
        ("discovery", 1),
        ("proposal", 1),
        ("negotiation", 1),
    ]
    assert [deal.name for deal in data.stuck] == ["Stark no amount", "Globex pilot"]
    assert [action.title for action in data.actions] == ["Update the CRM", "Call the CFO"]
    assert data.own_deals == [] and data.reps == ["ria", "sam"]


def test_cards_are_the_selected_kpis_exactly_as_the_snapshot_says(store: Store) -> None:
    data = build_dashboard(store, CONTEXT, MANAGER, Scope(), NOVEMBER)
    snapshot = {kpi.id: kpi for kpi in compute_snapshot(store, "team").kpis}
    assert [card.kpi for card in data.kpis] == list(DEFAULT_DASHBOARD)
    for card in data.kpis:
        kpi = snapshot[card.kpi]
        if not kpi.too_few:
            assert card.value == format_kpi(kpi, kpi.value, "EUR")
            assert card.change == format_change(kpi, "EUR")
    cards = {card.kpi: card for card in data.kpis}
    # Win rate: one win (Hooli), no loss in November: 1 event is too few to say.
    assert (cards["win_rate"].value, cards["win_rate"].change) == ("too few", "n=1: too few to say")
    # Open deals with a next step due today or later: Acme (11-20) and Umbrella (11-19) of 5.
    assert cards["next_step_coverage"].value == "40 %"
    assert cards["next_step_coverage"].sparkline == ()  # no history for next steps
    # Stuck: Globex and Stark (Initech is snoozed); the last point of the line is now.
    assert cards["stuck_deals"].value == "2"
    assert cards["stuck_deals"].sparkline[-1] == 2.0
    # Changes are from October's first 18 days, October as a whole beside them; a KPI
    # without history compares with nothing.
    assert (cards["stuck_deals"].compared_with, cards["stuck_deals"].context) == (
        "vs Oct 1–18",
        "all of 2026-10: "
        + format_kpi(snapshot["stuck_deals"], snapshot["stuck_deals"].previous_full, "EUR"),
    )
    assert (cards["next_step_coverage"].compared_with, cards["next_step_coverage"].context) == (
        "",
        "",
    )


def test_rep_dashboard_is_their_deals_and_open_actions(store: Store) -> None:
    data = build_dashboard(store, CONTEXT, REP_SAM, Scope("rep", "sam"), NOVEMBER)
    assert data.scope_label == "sam"
    assert [deal.name for deal in data.own_deals] == [
        "Stark no amount",
        "Acme renewal",
        "Globex pilot",
    ]
    assert [action.title for action in data.actions] == ["Call the CFO"]
    assert sum(row.count for row in data.funnel) == 3
    # Progress first (Hooli's €5K this month, nothing won in October), the team for context.
    assert data.verdict.context == (
        "Progress vs Oct 1–18: won €5K so far against €0 by then (€0 in all of 2026-10) · "
        "Team: NO TARGET"
    )
    assert data.verdict.verdict is Verdict.NO_TARGET


def test_a_segment_scope_filters_the_funnel_and_stuck_deals(store: Store) -> None:
    data = build_dashboard(store, CONTEXT, MANAGER, Scope("segment", "enterprise"), NOVEMBER)
    # Enterprise: Globex (discovery), Initech (negotiation), Stark (qualification).
    assert [(row.stage, row.count) for row in data.funnel if row.count] == [
        ("qualification", 1),
        ("discovery", 1),
        ("negotiation", 1),
    ]
    assert [deal.name for deal in data.stuck] == ["Stark no amount", "Globex pilot"]


def test_a_quarter_dashboard_sums_the_months_targets(store: Store) -> None:
    for month in ("2026-10", "2026-11", "2026-12"):
        _set_team_target(store, 1_000_000, month)
    data = build_dashboard(store, CONTEXT, MANAGER, Scope(), parse_period("2026-Q4"))
    assert data.period_label == "2026-Q4"
    assert data.forecast is not None and data.forecast.target == 3_000_000


def test_audit_summary_names_changed_fields_without_bookkeeping(store: Store) -> None:
    update_deal(
        store, MANAGER, 1, {"stage": "negotiation", "amount_minor": 1_300_000}, expected_version=1
    )
    created, updated = deal_history(store, MANAGER, 1).audit
    assert audit_summary(created) == "created"
    assert audit_summary(updated) == (
        "amount_minor: 1250000 → 1300000; stage: proposal → negotiation"
    )


def test_the_dashboard_shows_the_periods_objectives_of_its_scope(store: Store) -> None:
    """Team view: the team's objectives only; a rep's view: the rep's own. Each as progress()
    measures it (Hooli's €5,000 won in November against a €10,000 target: 50 %)."""
    set_objective(store, 1_000_000)
    set_objective(store, 4, metric="new_opps", kind="means", owner="sam")
    set_objective(store, 2, metric="new_opps", kind="means", owner="ria")
    team = build_dashboard(store, CONTEXT, MANAGER, Scope(), NOVEMBER)
    assert [(o.metric, o.current, o.target, o.ratio) for o in team.objectives] == [
        ("won_value", "€5,000", "€10,000", 0.5)
    ]
    sam = build_dashboard(store, CONTEXT, MANAGER, Scope("rep", "sam"), NOVEMBER)
    assert [(o.metric, o.target) for o in sam.objectives] == [("new_opps", "4")]
    assert (
        build_dashboard(store, CONTEXT, MANAGER, Scope("segment", "smb"), NOVEMBER).objectives == []
    )
