"""The open pipeline's waterfall: the start, each group of changes from the running total,
the end (``core.changes.waterfall_bars``), one line each."""

from textual.markup import escape
from textual.widgets import Static

from pilot_tui.core.changes import PipelineChanges, waterfall_bars
from pilot_tui.core.money import format_money

STYLES = {"total": "$primary", "up": "$success", "down": "$error", "flat": "$text-muted"}
LABEL_WIDTH = 24
BAR_WIDTH = 36


class Waterfall(Static):
    """``show(changes, locale)`` draws the bars with their counts and amounts."""

    DEFAULT_CSS = """
    Waterfall { height: auto; padding: 0 1; }
    """

    def show(self, changes: PipelineChanges, locale: str) -> None:
        lines = []
        for bar in waterfall_bars(changes, BAR_WIDTH):
            money = format_money(abs(bar.amount), changes.currency, compact=True, locale=locale)
            if bar.kind != "total":
                money = {"up": "+", "down": "−", "flat": "±"}[bar.kind] + money
            shape = "█" * bar.length if bar.length else "│"
            lines.append(
                f"{escape(bar.label[:LABEL_WIDTH]):<{LABEL_WIDTH}} {bar.count:>4} {money:>9} "
                f"{' ' * bar.offset}[{STYLES[bar.kind]}]{shape}[/]"
            )
        self.update("\n".join(lines))
