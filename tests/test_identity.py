"""Who is using Pilot: the OS login, --as for the file's owner, clear refusals."""

import os
from pathlib import Path

import pytest

from pilot_tui.core.errors import PermissionDeniedError, UnknownLoginError
from pilot_tui.core.identity import os_login, resolve_actor
from pilot_tui.core.store import Store


def test_the_login_comes_from_the_os_account_not_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = os_login()
    monkeypatch.setenv("USER", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")
    assert os_login() == real != "mallory"


def test_an_unknown_login_is_told_who_to_ask(team_store: Store) -> None:
    with pytest.raises(UnknownLoginError) as refused:
        resolve_actor(team_store)
    message = str(refused.value)
    assert f"'{os_login()}' has no Pilot account" in message
    assert "ada" in message  # the admin to ask
    assert "pilot users add" in message


def test_as_is_honoured_for_the_database_owner(team_store: Store) -> None:
    assert resolve_actor(team_store, "sam").login == "sam"


def test_a_deactivated_user_gets_no_access(team_store: Store) -> None:
    team_store.conn.execute(
        "UPDATE users SET active = 0, deactivated_at = '2026-11-01' WHERE login = 'sam'"
    )
    with pytest.raises(UnknownLoginError, match="is deactivated.*pilot users reactivate sam$"):
        resolve_actor(team_store, "sam")


def test_an_imported_owner_is_told_they_have_no_login_yet(team_store: Store) -> None:
    team_store.conn.execute("UPDATE users SET active = 0 WHERE login = 'sam'")
    with pytest.raises(UnknownLoginError, match="has no login yet.*pilot users reactivate sam$"):
        resolve_actor(team_store, "sam")


@pytest.mark.skipif(os.getuid() != 0, reason="changing a file's owner needs root")
def test_as_is_refused_when_the_process_does_not_own_the_database(
    team_store: Store, tmp_path: Path
) -> None:
    os.chown(team_store.path, 54321, -1)
    reopened = Store.open(team_store.path)
    with pytest.raises(PermissionDeniedError, match="only honoured for the owner"):
        resolve_actor(reopened, "sam")
    reopened.close()


def test_as_checks_the_file_opened_not_a_path_swapped_since(
    team_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: --as used to stat the path after opening it; a symlink swapped in between
    (pointing at a file the caller owns) won. The owner now comes from the open file."""
    link = tmp_path / "link.db"
    link.symlink_to(team_store.path)
    opened = Store.open(link)  # the team's database, owned by the account running Pilot
    decoy = tmp_path / "decoy.db"
    decoy.touch()
    link.unlink()
    link.symlink_to(decoy)  # swapped: the path now names the caller's own file
    caller = opened.owner + 1 if opened.owner is not None else 12345
    real_stat = os.stat

    def caller_owns_the_decoy(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path) not in (str(link), str(decoy)):
            return info
        return os.stat_result(
            (info.st_mode, info.st_ino, info.st_dev, info.st_nlink, caller, *tuple(info)[5:])
        )

    monkeypatch.setattr(os, "stat", caller_owns_the_decoy)
    monkeypatch.setattr(os, "getuid", lambda: caller)
    with pytest.raises(PermissionDeniedError, match="only honoured for the owner"):
        resolve_actor(opened, "sam")
    opened.close()


def test_the_store_knows_the_owner_of_the_file_it_opened(team_store: Store) -> None:
    assert team_store.owner == os.stat(team_store.path).st_uid
