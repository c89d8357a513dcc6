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
    team_store.conn.execute("UPDATE users SET active = 0 WHERE login = 'sam'")
    with pytest.raises(UnknownLoginError, match="is deactivated"):
        resolve_actor(team_store, "sam")


@pytest.mark.skipif(os.getuid() != 0, reason="changing a file's owner needs root")
def test_as_is_refused_when_the_process_does_not_own_the_database(
    team_store: Store, tmp_path: Path
) -> None:
    os.chown(team_store.path, 54321, -1)
    with pytest.raises(PermissionDeniedError, match="only honoured for the owner"):
        resolve_actor(team_store, "sam")
