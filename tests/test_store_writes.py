"""Audited writes: permissions, optimistic locking, all-or-nothing."""

from pathlib import Path

import pytest

from conftest import ADMIN, MANAGER, REP_RIA, REP_SAM
from pilot_tui.core.errors import (
    ConflictError,
    DatabaseError,
    PermissionDeniedError,
    ValidationError,
)
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal, get_deal, update_deal


def _deal(store: Store, owner: str = "sam", **extra: object) -> int:
    values = {
        "name": "Acme renewal",
        "account": "Acme",
        "owner": owner,
        "stage": "qualification",
        "amount_minor": 1_200_000,
        "expected_close": "2026-11-30",
        **extra,
    }
    return create_deal(store, MANAGER, values)


def _audit_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM audit"))


def test_a_rep_edits_their_own_deal_and_the_edit_is_audited(team_store: Store) -> None:
    deal_id = _deal(team_store)
    before = _audit_count(team_store)
    deal = update_deal(
        team_store, REP_SAM, deal_id, {"amount_minor": 1_500_000}, expected_version=1
    )
    assert deal.amount_minor == 1_500_000
    assert deal.version == 2
    assert deal.updated_by == "sam"
    assert _audit_count(team_store) == before + 1
    entry = team_store.rows("SELECT * FROM audit ORDER BY id DESC LIMIT 1")[0]
    assert (entry["actor"], entry["entity"], entry["entity_id"], entry["op"]) == (
        "sam",
        "deals",
        str(deal_id),
        "update",
    )
    assert '"amount_minor": 1200000' in entry["before_json"]
    assert '"amount_minor": 1500000' in entry["after_json"]


def test_a_rep_editing_another_reps_deal_is_refused_and_nothing_is_written(
    team_store: Store,
) -> None:
    deal_id = _deal(team_store, owner="sam")
    before = _audit_count(team_store)
    with pytest.raises(PermissionDeniedError, match="belongs to sam"):
        update_deal(team_store, REP_RIA, deal_id, {"amount_minor": 1}, expected_version=1)
    assert get_deal(team_store, deal_id).amount_minor == 1_200_000
    assert get_deal(team_store, deal_id).version == 1
    assert _audit_count(team_store) == before


def test_a_rep_cannot_give_their_deal_away(team_store: Store) -> None:
    deal_id = _deal(team_store)
    with pytest.raises(PermissionDeniedError):
        update_deal(team_store, REP_SAM, deal_id, {"owner": "ria"}, expected_version=1)
    assert get_deal(team_store, deal_id).owner == "sam"


def test_a_manager_reassigns_a_deal(team_store: Store) -> None:
    deal_id = _deal(team_store)
    assert (
        update_deal(team_store, MANAGER, deal_id, {"owner": "ria"}, expected_version=1).owner
        == "ria"
    )


def test_a_stale_version_is_a_conflict_naming_who_and_when(team_store: Store) -> None:
    deal_id = _deal(team_store)
    update_deal(team_store, MANAGER, deal_id, {"next_step": "Call CFO"}, expected_version=1)
    before = _audit_count(team_store)
    with pytest.raises(ConflictError) as refused:
        update_deal(team_store, REP_SAM, deal_id, {"amount_minor": 5}, expected_version=1)
    assert refused.value.changed_by == "mia"
    assert "mia" in str(refused.value) and "2026-11-18 09:30 UTC" in str(refused.value)
    assert get_deal(team_store, deal_id).amount_minor == 1_200_000
    assert _audit_count(team_store) == before


def test_stage_and_close_date_changes_are_recorded(team_store: Store) -> None:
    deal_id = _deal(team_store)
    update_deal(
        team_store,
        REP_SAM,
        deal_id,
        {"stage": "proposal", "expected_close": "2026-12-15"},
        expected_version=1,
    )
    stages = team_store.rows(
        "SELECT from_stage, to_stage FROM stage_changes WHERE deal_id = ? ORDER BY id", (deal_id,)
    )
    assert stages == [
        {"from_stage": None, "to_stage": "qualification"},
        {"from_stage": "qualification", "to_stage": "proposal"},
    ]
    pushes = team_store.rows(
        "SELECT old, new FROM close_date_changes WHERE deal_id = ?", (deal_id,)
    )
    assert pushes == [{"old": "2026-11-30", "new": "2026-12-15"}]


