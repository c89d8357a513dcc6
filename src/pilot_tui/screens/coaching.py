"""Coaching notes, rep by rep: private to the rep they are about and the managers.

The store decides who reads what (``core.coaching``); this screen shows its refusal in place of
the notes, so a rep who picks a colleague reads why there is nothing to see.
"""

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from pilot_tui.core.coaching import CoachingNote, add_coaching_note, coaching_notes_for
from pilot_tui.core.errors import PermissionDeniedError, PilotError
from pilot_tui.core.models import Role
from pilot_tui.core.store.users import list_users
from pilot_tui.core.text import clean
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.titlebar import TitleBar


class CoachingScreen(PilotScreen):
    """Reps on the left; the notes about the highlighted one on the right. `a` adds a note."""

    TITLE = _("Coaching notes")
    AUTO_FOCUS = "#reps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_note", _("Add note"), id="coaching.add"),
    ]
    DEFAULT_CSS = """
    CoachingScreen #coaching-body { height: 1fr; }
    CoachingScreen #reps { width: 24; height: 1fr; border: none; border-right: vkey $panel; }
    CoachingScreen #notes-scroll { width: 1fr; height: 1fr; padding: 0 1; }
    CoachingScreen #notes.-refused { color: $error; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rep: str | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with Horizontal(id="coaching-body"):
            yield OptionList(id="reps")
            with VerticalScroll(id="notes-scroll"):
                yield Static(id="notes")
        yield Footer(compact=True, show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only managers write coaching notes: reps do not get the key."""
        return not (action == "add_note" and not self.pilot.actor.is_manager)

    def why_not(self, action: str) -> str | None:
        if action == "add_note" and not self.pilot.actor.is_manager:
            return _("Coaching notes are written by managers; you can read yours.")
        return super().why_not(action)

    def on_mount(self) -> None:
        actor = self.pilot.actor
        self.rep = actor.login if actor.role is Role.REP else None

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        actor, wanted = self.pilot.actor, self.rep

        def read() -> tuple[list[str], str | None, list[CoachingNote] | str]:
            users = self.pilot.read(list_users, active_only=True)
            reps = [user.login for user in users if user.role is Role.REP]
            rep = wanted if wanted in reps else (reps[0] if reps else None)
            notes: list[CoachingNote] | str = []
            if rep is not None:
                try:
                    notes = self.pilot.read(coaching_notes_for, actor, rep)
                except PermissionDeniedError as refusal:
                    notes = str(refusal)
            return reps, rep, notes

        self.in_background(read, lambda loaded: self._show(*loaded), group="coaching")

    def _show(self, reps: list[str], rep: str | None, notes: list[CoachingNote] | str) -> None:
        self.rep = rep
        self.show_title(rep or "")
        options = self.query_one("#reps", OptionList)
        if [str(option.id) for option in options.options] != reps:
            options.clear_options()
            options.add_options(Option(login, id=login) for login in reps)
        if rep is not None:
            with options.prevent(OptionList.OptionHighlighted):
                options.highlighted = reps.index(rep)
        panel = self.query_one("#notes", Static)
        panel.set_class(isinstance(notes, str), "-refused")
        panel.update(self._notes_text(rep, notes))

    @staticmethod
    def _notes_text(rep: str | None, notes: list[CoachingNote] | str) -> Text:
        if rep is None:
            return Text(_("No rep in the team yet."), style="dim")
        if isinstance(notes, str):  # the store's refusal, in place of the notes
            return Text(notes)
        if not notes:
            return Text(_("No coaching note about {rep} yet.").format(rep=rep), style="dim")
        text = Text()
        for note in notes:
            text.append(f"{note.at[:16].replace('T', ' ')} · {clean(note.author)}\n", style="bold")
            text.append(f"{clean(note.body)}\n\n")
        return text

    @on(OptionList.OptionHighlighted, "#reps")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.rep:
            self.rep = str(event.option.id)
            self.load()

    def action_add_note(self, text: str = "") -> None:
        rep = self.rep
        if rep is None:
            return

        def written(body: str | None) -> None:
            if body:
                self.add_note(rep, body)

        prompt = TextPromptScreen(_("Coaching note about {rep}").format(rep=rep), text)
        self.app.push_screen(prompt, written)

    def add_note(self, rep: str, body: str) -> None:
        def refused(error: PilotError) -> None:
            self.say_refused(error)
            self.action_add_note(body)  # nothing typed is lost: the prompt opens again

        self.in_background(
            lambda: self.pilot.write(add_coaching_note, self.pilot.actor, rep, body),
            lambda _note: self.pilot.data_changed(),
            group="coaching-write",
            exclusive=False,
            refused=refused,
        )
