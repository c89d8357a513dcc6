"""Schema migrations run forward on open, from an empty file and from every earlier version."""

import sqlite3
from pathlib import Path

import pytest

from deal_builder import build
from pilot_tui.core.errors import DatabaseError
from pilot_tui.core.store import Store
from pilot_tui.core.store.schema import MIGRATIONS, SCHEMA_VERSION, apply_migrations


def database_at(path: Path, version: int) -> sqlite3.Connection:
    """A new database file migrated up to ``version`` only (autocommit connection)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, upto=version)
    conn.execute("COMMIT")
    return conn


def test_new_file_gets_the_current_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db", create=True) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert {"deals", "stage_changes", "audit", "users"} <= set(store.db.table_names())


@pytest.mark.parametrize("start", range(SCHEMA_VERSION + 1))
def test_opening_migrates_from_each_earlier_version_keeping_rows(
    tmp_path: Path, start: int
) -> None:
    path = tmp_path / f"v{start}.db"
    conn = database_at(path, start)
    if start >= 1:
        conn.execute("INSERT INTO meta (key, value) VALUES ('marker', 'kept')")
    conn.close()

    with Store.open(path) as store:
        assert store.scalar("PRAGMA user_version") == len(MIGRATIONS)
        if start >= 1:
            assert store.meta("marker") == "kept"


def test_opening_a_database_from_a_newer_pilot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer than this Pilot"):
        Store.open(path)


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(team_store: Store) -> None:
    assert team_store.scalar("PRAGMA journal_mode") == "wal"
    assert team_store.scalar("PRAGMA foreign_keys") == 1
    assert team_store.scalar("PRAGMA busy_timeout") >= 5000
    assert team_store.scalar("PRAGMA synchronous") == 1  # NORMAL


def test_missing_database_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="pilot init"):
        Store.open(tmp_path / "absent.db")


def test_audit_log_is_append_only(team_store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        team_store.conn.execute("DELETE FROM audit")


def test_a_setgid_folder_gets_group_writable_database_files(tmp_path: Path) -> None:
    import os
    import stat

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2770)
    previous = os.umask(0o022)
    try:
        with Store.open(shared / "team.db", create=True) as store:
            store.conn.execute("CREATE TABLE t (x)")  # forces -wal and -shm into being
            for name in ("team.db", "team.db-wal", "team.db-shm"):
                mode = (shared / name).stat().st_mode
                assert mode & stat.S_IWGRP, f"{name} is not group-writable"
    finally:
        os.umask(previous)


def test_version_3_tells_deactivated_users_from_imported_ones_and_keeps_deals(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.db"
    conn = database_at(path, 2)
    conn.execute("BEGIN IMMEDIATE")
    for login, active in (("ada", 1), ("old.rep", 0), ("imported", 0)):
        conn.execute(
            "INSERT INTO users (login, name, role, active, updated_at) VALUES (?, ?, 'rep', ?, ?)",
            (login, login, active, "2026-10-01T09:00:00+00:00"),
        )
    conn.execute(
        "INSERT INTO audit (at, actor, entity, entity_id, op, before_json, after_json) "
        "VALUES ('2026-10-01T09:00:00+00:00', 'ada', 'users', 'old.rep', 'update', ?, ?)",
        ('{"login": "old.rep", "active": 1}', '{"login": "old.rep", "active": 0}'),
    )
    conn.execute(
        "INSERT INTO stages (key, label, position, kind, default_probability) "
        "VALUES ('open', 'Open', 1, 'open', 0.1)"
    )
    conn.execute(
        "INSERT INTO deals (name, owner, stage, amount_minor, created_on) "
        "VALUES ('kept', 'ada', 'open', 500, '2026-09-01')"
    )
    conn.execute("COMMIT")
    conn.close()

    with Store.open(path) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        deactivated = dict(store.conn.execute("SELECT login, deactivated_at FROM users").fetchall())
        assert deactivated == {
            "ada": None,
            "old.rep": "2026-10-01T09:00:00+00:00",
            "imported": None,
        }
        assert store.conn.execute(
            "SELECT name, amount_minor, created_known FROM deals"
        ).fetchall() == [("kept", 500, 1)]
        assert store.scalar("SELECT count(*) FROM field_changes") == 0


def test_field_changes_accept_only_amount_and_owner(team_store: Store) -> None:
    [deal] = build(team_store, [("prospecting", "2026-11-02")])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        team_store.conn.execute(
            "INSERT INTO field_changes (deal_id, field, old, new, at) "
            "VALUES (?, 'stage', 'a', 'b', '2026-11-18')",
            (deal,),
        )


def test_version_6_adds_an_empty_strategy_beside_the_reference_lists(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    conn = database_at(path, 5)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO offers (key, label, priority) VALUES ('audit', 'Audit', 3)")
    conn.execute("COMMIT")
    conn.close()

    with Store.open(path) as store:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert store.conn.execute("SELECT key, priority FROM offers").fetchall() == [("audit", 3)]
        for table in ("strategy_segments", "strategy_offers", "strategy_stages"):
            assert store.scalar(f"SELECT count(*) FROM {table}") == 0
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            store.conn.execute("INSERT INTO strategy_offers (key, priority) VALUES ('audit', 0)")
