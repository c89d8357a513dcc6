"""The period's objectives: the team's, then each rep's, with progress and the SMART check."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import DataTable, Footer, Static

from pilot_tui.core.clock import today
from pilot_tui.core.models import Role
from pilot_tui.core.objectives import (
    Objective,
    ObjectiveStatus,
    delete_objective,
    objective_statuses,
)
from pilot_tui.core.periods import PeriodKind, period_containing
from pilot_tui.core.smart import ObjectiveDraft, ValueFormatter
from pilot_tui.core.store import Store
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.objective_form import ObjectiveFormScreen
from pilot_tui.screens.periods import PeriodBrowsing, period_bindings
from pilot_tui.screens.pick import PickScreen
from pilot_tui.widgets.derivation import DerivationView
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.smart_check import SmartCheckView, smart_summary
from pilot_tui.widgets.titlebar import TitleBar

COLUMNS = (
    (_("Whose"), 6),
    (_("Kind"), 10),
    (_("Metric"), 18),
    (_("Target"), 10),
    (_("Done"), 5),
    (_("SMART"), 14),
)
"""75 columns with their padding: the table fits 80 (the detail below says where each stands)."""
MANAGER_ACTIONS = frozenset({"new", "edit", "delete"})


class ObjectivesScreen(PeriodBrowsing, PilotScreen):
    """Everyone reads the objectives; managers add (`n`), edit (`e`) and delete (`x`) them."""

    TITLE = _("Objectives")
    AUTO_FOCUS = "#objectives"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", _("New"), id="objectives.new"),
        Binding("e", "edit", _("Edit"), id="objectives.edit"),
        Binding("x", "delete", _("Delete"), id="objectives.delete"),
        *period_bindings("objectives"),
    ]
    DEFAULT_CSS = """
    ObjectivesScreen #objectives { height: auto; max-height: 50%; }
    ObjectivesScreen #objective-detail { height: 1fr; padding: 0 1; border-top: solid $panel; }
    ObjectivesScreen .detail-title { margin-top: 1; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[ObjectiveStatus] = []
        self.currency = "EUR"
        self.just_saved: int | None = None
        """The objective the cursor goes to on the next load (one just saved)."""

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield KeyedTable(COLUMNS, id="objectives")
        with VerticalScroll(id="objective-detail"):
            yield Static(id="objective-what")
            yield Static(_("SMART check (when saved)"), classes="detail-title")
            yield SmartCheckView(id="objective-smart")
            yield DerivationView(id="objective-derivation")
        yield Footer(compact=True, show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reps read: no key to add, edit or delete an objective."""
        return not (action in MANAGER_ACTIONS and self.pilot.actor.role is Role.REP)

    def why_not(self, action: str) -> str | None:
        if action in MANAGER_ACTIONS and self.pilot.actor.role is Role.REP:
            return _("Only a manager adds, edits or deletes objectives; you are a rep.")
        return super().why_not(action)

    def on_mount(self) -> None:
        self.period = period_containing(today(), PeriodKind.MONTH)

    def reload(self) -> None:
        super().reload()
        self.load()

    def period_changed(self) -> None:
        self.load()

    def load(self) -> None:
        label = self.period.label if self.period else None

        def read() -> tuple[list[ObjectiveStatus], str]:
            return (
                self.pilot.read(objective_statuses, period=label),
                self.pilot.read(Store.currency),
            )

        self.in_background(read, lambda loaded: self._show(*loaded), group="objectives")

    def _title(self) -> None:
        if self.period is not None:
            self.show_title(
                _("{period} · {n} objectives").format(
                    period=self.period.label, n=len(self.statuses)
                )
            )

    def _show(self, statuses: list[ObjectiveStatus], currency: str) -> None:
        self.statuses, self.currency = statuses, currency
        self._title()
        fmt = ValueFormatter(currency)
        self.query_one(KeyedTable).replace_rows(
            (
                (
                    str(s.objective.id),
                    (
                        s.objective.owner or _("team"),
                        s.objective.kind,
                        s.objective.metric,
                        fmt(s.objective.target, s.progress.unit),
                        fmt(s.progress.ratio, "share"),
                        smart_summary(s.objective.smart),
                    ),
                )
                for s in statuses
            ),
            select=str(self.just_saved) if self.just_saved else None,
        )
        self.just_saved = None
        self._show_detail()

    @on(DataTable.RowHighlighted, "#objectives")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        status = self.selected()
        what = self.query_one("#objective-what", Static)
        smart = self.query_one("#objective-smart", SmartCheckView)
        derivation = status.derivation if status else None
        self.query_one("#objective-derivation", DerivationView).show(derivation, self.currency)
        if status is None:
            period = self.period.label if self.period else ""
            hint = (
                _("`n` sets one, checked letter by letter as you type.")
                if self.check_action("new", ())
                else ""
            )
            what.update(
                escape(_("No objective for {period} yet. {hint}").format(period=period, hint=hint))
            )
            smart.show(None, "—")
            return
        objective = status.objective
        lines = [f"[b]#{objective.id} {escape(status.description)}[/b]"]
        if objective.rationale:
            lines.append(escape(_("Why: {why}").format(why=objective.rationale)))
        lines.append(
            escape(
                _("Now {current}: {share} of the target.").format(
                    current=ValueFormatter(self.currency)(
                        status.progress.current, status.progress.unit
                    ),
                    share=ValueFormatter(self.currency)(status.progress.ratio, "share"),
                )
            )
        )
        what.update("\n".join(lines))
        unchecked = _("Not checked: saved before Pilot checked objectives.")
        if self.check_action("edit", ()):
            unchecked += " " + _("`e` then ctrl+s checks it.")
        smart.show(objective.smart, unchecked)

    def selected(self) -> ObjectiveStatus | None:
        key = self.query_one(KeyedTable).selected_key()
        return next((s for s in self.statuses if str(s.objective.id) == key), None)

    def action_new(self) -> None:
        actor = self.pilot.actor
        draft = ObjectiveDraft(
            kind="outcome",
            metric="won_value",
            target=0,
            period=self.period.label if self.period else "",
            team=actor.team,
        )
        self.app.push_screen(ObjectiveFormScreen(draft), self._saved)

    def action_edit(self) -> None:
        status = self.selected()
        if status is not None:
            objective = status.objective
            self.app.push_screen(
                ObjectiveFormScreen(objective.draft, objective=objective), self._saved
            )

    def _saved(self, objective: Objective | None) -> None:
        if objective is None:
            return
        smart = objective.smart
        verdict = _("SMART") if smart is not None and smart.passes else _("not SMART")
        self.notify(
            _("Saved objective #{id} ({verdict}).").format(id=objective.id, verdict=verdict)
        )
        self.just_saved = objective.id
        self.pilot.data_changed()

    def action_delete(self) -> None:
        status = self.selected()
        if status is None:
            return
        objective = status.objective

        def chosen(answer: str | None) -> None:
            if answer == "delete":
                self.delete(objective)

        self.app.push_screen(
            PickScreen(
                _("Delete objective #{id}?").format(id=objective.id),
                [
                    ("delete", _("Delete: {what}").format(what=status.description)),
                    ("keep", _("Keep it")),
                ],
            ),
            chosen,
        )

    def delete(self, objective: Objective) -> None:
        def deleted(_result: object) -> None:
            self.notify(_("Deleted objective #{id}.").format(id=objective.id))
            self.pilot.data_changed()

        self.in_background(
            lambda: self.pilot.write(
                delete_objective, self.pilot.actor, objective.id, expected_version=objective.version
            ),
            deleted,
            group="objectives-delete",
        )
