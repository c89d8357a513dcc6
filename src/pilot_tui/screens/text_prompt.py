"""A one-line prompt (a decision, a note, a reason); Esc cancels, the text is never lost
silently: a refusal is shown by the caller and the prompt can be opened again, or, with
``save``, shown under the field while the text stays."""

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from pilot_tui.core.errors import PilotError
from pilot_tui.screens.form import FormModal


class TextPromptScreen(FormModal[str | None]):
    """Enter or ctrl+s returns the text; Esc returns None.

    ``save``, when given, receives the text first (in a worker thread; it may be empty): a
    ``PilotError`` it raises is shown in one sentence and the prompt stays open with the
    text; otherwise the prompt returns the text.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", show=False, id="prompt.submit"),
    ]
    DEFAULT_CSS = """
    TextPromptScreen #prompt-error { color: $error; height: auto; display: none; }
    """

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        save: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]")
            yield Input(self.value, self.placeholder, compact=True, id="prompt-text")
            yield Static(id="prompt-error")

    def action_submit(self) -> None:
        text = self.query_one("#prompt-text", Input).value.strip()
        if self.save is None:
            self.dismiss(text or None)
        else:
            self.save_text(text)

    def save_text(self, text: str) -> None:
        save = self.save
        assert save is not None
        self.in_background(
            lambda: save(text),
            lambda _saved: self.dismiss(text),
            group="prompt",
            refused=self._refused,
        )

    def _refused(self, refusal: PilotError) -> None:
        error = self.query_one("#prompt-error", Static)
        error.update(str(refusal))
        error.display = True

    def on_input_submitted(self) -> None:
        self.action_submit()
