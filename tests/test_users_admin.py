"""`pilot users set-role|reactivate|rename|set-team`: admin only, audited, one admin always."""

import json
from pathlib import Path

import pytest

from pilot_tui.cli import main
from pilot_tui.core.identity import os_login
from pilot_tui.core.metrics.frames import load_frames
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import get_user


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Me (admin), sam (rep, north), mia (manager, north), and an imported owner with no
    login yet (olga, created inactive without a deactivation day, as an import does)."""
    path = tmp_path / "team.db"
    assert main(["init", "--db", str(path)]) == 0
    for login, role in (("sam", "rep"), ("mia", "manager")):
        argv = ["users", "add", login, "--role", role, "--name", login.title(), "--team", "north"]
        assert main([*argv, "--db", str(path)]) == 0
    with Store.open(path) as store, store.write(_me(store)) as writer:
        writer.insert(
            "users", {"login": "olga", "name": "Olga", "role": "rep", "team": "x", "active": 0}
        )
    capsys.readouterr()
    return path


def _me(store: Store) -> User:
    me = get_user(store, os_login())
    assert me is not None
    return me


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def users(capsys: pytest.CaptureFixture[str], db: Path) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, db, "users", "list", "--json")
    assert code == 0
    return {u["login"]: u for u in json.loads(out)}


def audit_rows(db: Path, login: str) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    with Store.open(db) as store:
        rows = store.rows(
            "SELECT op, before_json, after_json FROM audit WHERE entity = 'users' "
            "AND entity_id = ? ORDER BY id",
            (login,),
        )
    return [
        (r["op"], json.loads(r["before_json"] or "{}"), json.loads(r["after_json"] or "{}"))
        for r in rows
    ]


def test_a_role_change_is_audited_with_before_and_after(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, db, "users", "set-role", "sam", "manager")
    assert code == 0 and "sam is now manager" in out
    assert users(capsys, db)["sam"]["role"] == "manager"
    op, before, after = audit_rows(db, "sam")[-1]
    assert op == "update"
    assert (before["role"], after["role"]) == ("rep", "manager")
    assert after["updated_by"] == os_login()


def test_the_last_admin_cannot_be_demoted_or_deactivated(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    me = os_login()
    code, _, err = run(capsys, db, "users", "set-role", me, "manager")
    assert code == 1
    assert err.strip() == f"pilot: {me} is the last active admin: make another user admin first."
    assert users(capsys, db)[me]["role"] == "admin"
    # With a second admin, the first may step down.
    assert run(capsys, db, "users", "set-role", "mia", "admin")[0] == 0
    assert run(capsys, db, "users", "set-role", me, "manager")[0] == 0
    # mia is now the only admin: she cannot demote herself either.
    code, _, err = run(capsys, db, "users", "set-role", "mia", "rep", "--as", "mia")
    assert code == 1 and "mia is the last active admin" in err


def test_reactivation_of_a_deactivated_user(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db, "users", "deactivate", "sam")
    assert users(capsys, db)["sam"]["access"] == "deactivated"
    # A role change leaves a deactivated user without access.
    run(capsys, db, "users", "set-role", "sam", "manager")
    assert users(capsys, db)["sam"]["access"] == "deactivated"
    code, out, _ = run(capsys, db, "users", "reactivate", "sam")
    assert code == 0 and "sam can use Pilot again" in out
    sam = users(capsys, db)["sam"]
    assert (sam["access"], sam["active"], sam["role"]) == ("active", True, "manager")
    code, _, err = run(capsys, db, "users", "reactivate", "sam")
    assert code == 1 and err.strip() == "pilot: sam has access already."


def test_an_owner_with_no_login_yet_is_shown_so_and_given_access_by_a_role(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert users(capsys, db)["olga"]["access"] == "no login yet"
    code, out, _ = run(capsys, db, "users", "list")
    assert code == 0 and "no login yet" in out
    code, out, _ = run(capsys, db, "users", "set-role", "olga", "manager")
    assert code == 0 and "olga is now manager (active)" in out
    assert users(capsys, db)["olga"]["access"] == "active"


def test_rename(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, db, "users", "rename", "sam", "--name", "  Samuel Seller ")
    assert code == 0 and "sam is now shown as Samuel Seller." in out
    assert users(capsys, db)["sam"]["name"] == "Samuel Seller"
    op, before, after = audit_rows(db, "sam")[-1]
    assert (before["name"], after["name"]) == ("Sam", "Samuel Seller")


def test_set_team_changes_the_team_scope_members(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def members(team: str) -> set[str]:
        with Store.open(db) as store:
            frames = load_frames(store)
        users = frames.users
        return set(users.loc[users["team"] == team, "login"])

    assert "sam" in members("north")
    code, out, _ = run(capsys, db, "users", "set-team", "sam", "south")
    assert code == 0 and "sam is now in team south." in out
    assert "sam" not in members("north") and members("south") == {"sam"}


@pytest.mark.parametrize(
    "argv, sentence",
    [
        (("set-role", "nobody", "manager"), "There is no user with login 'nobody'."),
        (("reactivate", "nobody"), "There is no user with login 'nobody'."),
        (("rename", "sam", "--name", "   "), "A user's name cannot be empty."),
        (("set-team", "sam", ""), "A team's name cannot be empty."),
        (("rename", "sam", "--name", "Sa\x00m"), "NUL character"),
        (("set-team", "sam", "no\x00rth"), "NUL character"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], sentence: str
) -> None:
    before = users(capsys, db)
    audit_before = audit_rows(db, "sam")
    code, out, err = run(capsys, db, "users", *argv)
    assert code == 1 and out == ""
    assert sentence in err and len(err.strip().splitlines()) == 1
    assert users(capsys, db) == before and audit_rows(db, "sam") == audit_before


def test_an_unknown_role_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["users", "set-role", "sam", "boss", "--db", str(db)])
    assert exit_info.value.code != 0
    assert "invalid choice: 'boss'" in capsys.readouterr().err
    assert users(capsys, db)["sam"]["role"] == "rep"


@pytest.mark.parametrize("who", ["sam", "mia"])
@pytest.mark.parametrize(
    "argv",
    [
        ("set-role", "sam", "admin"),
        ("reactivate", "olga"),
        ("rename", "sam", "--name", "X"),
        ("set-team", "sam", "south"),
    ],
)
def test_a_rep_or_manager_is_refused_and_nothing_is_written(
    db: Path, capsys: pytest.CaptureFixture[str], who: str, argv: tuple[str, ...]
) -> None:
    before = users(capsys, db)
    code, out, err = run(capsys, db, "users", *argv, "--as", who)
    role = "rep" if who == "sam" else "manager"
    assert code == 1 and out == ""
    assert err.strip() == f"pilot: Only an admin can change users; {who} is a {role}."
    assert users(capsys, db) == before
