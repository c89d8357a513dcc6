"""A small modal to pick one value from a list (whose view, which rep...)."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pilot_tui.i18n import _


class PickScreen(ModalScreen[str | None]):
    """Enter picks the highlighted value; Esc or `q` cancels. ``wide`` for choices of two
    lines or more (a label and what it is for)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", _("Cancel"), id="pick.cancel"),
    ]
    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 50; max-width: 100%; height: auto; max-height: 80%; border: round $primary;
        background: $surface; padding: 0 1;
    }
    PickScreen OptionList { height: auto; max-height: 16; }
    PickScreen.-wide > Vertical { width: 100; }
    PickScreen.-wide OptionList { max-height: 28; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]], *, wide: bool = False) -> None:
        super().__init__(classes="-wide" if wide else None)
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]")
            yield OptionList(
                *[Option(label, id=value) for value, label in self.choices], compact=True
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
