"""A DataTable that holds one page of deals and keeps the cursor on the same deal on reload."""

from typing import NamedTuple

from rich.text import Text

from pilot_tui.core.models import Deal
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _
from pilot_tui.widgets.keyed_table import KeyedTable


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


class DealTable(KeyedTable):
    """One page of deals; row keys are deal ids."""

    DEFAULT_CSS = """
    DealTable { height: 1fr; }
    """

    def on_mount(self) -> None:
        for column in COLUMNS:
            self.add_column(column.label, key=column.key or "next_step", width=column.width)

    def show_page(
        self, deals: list[Deal], stage_labels: dict[str, str], sort: str, descending: bool
    ) -> None:
        """Replace the rows; the cursor stays on the same deal (or the same row index)."""
        for column in self.columns.values():
            key = str(column.key.value)
            label = next(c.label for c in COLUMNS if (c.key or "next_step") == key)
            arrow = (" ▼" if descending else " ▲") if key == sort else ""
            column.label = Text(label + arrow)
        self.replace_rows(
            (
                str(deal.id),
                (
                    deal.name,
                    deal.account or "",
                    deal.owner,
                    stage_labels.get(deal.stage, deal.stage),
                    format_money(deal.amount_minor, deal.currency),
                    deal.expected_close.isoformat() if deal.expected_close else "",
                    _next_step(deal),
                ),
            )
            for deal in deals
        )


def _next_step(deal: Deal) -> str:
    if not deal.next_step:
        return "—"
    due = f" ({deal.next_step_due.isoformat()[5:]})" if deal.next_step_due else ""
    return deal.next_step + due
