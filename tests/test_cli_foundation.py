"""`pilot init`, `pilot users …`, --help and --version, as a user types them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pilot_tui import __version__
from pilot_tui.cli import main
from pilot_tui.core.identity import os_login


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_default_stages_and_makes_me_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "team.db"
    code, out, _ = run(capsys, "init", "--db", str(db))
    assert code == 0 and "default stages" in out
    code, out, _ = run(capsys, "users", "list", "--json", "--db", str(db))
    assert code == 0
    assert json.loads(out) == [
        {
            "active": True,
            "deactivated_at": None,
            "access": "active",
            "login": os_login(),
            "name": os_login(),
            "role": "admin",
            "team": None,
        }
    ]
    from pilot_tui.core.store import Store
    from pilot_tui.core.store.stages import list_stages

    with Store.open(db) as store:
        assert [s.key for s in list_stages(store)] == [
            "prospecting",
            "qualification",
            "discovery",
            "proposal",
            "negotiation",
            "won",
            "lost",
        ]


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    run(capsys, "init", "--db", str(db))
    code, _, err = run(capsys, "init", "--db", str(db))
    assert code == 1 and "exists already; nothing was changed" in err


def test_users_add_list_deactivate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "team.db"
    monkeypatch.setenv("PILOT_DB", str(db))  # scripts may name the database this way
    run(capsys, "init")
    code, out, _ = run(
        capsys, "users", "add", "sam", "--role", "rep", "--name", "Sam Seller", "--team", "north"
    )
    assert code == 0 and "Added sam" in out
    code, _, err = run(capsys, "users", "add", "sam", "--role", "rep", "--name", "Sam")
    assert code == 1 and "exists already" in err
    code, out, _ = run(capsys, "users", "deactivate", "sam")
    assert code == 0
    users = json.loads(run(capsys, "users", "list", "--json")[1])
    sam = next(u for u in users if u["login"] == "sam")
    assert {k: v for k, v in sam.items() if k != "deactivated_at"} == {
        "active": False,
        "access": "deactivated",
        "login": "sam",
        "name": "Sam Seller",
        "role": "rep",
        "team": "north",
    }
    assert sam["deactivated_at"]


def test_a_rep_cannot_add_users(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    run(capsys, "init", "--db", str(db))
    run(capsys, "users", "add", "sam", "--role", "rep", "--name", "Sam", "--db", str(db))
    code, _, err = run(
        capsys,
        "users",
        "add",
        "zoe",
        "--role",
        "rep",
        "--name",
        "Zoe",
        "--db",
        str(db),
        "--as",
        "sam",
    )
    assert code == 1 and err.startswith("pilot: Only an admin")


def test_a_missing_database_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "users", "list", "--db", str(tmp_path / "none.db"))
    assert code == 1
    assert err.count("\n") == 1 and "pilot init" in err and "Traceback" not in err


def test_a_bad_today_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["users", "list", "--today", "31/12/2017"])
    assert exited.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_a_bad_environment_setting_is_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOT_TODAY", "someday")
    code, _, err = run(capsys, "users", "list")
    assert code == 1 and "PILOT_TODAY" in err and "Traceback" not in err


def test_version_and_help_from_the_installed_entry_point() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "pilot_tui", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"pilot {__version__}"
    helped = subprocess.run(
        [sys.executable, "-m", "pilot_tui", "--help"], capture_output=True, text=True, check=True
    )
    for word in ("init", "users", "--db", "--today", "--as"):
        assert word in helped.stdout
    sub = subprocess.run(
        [sys.executable, "-m", "pilot_tui", "users", "add", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--role" in sub.stdout and "--db" in sub.stdout
