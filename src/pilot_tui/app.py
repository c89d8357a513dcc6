"""PilotApp: wiring only — modes, global bindings, the command palette, live refresh."""

import threading
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from pilot_tui.commands import PilotCommands
from pilot_tui.config import Settings
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.dashboard import DashboardScreen
from pilot_tui.screens.findings import FindingsScreen
from pilot_tui.screens.help import HelpScreen
from pilot_tui.screens.import_screen import ImportScreen
from pilot_tui.screens.kpi_selection import KpiSelectionScreen
from pilot_tui.screens.objectives import ObjectivesScreen
from pilot_tui.screens.pipeline import PipelineScreen
from pilot_tui.screens.playbook import PlaybookScreen
from pilot_tui.screens.rituals import RitualsScreen

T = TypeVar("T")

POLL_SECONDS = 1.0
"""How often the app checks whether another connection changed the database."""
SLOW_LINK_POLL_SECONDS = 5.0
"""The same on a slow link (``--low-bandwidth``): fewer redraws cross the wire."""


class PilotApp(App[None]):
    """The Pilot terminal app for one actor on one store."""

    TITLE = "Pilot"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PilotCommands}
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": DashboardScreen,
        "pipeline": PipelineScreen,
        "findings": FindingsScreen,
        "playbook": PlaybookScreen,
        "import": ImportScreen,
        "rituals": RitualsScreen,
        "objectives": ObjectivesScreen,
        "kpis": KpiSelectionScreen,
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "switch_mode('dashboard')", _("Dashboard"), id="go.dashboard"),
        Binding("p", "switch_mode('pipeline')", _("Pipeline"), id="go.pipeline"),
        Binding("i", "switch_mode('findings')", _("Findings"), id="go.findings"),
        Binding("k", "switch_mode('playbook')", _("Playbook"), id="go.playbook"),
        Binding("u", "switch_mode('rituals')", _("Rituals"), id="go.rituals"),
        Binding("o", "switch_mode('objectives')", _("Objectives"), show=False, id="go.objectives"),
        Binding("K", "switch_mode('kpis')", _("KPI selection"), show=False, id="go.kpi_selection"),
        Binding("m", "switch_mode('import')", _("Import"), show=False, id="go.import"),
        Binding("r", "reload", _("Refresh"), show=False, id="app.refresh"),
        Binding("question_mark", "help", _("Keys"), key_display="?", id="app.help"),
        Binding("q", "quit", _("Quit"), id="app.quit"),
    ]

    def __init__(self, settings: Settings, store: Store, actor: User) -> None:
        super().__init__()
        self.poll_seconds = SLOW_LINK_POLL_SECONDS if settings.low_bandwidth else POLL_SECONDS
        if settings.low_bandwidth:
            self.animation_level = "none"
        self.settings = settings
        self.store = store
        self.actor = actor
        self.generation = 0
        """Bumped on every data change; screens reload when theirs is older."""
        self._store_lock = threading.RLock()
        self._seen_version = -1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Importing is for managers and admins: reps do not get the key or the command."""
        return not (
            action == "switch_mode" and parameters == ("import",) and self.actor.role is Role.REP
        )

    def on_mount(self) -> None:
        self._seen_version = self.read(Store.data_version)
        self.set_interval(self.poll_seconds, self._poll_data_version, name="live-refresh")

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a core function on the store; one at a time (workers share one connection)."""
        with self._store_lock:
            return query(self.store, *args, **kwargs)

    def _poll_data_version(self) -> None:
        # Skip a tick rather than wait while a worker holds the connection.
        if not self._store_lock.acquire(blocking=False):
            return
        try:
            version = self.store.data_version()
        finally:
            self._store_lock.release()
        if version != self._seen_version:
            self._seen_version = version
            self.data_changed()

    def data_changed(self) -> None:
        """Something was written: reload the screens of the current stack; others on resume."""
        self.generation += 1
        for screen in self.screen_stack:
            if isinstance(screen, PilotScreen):
                screen.reload()

    def action_reload(self) -> None:
        self.data_changed()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        # Footer keys first, then the screen's and the app's others, then the widget's.
        actives = sorted(
            (a for a in self.screen.active_bindings.values() if a.binding.description),
            key=lambda a: (not a.binding.show, a.node is not self.screen and a.node is not self),
        )
        rows = [(self.get_key_display(a.binding), a.binding.description) for a in actives]
        self.push_screen(HelpScreen(rows))

    def screen_commands(self, screen: Screen[Any]) -> list[tuple[str, Callable[[], Any], str]]:
        """Every described binding of ``screen`` and the app, as command palette entries."""
        entries: list[tuple[str, Callable[[], Any], str]] = []
        title = screen.title or self.title
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled:
                continue
            node = active.node
            group = title if node is screen else _("Pilot")
            key = self.get_key_display(binding)
            entries.append(
                (
                    f"{group}: {binding.description}",
                    _runner(node, binding.action),
                    _("key {key}").format(key=key),
                )
            )
        if isinstance(screen, PilotScreen):
            entries += screen.extra_commands()
        return sorted({entry[0]: entry for entry in entries}.values(), key=lambda entry: entry[0])


def _runner(node: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await node.run_action(action)

    return run


def make_app(settings: Settings, store: Store, actor: User, *, mouse: bool = True) -> PilotApp:
    """The app for ``actor`` on ``store``; used by the CLI and the tests.

    ``mouse`` is remembered in the settings; the CLI passes it to ``App.run``.
    """
    app = PilotApp(settings.model_copy(update={"mouse": mouse}), store, actor)
    return app
