"""Every figure as of a day D reads only what had been recorded by the end of D: deals
created by then, their stage, close date, amount and owner as they stood, activities done by
then. Hand-made histories; today = 2026-11-18."""

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from conftest import ADMIN, MANAGER
from deal_builder import add_activity, build, push, won
from pilot_tui.core.hygiene import hygiene_report
from pilot_tui.core.metrics import compute_snapshot, frames_for
from pilot_tui.core.metrics.frames import day_number, load_frames
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope, known_on, last_recorded
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import update_deal
from pilot_tui.core.store.users import deactivate_user

TODAY = date(2026, 11, 18)
NOVEMBER = parse_period("2026-11")


def row(table: pd.DataFrame, row_id: int) -> dict[str, Any]:
    """The row of ``table`` with ``id`` = ``row_id``."""
    found = table[table["id"] == row_id].iloc[0]
    return {str(name): found[name] for name in table.columns}


def window_on(store: Store, day: date, scope: Scope | None = None) -> Window:
    return make_window(frames_for(store), scope or Scope(), NOVEMBER, day)


def test_today_with_nothing_recorded_later_is_the_frames_themselves(team_store: Store) -> None:
    build(team_store, won("2026-11-02", "2026-11-10"))
    frames = frames_for(team_store)
    assert last_recorded(frames) == day_number(date(2026, 11, 10))
    assert known_on(frames, day_number(TODAY)) is frames
    window = window_on(team_store, TODAY)
    assert window.current and window.frames is frames


def test_a_deal_won_after_d_is_open_on_d_in_the_stage_it_had(team_store: Store) -> None:
    [deal] = build(
        team_store,
        [("prospecting", "2026-11-02"), ("proposal", "2026-11-05"), ("won", "2026-11-12")],
    )
    on_d = window_on(team_store, date(2026, 11, 9))
    assert not on_d.current
    then = row(on_d.state, deal)
    assert on_d.frames.stages.keys[int(then["stage"])] == "proposal"
    assert then["entered"] == day_number(date(2026, 11, 5)) and np.isnan(then["closed"])
    assert on_d.won_in_window == 0 and len(on_d.open_deals) == 1
    assert window_on(team_store, TODAY).won_in_window == 1000_00


def test_kpis_on_d_count_no_deal_closed_after_d(team_store: Store) -> None:
    build(team_store, won("2026-11-02", "2026-11-04"), amount=300_00)
    build(team_store, won("2026-11-02", "2026-11-12"), amount=700_00)
    build(team_store, [("prospecting", "2026-11-02"), ("lost", "2026-11-13")])
    on_d = compute_snapshot(team_store, "team", "2026-11", date(2026, 11, 9))
    assert on_d.kpi("avg_won_size").value == 300_00 and on_d.kpi("avg_won_size").n == 1
    assert (on_d.kpi("win_rate").n, on_d.kpi("win_rate").successes) == (1, 1)
    assert on_d.kpi("pipeline_value").n == 2  # the two closed later were open then
    today = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert (today.kpi("win_rate").n, today.kpi("win_rate").successes) == (3, 2)
    assert today.kpi("avg_won_size").value == 500_00


