"""One target per scope, metric and period: a second one is refused with a
sentence naming the first, in core, the CLI and on open of an older database."""

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import MANAGER
from pilot_tui.cli import main
from pilot_tui.core.errors import DuplicateObjectiveError
from pilot_tui.core.objectives import create_objective, list_objectives, update_objective
from pilot_tui.core.smart import ObjectiveDraft
from pilot_tui.core.store import Store
from pilot_tui.core.store.schema import apply_migrations

SAM_HAS_ONE = (
    "Sam Seller already has a won-value target for 2026-11: €40,000 (objective #1); "
    "edit it instead."
)


def _won_value(
    owner: str | None, target: float = 4_000_000, **fields: str | None
) -> ObjectiveDraft:
    values: dict[str, str | None] = {"period": "2026-11", "owner": owner, "team": "north"}
    values.update(fields)
    return ObjectiveDraft(kind="outcome", metric="won_value", target=target, **values)


def _audit_rows(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM audit"))


def test_a_second_target_for_the_same_rep_metric_and_period_is_refused(
    team_store: Store,
) -> None:
    first = create_objective(team_store, MANAGER, _won_value("sam"))
    assert first.id == 1
    audited = _audit_rows(team_store)
    with pytest.raises(DuplicateObjectiveError) as refused:
        create_objective(team_store, MANAGER, _won_value("sam", 5_000_000))
    assert str(refused.value) == SAM_HAS_ONE and refused.value.existing_id == 1
    assert [o.target for o in list_objectives(team_store)] == [4_000_000]
    assert _audit_rows(team_store) == audited  # nothing written


def test_the_team_the_whole_team_another_rep_month_or_metric_are_other_targets(
    team_store: Store,
) -> None:
    create_objective(team_store, MANAGER, _won_value("sam"))
    create_objective(team_store, MANAGER, _won_value("ria"))
    create_objective(team_store, MANAGER, _won_value(None))
    create_objective(team_store, MANAGER, _won_value(None, team=None))
    create_objective(team_store, MANAGER, _won_value("sam", period="2026-12"))
    create_objective(
        team_store,
        MANAGER,
        ObjectiveDraft(kind="means", metric="new_opps", target=8, period="2026-11", owner="sam"),
    )
    assert len(list_objectives(team_store)) == 6
    with pytest.raises(DuplicateObjectiveError, match=r"^Team north already has a won-value"):
        create_objective(team_store, MANAGER, _won_value(None, 1))
    with pytest.raises(DuplicateObjectiveError, match=r"^The team already has a won-value"):
        create_objective(team_store, MANAGER, _won_value(None, 1, team=None))
    # A rep's target is the rep's whatever team it also names.
    with pytest.raises(DuplicateObjectiveError, match=r"^Sam Seller already has"):
        create_objective(team_store, MANAGER, _won_value("sam", 1, team="south"))


def test_an_edit_onto_another_objectives_scope_is_refused_but_editing_itself_is_not(
    team_store: Store,
) -> None:
    create_objective(team_store, MANAGER, _won_value("sam"))
    ria = create_objective(team_store, MANAGER, _won_value("ria"))
    again = update_objective(
        team_store, MANAGER, ria.id, {"target": 3_000_000}, expected_version=ria.version
    )
    assert again.target == 3_000_000
    with pytest.raises(DuplicateObjectiveError, match="objective #1"):
        update_objective(
            team_store, MANAGER, ria.id, {"owner": "sam"}, expected_version=again.version
        )
    assert [o.owner for o in list_objectives(team_store)] == ["ria", "sam"]


def _pilot(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--as", "mia", "--today", "2026-11-18", *args])


def test_cli_refuses_a_second_target_in_one_sentence_and_writes_nothing(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ("objectives", "add", "won_value", "40000", "--period", "2026-11", "--owner", "sam")
    assert _pilot(team_store.path, *add) == 0
    capsys.readouterr()
    for extra in ((), ("--dry-run",), ("--json",)):
        assert _pilot(team_store.path, *add[:3], "45000", *add[4:], *extra) == 1
        out, err = capsys.readouterr()
        assert (out, err) == ("", f"pilot: {SAM_HAS_ONE}\n")
    assert _pilot(team_store.path, "objectives", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [o["target"] for o in listed] == [4_000_000]


def _version_2_database_with_duplicates(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, upto=2)
    conn.execute("INSERT INTO users (login, name, role, active) VALUES ('sam', 'Sam', 'rep', 1)")
    rows = [
        ("sam", "north", 4_000_000, "2026-11"),  # 1: superseded by 3
        ("sam", None, 4_500_000, "2026-12"),  # 2: alone in its period
        ("sam", None, 5_000_000, "2026-11"),  # 3: the newest for sam in November
        (None, "north", 9_000_000, "2026-11"),  # 4: superseded by 5
        (None, "north", 9_500_000, "2026-11"),  # 5
        (None, None, 1_000_000, "2026-11"),  # 6: the whole team is another scope
    ]
    for owner, team, target, period in rows:
        conn.execute(
            "INSERT INTO objectives (owner, team, kind, metric, target, period) "
            "VALUES (?, ?, 'outcome', 'won_value', ?, ?)",
            (owner, team, target, period),
        )
    conn.execute("COMMIT")
    conn.close()


def test_migration_keeps_the_newest_of_duplicate_targets_and_audits_the_others(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    _version_2_database_with_duplicates(path)
    with Store.open(path) as store:
        kept = store.rows("SELECT id, target FROM objectives ORDER BY id")
        assert [(row["id"], row["target"]) for row in kept] == [
            (2, 4_500_000),
            (3, 5_000_000),
            (5, 9_500_000),
            (6, 1_000_000),
        ]
        removed = store.rows(
            "SELECT entity_id, op, actor, before_json FROM audit WHERE entity = 'objectives'"
        )
        assert [(r["entity_id"], r["op"], r["actor"]) for r in removed] == [
            ("1", "delete", "migration"),
            ("4", "delete", "migration"),
        ]
        assert json.loads(removed[0]["before_json"])["target"] == 4_000_000
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            store.conn.execute(
                "INSERT INTO objectives (owner, kind, metric, target, period) "
                "VALUES ('sam', 'outcome', 'won_value', 1, '2026-11')"
            )
