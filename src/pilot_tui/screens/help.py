"""`?`: the keys of the current screen and the app, with what they do."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from pilot_tui.i18n import _


class HelpScreen(ModalScreen[None]):
    """A modal list of key bindings; `?`, `q` or Esc close it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", _("Close"), id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 60; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $primary; }
    HelpScreen DataTable { height: auto; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(_("Keys — ctrl+p opens the command palette"), id="help-title")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns(_("Key"), _("Does"))
            table.add_rows(self.rows)
            yield table
            yield Static(_("Press ? or q to close."))
