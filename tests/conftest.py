"""Shared fixtures: a fixed clock and small team databases on real files."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pilot_tui.cli import main
from pilot_tui.core import clock
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database

pytest_plugins = [
    "pipeline_fixture",
    "maven_loader",
]  # `store` (the hand-checkable pipeline), `maven`

FIXED_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
"""A Wednesday in the middle of November 2026: the tests' 'now'."""

ADMIN = User(login="ada", name="Ada Admin", role=Role.ADMIN, team="north")
MANAGER = User(login="mia", name="Mia Manager", role=Role.MANAGER, team="north")
REP_SAM = User(login="sam", name="Sam Seller", role=Role.REP, team="north")
REP_RIA = User(login="ria", name="Ria Rep", role=Role.REP, team="north")


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[datetime]:
    clock.freeze(FIXED_NOW)
    yield FIXED_NOW
    clock.freeze(None)
    clock.set_today(None)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's settings, data directory or PILOT_* variables."""
    for name in ("PILOT_DB", "PILOT_TODAY", "PILOT_AS_LOGIN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_team_store(path: Path) -> Store:
    """A new database with an admin, a manager and two reps."""
    store = init_database(path, ADMIN)
    with store.write(ADMIN) as writer:
        for user in (MANAGER, REP_SAM, REP_RIA):
            writer.insert(
                "users",
                {
                    "login": user.login,
                    "name": user.name,
                    "role": user.role.value,
                    "team": user.team,
                    "active": 1,
                },
            )
    return store


@pytest.fixture
def team_store(tmp_path: Path) -> Iterator[Store]:
    store = make_team_store(tmp_path / "team.db")
    yield store
    store.close()


Pilot = Callable[..., tuple[int, str, str]]
"""``pilot(login, *argv)`` → (exit code, stdout, stderr)."""


@pytest.fixture
def pilot(team_store: Store, capsys: pytest.CaptureFixture[str]) -> Pilot:
    """Run `pilot ARGS --db team.db --as LOGIN` in this process, as a user types it."""

    def run(login: str, *argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", str(team_store.path), "--as", login])
        out, err = capsys.readouterr()
        return code, out, err

    return run
