"""The Users screen (U, admins only): a role, access, a name and a team changed from the app,
through the same audited writes as `pilot users`; a refused name keeps what was typed."""

import json

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from app_harness import SnapCompare, answer_prompt, build_app, pressing, run_async, settle, top
from conftest import ADMIN, MANAGER
from pilot_tui.core.models import Access, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import get_user
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.screens.users import UsersScreen
from pilot_tui.widgets.keyed_table import KeyedTable


def _add_owner_with_no_login(store: Store) -> None:
    """As an import creates an owner: inactive, never deactivated."""
    with store.write(ADMIN) as writer:
        writer.insert(
            "users", {"login": "olga", "name": "Olga", "role": "rep", "team": None, "active": 0}
        )


async def _open_on(pilot: Pilot[None], login: str) -> UsersScreen:
    await settle(pilot)
    await pilot.press("U")
    await settle(pilot)
    screen = top(pilot.app, UsersScreen)
    table = screen.query_one(KeyedTable)
    table.move_cursor(
        row=[str(table.get_row_at(r)[0]) for r in range(table.row_count)].index(login)
    )
    await pilot.pause()
    return screen


async def _pick(pilot: Pilot[None], value: str) -> None:
    options = top(pilot.app, PickScreen).query_one(OptionList)
    options.highlighted = options.get_option_index(value)
    await pilot.press("enter")
    await settle(pilot)


def _user(store: Store, login: str) -> User:
    user = get_user(store, login)
    assert user is not None
    return user


@run_async
async def test_an_admin_changes_a_role_and_it_is_audited(team_store: Store) -> None:
    async with build_app(team_store, ADMIN).run_test(size=(120, 40)) as pilot:
        await _open_on(pilot, "sam")
        await pilot.press("s")
        await _pick(pilot, "manager")
    assert _user(team_store, "sam").role.value == "manager"
    before, after = team_store.rows(
        "SELECT before_json, after_json FROM audit WHERE entity = 'users' AND entity_id = 'sam' "
        "ORDER BY id DESC LIMIT 1"
    )[0].values()
    assert (json.loads(before)["role"], json.loads(after)["role"]) == ("rep", "manager")


@run_async
async def test_the_last_admin_is_not_demoted_from_the_app(team_store: Store) -> None:
    async with build_app(team_store, ADMIN).run_test(size=(120, 40)) as pilot:
        await _open_on(pilot, "ada")
        await pilot.press("s")
        await _pick(pilot, "rep")
        shown = [str(n.message) for n in pilot.app._notifications]
    assert "ada is the last active admin: make another user admin first." in shown
    assert _user(team_store, "ada").role.value == "admin"


@run_async
async def test_a_refused_name_keeps_what_was_typed_then_saves(team_store: Store) -> None:
    async with build_app(team_store, ADMIN).run_test(size=(120, 40)) as pilot:
        await _open_on(pilot, "sam")
        await pilot.press("e")
        assert await answer_prompt(pilot, "Sam\x00") != ""
        prompt = top(pilot.app, TextPromptScreen)
        assert prompt.query_one("#prompt-text", Input).value == "Sam\x00"
        assert await answer_prompt(pilot, "Samuel Seller") == ""
        await pilot.press("t")
        assert await answer_prompt(pilot, "south") == ""
        table = top(pilot.app, UsersScreen).query_one(KeyedTable)
        row = [str(c) for c in table.get_row_at(table.cursor_row)]
    assert row[:4] == ["sam", "Samuel Seller", "rep", "south"]
    sam = _user(team_store, "sam")
    assert (sam.name, sam.team) == ("Samuel Seller", "south")


@run_async
async def test_an_owner_with_no_login_yet_is_shown_and_given_access(team_store: Store) -> None:
    _add_owner_with_no_login(team_store)
    async with build_app(team_store, ADMIN).run_test(size=(120, 40)) as pilot:
        screen = await _open_on(pilot, "olga")
        table = screen.query_one(KeyedTable)
        assert str(table.get_row_at(table.cursor_row)[4]) == "no login yet"
        await pilot.press("a")
        await settle(pilot)
        assert str(table.get_row_at(table.cursor_row)[4]) == "active"
    assert _user(team_store, "olga").access is Access.ACTIVE


@run_async
async def test_a_manager_does_not_get_the_users_screen(team_store: Store) -> None:
    app = build_app(team_store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert not isinstance(app.screen, UsersScreen)
        titles = [title for title, _run, _help in app.screen_commands(app.screen)]
    assert not any("Users" in title for title in titles)


def test_users_screen_snapshot(team_store: Store, snap_compare: SnapCompare) -> None:
    _add_owner_with_no_login(team_store)
    assert snap_compare(
        build_app(team_store, ADMIN), terminal_size=(100, 24), run_before=pressing(["U"])
    )
