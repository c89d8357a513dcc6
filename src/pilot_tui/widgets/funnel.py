"""The funnel: one line per stage with its deals, amount, bar and conversion."""

from rich.text import Text
from textual.widgets import Static

from pilot_tui.core.dashboard import FunnelRow
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _

BAR_WIDTH = 8


class Funnel(Static):
    """Takes ``FunnelRow``s; bars are proportional to the count of the largest stage."""

    DEFAULT_CSS = """
    Funnel { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, rows: list[FunnelRow], currency: str) -> None:
        text = Text()
        text.append(_("Open deals by stage") + "  ", style="bold")
        text.append(_("exit conversion") + "\n", style="dim")
        widest = max((row.count for row in rows), default=0) or 1
        rated = any(row.conversion_n for row in rows)
        for row in rows:
            filled = max(1, round(BAR_WIDTH * row.count / widest)) if row.count else 0
            conversion = (
                _("too few")
                if row.conversion is None and row.conversion_n
                else "—"
                if row.conversion is None
                else f"{row.conversion:.0%} n={row.conversion_n}"
            )
            text.append(f"{row.label[:11]:<11} {row.count:>4} ")
            text.append("█" * filled + "·" * (BAR_WIDTH - filled), style="bold")
            text.append(f" {format_money(row.amount_minor, currency, compact=True):>7}")
            text.append(f" {conversion:>10}\n" if rated else "\n")
        self.update(text)
