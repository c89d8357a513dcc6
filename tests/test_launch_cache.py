"""The remembered launch: what makes it a hit or a miss, and the app that paints it first."""

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app_harness import SnapCompare, run_async, settle
from conftest import ADMIN, MANAGER, REP_SAM
from deal_builder import set_objective
from pilot_tui import locations
from pilot_tui.app import Session, make_app
from pilot_tui.config import Settings
from pilot_tui.core.errors import NotFoundError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import add_user
from pilot_tui.core.verdict import Verdict, VerdictView
from pilot_tui.launch_cache import (
    MAX_LAUNCHES,
    Launch,
    database_state,
    launch_key,
    recall,
    remember,
)
from pilot_tui.screens.dashboard import DashboardScreen
from pilot_tui.screens.launch import FIRST_FRAME_SECONDS, LaunchScreen
from pilot_tui.widgets.verdict import VerdictBanner
from terminal import needs_tmux, terminal

DAY = date(2026, 11, 18)
SHOWN = VerdictView(Verdict.BEHIND, "won 10 % of target", "")


def _launch(store: Store, verdict: VerdictView = SHOWN) -> Launch:
    path = store.path.resolve()
    state = database_state(path)
    assert state is not None
    return Launch(
        db=str(path), state=state, verdict=verdict, user="mia (manager)", detail="", mouse=True
    )


def test_the_key_changes_with_arguments_environment_settings_file_and_day() -> None:
    environ = {"PILOT_DB": "/a.db", "HOME": "/root", "UNRELATED": "1"}
    key = launch_key(["--db", "a.db"], environ, DAY)
    assert key == launch_key(["--db", "a.db"], {**environ, "UNRELATED": "2"}, DAY)
    assert key != launch_key(["--db", "b.db"], environ, DAY)
    assert key != launch_key(["--db", "a.db"], {**environ, "PILOT_AS_LOGIN": "sam"}, DAY)
    assert key != launch_key(["--db", "a.db"], environ, date(2026, 11, 19))
    locations.config_file().parent.mkdir(parents=True)
    locations.config_file().write_text('db = "/b.db"\n')
    assert key != launch_key(["--db", "a.db"], environ, DAY)


def test_a_launch_is_recalled_until_the_data_changes(store: Store) -> None:
    remember("k", _launch(store))
    recalled = recall("k")
    assert recalled is not None and recalled.verdict == SHOWN
    assert recall("another key") is None
    add_user(store, ADMIN, User(login="zoe", name="Zoe", role=MANAGER.role, team="north"))
    assert recall("k") is None


def test_a_missing_database_or_a_broken_cache_file_is_a_miss(store: Store) -> None:
    remember("k", replace(_launch(store), db=str(store.path.parent / "gone.db")))
    assert recall("k") is None
    cache = locations.cache_dir() / "launches.json"
    cache.write_text("{not json")
    assert recall("k") is None
    cache.write_text(json.dumps({"k": {"db": str(store.path)}}))
    assert recall("k") is None
    remember("k", _launch(store))  # a broken file is replaced, not an error
    assert recall("k") is not None


def test_only_the_newest_launches_are_kept(store: Store) -> None:
    for number in range(MAX_LAUNCHES + 3):
        remember(f"k{number}", _launch(store))
    kept = json.loads((locations.cache_dir() / "launches.json").read_text())
    assert len(kept) == MAX_LAUNCHES
    assert "k0" not in kept and f"k{MAX_LAUNCHES + 2}" in kept


@run_async
async def test_the_dashboard_remembers_the_verdict_it_opened_on(store: Store) -> None:
    app = make_app(Session(Settings(db=store.path), store, MANAGER), launch_key="k")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        opening = screen.data.verdict
        await pilot.press("right_square_bracket")  # next month: not what a launch opens on
        await settle(pilot)
    recalled = recall("k")
    assert recalled is not None
    assert recalled.verdict == opening
    assert recalled.user == "mia (manager)" and "2026-11" in recalled.detail


@run_async
async def test_a_change_seen_while_open_is_remembered_for_the_next_launch(store: Store) -> None:
    app = make_app(Session(Settings(db=store.path), store, MANAGER), launch_key="k")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert recall("k") is not None
        with Store.open(store.path) as other:  # another user sets the month's target
            set_objective(other, 1_000_000)
        app.data_changed()  # what the live refresh does when it sees the change
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        now = screen.data.verdict
    recalled = recall("k")
    assert recalled is not None and recalled.verdict == now
    assert now.verdict is not Verdict.NO_TARGET


