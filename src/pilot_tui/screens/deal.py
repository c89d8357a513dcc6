"""One deal: its fields, stage timeline, close-date pushes, activities and audit trail."""

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from pilot_tui.core.actions import Action, ActionLinks
from pilot_tui.core.errors import PermissionDeniedError
from pilot_tui.core.models import Deal
from pilot_tui.core.money import format_money
from pilot_tui.core.risk import risk_flags
from pilot_tui.core.store.deals import DealHistory, deal_history, get_deal
from pilot_tui.core.store.permissions import authorize
from pilot_tui.core.store.pipeline import (
    FilterChoices,
    StageSpan,
    audit_summary,
    filter_choices,
    stage_timeline,
)
from pilot_tui.i18n import _
from pilot_tui.screens.action_form import open_action_form, say_created
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.deal_edit import DealEditScreen
from pilot_tui.widgets.keyed_table import TextTable, user_text
from pilot_tui.widgets.titlebar import TitleBar


@dataclass(frozen=True)
class DealDetail:
    deal: Deal
    timeline: list[StageSpan]
    history: DealHistory
    choices: FilterChoices
    risks: list[str]
    """The deal's risk flags in words (none for a closed deal)."""


class DealScreen(PilotScreen):
    """A deal's detail; `e` edits, `w`/`l` mark won/lost, `z` snoozes."""

    TITLE = _("Deal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", _("Edit"), id="deal.edit"),
        Binding("w", "edit('won')", _("Won"), id="deal.won"),
        Binding("l", "edit('lost')", _("Lost"), id="deal.lost"),
        Binding("z", "edit('snooze')", _("Snooze"), id="deal.snooze"),
        Binding("a", "new_action", _("Action"), id="deal.action"),
        Binding("g", "stage_guide", _("Stage guide"), id="deal.guide"),
        Binding("escape,backspace", "back", _("Back"), key_display="esc", id="deal.back"),
    ]
    DEFAULT_CSS = """
    DealScreen #deal-body { height: 1fr; }
    DealScreen #fields { width: 36; padding: 0 1; }
    DealScreen #deal-tabs { width: 1fr; }
    """

    def __init__(self, deal_id: int) -> None:
        super().__init__()
        self.deal_id = deal_id
        self.detail: DealDetail | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with Horizontal(id="deal-body"):
            yield Static(id="fields")
            with TabbedContent(id="deal-tabs"):
                with TabPane(_("Timeline"), id="tab-timeline"):
                    yield TextTable(id="timeline", cursor_type="row")
                with TabPane(_("Pushes"), id="tab-pushes"):
                    yield TextTable(id="pushes", cursor_type="row")
                with TabPane(_("Activities"), id="tab-activities"):
                    yield TextTable(id="activities", cursor_type="row")
                with TabPane(_("Audit"), id="tab-audit"):
                    yield TextTable(id="audit", cursor_type="row")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        columns = {
            "timeline": (_("Stage"), _("Entered"), _("Left"), _("Days")),
            "pushes": (_("On"), _("From"), _("To"), _("By")),
            "activities": (_("Due"), _("Kind"), _("What"), _("Status")),
            "audit": (_("At"), _("Who"), _("Change")),
        }
        for table_id, labels in columns.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(*labels)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        def read() -> DealDetail:
            deal = self.pilot.read(get_deal, self.deal_id)
            return DealDetail(
                deal=deal,
                timeline=self.pilot.read(stage_timeline, deal),
                history=self.pilot.read(deal_history, self.pilot.actor, self.deal_id),
                choices=self.pilot.read(filter_choices),
                risks=[
                    flag.reason
                    for found in self.pilot.read(
                        risk_flags, self.pilot.context, deal_ids=[self.deal_id]
                    )
                    for flag in found.flags
                ],
            )

        self.in_background(read, self._show, group="deal")

    def _show(self, detail: DealDetail) -> None:
        self.detail = detail
        deal, labels = detail.deal, {s.key: s.label for s in detail.choices.stages}
        actor = self.pilot.actor
        self.query_one(TitleBar).show(
            f"{self.TITLE} #{deal.id}", f"{actor.login} ({actor.role.value})", deal.name
        )
        defaults = {s.key: s.default_probability for s in detail.choices.stages}
        self.query_one("#fields", Static).update(
            _fields_table(deal, labels, defaults, detail.risks)
        )
        self._fill(
            "timeline",
            [
                (
                    labels.get(s.stage, s.stage),
                    s.entered_on.isoformat(),
                    s.left_on.isoformat() if s.left_on else _("now"),
                    "—" if s.days is None else str(s.days),
                )
                for s in detail.timeline
            ],
        )
        self._fill(
            "pushes",
            [
                (c.at[:10], _iso(c.old), _iso(c.new), c.by or "")
                for c in detail.history.close_date_changes
            ],
        )
        self._fill(
            "activities",
            [(_iso(a.due), a.kind, a.title, a.status) for a in detail.history.activities],
        )
        self._fill(
            "audit",
            [
                (e.at[:16].replace("T", " "), e.actor, audit_summary(e))
                for e in reversed(detail.history.audit)
            ],
        )

    def _fill(self, table_id: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        row = table.cursor_row
        table.clear()
        table.add_rows(rows)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1), animate=False)

    def action_edit(self, preset: str = "") -> None:
        if self.detail is None:
            return
        try:  # refused at once, not after the user has typed a whole form
            authorize(self.pilot.actor, "deals", {"owner": self.detail.deal.owner}, None)
        except PermissionDeniedError as error:
            self.say_refused(error)
            return

        def saved(deal: Deal | None) -> None:
            if deal is not None:
                self.notify(_("Saved deal #{id}.").format(id=deal.id), timeout=3)
                self.pilot.data_changed()

        self.app.push_screen(
            DealEditScreen(self.detail.deal, self.detail.choices, self.pilot.actor, preset),
            saved,
        )

    def action_stage_guide(self) -> None:
        """The playbook's guide for the deal's current stage (entry and exit criteria)."""
        if self.detail is None:
            return
        from pilot_tui.screens.playbook import PlaybookScreen

        self.app.push_screen(PlaybookScreen(f"stage-{self.detail.deal.stage}"))

    def action_new_action(self) -> None:
        """An action on this deal for its owner, titled after its next step."""
        if self.detail is None:
            return
        deal = self.detail.deal

        def created(action: Action) -> None:
            say_created(self, action)
            self.pilot.data_changed()

        links = ActionLinks(deal_id=deal.id)
        open_action_form(self, deal.next_step or "", deal.owner, links, created)

    def action_back(self) -> None:
        self.app.pop_screen()


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _probability(deal: Deal, defaults: dict[str, float]) -> str:
    """The deal's own p(win), else its stage's default, said as such."""
    if deal.probability is not None:
        return f"{deal.probability:.0%}"
    default = defaults.get(deal.stage)
    return "—" if default is None else _("{pct:.0%} (stage)").format(pct=default)


