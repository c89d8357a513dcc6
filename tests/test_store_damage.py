"""A damaged, foreign or empty database, and values SQLite cannot keep: one sentence each,
nothing changed (issue 14, findings 7 and 8)."""

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import ADMIN, MANAGER, make_team_store
from pilot_tui.cli import main
from pilot_tui.core.actions import create_action
from pilot_tui.core.errors import DamagedDatabaseError, DatabaseError, ValidationError
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal
from pilot_tui.core.store.maintenance import backup, restore_damaged

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _damage(path: Path, table: str | None) -> None:
    """Overwrite the first page of ``table`` (``None``: the file's header and schema)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = 1
    if table is not None:
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        root = int(conn.execute(query, (table,)).fetchone()[0])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size + (100 if root == 1 else 0))
        file.write(b"\xa5" * 400)


def _team(tmp_path: Path) -> Path:
    store = make_team_store(tmp_path / "team.db")
    create_deal(store, MANAGER, {"name": "Acme", "owner": "sam", "stage": "proposal"})
    store.close()
    return tmp_path / "team.db"


def test_check_of_a_damaged_file_is_one_sentence_saying_to_restore(
    tmp_path: Path, cli: Cli
) -> None:
    db = _team(tmp_path)
    _damage(db, None)
    code, out, err = cli("admin", "check", "--db", str(db), "--as", "ada")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"pilot: The database {db} is damaged: restore the latest backup with "
        f"'pilot admin restore BACKUP_FILE --db {db}'; nothing was changed."
    ]


def test_damage_in_one_table_is_reported_by_check_and_any_read(tmp_path: Path, cli: Cli) -> None:
    db = _team(tmp_path)
    _damage(db, "deals")
    code, out, err = cli("admin", "check", "--db", str(db), "--as", "ada")
    assert code == 1 and not out.startswith("integrity: ok")
    assert "is damaged: restore the latest backup" in err
    code, _, err = cli("status", "--db", str(db), "--as", "ada")
    assert code == 1 and "is damaged: restore the latest backup" in err


def test_restore_replaces_a_file_too_damaged_to_open(tmp_path: Path, cli: Cli) -> None:
    db = _team(tmp_path)
    store = Store.open(db)
    saved = backup(store, ADMIN, tmp_path / "saved.db")
    store.close()
    _damage(db, None)
    with pytest.raises(DamagedDatabaseError):
        Store.open(db)
    assert restore_damaged(db, saved) >= 1
    store = Store.open(db)
    assert store.scalar("SELECT name FROM deals") == "Acme"
    store.close()
    _damage(db, None)
    code, out, err = cli("admin", "restore", str(saved), "--db", str(db), "--as", "ada")
    assert code == 0, err


def test_a_negative_schema_version_is_one_sentence(tmp_path: Path) -> None:
    db = _team(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = -5")
    conn.close()
    with pytest.raises(DamagedDatabaseError, match="is damaged: restore the latest backup"):
        Store.open(db)


def test_an_empty_file_is_not_turned_into_a_database(tmp_path: Path, cli: Cli) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for command in (["status"], ["admin", "check"], ["actions"]):
        code, _, err = cli(*command, "--db", str(empty))
        assert code == 1 and "is an empty file, not a Pilot database" in err
    assert empty.stat().st_size == 0
    with pytest.raises(DatabaseError, match="empty file"):
        Store.open(empty)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"name": "Ac\x00me"}, "contains a NUL character"),
        ({"name": "Ac\udc9bme"}, "not UTF-8"),
        ({"expected_close": "1-01-01"}, "'1-01-01' is not a"),
        ({"expected_close": date(1, 1, 1)}, "'0001-01-01' is not a day Pilot can store"),
        ({"expected_close": "1899-12-31"}, "from 1900 on"),
        ({"amount_minor": 10**19}, "too large a number"),
    ],
)
def test_values_sqlite_cannot_keep_are_refused_in_one_sentence(
    team_store: Store, values: dict[str, object], reason: str
) -> None:
    row = {"name": "Acme", "owner": "sam", "stage": "proposal", **values}
    before = team_store.scalar("SELECT count(*) FROM audit")
    with pytest.raises(ValidationError, match=reason):
        create_deal(team_store, MANAGER, row)
    assert team_store.scalar("SELECT count(*) FROM deals") == 0
    assert team_store.scalar("SELECT count(*) FROM audit") == before


def test_an_action_title_with_a_nul_is_refused(team_store: Store) -> None:
    with pytest.raises(ValidationError, match="NUL"):
        create_action(team_store, MANAGER, title="Call\x00back", owner="sam", due=None)
    assert create_deal(
        team_store,
        MANAGER,
        {"name": "Acme", "owner": "sam", "stage": "proposal", "expected_close": "1900-01-01"},
    )