@run_async
async def test_a_launch_without_a_key_remembers_nothing(store: Store) -> None:
    async with make_app(Session(Settings(db=store.path), store, MANAGER)).run_test() as pilot:
        await settle(pilot)
    assert not (locations.cache_dir() / "launches.json").exists()


def _loader(store: Store, actor: User, gate: threading.Event) -> Callable[[], Session]:
    def load() -> Session:
        gate.wait(5)
        return Session(Settings(db=store.path), store, actor)

    return load


@run_async
async def test_a_remembered_launch_paints_its_verdict_then_opens_the_dashboard(
    store: Store,
) -> None:
    gate = threading.Event()
    app = make_app(_loader(store, MANAGER, gate), opening=_launch(store), launch_key="k")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LaunchScreen)
        banner = app.screen.query_one(VerdictBanner)
        assert "BEHIND" in str(banner.render()) and banner.has_class("-behind")
        await pilot.press("p")  # typed before the session is there: kept for when it is
        await pilot.pause()
        assert isinstance(app.screen, LaunchScreen)
        gate.set()
        await settle(pilot)
        assert app.current_mode == "pipeline"
        assert "launching" not in app._screen_stacks  # the first screen is gone
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_a_launch_whose_session_fails_exits_with_the_sentence(store: Store) -> None:
    def load() -> Session:
        raise NotFoundError("There is no Pilot user 'sam' any more.")

    app = make_app(load, opening=_launch(store), launch_key="k")
    async with app.run_test() as pilot:
        await pilot.pause(FIRST_FRAME_SECONDS * 4)  # the load starts after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.load_error == "There is no Pilot user 'sam' any more."
    assert app.return_code == 1


@run_async
async def test_a_reps_launch_opens_on_their_own_dashboard(store: Store) -> None:
    gate = threading.Event()
    gate.set()
    app = make_app(_loader(store, REP_SAM, gate), opening=_launch(store), launch_key="k")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.rep == "sam"


@needs_tmux
def test_in_a_terminal_the_second_launch_is_remembered_and_opens_the_dashboard(
    store: Store, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    command = (
        f"cd {tmp_path} && XDG_CACHE_HOME={cache} XDG_CONFIG_HOME={tmp_path / 'config'} "
        f"PILOT_AS_LOGIN=mia {sys.executable} -m pilot_tui --db {store.path}"
    )
    with terminal("pilot-launch-1", command) as screen:
        screen.wait_for("Overdue actions")
        screen.keys("q")
    launches = json.loads((cache / "pilot" / "launches.json").read_text())
    assert [entry["user"] for entry in launches.values()] == ["mia (manager)"]
    with terminal("pilot-launch-2", command) as screen:
        first = screen.wait_for("mia (manager)")
        assert launches.popitem()[1]["verdict"]["verdict"] in first
        screen.wait_for("Overdue actions")
        screen.keys("p", then="Search")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_launch_screen_snapshot(
    store: Store, size: tuple[int, int], snap_compare: SnapCompare
) -> None:
    """The first frame of a remembered launch, before the session has loaded."""
    gate = threading.Event()
    launch = replace(_launch(store), detail="team north · 2026-11")
    app = make_app(_loader(store, MANAGER, gate), opening=launch, launch_key="k")
    try:
        assert snap_compare(app, terminal_size=size)
    finally:
        gate.set()


@run_async
async def test_a_rep_typing_import_during_the_launch_stays_on_the_dashboard(
    store: Store,
) -> None:
    gate = threading.Event()
    app = make_app(_loader(store, REP_SAM, gate), opening=_launch(store), launch_key="k")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # import: for managers and admins only
        gate.set()
        await settle(pilot)
        assert app.current_mode == "dashboard"


@run_async
async def test_a_launch_whose_session_fails_unexpectedly_exits_with_one_sentence(
    store: Store,
) -> None:
    def load() -> Session:
        raise ValueError("bad settings file")

    app = make_app(load, opening=_launch(store), launch_key="k")
    async with app.run_test() as pilot:
        await pilot.pause(FIRST_FRAME_SECONDS * 4)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.load_error == "Something went wrong: bad settings file; nothing was changed."
    assert app.return_code == 1


def test_the_first_frame_loads_no_engine() -> None:
    """What a remembered launch imports before its first frame: no pandas, numpy, pydantic."""
    code = (
        "import sys\n"
        "from pilot_tui.cli import main\n"
        "from pilot_tui.app import make_app\n"
        "from pilot_tui.screens.launch import LaunchScreen\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pydantic') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
