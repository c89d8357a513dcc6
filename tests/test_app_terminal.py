"""Slow links and small terminals: --low-bandwidth, --no-mouse, resizing."""

import argparse
import sys
from pathlib import Path

import pytest

from app_harness import run_async, settle
from conftest import MANAGER
from pilot_tui.app import POLL_SECONDS, SLOW_LINK_POLL_SECONDS, Session, make_app
from pilot_tui.cli import build_parser
from pilot_tui.cli.common import Context
from pilot_tui.config import Settings
from pilot_tui.core.store import Store
from terminal import needs_tmux, terminal


def _context(argv: list[str]) -> tuple[Context, argparse.Namespace]:
    args = build_parser().parse_args(argv)
    return Context.from_args(args), args


def test_low_bandwidth_turns_animations_off_and_slows_the_live_refresh(store: Store) -> None:
    slow = make_app(Session(Settings(db=store.path, low_bandwidth=True), store, MANAGER))
    assert (slow.animation_level, slow.poll_seconds) == ("none", SLOW_LINK_POLL_SECONDS)
    usual = make_app(Session(Settings(db=store.path), store, MANAGER))
    assert usual.poll_seconds == POLL_SECONDS and usual.animation_level != "none"


def test_the_flags_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, args = _context(["--low-bandwidth", "--no-mouse"])
    assert ctx.settings.low_bandwidth is True and args.no_mouse is True
    ctx, _args = _context(["demo", "--low-bandwidth", "--no-open"])
    assert ctx.settings.low_bandwidth is True
    monkeypatch.setenv("PILOT_LOW_BANDWIDTH", "1")
    assert _context([])[0].settings.low_bandwidth is True


@run_async
async def test_screens_reflow_between_80x24_and_160x50(store: Store) -> None:
    app = make_app(Session(Settings(db=store.path), store, MANAGER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in ((160, 50), (80, 24), (100, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.screen.size == size
        await pilot.press("p")
        await settle(pilot)
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert app.screen.size == (160, 50)


@needs_tmux
@pytest.mark.parametrize(
    ("colour_system", "refused"),
    [("standard", ("38;5;", "48;5;", "38;2;", "48;2;")), ("256", ("38;2;", "48;2;"))],
)
def test_the_terminal_colour_system_is_honoured(
    store: Store, tmp_path: Path, colour_system: str, refused: tuple[str, ...]
) -> None:
    """TEXTUAL_COLOR_SYSTEM=standard draws with the 16 colours only, 256 with the palette only;
    the verdict is a word, so it reads the same in any of them."""
    command = (
        f"TEXTUAL_COLOR_SYSTEM={colour_system} XDG_CACHE_HOME={tmp_path / 'cache'} "
        f"PILOT_AS_LOGIN=mia {sys.executable} -m pilot_tui --db {store.path}"
    )
    with terminal(f"pilot-colours-{colour_system}", command) as screen:
        screen.wait_for("Overdue actions")
        drawn = screen.screen(escapes=True)
    assert any(verdict in drawn for verdict in ("AHEAD", "ON PACE", "BEHIND", "NO TARGET"))
    assert "\x1b[" in drawn  # it is in colour...
    assert [code for code in refused if code in drawn] == []  # ...within the colours asked for