def _fields_table(
    deal: Deal, labels: dict[str, str], defaults: dict[str, float], risks: list[str]
) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    snooze = (
        f"{deal.snoozed_until.isoformat()} — {deal.snooze_reason}" if deal.snoozed_until else "—"
    )
    next_step = deal.next_step or "—"
    if deal.next_step_due:
        next_step += f" ({deal.next_step_due.isoformat()})"
    rows = [
        (_("Account"), deal.account or "—"),
        (_("Owner"), deal.owner),
        (_("Stage"), labels.get(deal.stage, deal.stage)),
        (_("Amount"), format_money(deal.amount_minor, deal.currency)),
        (_("Close"), _iso(deal.expected_close)),
        (_("Next step"), next_step),
        (_("Segment"), deal.segment or "—"),
        (_("Offer"), deal.offer or "—"),
        (_("Forecast"), deal.forecast_category or _("pipeline")),
        (_("p(win)"), _probability(deal, defaults)),
        (_("Created"), deal.created_on.isoformat()),
        (_("Snoozed"), snooze),
    ]
    if deal.closed_on:
        rows.append((_("Closed"), deal.closed_on.isoformat()))
    if deal.lost_reason:
        rows.append((_("Lost because"), deal.lost_reason))
    changed = (deal.updated_at or "")[:10]
    rows.append((_("Changed"), f"{deal.updated_by or '—'} {changed} (v{deal.version})"))
    for label, value in rows:
        table.add_row(label, user_text(value))
    if risks:
        table.add_row(_("Risks"), Text("\n".join(f"! {risk}" for risk in risks), style="bold"))
    return table
