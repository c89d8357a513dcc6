"""Users (U, admins only): who can use Pilot, their role, team and access; change a role,
give access back, deactivate, rename, move to a team.

Every change goes through ``core.store.users`` (audited, admin only, one active admin kept);
a refused name or team is shown under the field and what was typed stays."""

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from pilot_tui.core.models import Access, Role, User
from pilot_tui.core.store.users import (
    deactivate_user,
    list_users,
    reactivate_user,
    rename_user,
    set_role,
    set_team,
)
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.titlebar import TitleBar

COLUMNS = ((_("Login"), 14), (_("Name"), 22), (_("Role"), 8), (_("Team"), 12), (_("Access"), 12))
ACCESS_STYLE = {Access.ACTIVE: "", Access.DEACTIVATED: "dim", Access.NO_LOGIN_YET: "italic"}


class UsersScreen(PilotScreen):
    """Every user; `s` role, `a` give access, `x` deactivate, `e` rename, `t` team."""

    TITLE = _("Users")
    AUTO_FOCUS = "#users"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "set_role", _("Set role"), id="users.set_role"),
        Binding("a", "reactivate", _("Give access"), id="users.reactivate"),
        Binding("x", "deactivate", _("Deactivate"), id="users.deactivate"),
        Binding("e", "rename", _("Rename"), id="users.rename"),
        Binding("t", "set_team", _("Set team"), id="users.set_team"),
    ]
    DEFAULT_CSS = """
    UsersScreen #users { height: 1fr; }
    UsersScreen #users-summary { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, User] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="users-summary")
        yield KeyedTable(COLUMNS, id="users")
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        self.in_background(lambda: self.pilot.read(list_users), self._show, group="users")

    def _show(self, users: list[User]) -> None:
        self.users = {user.login: user for user in users}
        waiting = sum(user.access is Access.NO_LOGIN_YET for user in users)
        self.query_one("#users-summary", Static).update(
            _(
                "{count} users, {waiting} with no login yet · s role · a give access · "
                "x deactivate · e rename · t team"
            ).format(count=len(users), waiting=waiting)
        )
        self.query_one(KeyedTable).replace_rows((user.login, _cells(user)) for user in users)

    def _selected(self) -> User | None:
        key = self.query_one(KeyedTable).selected_key()
        return self.users.get(key) if key else None

    def action_set_role(self) -> None:
        user = self._selected()
        if user is None:
            return
        choices = [(role.value, role.value) for role in Role]

        def picked(role: str | None) -> None:
            if role is not None:
                self._save(
                    lambda: self.pilot.write(set_role, self.pilot.actor, user.login, Role(role))
                )

        self.app.push_screen(
            PickScreen(_("Role of {login}").format(login=user.login), choices), picked
        )

    def action_reactivate(self) -> None:
        user = self._selected()
        if user is not None:
            self._save(lambda: self.pilot.write(reactivate_user, self.pilot.actor, user.login))

    def action_deactivate(self) -> None:
        user = self._selected()
        if user is not None:
            self._save(lambda: self.pilot.write(deactivate_user, self.pilot.actor, user.login))

    def action_rename(self) -> None:
        user = self._selected()
        if user is not None:
            self._ask(_("Name of {login}").format(login=user.login), user.name, rename_user, user)

    def action_set_team(self) -> None:
        user = self._selected()
        if user is not None:
            title = _("Team of {login}").format(login=user.login)
            self._ask(title, user.team or "", set_team, user)

    def _ask(self, title: str, value: str, change: Callable[..., User], user: User) -> None:
        """A prompt that saves ``change(store, actor, login, text)``; a refusal is shown under
        the field with the text kept."""

        def save(text: str) -> User:
            return self.pilot.write(change, self.pilot.actor, user.login, text)

        def done(text: str | None) -> None:
            if text is not None:
                self.pilot.data_changed()

        self.app.push_screen(TextPromptScreen(title, value, save=save), done)

    def _save(self, change: Callable[[], User]) -> None:
        """Save ``change``; the list is read again once it is saved, a refusal says why."""
        self.in_background(
            change, lambda _user: self.pilot.data_changed(), group="users-write", exclusive=False
        )


def _cells(user: User) -> list[Text | str]:
    style = ACCESS_STYLE[user.access]
    return [
        Text(user.login, style=style),
        Text(user.name, style=style),
        user.role.value,
        user.team or "—",
        Text(_(user.access.value), style=style),
    ]