def test_a_deal_created_after_d_does_not_exist_on_d(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-11-02")])
    [later] = build(team_store, [("prospecting", "2026-11-10")])
    on_d = window_on(team_store, date(2026, 11, 9))
    assert later not in set(on_d.state["id"]) and len(on_d.state) == 1
    assert len(on_d.created_in_window) == 1


def test_an_activity_done_after_d_is_open_on_d_and_one_created_after_d_is_absent(
    team_store: Store,
) -> None:
    [deal] = build(team_store, [("prospecting", "2026-11-02")])
    with team_store.write(ADMIN) as writer:
        early = add_activity(writer, "2026-11-03", deal_id=deal)
        late = add_activity(writer, "2026-11-12", deal_id=deal, due="2026-11-08")
        created_late = add_activity(
            writer, "2026-11-13", deal_id=deal, created_at="2026-11-11T09:00:00+00:00"
        )
    activities = window_on(team_store, date(2026, 11, 9)).frames.activities
    assert row(activities, early)["status"] == "done"
    assert row(activities, late)["status"] == "open" and np.isnan(row(activities, late)["done"])
    assert created_late not in set(activities["id"])
    today = window_on(team_store, TODAY).frames.activities
    assert row(today, late)["status"] == "done" and created_late in set(today["id"])


def test_expected_close_on_d_is_the_one_before_a_later_push(team_store: Store) -> None:
    [deal] = build(team_store, [("proposal", "2026-11-02")], expected_close="2026-12-15")
    with team_store.write(ADMIN) as writer:
        push(writer, deal, "2026-11-20", "2026-12-15", "2026-11-12")
    on_d = window_on(team_store, date(2026, 11, 9))
    assert on_d.state.set_index("id").loc[deal, "expected_close"] == day_number(date(2026, 11, 20))
    assert len(on_d.due_open) == 1 and len(on_d.frames.close_changes) == 0
    assert len(window_on(team_store, TODAY).due_open) == 0


def test_a_stage_reached_after_d_is_not_reached_on_d(team_store: Store) -> None:
    [deal] = build(
        team_store,
        [("prospecting", "2026-11-02"), ("negotiation", "2026-11-12")],
    )
    then = row(window_on(team_store, date(2026, 11, 9)).state, deal)
    assert np.isnan(then["first_skip"])
    reached = [name for name, day in then.items() if name.startswith("reach_") and day == day]
    assert reached == ["reach_0"]  # prospecting only: negotiation came later


def test_an_amount_edited_after_d_reads_the_old_amount_on_d(team_store: Store) -> None:
    [deal] = build(team_store, [("proposal", "2026-11-02")], amount=1000_00)
    update_deal(
        team_store, MANAGER, deal, {"amount_minor": 2500_00}, expected_version=1
    )  # recorded today, 2026-11-18
    [change] = team_store.rows("SELECT field, old, new, by FROM field_changes")
    assert dict(change) == {"field": "amount_minor", "old": 1000_00, "new": 2500_00, "by": "mia"}
    yesterday = compute_snapshot(team_store, "team", "2026-11", date(2026, 11, 17))
    assert yesterday.kpi("pipeline_value").value == 1000_00
    assert compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("pipeline_value").value == (
        2500_00
    )


def test_an_owner_changed_after_d_owned_the_deal_on_d(team_store: Store) -> None:
    [deal] = build(team_store, [("proposal", "2026-11-02")], owner="sam")
    update_deal(team_store, MANAGER, deal, {"owner": "ria"}, expected_version=1)
    yesterday = date(2026, 11, 17)
    assert set(window_on(team_store, yesterday, Scope("rep", "sam")).state["id"]) == {deal}
    assert window_on(team_store, yesterday, Scope("rep", "ria")).state.empty
    assert set(window_on(team_store, TODAY, Scope("rep", "ria")).state["id"]) == {deal}
    assert window_on(team_store, TODAY, Scope("rep", "sam")).state.empty


def test_an_edit_that_keeps_amount_and_owner_records_no_field_change(team_store: Store) -> None:
    [deal] = build(team_store, [("proposal", "2026-11-02")], amount=1000_00)
    update_deal(
        team_store, MANAGER, deal, {"amount_minor": 1000_00, "name": "renamed"}, expected_version=1
    )
    assert team_store.scalar("SELECT count(*) FROM field_changes") == 0


def test_cache_refresh_after_an_amount_edit_equals_a_fresh_load(team_store: Store) -> None:
    [deal] = build(team_store, [("proposal", "2026-11-02")], amount=1000_00)
    before = frames_for(team_store)
    update_deal(team_store, MANAGER, deal, {"amount_minor": 3000_00}, expected_version=1)
    refreshed = frames_for(team_store)
    assert refreshed is not before
    fresh = load_frames(team_store)
    pd.testing.assert_frame_equal(refreshed.amount_changes, fresh.amount_changes)
    pd.testing.assert_frame_equal(refreshed.owner_changes, fresh.owner_changes)
    assert list(refreshed.amount_changes["old"]) == [1000_00]


def test_an_owner_an_import_created_is_no_hygiene_fault_one_deactivated_is(
    team_store: Store,
) -> None:
    with team_store.write(ADMIN) as writer:
        writer.bulk_insert(
            "users",
            [{"login": "new.rep", "name": "New Rep", "role": "rep", "team": "north", "active": 0}],
            note="import",
        )
    deactivate_user(team_store, ADMIN, "ria")
    fields = {"expected_close": "2026-12-01", "next_step": "call", "next_step_due": "2026-11-20"}
    build(team_store, [("prospecting", "2026-11-15")], owner="new.rep", **fields)
    [gone] = build(team_store, [("prospecting", "2026-11-15")], owner="ria", **fields)
    report = hygiene_report(window_on(team_store, TODAY))
    assert report.problems["inactive_owner"] == 1
    assert list(report.flags.index[report.flags["inactive_owner"]]) == [gone]


def test_a_missing_expected_close_is_not_past_it(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-11-15")], expected_close=None)
    build(team_store, [("prospecting", "2026-11-15")], expected_close="2026-11-17")
    assert hygiene_report(window_on(team_store, TODAY)).problems["past_expected_close"] == 1
