"""The rituals: start one, resume an unfinished run, read the minutes of a past one."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from pilot_tui.core.models import Role, User
from pilot_tui.core.rituals import RITUALS, list_runs, start_run
from pilot_tui.core.rituals.state import RunState
from pilot_tui.core.store.users import list_users
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.ritual_run import RitualRunScreen
from pilot_tui.widgets.titlebar import TitleBar


class RitualsScreen(PilotScreen):
    """Enter on a ritual starts it (managers); on a run, opens it (its minutes once ended)."""

    TITLE = _("Rituals")
    AUTO_FOCUS = "#rituals"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", _("Start / open"), id="rituals.open"),
    ]
    DEFAULT_CSS = """
    RitualsScreen #rituals { height: 1fr; border: none; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield OptionList(id="rituals")
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        self.load()

    def on_screen_resume(self) -> None:
        # Back from a run this app started, paused or finished: its own writes do not move
        # SQLite's data_version, so the list is read again every time (in its own worker
        # group: a run being started as the pick closes must not be cancelled).
        self.reload()

    def load(self) -> None:
        actor = self.pilot.actor
        self.in_background(
            lambda: self.pilot.read(list_runs, actor), self._show, group="rituals-list"
        )

    def _show(self, runs: list[RunState]) -> None:
        options = self.query_one("#rituals", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_option(Option(_("── start a ritual ──"), disabled=True))
        for ritual in RITUALS.values():
            options.add_option(
                Option(
                    _("{title} · {cadence} · {minutes} min").format(
                        title=ritual.title, cadence=ritual.cadence, minutes=ritual.timebox_minutes
                    ),
                    id=f"start:{ritual.id}",
                )
            )
        options.add_option(Option(_("── runs ──"), disabled=True))
        for run in runs:
            subject = f" · {run.subject}" if run.subject else ""
            options.add_option(
                Option(
                    f"#{run.id} {run.ritual.title}{subject} · {run.started_at[:10]} · {run.status}",
                    id=f"run:{run.id}",
                )
            )
        if not runs:
            options.add_option(Option(_("none yet"), disabled=True))
        options.highlighted = highlighted if highlighted is not None else 1

    def action_open(self) -> None:
        self.query_one("#rituals", OptionList).action_select()

    @on(OptionList.OptionSelected, "#rituals")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        kind, _sep, key = str(event.option.id).partition(":")
        if kind == "run":
            self.app.push_screen(RitualRunScreen(int(key)))
            return
        ritual = RITUALS[key]
        if self.pilot.actor.role is Role.REP:
            self.notify(
                _("Only a manager runs a ritual; {login} is a rep.").format(
                    login=self.pilot.actor.login
                ),
                severity="error",
            )
            return
        if not ritual.needs_subject:
            self.start(key, None)
            return

        def chosen(rep: str | None) -> None:
            if rep:
                self.start(key, rep)

        def pick(users: list[User]) -> None:
            reps = [(u.login, u.login) for u in users if u.role is Role.REP]
            self.app.push_screen(PickScreen(_("1:1 with which rep?"), reps), chosen)

        self.in_background(
            lambda: self.pilot.read(list_users, active_only=True), pick, group="rituals-reps"
        )

    def start(self, kind: str, subject: str | None) -> None:
        actor = self.pilot.actor
        self.in_background(
            lambda: self.pilot.write(start_run, actor, kind, subject=subject).id,
            lambda run_id: self.app.push_screen(RitualRunScreen(run_id)),
            group="rituals-start",
        )
