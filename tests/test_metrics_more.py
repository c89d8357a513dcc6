"""More KPI formulas and the machinery around them: history rebuild, cache refresh, catalog,
statistics, hygiene checks (today = Wednesday 2026-11-18)."""

from datetime import date

import numpy as np
import pytest

from conftest import ADMIN
from deal_builder import add_activity, build, push, set_objective, won
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics import (
    CATALOG,
    DEFAULT_DASHBOARD,
    clear_cache,
    compute_snapshot,
    frames_for,
    parse_scope,
)
from pilot_tui.core.metrics.frames import day_number, load_frames
from pilot_tui.core.metrics.state import state_at
from pilot_tui.core.metrics.stats import two_proportion_p_value, wilson_interval
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import get_deal, update_deal
from pilot_tui.core.store.users import deactivate_user

TODAY = date(2026, 11, 18)
IDS = [
    "stage_conversion",
    "funnel",
    "win_rate",
    "win_rate_value",
    "avg_won_size",
    "pipeline_value",
    "weighted_pipeline",
    "cycle_length",
    "stage_duration",
    "velocity",
    "coverage",
    "pipeline_needed",
    "stuck_deals",
    "slipped_deals",
    "pushed_deals",
    "new_opps_per_week",
    "activities_per_week",
    "next_step_coverage",
    "skipped_stages",
    "objectives_coherence",
    "hygiene_score",
]


def test_catalog_holds_every_shared_kpi_id_and_the_dashboard_is_not_noise() -> None:
    assert [k.id for k in CATALOG] == IDS
    by_id = {k.id: k for k in CATALOG}
    assert all(not by_id[k].noise for k in DEFAULT_DASHBOARD)
    assert by_id["pushed_deals"].noise  # only 'anticipates' is yes


def test_two_proportion_test_and_wilson_interval_match_textbook_values() -> None:
    # 45/100 vs 30/100: z = 0.15 / sqrt(0.375 × 0.625 × 0.02) = 2.19, p = 0.0285.
    assert two_proportion_p_value(45, 100, 30, 100) == pytest.approx(0.0285, abs=1e-4)
    assert wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)


