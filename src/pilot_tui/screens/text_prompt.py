"""A one-line prompt (a decision, a note, a reason); Esc cancels, the text is never lost
silently: a refusal is shown by the caller and the prompt can be opened again."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from pilot_tui.screens.form import FormModal


class TextPromptScreen(FormModal[str | None]):
    """Enter or ctrl+s returns the text; Esc returns None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", show=False, id="prompt.submit"),
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]")
            yield Input(self.value, compact=True, id="prompt-text")

    def action_submit(self) -> None:
        text = self.query_one("#prompt-text", Input).value.strip()
        self.dismiss(text or None)

    def on_input_submitted(self) -> None:
        self.action_submit()
