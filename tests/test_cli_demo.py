"""`pilot demo` as a user types it (the app itself is not opened: --no-open)."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXED_NOW
from demo_tables import query
from pilot_tui import locations
from pilot_tui.cli import main
from pilot_tui.core import clock
from pilot_tui.core.demo import read_demo_info
from pilot_tui.core.identity import os_login, resolve_actor
from pilot_tui.core.models import Role
from pilot_tui.core.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`pilot demo --no-open` built once for the module, on the tests' fixed day."""
    db = tmp_path_factory.mktemp("built") / "demo.db"
    clock.freeze(FIXED_NOW)
    try:
        assert main(["demo", "--no-open", "--db", str(db)]) == 0
    finally:
        clock.freeze(None)
    yield db


@pytest.fixture
def demo_db(built_demo: Path, tmp_path: Path) -> Path:
    """A copy of that demo in the test's folder, as `pilot demo` left it."""
    db = tmp_path / "demo.db"
    with sqlite3.connect(built_demo) as source, sqlite3.connect(db) as target:
        source.backup(target)
    source.close()
    target.close()
    return db


def counts(db: Path) -> tuple[int, int, int]:
    return (
        query(db, "SELECT count(*) FROM deals")[0][0],
        query(db, "SELECT count(*) FROM stage_changes")[0][0],
        query(db, "SELECT count(*) FROM audit")[0][0],
    )


def test_demo_builds_prints_where_and_who_then_reuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    code, out, err = run(capsys, "demo", "--no-open", "--db", str(db))
    assert code == 0, err
    assert str(db) in out and "alex, bea, carlos, dina, eli, farah, gus" in out
    assert f"Manager: {os_login()}" in out
    first = counts(db)
    with Store.open(db) as store:
        manager = resolve_actor(store)
    assert manager.login == os_login() and manager.role is Role.MANAGER

    code, out, _ = run(capsys, "demo", "--no-open", "--db", str(db))
    assert code == 0 and "Reusing" in out
    assert counts(db) == first


def test_reset_rebuilds_the_demo(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_db
    code, out, _ = run(capsys, "demo", "--no-open", "--reset", "--seed", "5", "--db", str(db))
    assert code == 0 and "Built" in out
    with Store.open(db) as store:
        info = read_demo_info(store)
        assert info is not None and info.seed == 5
        # A rebuilt file starts a fresh audit log: nothing of the first build is left.
        assert store.scalar("SELECT count(*) FROM audit WHERE entity = 'deals'") == 1


def test_as_a_rep_resolves_to_that_rep(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_db
    code, _out, err = run(capsys, "demo", "--no-open", "--db", str(db), "--as", "bea")
    assert code == 0, err
    with Store.open(db) as store:
        rep = resolve_actor(store, "bea")
    assert rep.login == "bea" and rep.role is Role.REP and rep.team == "north"


def test_as_an_unknown_login_names_the_demo_users(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db
    code, _out, err = run(capsys, "demo", "--no-open", "--db", str(db), "--as", "zed")
    assert code == 1
    assert "'zed' is not a user of the demo" in err and "alex, bea" in err
    assert "Traceback" not in err


def test_default_path_is_the_demo_file_and_pilot_db_overrides_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "demo", "--no-open")[0] == 0
    assert locations.demo_db_path().exists()
    chosen = tmp_path / "chosen.db"
    monkeypatch.setenv("PILOT_DB", str(chosen))
    code, out, _ = run(capsys, "demo", "--no-open")
    assert code == 0 and str(chosen) in out and chosen.exists()


def test_a_team_database_is_never_taken_for_a_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "team.db"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    before = db.read_bytes()
    code, _out, err = run(capsys, "demo", "--no-open", "--reset", "--db", str(db))
    assert code == 1 and "not a demo" in err
    assert db.read_bytes() == before


def test_the_app_needs_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    code, _out, err = run(capsys, "demo", "--db", str(db))
    assert code == 1 and "needs a terminal" in err
    assert db.exists(), "the demo is built before the app is opened"


def test_deals_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--no-open", "--deals", "0"])
    assert "not a positive number" in capsys.readouterr().err


def test_today_sets_where_the_history_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock.freeze(None)  # let --today decide (the fixture restores the tests' clock)
    db = tmp_path / "demo.db"
    code, out, _ = run(capsys, "demo", "--no-open", "--today", "2026-06-30", "--db", str(db))
    assert code == 0 and "history up to 2026-06-30" in out
    assert query(db, "SELECT max(at) FROM stage_changes")[0][0] < "2026-06-30"
    code, out, _ = run(capsys, "demo", "--no-open", "--db", str(db))
    assert code == 0 and "pilot demo --reset" in out, "a demo older than today says how to renew it"


def test_a_tiny_scale_demo_still_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "tiny.db"
    code, _out, err = run(capsys, "demo", "--no-open", "--deals", "10", "--db", str(db))
    assert code == 0, err
    assert query(db, "SELECT count(*) FROM deals")[0][0] >= 10


def test_the_demos_objectives_of_the_month_carry_their_smart_check(demo_db: Path) -> None:
    db = demo_db
    month = clock.today().isoformat()[:7]
    checked = query(
        db,
        "SELECT count(*), count(smart_check_json) FROM objectives WHERE period = ?",
        (month,),
    )[0]
    assert checked[0] > 0 and checked[0] == checked[1]


def test_until_a_team_database_exists_commands_read_the_demos_and_say_so_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "demo", "--no-open")[0] == 0
    demo = locations.demo_db_path()
    for argv in (["status"], ["kpis"], ["objectives"], ["actions"], ["kpi-selection"]):
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        assert err.count("Reading the demo database") == 1, argv
        assert f"{demo} (no team database yet)" in err and out

    # A team database, once made, wins: the demo is no longer read, nor announced.
    code, out, err = run(capsys, "init")
    assert (
        code == 0
        and str(locations.default_db_path()) in out
        and not demo.samefile(locations.default_db_path())
    )
    code, out, err = run(capsys, "status")
    assert code == 0, err
    assert "demo" not in err


def test_without_any_database_the_sentence_still_points_to_the_demo(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(capsys, "status")
    assert code == 1 and "try 'pilot demo'" in err and "Reading" not in err
