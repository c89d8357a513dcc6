"""KPI formulas on small hand-computed pipelines (today = Wednesday 2026-11-18)."""

from datetime import date

import pytest

from conftest import ADMIN
from deal_builder import build, lost, push, set_objective, won
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.metrics.snapshot import KpiValue
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)


def kpi(store: Store, kpi_id: str, scope: str = "team", period: str = "2026-11") -> KpiValue:
    return compute_snapshot(store, scope, period, TODAY).kpi(kpi_id)


def test_conversion_counts_stage_skip_as_not_entered_and_backward_moves_as_neither(
    team_store: Store,
) -> None:
    build(
        team_store,
        [("prospecting", "2026-11-02"), ("qualification", "2026-11-05"), ("lost", "2026-11-10")],
        [("prospecting", "2026-10-20"), ("proposal", "2026-11-03")],
        [
            ("discovery", "2026-10-01"),
            ("qualification", "2026-11-04"),
            ("discovery", "2026-11-06"),
            ("proposal", "2026-11-09"),
        ],
    )
    conversion = kpi(team_store, "stage_conversion")
    stages = {s["stage"]: (s["forward"], s["n"]) for s in conversion.details["stages"]}
    assert stages == {
        "prospecting": (2, 2),
        "qualification": (1, 2),
        "discovery": (1, 1),
        "proposal": (0, 0),
        "negotiation": (0, 0),
    }
    assert (conversion.successes, conversion.n) == (4, 5)


def test_rate_on_three_events_is_too_few_to_say(team_store: Store) -> None:
    build(
        team_store,
        won("2026-10-01", "2026-11-03"),
        won("2026-10-01", "2026-11-04"),
        lost("2026-10-01", "2026-11-05"),
    )
    rate = kpi(team_store, "win_rate")
    assert (rate.value, rate.too_few, rate.successes, rate.n) == (None, True, 2, 3)


def test_win_rate_by_count_and_by_value(team_store: Store) -> None:
    build(team_store, *[won("2026-10-01", "2026-11-03")] * 9, amount=1000_00)
    build(team_store, *[lost("2026-10-01", "2026-11-04")] * 3, amount=3000_00)
    assert kpi(team_store, "win_rate").value == pytest.approx(9 / 12)
    assert kpi(team_store, "win_rate_value").value == pytest.approx(9000 / 18000)
    assert kpi(team_store, "avg_won_size").value == 1000_00


def test_a_reopened_deal_is_open_not_won(team_store: Store) -> None:
    build(
        team_store,
        [("negotiation", "2026-10-01"), ("won", "2026-11-03"), ("negotiation", "2026-11-10")],
        amount=500_00,
    )
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.kpi("win_rate").n == 0
    assert snapshot.kpi("pipeline_value").value == 500_00
    assert snapshot.kpi("stage_conversion").n == 1  # negotiation → won moved forward


def test_cycle_length_median_and_p75_with_a_same_day_deal(team_store: Store) -> None:
    build(
        team_store,
        won("2026-10-01", "2026-11-10"),
        won("2026-11-05", "2026-11-05"),
        won("2026-09-01", "2026-11-12"),
    )
    cycle = kpi(team_store, "cycle_length")
    assert (cycle.value, cycle.n, cycle.details["p75"]) == (40, 3, 56)


def test_stage_duration_from_stage_changes(team_store: Store) -> None:
    build(
        team_store,
        [
            ("prospecting", "2026-11-01"),
            ("qualification", "2026-11-05"),
            ("discovery", "2026-11-15"),
        ],
        [("prospecting", "2026-10-25"), ("qualification", "2026-11-06")],
    )
    duration = kpi(team_store, "stage_duration")
    stages = {s["stage"]: (s["median"], s["p75"], s["n"]) for s in duration.details["stages"]}
    assert stages["prospecting"] == (8, 10, 2)
    assert stages["qualification"] == (10, 10, 1)
    assert duration.value == 10 and duration.n == 3


def test_stuck_deals_use_rot_days_and_respect_snoozes(team_store: Store) -> None:
    stuck, snoozed, fresh = build(
        team_store,
        [("proposal", "2026-10-20")],
        [("proposal", "2026-10-20")],
        [("proposal", "2026-11-01")],
    )
    with team_store.write(ADMIN) as writer:
        writer.update(
            "deals",
            snoozed,
            {"snoozed_until": "2026-11-25", "snooze_reason": "buyer on leave"},
            expected_version=None,
        )
    result = kpi(team_store, "stuck_deals")
    assert (result.value, result.n) == (1, 3)
    assert result.details["deal_ids"] == [stuck]


