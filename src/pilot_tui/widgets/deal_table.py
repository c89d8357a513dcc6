"""A DataTable that holds one page of deals and keeps the cursor on the same deal on reload."""

from typing import Any, NamedTuple

from rich.text import Text
from textual.widgets import DataTable

from pilot_tui.core.models import Deal
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _


class Column(NamedTuple):
    key: str
    """The ``DealQuery.sort`` name, or '' when the column cannot be sorted."""
    label: str
    width: int | None


COLUMNS = (
    Column("name", _("Deal"), 18),
    Column("account", _("Account"), 9),
    Column("owner", _("Owner"), 5),
    Column("stage", _("Stage"), 13),
    Column("amount_minor", _("Amount"), 9),
    Column("expected_close", _("Close"), 10),
    Column("", _("Next step"), 28),
)
SORTABLE_COLUMNS = tuple(column.key for column in COLUMNS if column.key)


class DealTable(DataTable[str]):
    """One page of deals; row keys are deal ids."""

    def __init__(self, **widget_options: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **widget_options)

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(column.label, key=column.key or "next_step", width=column.width)

    def show_page(
        self, deals: list[Deal], stage_labels: dict[str, str], sort: str, descending: bool
    ) -> None:
        """Replace the rows; the cursor stays on the same deal (or the same row index)."""
        current = self.selected_deal_id()
        index = self.cursor_row
        self.clear()
        for column in self.columns.values():
            key = str(column.key.value)
            label = next(c.label for c in COLUMNS if (c.key or "next_step") == key)
            arrow = (" ▼" if descending else " ▲") if key == sort else ""
            column.label = Text(label + arrow)
        for deal in deals:
            self.add_row(
                deal.name,
                deal.account or "",
                deal.owner,
                stage_labels.get(deal.stage, deal.stage),
                format_money(deal.amount_minor, deal.currency),
                deal.expected_close.isoformat() if deal.expected_close else "",
                _next_step(deal),
                key=str(deal.id),
            )
        ids = [deal.id for deal in deals]
        if current in ids:
            index = ids.index(current)
        if deals:
            self.move_cursor(row=min(index, len(deals) - 1), animate=False, scroll=True)
        self.refresh()

    def selected_deal_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None


def _next_step(deal: Deal) -> str:
    if not deal.next_step:
        return "—"
    due = f" ({deal.next_step_due.isoformat()[5:]})" if deal.next_step_due else ""
    return deal.next_step + due
