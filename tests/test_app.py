"""Driving the app with keys: pipeline paging, sort, filter, search; opening and editing a
deal; a permission refusal; a version conflict; a change from another connection."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static

from app_harness import build_app, run_async, settle, top
from conftest import MANAGER, REP_SAM
from pilot_tui.app import Session, make_app
from pilot_tui.cli.app import open_app
from pilot_tui.cli.common import Context
from pilot_tui.config import Settings
from pilot_tui.core.errors import UnknownLoginError
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import get_deal, update_deal
from pilot_tui.screens.dashboard import DashboardScreen
from pilot_tui.screens.deal import DealScreen
from pilot_tui.screens.deal_edit import DealEditScreen
from pilot_tui.screens.help import HelpScreen
from pilot_tui.screens.pipeline import PipelineScreen
from pilot_tui.widgets.deal_table import DealTable
from pipeline_fixture import pipeline_store

SIZE = (120, 40)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    yield from pipeline_store(tmp_path, extra=60)


def names(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one(DealTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def open_pipeline(pilot: Pilot[None]) -> PipelineScreen:
    await pilot.press("p")
    await settle(pilot)
    screen = top(pilot.app, PipelineScreen)
    return screen


async def search(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", Input).value = text  # typing key by key is slow
    await pilot.press("enter")
    await settle(pilot)


@run_async
async def test_pipeline_pages_in_sql_and_sorts(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        screen = await open_pipeline(pilot)
        assert screen.page is not None and screen.page.total == 65  # 5 open + 60 batch
        assert len(names(pilot)) == 50
        assert names(pilot)[:2] == ["Initech expansion", "Stark no amount"]  # by close date
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert len(names(pilot)) == 15
        await pilot.press("left_square_bracket", "s")  # back to page 1, sort by name
        await settle(pilot)
        assert names(pilot)[0] == "Acme renewal"
        await pilot.press("S")  # shift+s reverses (o opens the objectives)
        await settle(pilot)
        assert names(pilot)[0] == "Umbrella upsell"


@run_async
async def test_pipeline_filters_and_search(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        await pilot.press("f")
        await settle(pilot)
        pilot.app.screen.query_one("#stuck", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert names(pilot) == ["Stark no amount", "Globex pilot"]
        assert "stuck" in str(pilot.app.screen.query_one("#filters", Static).render())
        await pilot.press("x")
        await search(pilot, "umbrel")
        assert names(pilot) == ["Umbrella upsell"]


@run_async
async def test_board_shows_stage_totals(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        await pilot.press("b")
        await settle(pilot)
        head = str(pilot.app.screen.query_one("#col-negotiation .board-head", Static).render())
        assert "1 deal\n€30K\nwtd €27K" in head
        await pilot.press("down", "down")  # in the prospecting column (61 deals)
        app.data_changed()  # what live refresh does
        await settle(pilot)
        column = pilot.app.screen.query_one("#col-prospecting OptionList", OptionList)
        assert column.has_focus and column.highlighted == 2
        await pilot.press("right", "right", "right", "right", "enter")
        await settle(pilot)
        assert top(pilot.app, DealScreen).deal_id == 3


async def open_deal(pilot: Pilot[None], name: str) -> DealScreen:
    await open_pipeline(pilot)
    await search(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    return top(pilot.app, DealScreen)


async def edit(pilot: Pilot[None], **values: str) -> DealEditScreen:
    await pilot.press("e")
    await settle(pilot)
    form = top(pilot.app, DealEditScreen)
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


def form_error(form: DealEditScreen) -> str:
    return str(form.query_one("#edit-error", Static).render())


@run_async
async def test_open_and_edit_a_deal(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        screen = await open_deal(pilot, "acme")
        assert screen.detail is not None
        assert [s.days for s in screen.detail.timeline] == [9, 21, 40, 8]
        await edit(pilot, amount="14 000", next_step="Sign", next_step_due="2026-11-27")
        assert pilot.app.screen is screen
        assert screen.detail.deal.amount_minor == 1_400_000  # the screen reloaded
    deal = get_deal(store, 1)
    assert (deal.amount_minor, deal.next_step, deal.version) == (1_400_000, "Sign", 2)


@run_async
async def test_detail_tabs_and_the_lost_and_snooze_keys(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        screen = await open_deal(pilot, "acme")
        rows = {
            name: screen.query_one(f"#{name}", DataTable).row_count
            for name in ("timeline", "pushes", "activities", "audit")
        }
        assert rows == {"timeline": 4, "pushes": 2, "activities": 2, "audit": 1}
        await pilot.press("z")
        await settle(pilot)
        form = top(pilot.app, DealEditScreen)
        assert form.query_one("#snoozed_until", Input).has_focus
        await edit_again(pilot, form, snoozed_until="2026-12-01", snooze_reason="Budget freeze")
        assert pilot.app.screen is screen
        await pilot.press("l")
        await settle(pilot)
        form = top(pilot.app, DealEditScreen)
        await edit_again(pilot, form, lost_reason="")
        assert form_error(form) == "Say why the deal was lost before marking it lost."
        await edit_again(pilot, form, lost_reason="competitor")
        assert pilot.app.screen is screen
    deal = get_deal(store, 1)
    assert (deal.snooze_reason, deal.stage, deal.lost_reason) == (
        "Budget freeze",
        "lost",
        "competitor",
    )
    assert deal.closed_on is not None and deal.closed_on.isoformat() == "2026-11-18"


@run_async
async def test_validation_error_is_one_sentence_and_keeps_the_form(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await open_deal(pilot, "acme")
        form = await edit(pilot, amount="lots", next_step="Call")
        assert pilot.app.screen is form
        assert form_error(form) == "'lots' is not an amount (try 12500, 12 500,50 or 12.5k)."
        await edit_again(pilot, form, amount="1k", snoozed_until="2026-12-01")
        assert form_error(form) == "A snooze needs both a reason and a date."
        assert form.query_one("#next_step", Input).value == "Call"


async def edit_again(pilot: Pilot[None], form: DealEditScreen, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


@run_async
async def test_a_rep_lands_on_their_own_deals_and_can_see_the_teams(store: Store) -> None:
    async with build_app(store, REP_SAM).run_test(size=SIZE) as pilot:
        screen = await open_pipeline(pilot)
        assert screen.page is not None and {d.owner for d in screen.page.deals} == {"sam"}
        line = str(screen.query_one("#filters", Static).render())
        assert "owner sam" in line and "x: all open deals" in line
        await pilot.press("x")
        await settle(pilot)
        assert screen.page is not None and {d.owner for d in screen.page.deals} > {"sam"}
        assert str(screen.query_one("#filters", Static).render()) == "Filters: open"


@run_async
async def test_rep_editing_another_reps_deal_is_refused_at_once(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        await pilot.press("x")  # the team's deals, not only sam's
        await settle(pilot)
        deal = await open_deal(pilot, "initech")
        for key in ("e", "w"):
            await pilot.press(key)
            await settle(pilot)
            assert pilot.app.screen is deal  # no form to fill in vain
        messages = [n.message for n in app._notifications]
        assert (
            messages.count(
                "sam is a rep and can only change their own deals; this one belongs to ria."
            )
            == 2
        )
    assert get_deal(store, 3).version == 1


@run_async
async def test_keys_a_rep_may_not_use_say_why(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")  # import: for managers
        await pilot.press("v")  # another rep's dashboard: for managers
        await settle(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen)
        messages = [n.message for n in app._notifications]
        assert "Importing CRM data is for managers and admins; you are a rep." in messages
        assert "A rep sees their own dashboard; other views are for managers." in messages


@run_async
async def test_version_conflict_keeps_the_input_and_says_who_changed_what(
    store: Store,
) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await open_deal(pilot, "acme")
        await pilot.press("e")
        await settle(pilot)
        form = top(pilot.app, DealEditScreen)
        with Store.open(store.path) as other:
            update_deal(other, REP_SAM, 1, {"stage": "negotiation"}, expected_version=1)
        form.query_one("#amount", Input).value = "13k"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        message = form_error(form)
        assert "Deal 1 was changed by sam at 2026-11-18 09:30 UTC" in message
        assert "They changed: stage." in message
        assert form.query_one("#amount", Input).value == "13k"
        await pilot.press("ctrl+s")  # save mine over theirs, knowingly
        await settle(pilot)
        assert isinstance(pilot.app.screen, DealScreen)
    deal = get_deal(store, 1)
    assert (deal.amount_minor, deal.stage, deal.version) == (1_300_000, "proposal", 3)


@run_async
async def test_change_from_another_connection_appears_and_keeps_the_cursor(
    store: Store,
) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        await pilot.press("down", "down")
        with Store.open(store.path) as other:
            update_deal(other, MANAGER, 1, {"name": "Acme renewal XL"}, expected_version=1)
        for _tick in range(30):
            await pilot.pause(0.1)
            await settle(pilot)
            if "Acme renewal XL" in names(pilot):
                break
        assert names(pilot)[2] == "Acme renewal XL"
        assert pilot.app.screen.query_one(DealTable).cursor_row == 2


@run_async
async def test_rep_lands_on_their_own_view_and_managers_switch(store: Store) -> None:
    async with build_app(store, REP_SAM).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        assert screen.data.rep == "sam"
        owners = {deal.owner for deal in screen.data.own_deals}
        assert owners == {"sam"}
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        assert screen.data.rep is None
        await pilot.press("v")
        await settle(pilot)
        pilot.app.screen.query_one(OptionList).highlighted = 2  # team, ria, sam
        await pilot.press("enter")
        await settle(pilot)
        assert screen.data.rep == "sam"


@run_async
async def test_help_lists_keys_and_palette_lists_actions(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        titles = [title for title, _run, _help in app.screen_commands(app.screen)]
        assert {"Pipeline: Filter", "Pipeline: Board", "Pilot: Dashboard", "Pilot: Quit"} <= set(
            titles
        )
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert ("f", "Filter") in app.screen.rows
        await pilot.press("question_mark")
        assert isinstance(app.screen, PipelineScreen)
        await pilot.press("q")
    assert app.return_code == 0


@run_async
async def test_command_palette_runs_a_screen_action(store: Store) -> None:
    async with build_app(store, MANAGER).run_test(size=SIZE) as pilot:
        await open_pipeline(pilot)
        await pilot.press("ctrl+p", *"board")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, PipelineScreen) and screen.showing_board


def test_open_app_without_an_account_stops_before_the_screen(store: Store) -> None:
    ctx = Context(Settings(db=store.path))
    with pytest.raises(UnknownLoginError, match="has no Pilot account"):
        open_app(ctx, mouse=False)


@run_async
async def test_a_keymap_in_the_settings_rebinds_keys(store: Store) -> None:
    keymap = {"go.pipeline": "P", "pipeline.search": "ctrl+f"}
    app = make_app(Session(Settings(db=store.path, keymap=keymap), store, MANAGER))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")  # the key it replaced does nothing now
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PipelineScreen)
        await pilot.press("ctrl+f")  # a screen's key too
        assert app.screen.query_one("#search", Input).has_focus
