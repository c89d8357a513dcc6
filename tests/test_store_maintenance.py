"""Backup, restore and check; a writer killed mid-transaction loses nothing committed."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ADMIN, MANAGER, make_team_store
from pilot_tui.cli import main
from pilot_tui.core.errors import DatabaseError, PermissionDeniedError
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal
from pilot_tui.core.store.maintenance import backup, check, restore


def _add_deal(store: Store, name: str) -> int:
    return create_deal(store, MANAGER, {"name": name, "owner": "sam", "stage": "prospecting"})


def test_backup_then_restore_brings_back_the_saved_state(tmp_path: Path) -> None:
    store = make_team_store(tmp_path / "live.db")
    _add_deal(store, "Before backup")
    saved = backup(store, ADMIN, tmp_path / "saved.db")
    _add_deal(store, "After backup")
    assert store.scalar("SELECT count(*) FROM deals") == 2

    restore(store, ADMIN, saved)
    assert [r["name"] for r in store.rows("SELECT name FROM deals")] == ["Before backup"]
    assert not (tmp_path / "saved.db.partial").exists()
    store.close()


def test_backup_refuses_to_overwrite_and_reps_cannot_back_up(
    team_store: Store, tmp_path: Path
) -> None:
    from conftest import REP_SAM

    existing = tmp_path / "there.db"
    existing.write_text("keep me")
    with pytest.raises(DatabaseError, match="exists already"):
        backup(team_store, ADMIN, existing)
    assert existing.read_text() == "keep me"
    with pytest.raises(PermissionDeniedError, match="Only an admin"):
        backup(team_store, REP_SAM, tmp_path / "b.db")


def test_restore_refuses_a_file_that_is_not_a_backup(team_store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("this is not a database " * 100)
    _add_deal(team_store, "Keep")
    with pytest.raises(DatabaseError, match="not a Pilot backup"):
        restore(team_store, ADMIN, junk)
    assert team_store.scalar("SELECT count(*) FROM deals") == 1


def test_check_reports_integrity_schema_and_users_without_login(team_store: Store) -> None:
    report = check(team_store)
    assert report.ok and report.integrity == "ok"
    # The fixture's users (ada, mia, sam, ria) have no account on this machine.
    assert report.users_without_login == ["ada", "mia", "ria", "sam"]


def test_admin_commands_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    assert main(["init", "--db", str(db)]) == 0
    assert main(["admin", "backup", str(tmp_path / "b.db"), "--db", str(db)]) == 0
    assert main(["admin", "check", "--json", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    health = json.loads(out[out.index("{") :])
    assert health["ok"] is True and health["integrity"] == "ok"
    assert main(["admin", "restore", str(tmp_path / "b.db"), "--db", str(db)]) == 0


KILLED_WRITER = """
import sys, time
from pathlib import Path
sys.path[:0] = {paths!r}
from conftest import MANAGER
from pilot_tui.core.store import Store
store = Store.open(Path({db!r}))
n = 0
while True:
    with store.write(MANAGER) as writer:
        writer.insert("activities", {{"owner": "sam", "kind": "task", "title": f"t{{n}}"}})
        writer.insert("activities", {{"owner": "sam", "kind": "task", "title": f"t{{n}}"}})
    n += 1
    print(n, flush=True)
"""


def test_kill_9_of_a_writer_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    make_team_store(db).close()
    script = KILLED_WRITER.format(paths=sys.path, db=str(db))
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent
    )
    assert writer.stdout is not None
    committed = 0
    deadline = time.monotonic() + 20
    while committed < 200 and time.monotonic() < deadline:
        committed = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert committed >= 200
    with Store.open(db) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        titles = store.scalar("SELECT count(*) FROM activities")
        # Every acknowledged transaction is there, and each is whole (its two rows).
        assert titles >= 2 * committed and titles % 2 == 0