def test_empty_period_and_empty_database_give_no_numbers_and_no_errors(team_store: Store) -> None:
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.kpi("win_rate").value is None
    assert snapshot.kpi("cycle_length").value is None
    assert snapshot.kpi("pipeline_value").value == 0
    assert snapshot.kpi("hygiene_score").value == 100
    assert snapshot.kpi("new_opps_per_week").value == 0


def test_scope_with_no_deals(team_store: Store) -> None:
    build(team_store, won("2026-10-01", "2026-11-03"), owner="sam")
    snapshot = compute_snapshot(team_store, "rep:ria", "2026-11", TODAY)
    assert snapshot.kpi("win_rate").n == 0
    assert snapshot.kpi("pipeline_value").value == 0
    assert snapshot.scope == "rep:ria"


def test_coverage_and_pipeline_needed_from_the_team_target(team_store: Store) -> None:
    # Last 365 days: 4 won, 6 lost → win rate 0.4. Won in November: 2 × 1000 €.
    build(team_store, *[won("2026-10-01", "2026-11-03")] * 2, amount=1000_00)
    build(team_store, *[won("2026-06-01", "2026-07-03")] * 2, amount=1000_00)
    build(team_store, *[lost("2026-06-01", "2026-07-04")] * 6, amount=1000_00)
    build(team_store, [("proposal", "2026-11-02")], amount=3000_00, expected_close="2026-11-28")
    build(team_store, [("proposal", "2026-11-02")], amount=9000_00, expected_close="2026-12-15")
    set_objective(team_store, 10000_00)
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.target == 10000_00
    assert snapshot.kpi("coverage").value == pytest.approx(3000 / 8000)
    assert snapshot.kpi("coverage").details["required"] == pytest.approx(2.5)
    assert snapshot.kpi("pipeline_needed").value == pytest.approx((8000 / 0.4 - 3000) * 100)


def test_period_without_target_has_no_coverage(team_store: Store) -> None:
    build(team_store, [("proposal", "2026-11-02")], expected_close="2026-11-28")
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.target is None
    assert snapshot.kpi("coverage").value is None
    assert snapshot.kpi("pipeline_needed").value is None


def test_team_target_falls_back_to_the_sum_of_rep_targets(team_store: Store) -> None:
    set_objective(team_store, 300_00, owner="sam")
    set_objective(team_store, 200_00, owner="ria")
    assert compute_snapshot(team_store, "team", "2026-11", TODAY).target == 500_00
    assert compute_snapshot(team_store, "rep:ria", "2026-11", TODAY).target == 200_00


def test_rhythm_counts_eight_complete_weeks_and_their_cv(team_store: Store) -> None:
    # The last complete week before Wednesday 18 Nov is W46 (9-15 Nov): weeks W39..W46.
    # 14 Sep (W38) and 16 Nov (W47, in progress) fall outside; W45 has none, W46 two.
    days = [
        "2026-09-14",
        "2026-09-21",
        "2026-09-28",
        "2026-10-05",
        "2026-10-12",
        "2026-10-19",
        "2026-10-26",
        "2026-11-09",
        "2026-11-15",
        "2026-11-16",
    ]
    build(team_store, *[[("prospecting", d)] for d in days])
    rhythm = kpi(team_store, "new_opps_per_week")
    counts = [w["count"] for w in rhythm.details["weeks"]]
    assert rhythm.details["weeks"][0]["week"] == "2026-W39"
    assert counts == [1, 1, 1, 1, 1, 1, 0, 2]
    assert rhythm.value == 1.0
    assert rhythm.details["cv"] == pytest.approx(0.5)
    assert rhythm.details["stable"] is False


def test_slipped_and_pushed_deals(team_store: Store) -> None:
    passed, moved, kept = build(
        team_store,
        [("proposal", "2026-10-01")],
        [("proposal", "2026-10-01")],
        [("proposal", "2026-10-01")],
    )
    with team_store.write(ADMIN) as writer:
        writer.update("deals", passed, {"expected_close": "2026-11-10"}, expected_version=None)
        writer.update("deals", moved, {"expected_close": "2026-12-20"}, expected_version=None)
        writer.update("deals", kept, {"expected_close": "2026-11-27"}, expected_version=None)
        push(writer, moved, "2026-11-12", "2026-11-30", "2026-11-05")
        push(writer, moved, "2026-11-30", "2026-12-20", "2026-11-16")
        push(writer, kept, "2026-11-20", "2026-11-27", "2026-11-16")
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    slipped = snapshot.kpi("slipped_deals")
    assert (slipped.value, slipped.details["deal_ids"]) == (2, [passed, moved])
    pushed = snapshot.kpi("pushed_deals")
    assert (pushed.value, pushed.details["pushes"], pushed.details["pushed_twice_or_more"]) == (
        2,
        3,
        1,
    )
    assert pushed.n == 3


