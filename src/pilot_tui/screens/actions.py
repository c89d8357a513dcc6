"""Actions per owner, overdue first: done, a new date, or dropped with a reason.

A rep sees and closes their own; a manager everyone's (``core.actions`` decides). Each change
names the version it was read at, so an action someone changed meanwhile is refused loudly.
"""

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static

from pilot_tui.core.actions import (
    ACTION_KIND,
    Action,
    ActionLinks,
    complete_action,
    drop_action,
    group_by_owner,
    list_actions,
    reschedule_action,
)
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _
from pilot_tui.screens.action_form import decision_prompt, open_action_form, say_created
from pilot_tui.screens.base import PilotScreen
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.titlebar import TitleBar

COLUMNS = ((_("Owner"), 8), (_("Due"), 10), (_("Action"), 32), (_("On"), 16))


class ActionsScreen(PilotScreen):
    """Open actions grouped by owner, overdue first within each; `1` done, `2` new date,
    `3` drop, `a` a new one."""

    TITLE = _("Actions")
    AUTO_FOCUS = "#actions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "decide('done')", _("Done"), id="actions.done"),
        Binding("2", "decide('rescheduled')", _("New date"), id="actions.reschedule"),
        Binding("3", "decide('dropped')", _("Drop"), id="actions.drop"),
        Binding("a", "new_action", _("New action"), id="actions.new"),
    ]
    DEFAULT_CSS = """
    ActionsScreen #actions { height: 1fr; }
    ActionsScreen #actions-summary { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.actions: dict[str, Action] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="actions-summary")
        yield KeyedTable(COLUMNS, id="actions")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show_title(_("the team's") if self.pilot.actor.is_manager else _("mine"))

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        actor = self.pilot.actor
        self.in_background(
            lambda: self.pilot.read(list_actions, actor), self._show, group="actions"
        )

    def _show(self, actions: list[Action]) -> None:
        self.actions = {str(action.id): action for action in actions}
        overdue = sum(action.overdue for action in actions)
        self.query_one("#actions-summary", Static).update(
            _("{open} open, {overdue} overdue · 1 done · 2 new date · 3 drop · a new").format(
                open=len(actions), overdue=overdue
            )
        )
        rows = [
            (str(action.id), _cells(action))
            for group in group_by_owner(actions).values()
            for action in group
        ]
        self.query_one(KeyedTable).replace_rows(rows)

    def _selected(self) -> Action | None:
        key = self.query_one(KeyedTable).selected_key()
        return self.actions.get(key) if key else None

    def action_decide(self, outcome: str) -> None:
        """Done at once; a new date or a reason asked first (``decision_prompt``)."""
        action = self._selected()
        if action is None:
            return
        actor, version = self.pilot.actor, action.version
        if outcome == "done":
            self.decide(
                lambda: self.pilot.write(
                    complete_action, actor, action.id, expected_version=version
                )
            )
            return

        def decide(due: date | None, reason: str | None) -> None:
            if outcome == "rescheduled":
                self.pilot.write(reschedule_action, actor, action.id, due, expected_version=version)
            else:
                self.pilot.write(
                    drop_action, actor, action.id, reason or "", expected_version=version
                )

        self.app.push_screen(
            decision_prompt(action, outcome, decide), lambda _text: self.pilot.data_changed()
        )

    def action_new_action(self) -> None:
        selected = self._selected()
        actor = self.pilot.actor
        owner = selected.owner if selected is not None and actor.is_manager else actor.login

        def created(action: Action) -> None:
            say_created(self, action)
            self.pilot.data_changed()

        open_action_form(self, "", owner, ActionLinks(), created)

    def decide(self, change: Callable[[], object]) -> None:
        """Save ``change``; the list is read again either way (a refusal says why first)."""

        def refused(error: PilotError) -> None:
            self.say_refused(error)
            self.pilot.data_changed()

        self.in_background(
            change,
            lambda _done: self.pilot.data_changed(),
            group="actions-write",
            exclusive=False,
            refused=refused,
        )


def _what(action: Action) -> str:
    """The title, with its sort unless it is a follow-up decided in a meeting."""
    return action.title if action.kind == ACTION_KIND else f"{action.kind}: {action.title}"


def _cells(action: Action) -> list[Text | str]:
    due = action.due.isoformat() if action.due else "—"
    links = [
        f"#{action.deal_id}" if action.deal_id else "",
        action.finding or "",
        action.playbook or "",
    ]
    return [
        action.owner,
        Text(due, style="bold" if action.overdue else ""),
        Text(("! " if action.overdue else "") + _what(action)),
        " ".join(link for link in links if link) or "—",
    ]
