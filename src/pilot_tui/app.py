"""PilotApp: wiring only — modes, global bindings, the command palette, live refresh.

Light to import on purpose: screens are imported when their mode first opens, and the store,
settings and user types only for type checking, so ``LaunchingApp`` can paint its first frame
before the engine is loaded (``cli.quick``).
"""

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pilot_tui.commands import PilotCommands
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _
from pilot_tui.launch_cache import Launch, database_state, remember
from pilot_tui.widgets.titlebar import TitleBar
from pilot_tui.widgets.verdict import VerdictBanner

if TYPE_CHECKING:
    from pilot_tui.config import Settings
    from pilot_tui.core.context import Context
    from pilot_tui.core.models import User
    from pilot_tui.core.store import Store
    from pilot_tui.core.verdict import VerdictView

T = TypeVar("T")


def _lazy(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A mode's screen, imported when the mode first opens."""

    def make() -> Screen[Any]:
        screen: Screen[Any] = getattr(
            importlib.import_module(f"pilot_tui.screens.{module}"), name
        )()
        return screen

    return make


@dataclass(frozen=True)
class Session:
    """Who uses Pilot, on which store, with which settings."""

    settings: "Settings"
    store: "Store"
    actor: "User"


POLL_SECONDS = 1.0
"""How often the app checks whether another connection changed the database."""
FIRST_FRAME_SECONDS = 0.05
"""Time the first frame of a remembered launch is given before the engine loads."""
SLOW_LINK_POLL_SECONDS = 5.0
"""The same on a slow link (``--low-bandwidth``): fewer redraws cross the wire."""


class PilotApp(App[None]):
    """The Pilot terminal app for one actor on one store."""

    TITLE = "Pilot"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PilotCommands}
    MODES: ClassVar[dict[str, Any]] = {
        "dashboard": _lazy("dashboard", "DashboardScreen"),
        "pipeline": _lazy("pipeline", "PipelineScreen"),
        "findings": _lazy("findings", "FindingsScreen"),
        "playbook": _lazy("playbook", "PlaybookScreen"),
        "import": _lazy("import_screen", "ImportScreen"),
        "rituals": _lazy("rituals", "RitualsScreen"),
        "coaching": _lazy("coaching", "CoachingScreen"),
        "actions": _lazy("actions", "ActionsScreen"),
        "objectives": _lazy("objectives", "ObjectivesScreen"),
        "kpis": _lazy("kpi_selection", "KpiSelectionScreen"),
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "switch_mode('dashboard')", _("Dashboard"), id="go.dashboard"),
        Binding("p", "switch_mode('pipeline')", _("Pipeline"), id="go.pipeline"),
        Binding("i", "switch_mode('findings')", _("Findings"), id="go.findings"),
        Binding("k", "switch_mode('playbook')", _("Playbook"), id="go.playbook"),
        Binding("u", "switch_mode('rituals')", _("Rituals"), id="go.rituals"),
        Binding("A", "switch_mode('actions')", _("Actions"), show=False, id="go.actions"),
        Binding("C", "switch_mode('coaching')", _("Coaching notes"), show=False, id="go.coaching"),
        Binding("o", "switch_mode('objectives')", _("Objectives"), show=False, id="go.objectives"),
        Binding("K", "switch_mode('kpis')", _("KPI selection"), show=False, id="go.kpi_selection"),
        Binding("m", "switch_mode('import')", _("Import"), show=False, id="go.import"),
        Binding("r", "reload", _("Refresh"), show=False, id="app.refresh"),
        Binding("question_mark", "help", _("Keys"), key_display="?", id="app.help"),
        Binding("q", "quit", _("Quit"), id="app.quit"),
    ]

    settings: "Settings"
    context: "Context"
    """Made once from ``settings`` when the session arrives; every core call gets it."""
    store: "Store"
    actor: "User"

    def __init__(self, session: Session | None, *, launch_key: str | None = None) -> None:
        """``session`` is None only for ``LaunchingApp``, which loads it after the first frame.

        ``launch_key`` (``pilot`` alone): the dashboard remembers its opening verdict under it.
        """
        super().__init__()
        self.launch_key = launch_key
        self.opening: Launch | None = None
        """The remembered launch already on screen: the dashboard keeps its verdict and title
        until it has its own."""
        self.generation = 0
        """Bumped on every data change; screens reload when theirs is older."""
        self._store_lock = threading.RLock()
        self._seen_version = -1
        self.session = session
        if session is not None:
            self._use(session)

    def _use(self, session: Session) -> None:
        self.settings, self.store, self.actor = session.settings, session.store, session.actor
        self.context = self.settings.context()
        self.poll_seconds = SLOW_LINK_POLL_SECONDS if self.settings.low_bandwidth else POLL_SECONDS
        if self.settings.low_bandwidth:
            self.animation_level = "none"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Importing is for managers and admins: reps do not get the key or the command.
        Before the session is loaded: quitting, and going to a screen (``LaunchingApp`` opens
        it once it can)."""
        if self.session is None:
            return action in ("quit", "switch_mode")
        from pilot_tui.core.models import Role

        return not (
            action == "switch_mode" and parameters == ("import",) and self.actor.role is Role.REP
        )

    def on_mount(self) -> None:
        if self.session is not None:
            self._watch_data()

    def _watch_data(self) -> None:
        self._seen_version = self.read(type(self.store).data_version)
        self.set_interval(self.poll_seconds, self._poll_data_version, name="live-refresh")

    def launch_state(self) -> list[Any] | None:
        """The database's state for ``remember_launch``; None when this launch is not to be
        remembered (tests, ``pilot demo``)."""
        return None if self.launch_key is None else database_state(self.store.path.resolve())

    def remember_launch(self, state: list[Any], verdict: "VerdictView", detail: str) -> None:
        """Keep the dashboard's opening verdict so the next identical launch paints it first.

        Called on every load of the opening view, live refreshes included: a launch after
        changes this session has seen is remembered too."""
        if self.launch_key is None:
            return
        launch = Launch(
            db=str(self.store.path.resolve()),
            state=state,
            verdict=verdict,
            user=f"{self.actor.login} ({self.actor.role.value})",
            detail=detail,
            mouse=self.settings.mouse,
        )
        remember(self.launch_key, launch)

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
        from pilot_tui.screens.base import PilotScreen

        for screen in self.screen_stack:
            if isinstance(screen, PilotScreen):
                screen.reload()

    def action_reload(self) -> None:
        self.data_changed()

    def action_help(self) -> None:
        from pilot_tui.screens.help import HelpScreen

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
        from pilot_tui.screens.base import PilotScreen

        if isinstance(screen, PilotScreen):
            entries += screen.extra_commands()
        return sorted({entry[0]: entry for entry in entries}.values(), key=lambda entry: entry[0])


def _runner(node: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await node.run_action(action)

    return run


class LaunchingApp(PilotApp):
    """Paints the verdict a remembered launch showed (``launch_cache``), loads the session in a
    worker, then opens the dashboard, which keeps that verdict until it has computed its own."""

    DEFAULT_MODE = "launching"

    def __init__(self, load: Callable[[], Session], launch: Launch, launch_key: str) -> None:
        super().__init__(None, launch_key=launch_key)
        self.opening = launch
        self.load_error: str | None = None
        """Why the session could not be opened, for the shell once the app has closed."""
        self._load = load
        self.pending_mode: str | None = None
        """A screen asked for by its key before the session was loaded."""
        self.add_mode("launching", lambda: LaunchScreen(launch))

    def on_mount(self) -> None:
        """Nothing to watch before the session is loaded (``load_session``)."""

    @work(thread=True, exit_on_error=True)
    def load_session(self) -> None:
        """Called by the launch screen once its first frame is out."""
        try:
            session = self._load()
        except PilotError as error:
            self.load_error = str(error)
            self.call_from_thread(self.exit, return_code=1)
            return
        self.call_from_thread(self._open, session)  # type: ignore[arg-type]

    async def action_switch_mode(self, mode: str) -> None:
        if self.session is None:  # typed during the first frame: not lost, opened when ready
            self.pending_mode = mode
            return
        await super().action_switch_mode(mode)

    async def _open(self, session: Session) -> None:
        self.session = session
        self._use(session)
        await self.switch_mode("dashboard")
        await self.remove_mode("launching")
        self._watch_data()
        if self.pending_mode and self.check_action("switch_mode", (self.pending_mode,)):
            await self.switch_mode(self.pending_mode)


class LaunchScreen(Screen[None]):
    """The first frame of a remembered launch: title, verdict, and a word that more is coming.

    No footer: its keys are not usable yet, and it would cost the first frame ~20 ms."""

    DEFAULT_CSS = """
    LaunchScreen .loading-line { padding: 1 1; color: $text-muted; }
    """

    def __init__(self, launch: Launch) -> None:
        super().__init__()
        self.launch = launch

    def compose(self) -> ComposeResult:
        # Filled before they are mounted, so that the very first frame has them.
        title = TitleBar(id="title")
        title.show(_("Dashboard"), self.launch.user, self.launch.detail)
        banner = VerdictBanner(id="verdict")
        banner.show(self.launch.verdict)
        yield title
        with VerticalScroll(id="dashboard-body"):
            yield banner
            yield Static(_("Loading the KPIs…"), classes="loading-line")

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        # Importing the engine holds the GIL for long stretches: give the writer thread time
        # to put the frame on the terminal first.
        self.set_timer(FIRST_FRAME_SECONDS, cast(LaunchingApp, self.app).load_session)


def make_app(
    settings: "Settings",
    store: "Store",
    actor: "User",
    *,
    mouse: bool = True,
    launch_key: str | None = None,
) -> PilotApp:
    """The app for ``actor`` on ``store``; used by the CLI and the tests.

    ``mouse`` is remembered in the settings; the CLI passes it to ``App.run``.
    """
    session = Session(settings.model_copy(update={"mouse": mouse}), store, actor)
    return PilotApp(session, launch_key=launch_key)
