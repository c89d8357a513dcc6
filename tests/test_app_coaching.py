"""The coaching-notes screen: managers read and write; a rep reads their own, and is told why
a colleague's are not shown."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from app_harness import build_app, pressing, run_async, settle
from conftest import MANAGER, REP_SAM
from pilot_tui.core.coaching import add_coaching_note, coaching_notes_for
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.screens.coaching import CoachingScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pipeline_fixture import pipeline_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    for store in pipeline_store(tmp_path):
        add_coaching_note(store, MANAGER, "sam", "Qualifies well; push for a next step.")
        add_coaching_note(store, MANAGER, "ria", "Ria's notes stay between Ria and us.")
        yield store


def _panel(app: object) -> Static:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CoachingScreen)
    return screen.query_one("#notes", Static)


async def _show_rep(pilot: object, login: str) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    options = app.screen.query_one("#reps", OptionList)
    options.highlighted = [str(option.id) for option in options.options].index(login)
    await settle(pilot)  # type: ignore[arg-type]


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
    name: str, size: tuple[int, int], store: Store, snap_compare: object
) -> None:
    actor, rep = SCREENS[name]
    compare: Callable[..., bool] = snap_compare  # type: ignore[assignment]
    run_before = pressing(["C"])

    async def then_rep(pilot: object) -> None:
        await run_before(pilot)  # type: ignore[arg-type]
        await _show_rep(pilot, rep)

    assert compare(build_app(store, actor), terminal_size=size, run_before=then_rep)