@pytest.mark.parametrize("text", ["everyone", "rep:", "segment"])
def test_bad_scope_is_one_sentence(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a scope"):
        parse_scope(text)


def test_segment_and_offer_scopes_filter_deals(team_store: Store) -> None:
    build(team_store, won("2026-10-01", "2026-11-03"), segment="smb", offer="gtx", amount=100)
    build(team_store, won("2026-10-01", "2026-11-03"), segment="ent", offer="mg", amount=900)
    assert (
        compute_snapshot(team_store, "segment:smb", "2026-11", TODAY).kpi("avg_won_size").value
        == 100
    )
    assert (
        compute_snapshot(team_store, "offer:mg", "2026-11", TODAY).kpi("avg_won_size").value == 900
    )


def test_weighted_pipeline_uses_the_deal_probability_else_the_stage_default(
    team_store: Store,
) -> None:
    build(team_store, [("proposal", "2026-11-02")], amount=1000_00, probability=0.9)
    build(team_store, [("proposal", "2026-11-02")], amount=1000_00)
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.kpi("weighted_pipeline").value == 900_00 + 500_00
    assert snapshot.kpi("pipeline_value").value == 2000_00


def test_velocity_is_open_deals_times_win_rate_times_size_over_cycle(team_store: Store) -> None:
    # Last 365 days: 5 won of 1000 € after 20 days, 5 lost → 50 %; 4 deals open.
    build(team_store, *[won("2026-09-01", "2026-09-21")] * 5, amount=1000_00)
    build(team_store, *[[("prospecting", "2026-09-01"), ("lost", "2026-09-21")]] * 5)
    build(team_store, *[[("proposal", "2026-11-02")]] * 4)
    velocity = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("velocity")
    assert velocity.value == 4 * 0.5 * 1000_00 / 20


def test_stuck_threshold_falls_back_to_the_stage_p75_without_rot_days(team_store: Store) -> None:
    with team_store.write(ADMIN) as writer:
        writer.update("stages", "proposal", {"rot_days": None}, expected_version=None)
    # Stays in proposal: 10, 20, 30, 40 days → p75 = 32.5.
    for stay, month_day in ((10, 11), (20, 21), (30, 31)):
        build(team_store, [("proposal", "2026-08-01"), ("won", f"2026-08-{month_day}")])
        assert stay == month_day - 1
    build(team_store, [("proposal", "2026-08-01"), ("won", "2026-09-10")])
    build(team_store, [("proposal", "2026-10-15")], [("proposal", "2026-10-18")])
    stuck = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("stuck_deals")
    assert stuck.value == 1  # 34 days > 32.5; 31 days is not


def test_state_on_a_past_day_is_rebuilt_from_history(team_store: Store) -> None:
    [deal] = build(
        team_store,
        [("qualification", "2026-10-01"), ("proposal", "2026-10-20"), ("won", "2026-11-05")],
        expected_close="2026-11-05",
    )
    with team_store.write(ADMIN) as writer:
        push(writer, deal, "2026-10-25", "2026-11-05", "2026-10-22")
    frames = load_frames(team_store)
    before = state_at(frames, day_number(date(2026, 10, 21)), current=False)
    row = before[before["id"] == deal].iloc[0]
    assert frames.stages.keys[int(row["stage"])] == "proposal"
    assert row["entered"] == day_number(date(2026, 10, 20))
    assert np.isnan(row["closed"])
    assert row["expected_close"] == day_number(date(2026, 10, 25))
    assert state_at(frames, day_number(date(2026, 9, 30)), current=False).empty


def test_cache_refresh_after_edits_equals_a_fresh_load(team_store: Store) -> None:
    ids = build(
        team_store,
        [("prospecting", "2026-11-02")],
        [("proposal", "2026-11-02")],
        won("2026-10-01", "2026-11-03"),
    )
    first = compute_snapshot(team_store, "team", "2026-11", TODAY)
    update_deal(
        team_store, ADMIN, ids[0], {"stage": "qualification", "amount_minor": 7}, expected_version=1
    )
    deal = get_deal(team_store, ids[1])
    update_deal(team_store, ADMIN, ids[1], {"stage": "won"}, expected_version=deal.version)
    with team_store.write(ADMIN) as writer:
        add_activity(writer, "2026-11-10", deal_id=ids[0])
    set_objective(team_store, 5000_00)
    refreshed = frames_for(team_store)
    assert refreshed is not None
    incremental = compute_snapshot(team_store, "team", "2026-11", TODAY)
    clear_cache()
    fresh = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert incremental == fresh
    assert incremental != first
    assert fresh.kpi("win_rate").successes == 2 and fresh.target == 5000_00


def test_activities_per_week_counts_done_activities(team_store: Store) -> None:
    with team_store.write(ADMIN) as writer:
        for day in ("2026-11-09", "2026-11-10", "2026-11-02"):
            add_activity(writer, day)
        add_activity(writer, None, status="open", due="2026-11-11")
    rhythm = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("activities_per_week")
    assert [w["count"] for w in rhythm.details["weeks"]][-2:] == [1, 2]
    assert rhythm.n == 3 and rhythm.value == 3 / 8


def test_objectives_coherence_compares_planned_with_needed_activities(team_store: Store) -> None:
    # Last 365 days: 2 won of 10 closed (win rate 0.2); target 3000 €, won 1000 € →
    # pipeline needed = 2000 / 0.2 − 0 = 10000 €. Deals created in the last 365 days
    # average 1000 € → 10 new opportunities needed. Last 12 weeks: 3 deals created (one won,
    # two lost) and 6 activities done → 2 per opportunity → 20 activities needed.
    build(team_store, *[won("2026-10-01", "2026-11-03")], amount=1000_00)
    build(team_store, *[won("2025-12-01", "2026-01-03")], amount=1000_00)
    build(
        team_store, *[[("prospecting", "2025-12-01"), ("lost", "2026-01-04")]] * 6, amount=1000_00
    )
    build(
        team_store, *[[("prospecting", "2026-10-01"), ("lost", "2026-10-04")]] * 2, amount=1000_00
    )
    set_objective(team_store, 3000_00)
    set_objective(team_store, 5, kind="means", metric="new_opps")
    with team_store.write(ADMIN) as writer:
        for day in (
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
            "2026-11-02",
            "2026-11-03",
            "2026-11-04",
        ):
            add_activity(writer, day)
        add_activity(writer, None, status="open", due="2026-11-25")
    coherence = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("objectives_coherence")
    details = coherence.details
    assert details["new_opps_needed"] == pytest.approx(10)
    assert details["activities_per_new_opp"] == pytest.approx(2)
    assert details["needed"] == pytest.approx(20)
    assert details["planned"] == 3 + 1
    assert coherence.value == pytest.approx(4 / 20)
    assert details["new_opps_objective_enough"] is False


def test_hygiene_flags_stale_deals_and_inactive_owners(team_store: Store) -> None:
    build(
        team_store,
        [("prospecting", "2026-10-01")],
        expected_close="2026-12-01",
        next_step="call",
        next_step_due="2026-11-20",
    )
    deactivate_user(team_store, ADMIN, "ria")
    build(
        team_store,
        [("prospecting", "2026-11-15")],
        owner="ria",
        expected_close="2026-12-01",
        next_step="call",
        next_step_due="2026-11-20",
    )
    problems = (
        compute_snapshot(team_store, "team", "2026-11", TODAY)
        .kpi("hygiene_score")
        .details["problems"]
    )
    assert problems["no_recent_activity"] == 1  # 48 days in prospecting > 14 rot days
    assert problems["inactive_owner"] == 1
    assert problems["no_next_step"] == 0


def test_cache_ignores_writes_to_tables_the_metrics_do_not_read(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-11-02")])
    before = frames_for(team_store)
    with team_store.write(ADMIN) as writer:
        writer.insert(
            "coaching_notes",
            {"rep": "sam", "author": "ada", "at": "2026-11-18", "body": "well done"},
        )
    after = frames_for(team_store)
    assert after is not before and after.deals is before.deals
    with team_store.write(ADMIN) as writer:
        writer.update("stages", "prospecting", {"rot_days": 1}, expected_version=None)
    reloaded = frames_for(team_store)
    assert reloaded.deals is not before.deals
    assert reloaded.stages.rot_days[0] == 1


def test_a_deal_without_history_was_open_in_the_first_stage_before_it_closed(
    team_store: Store,
) -> None:
    with team_store.write(ADMIN) as writer:
        deal = writer.insert(
            "deals",
            {
                "name": "imported",
                "owner": "sam",
                "stage": "won",
                "created_on": "2026-10-01",
                "closed_on": "2026-11-05",
            },
        )
    frames = load_frames(team_store)
    before = state_at(frames, day_number(date(2026, 10, 20)), current=False)
    row = before[before["id"] == deal].iloc[0]
    assert frames.stages.keys[int(row["stage"])] == "prospecting" and np.isnan(row["closed"])
    after = state_at(frames, day_number(date(2026, 11, 6)), current=False)
    row = after[after["id"] == deal].iloc[0]
    assert frames.stages.keys[int(row["stage"])] == "won"
    assert row["closed"] == day_number(date(2026, 11, 5))
