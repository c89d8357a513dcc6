"""PilotApp: wiring only — modes, global bindings, the command palette, live refresh.

One app whatever the start: its ``Session`` (settings, store, actor, context) is given at once,
or opened in a worker after a first frame that paints a remembered verdict (``cli.quick``,
``launch_cache``). Light to import on purpose: screens are imported when their mode first
opens, and the store, settings and user types only for type checking, so that first frame is
out before the engine is loaded.
"""

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from pilot_tui.commands import PilotCommands
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _
from pilot_tui.launch_cache import Launch, database_state, remember

if TYPE_CHECKING:
    from pilot_tui.config import Settings
    from pilot_tui.core.context import Context
    from pilot_tui.core.models import User
    from pilot_tui.core.store import Store
    from pilot_tui.core.verdict import VerdictView

T = TypeVar("T")
log = logging.getLogger(__name__)


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

    @cached_property
    def context(self) -> "Context":
        """Made once from ``settings``; every core call gets it."""
        return self.settings.context()


SessionSource = Session | Callable[[], Session]
"""A session, or what opens one (in a worker, after the first frame)."""

POLL_SECONDS = 1.0
"""How often the app checks whether another connection changed the database."""
SLOW_LINK_POLL_SECONDS = 5.0
"""The same on a slow link (``--low-bandwidth``): fewer redraws cross the wire."""
LAUNCHING = "launching"
"""The mode of the first frame while the session is being opened."""


