"""Forecast against target: won so far, what open deals should add, and the target line."""

from rich.text import Text
from textual.widget import Widget

from pilot_tui.core.dashboard import ForecastView
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _

LABEL_AND_AMOUNT = 18
"""Characters beside a bar: its label before, its amount after."""


class ForecastChart(Widget):
    """Two bars on one scale — won, and forecast (won + expected) — with the target as `│`
    and where the team should be today as `╎`."""

    DEFAULT_CSS = """
    ForecastChart { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.view: ForecastView | None = None
        self.currency = "EUR"

    def show(self, view: ForecastView | None, currency: str) -> None:
        self.view, self.currency = view, currency
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 4

    def render(self) -> Text:
        """Bars as wide as the widget allows, so the chart reads at 80 columns and wider."""
        view, currency = self.view, self.currency
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_("Forecast vs target") + "\n", style="bold")
        if view is None:
            return text
        bar = max(10, min(40, self.content_size.width - LABEL_AND_AMOUNT))
        top = max(view.forecast, view.target or 0, view.won, 1)
        target_at = None if view.target is None else min(bar, round(bar * view.target / top))
        pace_at = (
            None
            if view.expected_to_date is None
            else min(bar, round(bar * view.expected_to_date / top))
        )
        for label, amount, style in (
            (_("Won"), view.won, "bold"),
            (_("Forecast"), view.forecast, ""),
        ):
            filled = round(bar * amount / top)
            cells = ["█" if i < filled else "·" for i in range(bar + 1)]
            if pace_at is not None and label == _("Won"):
                cells[pace_at] = "╎"
            if target_at is not None:
                cells[target_at] = "│"
            text.append(f"{label[:8]:<8} ")
            text.append("".join(cells), style=style)
            text.append(f" {format_money(amount, currency, compact=True)}\n")
        if view.target is None:
            text.append(_("No target for this period."), style="dim")
        else:
            text.append(
                _("│ target {target}   ╎ expected by today {pace}").format(
                    target=format_money(view.target, currency, compact=True),
                    pace=format_money(view.expected_to_date, currency, compact=True),
                ),
                style="dim",
            )
        return text
