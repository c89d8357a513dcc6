"""A KPI card: name, value, a sparkline of the last periods, and the change."""

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Sparkline

from pilot_tui.core.dashboard import KpiCardView
from pilot_tui.i18n import _

MIN_POINTS = 2
"""A sparkline of fewer points says nothing."""


class KpiCard(Vertical):
    """Takes a ``KpiCardView``; ``change`` None reads "too few to say"."""

    DEFAULT_CSS = """
    KpiCard {
        width: 1fr; height: 6; border: round $panel; padding: 0; min-width: 11;
    }
    KpiCard .kpi-name { color: $text-muted; }
    KpiCard .kpi-value { text-style: bold; }
    KpiCard .kpi-change { color: $text-muted; }
    KpiCard Sparkline { height: 1; }
    """

    def __init__(self, view: KpiCardView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Label(classes="kpi-name")
        yield Label(classes="kpi-value")
        yield Sparkline([], classes="kpi-spark")
        yield Label(classes="kpi-change")

    def on_mount(self) -> None:
        self.show(self.view)

    def show(self, view: KpiCardView) -> None:
        self.view = view
        self.query_one(".kpi-name", Label).update(view.name)
        self.query_one(".kpi-value", Label).update(view.value)
        spark = self.query_one(Sparkline)
        spark.data = list(view.sparkline)
        spark.display = len(view.sparkline) >= MIN_POINTS
        self.query_one(".kpi-change", Label).update(view.change or _("too few to say"))
