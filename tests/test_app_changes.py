"""The 'What changed' screen: the waterfall of the team's (a rep's: their own) pipeline, a
week earlier or later, every open deal or this month's, and a deal opened from its row."""

from datetime import date

from app_harness import build_app, run_async, settle, top
from conftest import MANAGER, REP_SAM
from pilot_tui.core.store import Store
from pilot_tui.screens.changes import ChangesScreen
from pilot_tui.screens.deal import DealScreen
from pilot_tui.widgets.keyed_table import KeyedTable

SIZE = (120, 40)


@run_async
async def test_the_waterfall_moves_a_week_and_opens_a_deal(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await pilot.press("W")
        await settle(pilot)
        screen = top(pilot.app, ChangesScreen)
        assert screen.since == date(2026, 11, 11)
        await pilot.press("a")
        await settle(pilot)
        table = screen.query_one(KeyedTable)
        assert table.selected_key() == "4"  # the deal created on Nov 12
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.since == date(2026, 11, 4)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.since == date(2026, 11, 17), "never today or later"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert top(pilot.app, DealScreen).deal_id == int(table.selected_key() or 0)


@run_async
async def test_a_rep_sees_the_changes_of_their_own_pipeline(store: Store) -> None:
    async with build_app(store, REP_SAM).run_test(size=SIZE) as pilot:
        await pilot.press("W", "a")
        await settle(pilot)
        screen = top(pilot.app, ChangesScreen)
        keys = [str(k.value) for k in screen.query_one(KeyedTable).rows]
        assert "4" not in keys  # ria's new deal is not in sam's pipeline
