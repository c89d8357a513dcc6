"""What changed in the open pipeline since the last pipeline review (or a chosen day): the
waterfall, then every deal behind it; `enter` opens a deal."""

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from pilot_tui.core.changes import DealChange, PipelineChanges, changes_since
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.titlebar import TitleBar
from pilot_tui.widgets.waterfall import Waterfall

COLUMNS = ((_("Change"), 14), (_("Deal"), 30), (_("Owner"), 8), (_("What"), 30), (_("Amount"), 9))


class ChangesScreen(PilotScreen):
    """The waterfall from a start day to today; `[` / `]` a week earlier / later, `a` every
    open deal or only those due this month."""

    TITLE = _("What changed")
    AUTO_FOCUS = "#change-deals"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_square_bracket",
            "shift(-7)",
            _("Week earlier"),
            key_display="[",
            id="changes.earlier",
        ),
        Binding(
            "right_square_bracket", "shift(7)", _("Week later"), key_display="]", id="changes.later"
        ),
        Binding("a", "toggle_period", _("All open / this month"), id="changes.all"),
    ]
    DEFAULT_CSS = """
    ChangesScreen #changes-summary { height: 1; padding: 0 1; color: $text-muted; }
    ChangesScreen #change-deals { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.since: date | None = None
        self.every_open_deal = False

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="changes-summary")
        yield Waterfall(id="waterfall")
        yield KeyedTable(COLUMNS, id="change-deals")
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        actor, context = self.pilot.actor, self.pilot.context
        scope = Scope() if actor.is_manager else Scope("rep", actor.login)
        period = None if self.every_open_deal else context.this_month()
        since = self.since
        self.in_background(
            lambda: self.pilot.read(changes_since, context, scope, since, period),
            self._show,
            group="changes",
        )

    def _show(self, changes: PipelineChanges) -> None:
        self.since = changes.since
        locale = self.pilot.context.locale
        what = changes.period or _("every open deal")
        self.show_title(f"{changes.scope} · {what}")
        self.query_one("#changes-summary", Static).update(
            _("{since} → {until} · {n} unchanged · [ ] a week earlier/later · a all/month").format(
                since=changes.since, until=changes.until, n=changes.unchanged
            )
        )
        self.query_one(Waterfall).show(changes, locale)
        rows = [
            (str(deal.id), _cells(group.label, deal, changes.currency, locale))
            for group in changes.groups
            for deal in group.deals
        ]
        self.query_one(KeyedTable).replace_rows(rows)

    def action_shift(self, days: int) -> None:
        if self.since is None:
            return
        latest = self.pilot.context.today - timedelta(days=1)
        self.since = min(self.since + timedelta(days=days), latest)
        self.load()

    def action_toggle_period(self) -> None:
        self.every_open_deal = not self.every_open_deal
        self.load()

    @on(DataTable.RowSelected, "#change-deals")
    def open_row(self, event: DataTable.RowSelected) -> None:
        from pilot_tui.screens.deal import DealScreen

        if event.row_key.value is not None:
            self.app.push_screen(DealScreen(int(event.row_key.value)))


def _cells(label: str, deal: DealChange, currency: str, locale: str) -> list[Text | str]:
    parts = []
    if deal.stage_from != deal.stage_to:
        parts.append(f"{deal.stage_from or '·'}→{deal.stage_to}")
    if deal.stage_from is not None and deal.close_from != deal.close_to:
        parts.append(f"{deal.close_from or '—'}→{deal.close_to or '—'}")
    sign = "+" if deal.contribution > 0 else "−" if deal.contribution < 0 else "±"
    money = format_money(abs(deal.contribution), currency, compact=True, locale=locale)
    return [
        label,
        Text(f"#{deal.id} {deal.name or ''}"),
        deal.owner or "—",
        " ".join(parts),
        sign + money,
    ]
