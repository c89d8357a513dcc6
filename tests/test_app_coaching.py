"""The coaching-notes screen: managers read and write; a rep reads their own, and is told why
a colleague's are not shown."""

from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from app_harness import SnapCompare, build_app, pressing, run_async, settle, top
from conftest import MANAGER, REP_SAM
from pilot_tui.core.coaching import add_coaching_note, coaching_notes_for
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.screens.coaching import CoachingScreen
from pilot_tui.screens.text_prompt import TextPromptScreen


@pytest.fixture
def store(store: Store) -> Store:
    """The fixture pipeline with a coaching note on each rep."""
    add_coaching_note(store, MANAGER, "sam", "Qualifies well; push for a next step.")
    add_coaching_note(store, MANAGER, "ria", "Ria's notes stay between Ria and us.")
    return store


def _panel(app: App[Any]) -> Static:
    screen = top(app, CoachingScreen)
    return screen.query_one("#notes", Static)


async def _show_rep(pilot: Pilot[None], login: str) -> None:
    app = pilot.app
    options = app.screen.query_one("#reps", OptionList)
    options.highlighted = [str(option.id) for option in options.options].index(login)
    await settle(pilot)


@run_async
async def test_a_manager_reads_a_reps_notes_and_adds_one(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        await _show_rep(pilot, "sam")
        assert "Qualifies well" in str(_panel(app).render())
        assert "between Ria" not in str(_panel(app).render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"Role-play the pricing objection", "enter")
        await settle(pilot)
        assert "Role-play the pricing objection" in str(_panel(app).render())
    bodies = [note.body for note in coaching_notes_for(store, MANAGER, "sam")]
    assert bodies[-1] == "Role-play the pricing objection" and len(bodies) == 2


@run_async
async def test_a_rep_reads_their_own_notes_and_is_refused_a_colleagues(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert "Qualifies well" in str(_panel(app).render())
        await _show_rep(pilot, "ria")
        shown = str(_panel(app).render())
        assert "Coaching notes about ria are private to ria and the managers." in shown
        assert "between Ria" not in shown and _panel(app).has_class("-refused")
        await pilot.press("a")  # reps do not write coaching notes: no key, no prompt
        await pilot.pause()
        assert isinstance(app.screen, CoachingScreen)


SCREENS: dict[str, tuple[User, str]] = {
    "manager_on_sam": (MANAGER, "sam"),
    "rep_refused_ria": (REP_SAM, "ria"),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_coaching_screen(
    name: str, size: tuple[int, int], store: Store, snap_compare: SnapCompare
) -> None:
    actor, rep = SCREENS[name]
    run_before = pressing(["C"])

    async def then_rep(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        await _show_rep(pilot, rep)

    assert snap_compare(build_app(store, actor), terminal_size=size, run_before=then_rep)
