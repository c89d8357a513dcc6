"""What every Pilot screen shares: access to the app's store, actor, and live reload, and the
one way to run core work off the interface thread (``WorkingScreen.in_background``)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.app import PilotApp

T = TypeVar("T")
ScreenResultT = TypeVar("ScreenResultT")


class WorkingScreen(Screen[ScreenResultT]):
    """A screen (or dialog) that asks core for things without holding the interface."""

    @property
    def pilot(self) -> "PilotApp":
        return cast("PilotApp", self.app)

    def in_background(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        group: str,
        exclusive: bool = True,
        refused: Callable[[PilotError], object] | None = None,
        loading: Widget | None = None,
        failed: Callable[[], object] | None = None,
    ) -> Worker[None]:
        """Run ``call`` in a thread; hand what it returns to ``then`` on the interface thread.

        A ``PilotError`` goes to ``refused`` on the interface thread (by default: its sentence,
        as a notification). Anything else fails the worker, and the app says so in one
        sentence (``PilotApp.on_worker_state_changed``) once ``failed`` has put the screen
        back as it was before the work (a status line saying "Reading…"). ``loading`` shows
        Textual's loading indicator until the work ends, however it ends. A worker replaced
        by a newer one of its ``group`` (``exclusive``) or whose screen has closed hands
        nothing back.
        """
        if loading is not None:
            loading.loading = True

        def finish(deliver: Callable[[Any], object] | None, value: object) -> object:
            if loading is not None:
                loading.loading = False
            return None if deliver is None else deliver(value)

        def undo(_nothing: object) -> None:
            if failed is not None:
                failed()

        def work() -> None:
            try:
                result = call()
            except PilotError as error:
                if not get_current_worker().is_cancelled:
                    self.app.call_from_thread(finish, refused or self.say_refused, error)
                return
            except BaseException:
                if loading is not None or failed is not None:
                    self.app.call_from_thread(finish, undo, None)
                raise
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(finish, then, result)

        return self.run_worker(
            work, name=group, thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )

    def say_refused(self, error: PilotError) -> None:
        """One sentence, never a traceback."""
        self.notify(str(error), severity="error", timeout=8, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker's failure goes to the app, which says it in one sentence (a screen's
        workers report to the screen only)."""
        if event.state is WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))


class PilotScreen(WorkingScreen[None]):
    """A screen whose data comes from the store; ``reload`` fetches it again (in a worker)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_generation = -1

    def on_mount(self) -> None:
        """Runs after the subclass's own ``on_mount`` (Textual calls each class's handler,
        subclass first), so subclasses do not call it: a call would load twice."""
        from pilot_tui.widgets.titlebar import TitleBar

        if not self.query_one(TitleBar).shown:  # unless the screen named its detail already
            self.show_title()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_generation != self.pilot.generation:
            self.reload()

    def reload(self) -> None:
        """Fetch this screen's data again, keeping the user's place (override)."""
        self.loaded_generation = self.pilot.generation

    def why_not(self, action: str) -> str | None:
        """Why the user may not run ``action`` (as its binding writes it) on this screen, in
        one sentence; None when they may. Screens override it beside ``check_action``, which
        hides the key; this says why when it is pressed all the same."""
        from pilot_tui.core.models import Role

        if action == "switch_mode('import')" and self.pilot.actor.role is Role.REP:
            return _("Importing CRM data is for managers and admins; you are a rep.")
        return None

    def on_key(self, event: events.Key) -> None:
        """A key this user may not use says why (``why_not``) instead of doing nothing. Keys
        typed into an input never get here: the input keeps them."""
        for node in (self, self.app):
            for binding in node._bindings.key_to_bindings.get(event.key, ()):
                why = self.why_not(binding.action)
                if why is not None:
                    event.stop()
                    event.prevent_default()
                    self.notify(why, severity="warning", timeout=6, markup=False)
                    return

    def show_title(self, detail: str = "") -> None:
        """The top bar: this screen's title, ``detail``, and who is using Pilot."""
        from pilot_tui.widgets.titlebar import TitleBar

        actor = self.pilot.actor
        self.query_one(TitleBar).show(
            self.TITLE or "", f"{actor.login} ({actor.role.value})", detail
        )

    def extra_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """Command palette entries beyond this screen's bindings (override)."""
        return []
