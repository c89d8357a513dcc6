"""What the app's form dialogs share: the framed box, label/field grid, keys and buttons."""

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button

from pilot_tui.i18n import _
from pilot_tui.screens.base import WorkingScreen

T = TypeVar("T")


def conflict_text(refusal: str, changed: Sequence[str]) -> str:
    """A save refused because someone saved first: the refusal (who, when), the fields they
    changed, and how to keep one's own values."""
    fields = ", ".join(changed) or _("nothing you can edit")
    return (
        refusal
        + " "
        + _("They changed: {fields}. Press ctrl+s again to save your values over theirs.").format(
            fields=fields
        )
    )


class FormModal(ModalScreen[T], WorkingScreen[T]):
    """A dialog whose first child is a framed ``Vertical``; ctrl+s submits, Esc cancels.

    Subclasses implement ``action_submit`` and yield ``submit_buttons()`` last.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", _("Apply"), id="form.submit"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
    ]
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FormModal Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: 1; height: auto; }
    FormModal .buttons { height: 1; margin-top: 1; }
    FormModal .buttons Button { min-width: 10; margin-right: 2; }
    """

    def submit_buttons(self, submit_label: str) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(submit_label, variant="primary", compact=True, id="submit")
            yield Button(_("Cancel"), compact=True, id="cancel")

    def action_submit(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()
