"""A dialog that creates an action (from a finding, a deal…); a refusal keeps the input."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from pilot_tui.core.actions import Action, ActionLinks, create_action, parse_due
from pilot_tui.core.clock import today
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _
from pilot_tui.screens.form import FormModal
from pilot_tui.screens.text_prompt import TextPromptScreen

DEFAULT_DUE = timedelta(days=7)
"""A new action is due a week from today unless the user says otherwise."""


def open_action_form(
    screen: Screen[Any],
    title: str,
    owner: str,
    links: ActionLinks,
    then: Callable[[Action], object],
) -> None:
    """The new-action dialog over ``screen``; ``then`` runs with the action once it exists."""

    def created(action: Action | None) -> None:
        if action is not None:
            then(action)

    screen.app.push_screen(ActionFormScreen(title, owner, today() + DEFAULT_DUE, links), created)


def decision_prompt(
    action: Action, outcome: str, decide: Callable[[date | None, str | None], object]
) -> TextPromptScreen:
    """What deciding ``action`` asks for: its new date ('rescheduled'; a week from today unless
    changed) or why it is dropped. ``decide(due, reason)`` saves; a refusal stays in the prompt
    under what was typed."""
    if outcome == "rescheduled":
        return TextPromptScreen(
            _("New due date for #{id} {title}").format(id=action.id, title=action.title),
            (today() + DEFAULT_DUE).isoformat(),
            placeholder="YYYY-MM-DD",
            save=lambda text: decide(parse_due(text), None),
        )
    return TextPromptScreen(
        _("Why drop #{id} {title}?").format(id=action.id, title=action.title),
        placeholder=_("the reason, for the minutes"),
        save=lambda text: decide(None, text),
    )


def say_created(screen: Screen[Any], action: Action) -> None:
    screen.notify(
        _("Action created for {owner}: {title}").format(owner=action.owner, title=action.title)
    )


class ActionFormScreen(FormModal[Action | None]):
    """Title, owner and due date; ctrl+s creates the action through core."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", _("Create"), id="action.create"),
    ]
    DEFAULT_CSS = """
    ActionFormScreen #action-error { color: $error; height: auto; }
    """

    def __init__(self, title: str, owner: str, due: date | None, links: ActionLinks) -> None:
        super().__init__()
        self.initial = (title, owner, due)
        self.links = links

    def compose(self) -> ComposeResult:
        title, owner, due = self.initial
        with Vertical():
            yield Label(_("[b]New action[/b]  ctrl+s create · Esc cancel"))
            with Grid():
                yield Label(_("Title"))
                yield Input(title, compact=True, id="action-title")
                yield Label(_("Owner"))
                yield Input(owner, compact=True, id="action-owner")
                yield Label(_("Due"))
                yield Input(
                    due.isoformat() if due else "",
                    placeholder="YYYY-MM-DD",
                    compact=True,
                    id="action-due",
                )
            yield Static(id="action-error")
            yield from self.submit_buttons(_("Create"))

    def action_submit(self) -> None:
        self.save(
            self.query_one("#action-title", Input).value,
            self.query_one("#action-owner", Input).value.strip(),
            self.query_one("#action-due", Input).value.strip(),
        )

    def save(self, title: str, owner: str, due_text: str) -> None:
        """Refused (one sentence under the fields): everything typed stays."""
        app = self.pilot

        def create() -> Action:
            return app.write(
                create_action,
                app.actor,
                title=title,
                owner=owner,
                due=parse_due(due_text),
                links=self.links,
            )

        self.in_background(create, self.dismiss, group="action-form", refused=self.show_error)

    def show_error(self, error: PilotError) -> None:
        self.query_one("#action-error", Static).update(str(error))