def test_marking_lost_needs_a_reason_and_sets_closed_on(team_store: Store) -> None:
    deal_id = _deal(team_store)
    with pytest.raises(ValidationError, match="why the deal was lost"):
        update_deal(team_store, REP_SAM, deal_id, {"stage": "lost"}, expected_version=1)
    deal = update_deal(
        team_store,
        REP_SAM,
        deal_id,
        {"stage": "lost", "lost_reason": "no budget"},
        expected_version=1,
    )
    assert deal.closed_on is not None and deal.closed_on.isoformat() == "2026-11-18"


def test_reopening_a_won_deal_clears_its_close_day(team_store: Store) -> None:
    deal_id = _deal(team_store)
    won = update_deal(team_store, MANAGER, deal_id, {"stage": "won"}, expected_version=1)
    assert won.closed_on is not None
    reopened = update_deal(
        team_store, MANAGER, deal_id, {"stage": "negotiation"}, expected_version=2
    )
    assert reopened.closed_on is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_minor": -5}, "zero or more"),
        ({"stage": "signed"}, "not a stage"),
        ({"expected_close": "30/11/2026"}, "not a date"),
        ({"next_step": None, "next_step_due": "2026-12-01"}, "needs the next step"),
        ({"snoozed_until": "2026-12-01"}, "reason and a date"),
        ({"snoozed_until": "2026-11-01", "snooze_reason": "holidays"}, "after today"),
        ({"name": " "}, "needs a name"),
        ({"version": 9}, "cannot be edited"),
    ],
)
def test_invalid_edits_are_refused_in_one_sentence(
    team_store: Store, changes: dict[str, object], message: str
) -> None:
    deal_id = _deal(team_store)
    with pytest.raises(ValidationError, match=message):
        update_deal(team_store, REP_SAM, deal_id, changes, expected_version=1)
    assert get_deal(team_store, deal_id).version == 1


def test_a_failing_transaction_writes_nothing(team_store: Store) -> None:
    before = _audit_count(team_store)
    with pytest.raises(RuntimeError), team_store.write(ADMIN) as writer:
        writer.insert("segments", {"key": "smb", "label": "SMB"})
        raise RuntimeError("boom")
    assert team_store.rows("SELECT * FROM segments") == []
    assert _audit_count(team_store) == before


def test_reps_cannot_manage_users_or_stages(team_store: Store) -> None:
    with (
        pytest.raises(PermissionDeniedError, match="Only an admin"),
        team_store.write(REP_SAM) as writer,
    ):
        writer.update("stages", "won", {"label": "Signed"}, expected_version=None)
    with (
        pytest.raises(PermissionDeniedError, match="Only an admin"),
        team_store.write(MANAGER) as writer,
    ):
        writer.insert("users", {"login": "zoe", "name": "Zoe", "role": "rep"})


def test_a_read_only_database_refuses_in_one_sentence(tmp_path: Path) -> None:
    from conftest import make_team_store

    path = tmp_path / "ro.db"
    make_team_store(path).close()
    read_only = Store.open(path)
    read_only.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(DatabaseError, match="nothing was saved"), read_only.write(ADMIN) as writer:
        writer.insert("segments", {"key": "smb", "label": "SMB"})
    read_only.close()


def test_a_full_disk_refuses_in_one_sentence(team_store: Store) -> None:
    pages = team_store.scalar("PRAGMA page_count")
    team_store.conn.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: "full"
    with (
        pytest.raises(DatabaseError, match="is full: nothing was saved"),
        team_store.write(ADMIN) as writer,
    ):
        writer.bulk_insert(
            "segments", ({"key": f"s{n}", "label": "x" * 500} for n in range(2000)), note="fill"
        )
    assert team_store.scalar("SELECT count(*) FROM segments") == 0
