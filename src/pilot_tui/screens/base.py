"""What every Pilot screen shares: access to the app's store, actor, and live reload."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from pilot_tui.core.errors import PilotError

if TYPE_CHECKING:
    from pilot_tui.app import PilotApp


class PilotScreen(Screen[None]):
    """A screen whose data comes from the store; ``reload`` fetches it again (in a worker)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_generation = -1

    @property
    def pilot(self) -> "PilotApp":
        return cast("PilotApp", self.app)

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

    def show_error(self, error: PilotError) -> None:
        """One sentence, never a traceback; safe to call from a worker thread."""
        self.pilot.call_from_thread(self.notify, str(error), severity="error", timeout=8)
