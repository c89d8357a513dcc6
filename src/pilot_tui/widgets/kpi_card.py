"""A KPI card: name, value, a sparkline of the last periods, the change, and what the change is
from (its bottom border: 'vs Oct 1–18'; the tooltip adds the whole previous period)."""

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
        border-subtitle-color: $text-muted; border-subtitle-align: left;
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
        change = view.change or _("too few to say")
        self.query_one(".kpi-change", Label).update(change)
        self.border_subtitle = view.compared_with
        self.tooltip = " · ".join(
            part for part in (f"{change} {view.compared_with}".strip(), view.context) if part
        )
