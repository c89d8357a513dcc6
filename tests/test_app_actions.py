"""The Actions screen (A): everyone's for a manager, their own for a rep; done, a new date,
dropped with a reason — refusals keep what was typed. And `a` on a deal."""

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from app_harness import SnapCompare, answer_prompt, build_app, pressing, run_async, settle, top
from conftest import MANAGER, REP_SAM
from pilot_tui.core.actions import get_action, list_actions
from pilot_tui.core.store import Store
from pilot_tui.screens.action_form import ActionFormScreen
from pilot_tui.screens.actions import ActionsScreen
from pilot_tui.widgets.keyed_table import KeyedTable
from test_app import open_deal


async def _open(pilot: Pilot[None]) -> ActionsScreen:
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    screen = top(pilot.app, ActionsScreen)
    return screen


def _titles(screen: ActionsScreen) -> list[str]:
    table = screen.query_one(KeyedTable)
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


async def _select(pilot: Pilot[None], screen: ActionsScreen, title: str) -> int:
    """Put the cursor on the action titled ``title``; its id."""
    table = screen.query_one(KeyedTable)
    row = next(i for i, shown in enumerate(_titles(screen)) if title in shown)
    table.move_cursor(row=row)
    await pilot.pause()
    key = table.selected_key()
    assert key is not None
    return int(key)


@run_async
async def test_a_rep_sees_and_closes_their_own_actions(store: Store) -> None:
    async with build_app(store, REP_SAM).run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        assert _titles(screen) == ["! call: Call the CFO"]  # overdue: due 11-12, today 11-18
        action_id = await _select(pilot, screen, "Call the CFO")
        await pilot.press("1")
        await settle(pilot)
        assert _titles(screen) == []
    assert get_action(store, REP_SAM, action_id).status == "done"


@run_async
async def test_a_manager_reschedules_and_drops_with_refusals_that_keep_the_text(
    store: Store,
) -> None:
    async with build_app(store, MANAGER).run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot)
        owners = [str(screen.query_one(KeyedTable).get_row_at(r)[0]) for r in range(3)]
        assert owners == ["ria", "ria", "sam"]  # grouped by owner, overdue first within
        contract = await _select(pilot, screen, "Send the contract")
        await pilot.press("2")
        await settle(pilot)
        refusal = await answer_prompt(pilot, "2026-11-01")
        assert "is in the past" in refusal
        assert pilot.app.screen.query_one("#prompt-text", Input).value == "2026-11-01"
        assert await answer_prompt(pilot, "2026-12-01") == ""
        crm = await _select(pilot, screen, "Update the CRM")
        await pilot.press("3")
        await settle(pilot)
        assert await answer_prompt(pilot, "") == "Say why the action is dropped."
        assert await answer_prompt(pilot, "Done by the import") == ""
    assert get_action(store, MANAGER, contract).due == date(2026, 12, 1)
    dropped = get_action(store, MANAGER, crm)
    assert (dropped.status, dropped.status_reason) == ("dropped", "Done by the import")


@run_async
async def test_a_on_a_deal_creates_an_action_linked_to_it(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=(120, 40)) as pilot:
        deal = await open_deal(pilot, "acme")
        assert deal.detail is not None
        await pilot.press("a")
        await settle(pilot)
        form = top(pilot.app, ActionFormScreen)
        assert form.query_one("#action-owner", Input).value == deal.detail.deal.owner
        form.query_one("#action-title", Input).value = "Send the renewal quote"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is deal
    created = [a for a in list_actions(store, MANAGER) if a.title == "Send the renewal quote"]
    assert [(a.deal_id, a.kind, a.due) for a in created] == [(1, "action", date(2026, 11, 25))]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_actions_snapshot(store: Store, size: tuple[int, int], snap_compare: SnapCompare) -> None:
    assert snap_compare(build_app(store, MANAGER), terminal_size=size, run_before=pressing(["A"]))
