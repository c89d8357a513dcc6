"""Figures of a scope over a calendar period (core.metrics.figures), what objectives read,
and how a KPI's change is printed (core.metrics.display)."""

from datetime import date

from conftest import MANAGER
from pilot_tui.core.metrics import BY_ID, KpiValue, Scope, compute_snapshot
from pilot_tui.core.metrics.display import format_change
from pilot_tui.core.metrics.figures import best_past_period, period_figure, period_window
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)
TEAM = Scope("team", "north")


def _fill(store: Store) -> None:
    with store.write(MANAGER) as writer:
        for created, closed, euros in (
            ("2026-08-03", "2026-09-10", 10_000),
            ("2026-08-04", "2026-10-05", 30_000),
            ("2026-08-05", "2026-10-06", 30_000),
        ):
            writer.insert(
                "deals",
                {
                    "name": f"won {closed}",
                    "owner": "sam",
                    "stage": "won",
                    "amount_minor": euros * 100,
                    "created_on": created,
                    "closed_on": closed,
                },
            )
        for kind, done in (
            ("call", "2026-10-02"),
            ("email", "2026-10-09"),
            ("action", "2026-10-09"),
        ):
            writer.insert(
                "activities",
                {
                    "owner": "sam",
                    "kind": kind,
                    "title": kind,
                    "status": "done",
                    "done_at": f"{done}T09:00:00+00:00",
                },
            )


def test_period_figures_count_won_value_new_deals_and_sales_activities_only(
    team_store: Store,
) -> None:
    _fill(team_store)
    october = period_window(team_store, TEAM, parse_period("2026-10"), TODAY)
    august = period_window(team_store, TEAM, parse_period("2026-08"), TODAY)
    assert period_figure(october, "won_value") == 6_000_000
    assert period_figure(august, "new_opps") == 3
    assert period_figure(october, "activities") == 2  # the ritual action is not selling effort


def test_best_past_period_skips_the_current_one_and_keeps_the_earliest_tie(
    team_store: Store,
) -> None:
    _fill(team_store)
    assert best_past_period(team_store, TEAM, "won_value", parse_period("2026-12"), TODAY) == (
        6_000_000,
        "2026-10",
    )
    assert best_past_period(team_store, TEAM, "new_opps", parse_period("2026-Q4"), TODAY) == (
        3,
        "2026-Q3",
    )
    nobody = Scope("rep", "ria")
    # Twelve months of nothing tie at 0: the earliest of them is named.
    assert best_past_period(team_store, nobody, "won_value", parse_period("2026-11"), TODAY) == (
        0.0,
        "2025-11",
    )


def test_activities_per_week_leaves_ritual_actions_out(team_store: Store) -> None:
    _fill(team_store)  # a call and an email in weeks 40 and 41, and a ritual action
    snapshot = compute_snapshot(team_store, TEAM, "2026-10", TODAY)
    activities = snapshot.kpi("activities_per_week")
    assert activities.n == 2
    counts = {week["week"]: week["count"] for week in activities.details["weeks"]}
    assert (counts["2026-W40"], counts["2026-W41"]) == (1, 1)


def test_a_change_is_too_few_to_say_for_thin_rates_and_a_dash_without_history() -> None:
    def kpi(kpi_id: str, **fields: object) -> KpiValue:
        definition = BY_ID[kpi_id]
        base = {"id": kpi_id, "name": definition.name, "unit": definition.unit}
        return KpiValue.model_validate(
            {**base, "direction": definition.direction, "value": None, "n": 0, **fields}
        )

    assert format_change(kpi("win_rate", too_few=True), "EUR") == "too few to say"
    assert format_change(kpi("win_rate", value=0.3, n=12), "EUR") == "too few to say"
    assert format_change(kpi("next_step_coverage", value=0.7, n=20), "EUR") == "—"
    moved = kpi("avg_won_size", value=2_000_000, previous=2_500_000, change=-500_000, n=4)
    assert format_change(moved, "EUR") == "-€5K (down)"
    tested = kpi(
        "win_rate", value=0.35, previous=0.30, change=0.05, n=40, significant=False, successes=14
    )
    assert format_change(tested, "EUR") == "+5 pts (not significant)"