def test_funnel_follows_the_cohort_created_in_the_window(team_store: Store) -> None:
    build(
        team_store,
        [("prospecting", "2026-11-02"), ("proposal", "2026-11-05"), ("won", "2026-11-10")],
        [("prospecting", "2026-11-02"), ("qualification", "2026-11-05")],
        [("prospecting", "2026-11-03"), ("lost", "2026-11-04")],
        [("prospecting", "2026-10-03"), ("won", "2026-11-04")],
    )
    funnel = kpi(team_store, "funnel")
    reached = {s["stage"]: s["reached"] for s in funnel.details["steps"]}
    assert reached == {
        "prospecting": 3,
        "qualification": 2,
        "discovery": 1,
        "proposal": 1,
        "negotiation": 1,
        "won": 1,
    }
    assert (funnel.n, funnel.too_few, funnel.value) == (3, True, None)


def test_next_step_coverage_and_skipped_stages(team_store: Store) -> None:
    build(
        team_store,
        [("prospecting", "2026-11-02"), ("proposal", "2026-11-05")],
        next_step="call",
        next_step_due="2026-11-20",
    )
    build(team_store, [("prospecting", "2026-11-02")], next_step="call", next_step_due="2026-11-10")
    build(team_store, [("prospecting", "2026-11-02"), ("qualification", "2026-11-03")])
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.kpi("next_step_coverage").value == pytest.approx(1 / 3)
    assert snapshot.kpi("skipped_stages").value == pytest.approx(1 / 3)


def test_hygiene_score_is_the_weighted_share_of_checks_passed(team_store: Store) -> None:
    build(
        team_store,
        [("prospecting", "2026-11-10")],
        expected_close="2026-12-01",
        next_step="call",
        next_step_due="2026-11-20",
    )
    build(
        team_store,
        [("prospecting", "2026-11-10")],
        amount=None,
        expected_close="2026-11-10",
        next_step="call",
        next_step_due="2026-11-20",
    )
    hygiene = kpi(team_store, "hygiene_score")
    # Second deal fails past_expected_close (2) and missing_amount (1) of total weight 9.
    assert hygiene.value == pytest.approx(100 * (1 + (1 - 3 / 9)) / 2)
    assert hygiene.details["problems"]["past_expected_close"] == 1
    assert hygiene.details["problems"]["missing_amount"] == 1


def test_previous_period_is_rebuilt_from_history_and_change_is_tested(team_store: Store) -> None:
    build(
        team_store, *[won("2026-09-01", "2026-10-05")] * 18, *[lost("2026-09-01", "2026-10-06")] * 2
    )
    build(
        team_store, *[won("2026-09-01", "2026-11-05")] * 4, *[lost("2026-09-01", "2026-11-06")] * 8
    )
    rate = kpi(team_store, "win_rate")
    assert rate.value == pytest.approx(4 / 12) and rate.previous == pytest.approx(18 / 20)
    assert rate.significant is True and rate.p_value is not None and rate.p_value < 0.01
    assert rate.interval is not None and rate.interval[0] < 4 / 12 < rate.interval[1]


def test_reopened_deal_counted_as_won_in_the_period_it_was_won(team_store: Store) -> None:
    build(
        team_store,
        [("negotiation", "2026-09-01"), ("won", "2026-10-03"), ("negotiation", "2026-11-10")],
    )
    snapshot = compute_snapshot(team_store, "team", "2026-10", TODAY)
    assert snapshot.kpi("win_rate").successes == 1
    assert snapshot.kpi("pipeline_value").value == 0  # closed at the end of October


def test_a_quarter_without_its_own_target_adds_up_its_months() -> None:
    import pandas as pd

    from pilot_tui.core.metrics.state import parse_scope
    from pilot_tui.core.metrics.targets import won_target
    from pilot_tui.core.periods import parse_period

    rows = [
        {
            "owner": None,
            "team": "north",
            "segment": None,
            "offer": None,
            "kind": "outcome",
            "metric": "won_value",
            "period": month,
            "target": target,
        }
        for month, target in (("2026-10", 100.0), ("2026-11", 200.0), ("2026-12", 300.0))
    ]
    objectives = pd.DataFrame(rows)
    team = parse_scope("team")
    assert won_target(objectives, team, parse_period("2026-Q4")) == 600.0
    assert won_target(objectives, team, parse_period("2026-Q3")) is None
    # One month missing: no quarter target rather than an understated one.
    assert won_target(objectives.iloc[:2], team, parse_period("2026-Q4")) is None
    quarter = pd.DataFrame([{**rows[0], "period": "2026-Q4", "target": 999.0}])
    assert won_target(pd.concat([objectives, quarter]), team, parse_period("2026-Q4")) == 999.0
