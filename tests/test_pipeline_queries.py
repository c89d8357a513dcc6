"""Deal filters, the board by stage, the stage timeline and edit diffs — all hand-checked
against tests/pipeline_fixture.py (today = 2026-11-18)."""

from dataclasses import replace
from datetime import date

from conftest import MANAGER, REP_SAM
from pilot_tui.core.store import Store
from pilot_tui.core.store.activities import open_actions, overdue_actions
from pilot_tui.core.store.deals import DealQuery, get_deal, list_deals
from pilot_tui.core.store.pipeline import (
    StageSpan,
    changed_fields,
    pipeline_board,
    stage_timeline,
)


def ids(store: Store, query: DealQuery) -> list[int]:
    page = list_deals(store, replace(query, sort="id"))
    return [deal.id for deal in page.deals]


def test_stuck_counts_days_since_entering_the_stage_and_skips_snoozed(store: Store) -> None:
    # 2: 48 days in discovery (rot 21); 7: 29 days in qualification (rot 14);
    # 3: 17 days in negotiation (rot 14) but snoozed until 2026-11-25; 1: 8 days (rot 21).
    assert ids(store, DealQuery(stuck=True)) == [2, 7]


def test_snooze_that_ended_makes_the_deal_stuck_again(store: Store) -> None:
    store.conn.execute("UPDATE deals SET snoozed_until = '2026-11-18' WHERE id = 3")
    assert ids(store, DealQuery(stuck=True)) == [2, 3, 7]


def test_no_next_step_means_none_or_due_in_the_past(store: Store) -> None:
    # 2 and 7 have none; 3's is due 2026-11-10 (past); closed deals never count.
    assert ids(store, DealQuery(no_next_step=True)) == [2, 3, 7]


def test_closing_in_a_period_keeps_open_deals_expected_in_it(store: Store) -> None:
    november = DealQuery(close_from=date(2026, 11, 1), close_to=date(2026, 11, 30))
    assert ids(store, november) == [1, 3, 7]


def test_pushed_twice_counts_only_moves_to_a_later_date(store: Store) -> None:
    assert ids(store, DealQuery(min_pushes=2)) == [1]
    assert ids(store, DealQuery(min_pushes=1)) == [1, 7]
    store.conn.execute(
        "INSERT INTO close_date_changes (deal_id, old, new, at) "
        "VALUES (7, '2026-11-28', '2026-11-20', '2026-11-15T10:00:00+00:00')"
    )
    assert ids(store, DealQuery(min_pushes=2)) == [1]


def test_filters_combine_with_owner_and_segment(store: Store) -> None:
    assert ids(store, DealQuery(owner="sam", stuck=True, segment="enterprise")) == [2, 7]
    assert ids(store, DealQuery(owner="ria", open_only=True)) == [3, 4]
    assert ids(store, DealQuery(offer="plus", search="stark")) == [7]


def test_board_counts_amount_and_weighted_per_open_stage(store: Store) -> None:
    board = pipeline_board(store, DealQuery(open_only=True))
    got = {c.stage.key: (c.count, c.amount_minor, c.weighted_minor) for c in board}
    assert list(got) == ["prospecting", "qualification", "discovery", "proposal", "negotiation"]
    assert got == {
        "prospecting": (1, 200_000, 10_000),  # 2,000 × 0.05
        "qualification": (1, 0, 0),  # Stark has no amount
        "discovery": (1, 800_000, 200_000),  # 8,000 × 0.25
        "proposal": (1, 1_250_000, 625_000),  # 12,500 × 0.50
        "negotiation": (1, 3_000_000, 2_700_000),  # the deal's own p = 0.9
    }


def test_board_without_open_only_has_every_stage_and_respects_filters(store: Store) -> None:
    board = pipeline_board(store, DealQuery(owner="ria"))
    got = {c.stage.key: c.count for c in board}
    assert got == {
        "prospecting": 1,
        "qualification": 0,
        "discovery": 0,
        "proposal": 0,
        "negotiation": 1,
        "won": 0,
        "lost": 1,
    }


def test_timeline_days_in_each_stage(store: Store) -> None:
    spans = stage_timeline(store, get_deal(store, 1))
    assert [(s.stage, s.days) for s in spans] == [
        ("prospecting", 9),
        ("qualification", 21),
        ("discovery", 40),
        ("proposal", 8),
    ]
    assert spans[-1].left_on is None


def test_timeline_of_a_won_deal_ends_without_a_wait(store: Store) -> None:
    spans = stage_timeline(store, get_deal(store, 5))
    assert spans[-1] == StageSpan("won", date(2026, 11, 5), None, None)
    assert [s.days for s in spans[:-1]] == [92, 35]


def test_timeline_without_history_starts_at_creation(store: Store) -> None:
    store.conn.execute("DELETE FROM stage_changes WHERE deal_id = 2")
    assert stage_timeline(store, get_deal(store, 2)) == [
        StageSpan("discovery", date(2026, 9, 15), None, 64)
    ]


def test_timeline_history_starting_mid_way_begins_with_the_from_stage(store: Store) -> None:
    store.conn.execute("DELETE FROM stage_changes WHERE deal_id = 2 AND from_stage IS NULL")
    spans = stage_timeline(store, get_deal(store, 2))
    assert [(s.stage, s.entered_on, s.days) for s in spans] == [
        ("prospecting", date(2026, 9, 15), 16),
        ("discovery", date(2026, 10, 1), 48),
    ]


def test_changed_fields_lists_editable_differences(store: Store) -> None:
    before = get_deal(store, 1)
    after = before.model_copy(update={"stage": "negotiation", "amount_minor": 1, "version": 9})
    assert changed_fields(before, after) == ["amount_minor", "stage"]


def test_overdue_and_open_actions(store: Store) -> None:
    assert [a.title for a in overdue_actions(store, MANAGER)] == ["Update the CRM", "Call the CFO"]
    assert [a.title for a in overdue_actions(store, MANAGER, "sam")] == ["Call the CFO"]
    assert [a.title for a in open_actions(store, MANAGER, "ria")] == [
        "Update the CRM",
        "Send the contract",
    ]
    # A rep reads only their own actions, whoever's list they look at.
    assert [a.title for a in overdue_actions(store, REP_SAM)] == ["Call the CFO"]
    assert open_actions(store, REP_SAM, "ria") == []
