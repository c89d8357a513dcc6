"""The first frame of a remembered launch: title, verdict, and a word that more is coming."""

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pilot_tui.i18n import _
from pilot_tui.launch_cache import Launch
from pilot_tui.widgets.titlebar import TitleBar
from pilot_tui.widgets.verdict import VerdictBanner

if TYPE_CHECKING:
    from pilot_tui.app import PilotApp

FIRST_FRAME_SECONDS = 0.05
"""Time the first frame of a remembered launch is given before the engine loads."""


class LaunchScreen(Screen[None]):
    """What the dashboard showed first last time, until the session has arrived.

    No footer: its keys are not usable yet, and it would cost the first frame ~20 ms."""

    DEFAULT_CSS = """
    LaunchScreen #dashboard-body { height: 1fr; }
    LaunchScreen .loading-line { padding: 1 1; color: $text-muted; }
    """

    def __init__(self, launch: Launch | None) -> None:
        super().__init__()
        self.launch = launch

    def compose(self) -> ComposeResult:
        # Filled before they are mounted, so that the very first frame has them.
        title = TitleBar(id="title")
        banner = VerdictBanner(id="verdict")
        if self.launch is not None:
            title.show(_("Dashboard"), self.launch.user, self.launch.detail)
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
        self.set_timer(FIRST_FRAME_SECONDS, cast("PilotApp", self.app).open_session)
