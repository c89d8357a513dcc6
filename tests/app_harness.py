"""Build the app on the fixture pipeline, and wait for its workers instead of sleeping."""

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from pilot_tui.app import PilotApp, Session, make_app
from pilot_tui.config import Settings
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.screens.text_prompt import TextPromptScreen

P = ParamSpec("P")
ScreenT = TypeVar("ScreenT", bound=Screen[Any])
SnapCompare = Callable[..., bool]
"""What pytest-textual-snapshot's ``snap_compare`` fixture is: (app, terminal_size=…,
press=…, run_before=…) → whether the SVG matches the stored one."""


def build_app(store: Store, actor: User) -> PilotApp:
    app = make_app(Session(Settings(db=store.path), store, actor))
    app.animation_level = "none"
    return app


def top(app: App[Any], kind: type[ScreenT]) -> ScreenT:
    """The screen on top of ``app``, which must be a ``kind``."""
    screen = app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} is on top, not {kind.__name__}"
    return screen


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and its results reach the screen; stop cursor blink."""
    for _round in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def answer_prompt(pilot: Pilot[None], text: str) -> str:
    """Type ``text`` in the open one-line prompt and submit; the refusal shown, if any (the
    prompt then stays open with the text)."""
    prompt = top(pilot.app, TextPromptScreen)
    prompt.query_one("#prompt-text", Input).value = text
    await pilot.press("enter")
    await settle(pilot)
    if pilot.app.screen is prompt:
        return str(prompt.query_one("#prompt-error", Static).render())
    return ""


def pressing(keys: list[str]) -> Callable[[Pilot[None]], Coroutine[Any, Any, None]]:
    """A snapshot's ``run_before``: settle, then each key followed by a settle."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def run_async(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test in its own event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def runner(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return runner
