"""Work off the interface thread: a refusal and an unexpected error both end as one sentence
on screen, and nothing keeps spinning."""

import pytest
from textual.widgets import Input, Label

from app_harness import build_app, run_async, settle
from conftest import ADMIN, MANAGER
from pilot_tui.app import PilotApp
from pilot_tui.core.errors import NotFoundError
from pilot_tui.core.importers import run
from pilot_tui.core.store import Store
from pilot_tui.screens import findings
from pilot_tui.screens.findings import FindingsScreen
from pilot_tui.screens.import_screen import READY
from test_app_import import FIXTURES


def _notified(app: PilotApp) -> list[str]:
    return [notification.message for notification in app._notifications]


@run_async
async def test_an_unexpected_error_in_a_worker_becomes_a_notification(
    team_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a rule divided by zero")

    monkeypatch.setattr(findings, "run_diagnostics", broken)
    app = build_app(team_store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert not screen.query_one("#findings-body").loading  # the spinner stopped
        assert _notified(app) == [
            "Something went wrong: a rule divided by zero; nothing was changed."
        ]
        await pilot.press("d")  # the app is still there and answers
        await settle(pilot)
        assert app.current_mode == "dashboard"


@run_async
async def test_a_refusal_in_a_worker_is_its_own_sentence(
    team_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise NotFoundError("There is no such team.")

    monkeypatch.setattr(findings, "run_diagnostics", refused)
    app = build_app(team_store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert not app.screen.query_one("#findings-body").loading
        assert _notified(app) == ["There is no such team."]


@run_async
async def test_an_unexpected_error_while_reading_an_import_resets_its_status(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise UnicodeError("an odd byte")

    monkeypatch.setattr(run, "prepare_import", broken)
    app = build_app(store, ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#import-path", Input).value = str(FIXTURES / "pipedrive-deals.csv")
        await pilot.press("ctrl+r")
        await settle(pilot)
        status = str(app.screen.query_one("#import-status", Label).render())
        assert status == READY  # not "Reading…" for ever
        assert _notified(app) == ["Something went wrong: an odd byte; nothing was changed."]