class PilotApp(App[None]):
    """The Pilot terminal app for one actor on one store (``make_app`` makes it)."""

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
        "changes": _lazy("changes", "ChangesScreen"),
        "calls": _lazy("calls", "CallsScreen"),
        "users": _lazy("users", "UsersScreen"),
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
        Binding("W", "switch_mode('changes')", _("What changed"), show=False, id="go.changes"),
        Binding("F", "switch_mode('calls')", _("Forecast call"), show=False, id="go.calls"),
        Binding("m", "switch_mode('import')", _("Import"), show=False, id="go.import"),
        Binding("U", "switch_mode('users')", _("Users (admin)"), show=False, id="go.users"),
        Binding("r", "reload", _("Refresh"), show=False, id="app.refresh"),
        Binding("question_mark", "help", _("Keys"), key_display="?", id="app.help"),
        Binding("q", "quit", _("Quit"), id="app.quit"),
    ]

    def __init__(
        self,
        session: SessionSource,
        *,
        opening: Launch | None = None,
        launch_key: str | None = None,
    ) -> None:
        """``session``, or what opens it: then the first frame paints ``opening`` (the launch
        remembered under the same key) and the session is opened in a worker.

        ``launch_key`` (``pilot`` alone): the dashboard remembers its opening verdict under it.
        """
        if not isinstance(session, Session):  # this app starts on the first frame
            self.DEFAULT_MODE = LAUNCHING  # type: ignore[misc]
        super().__init__()
        self.launch_key = launch_key
        self.opening = opening
        """The remembered launch already on screen: the dashboard keeps its verdict and title
        until it has its own."""
        self.generation = 0
        """Bumped on every data change; screens reload when theirs is older."""
        self.load_error: str | None = None
        """Why the session could not be opened, for the shell once the app has closed."""
        self.pending_mode: str | None = None
        """A screen asked for by its key before the session had arrived."""
        self._store_lock = threading.RLock()
        self._seen_version = -1
        self._session: Session | None = None
        self._open_session: Callable[[], Session] | None = None
        if isinstance(session, Session):
            self._use(session)
        else:
            self._open_session = session
            self.add_mode(LAUNCHING, self._launch_screen)

    def _launch_screen(self) -> Screen[Any]:
        from pilot_tui.screens.launch import LaunchScreen

        return LaunchScreen(self.opening)

    @property
    def has_session(self) -> bool:
        """False only during the first frame of a remembered launch."""
        return self._session is not None

    @property
    def session(self) -> Session:
        """Who uses Pilot, on which store; set once. Screens open after it has arrived."""
        if self._session is None:
            raise RuntimeError("Pilot's session has not arrived yet")
        return self._session

    @property
    def settings(self) -> "Settings":
        return self.session.settings

    @property
    def store(self) -> "Store":
        return self.session.store

    @property
    def actor(self) -> "User":
        return self.session.actor

    @property
    def context(self) -> "Context":
        return self.session.context

    def _use(self, session: Session) -> None:
        assert self._session is None, "the session is set once"
        self._session = session
        settings = session.settings
        self.poll_seconds = SLOW_LINK_POLL_SECONDS if settings.low_bandwidth else POLL_SECONDS
        self.set_keymap(settings.keymap)
        if settings.low_bandwidth:
            self.animation_level = "none"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Importing is for managers and admins, the users screen for admins: the others do
        not get the key or the command. Before the session has arrived: quitting, and going to
        a screen (opened once it can)."""
        if not self.has_session:
            return action in ("quit", "switch_mode")
        from pilot_tui.core.models import Role

        if action != "switch_mode":
            return True
        if parameters == ("import",):
            return self.actor.role is not Role.REP
        if parameters == ("users",):
            return self.actor.role is Role.ADMIN
        return True

    def on_mount(self) -> None:
        if self.has_session:  # else once it arrives (``open_session``)
            self._watch_data()

    def open_session(self) -> None:
        """Open the session in a worker; called by the launch screen once its first frame
        is out. ``on_worker_state_changed`` takes it from there."""
        assert self._open_session is not None
        self.run_worker(self._open_session, name="session", thread=True, exit_on_error=False)

    async def action_switch_mode(self, mode: str) -> None:
        if not self.has_session:  # typed during the first frame: not lost, opened when ready
            self.pending_mode = mode
            return
        await super().action_switch_mode(mode)

    async def _arrived(self, session: Session) -> None:
        self._use(session)
        await self.switch_mode("dashboard")
        await self.remove_mode(LAUNCHING)
        self._watch_data()
        if self.pending_mode and self.check_action("switch_mode", (self.pending_mode,)):
            await self.switch_mode(self.pending_mode)

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
        """``query(store, *args, **kwargs)``: a core function that reads the store.

        One call at a time, reads and writes alike: workers share one connection."""
        with self._store_lock:
            return query(self.store, *args, **kwargs)

    def write(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``change(store, *args, **kwargs)``: a core function that writes (as the actor it is
        given), under the same lock as ``read``. The caller says ``data_changed`` once the
        change is done: this connection's own writes do not move ``data_version``."""
        with self._store_lock:
            return change(self.store, *args, **kwargs)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any worker that failed, the app's or a screen's (``WorkingScreen`` forwards them):
        one sentence on screen, the detail in the log. Refusals (``PilotError``) never get
        here from a screen: the screen that asked says them.

        The session's worker: once it has opened the session, the dashboard; if it could
        not, the app closes and the shell gets the sentence (``load_error``)."""
        worker = event.worker
        opening = worker.node is self and worker.name == "session"
        if opening and event.state is WorkerState.SUCCESS:
            assert isinstance(worker.result, Session)
            await self._arrived(worker.result)
            return
        if event.state is not WorkerState.ERROR:
            return
        error = worker.error
        if not isinstance(error, PilotError):
            log.error("worker %r failed", worker.name, exc_info=error)
        sentence = (
            str(error)
            if isinstance(error, PilotError)
            else _("Something went wrong: {error}; nothing was changed.").format(
                error=str(error) or type(error).__name__
            )
        )
        if opening:
            self.load_error = sentence
            self.exit(return_code=1)
            return
        self.notify(sentence, severity="error", timeout=8, markup=False)

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


def make_app(
    session: SessionSource,
    *,
    opening: Launch | None = None,
    launch_key: str | None = None,
) -> PilotApp:
    """The Pilot app, for the CLI and the tests: on ``session`` at once, or, given what opens
    it, on the remembered launch ``opening`` first and the session after (``PilotApp``)."""
    return PilotApp(session, opening=opening, launch_key=launch_key)
