"""The Findings and Playbook screens, driven by keys on a demo team where rules fire."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, MarkdownViewer, OptionList, Static

from app_harness import build_app, run_async, settle, top
from pilot_tui.core import clock
from pilot_tui.core.demo import build_demo
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.screens.findings import FindingsScreen
from pilot_tui.screens.playbook import PlaybookScreen

DEMO_DAY = date(2026, 11, 18)
MANAGER = User(login="boss", name="Boss", role=Role.MANAGER, team="north")
DINA = User(login="dina", name="Dina", role=Role.REP, team="north")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, manager_login="boss", today=DEMO_DAY)
    return path


def _detail_text(app: App[Any]) -> str:
    viewer = app.screen.query_one("#finding-detail", MarkdownViewer)
    return str(viewer.document.source)


@run_async
async def test_findings_list_most_severe_first_and_create_an_action(demo_path: Path) -> None:
    clock.set_today(DEMO_DAY)
    with Store.open(demo_path) as store:
        app = build_app(store, MANAGER)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            screen = top(app, FindingsScreen)
            severities = [f.severity.value for f in screen.findings]
            assert severities[0] == "high" and "qualification_drop" in {
                f.rule for f in screen.findings
            }
            assert _detail_text(app).startswith(f"## {screen.findings[0].title}")
            assert "# Playbook:" in _detail_text(app)  # the rule's own entry, shown below
            dina = next(
                i
                for i, f in enumerate(screen.findings)
                if f.rule == "qualification_drop" and f.scope == "rep:dina"
            )
            screen.query_one("#findings", OptionList).highlighted = dina
            await pilot.press("a")
            await settle(pilot)
            assert app.screen.query_one("#action-owner", Input).value == "dina"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, FindingsScreen)
        rows = store.rows(
            "SELECT owner, finding, playbook, due FROM activities WHERE finding IS NOT NULL"
        )
        assert rows == [
            {
                "owner": "dina",
                "finding": "qualification_drop",
                "playbook": "rule-qualification_drop",
                "due": "2026-11-25",
            }
        ]


@run_async
async def test_a_rep_cannot_give_another_rep_an_action_and_keeps_the_form(
    demo_path: Path,
) -> None:
    clock.set_today(DEMO_DAY)
    with Store.open(demo_path) as store:
        app = build_app(store, DINA)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)  # `a` acts on the highlighted finding: wait for the list
            await pilot.press("a")
            await settle(pilot)
            app.screen.query_one("#action-owner", Input).value = "bea"
            app.screen.query_one("#action-title", Input).value = "Coach bea"
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = str(app.screen.query_one("#action-error", Static).render())
            assert "rep" in error and "bea" in error
            assert app.screen.query_one("#action-title", Input).value == "Coach bea"


@run_async
async def test_playbook_search_open_and_follow_a_link(demo_path: Path) -> None:
    with Store.open(demo_path) as store:
        app = build_app(store, MANAGER)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            screen = top(app, PlaybookScreen)
            await pilot.press("slash")
            screen.query_one("#playbook-search", Input).value = "meddic"
            await pilot.press("enter")
            await settle(pilot)
            options = screen.query_one("#entries", OptionList)
            assert options.get_option_at_index(0).id == "meddic"
            viewer = screen.query_one("#entry", MarkdownViewer)
            assert viewer.document.source.startswith("# MEDDIC")
            screen.open_entry("stage-proposal")
            await settle(pilot)
            assert "Proposal" in viewer.document.source.splitlines()[0]
            assert options.highlighted is not None
            assert options.get_option_at_index(options.highlighted).id == "stage-proposal"
