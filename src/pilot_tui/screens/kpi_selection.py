"""The team's dashboard KPIs: every KPI of the catalog with its answers to the three questions
(actionable? anticipates? drives results?); at most 7 selected, noise kept only with a reason."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.widgets import DataTable, Footer, Static

from pilot_tui.core.errors import PilotError
from pilot_tui.core.kpi_selection import (
    MAX_KPIS,
    KpiSelection,
    kpi_selection,
    refuse_addition,
    set_kpi_selection,
    team_for,
)
from pilot_tui.core.metrics.catalog import BY_ID, CATALOG, Direction, KpiDefinition
from pilot_tui.core.models import Role
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.titlebar import TitleBar

COLUMNS = (
    ("#", 3),
    (_("KPI"), 28),
    (_("Act on?"), 7),
    (_("Ahead?"), 6),
    (_("Drives?"), 7),
    (_("Noise"), 5),
    (_("Why kept"), None),
)
MANAGER_ACTIONS = frozenset({"toggle_kpi", "why", "save", "revert"})


class KpiSelectionScreen(PilotScreen):
    """Managers: space or enter selects / unselects, `w` writes why a KPI stays, ctrl+s saves,
    ctrl+z drops the changes; reps read."""

    TITLE = _("KPI selection")
    AUTO_FOCUS = "#kpis"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_kpi", _("Select"), id="kpis.toggle"),
        Binding("w", "why", _("Why"), id="kpis.why"),
        Binding("ctrl+s", "save", _("Save"), id="kpis.save"),
        Binding("ctrl+z", "revert", _("Undo changes"), show=False, id="kpis.revert"),
    ]
    DEFAULT_CSS = """
    KpiSelectionScreen #kpi-status { height: auto; padding: 0 1; }
    KpiSelectionScreen #kpis { height: auto; max-height: 70%; }
    KpiSelectionScreen #kpi-detail {
        height: 1fr; padding: 0 1; color: $text-muted; border-top: solid $panel;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.saved: KpiSelection | None = None
        self.kpis: list[str] = []
        """The selection being edited, in dashboard order."""
        self.reasons: dict[str, str] = {}
        self.dirty = False
        """True once the selection differs from what was loaded or saved."""

    @property
    def team(self) -> str:
        return team_for(self.pilot.actor)

    @property
    def editable(self) -> bool:
        return self.pilot.actor.role is not Role.REP

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="kpi-status")
        yield KeyedTable(COLUMNS, id="kpis")
        yield Static(id="kpi-detail")
        yield Footer(compact=True, show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reps read: no key to change the selection."""
        return self.editable or action not in MANAGER_ACTIONS

    def why_not(self, action: str) -> str | None:
        if action in MANAGER_ACTIONS and not self.editable:
            return _("Only the team's manager changes the KPI selection; you can read it.")
        return super().why_not(action)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        team = self.team
        self.in_background(
            lambda: self.pilot.read(kpi_selection, team), self._loaded, group="kpi-selection"
        )

    def _loaded(self, selection: KpiSelection) -> None:
        """A fresh copy from the store; the selection being edited stays until saved."""
        self.saved = selection
        if not self.dirty:
            self.kpis = [k.kpi for k in selection.kpis]
            self.reasons = {k.kpi: k.why for k in selection.kpis if k.why}
        self._show()

    def _show(self) -> None:
        self.show_title(_("team {team}").format(team=self.team))
        table = self.query_one(KeyedTable)
        table.replace_rows((kpi.id, self._cells(kpi)) for kpi in CATALOG)
        self._status()
        self._show_detail()

    def _cells(self, kpi: KpiDefinition) -> tuple[str, ...]:
        selected = kpi.id in self.kpis
        return (
            f"● {self.kpis.index(kpi.id) + 1}" if selected else "○",
            kpi.name,
            *(_("yes") if answer else _("no") for answer in _answers(kpi)),
            _("noise") if kpi.noise else "",
            self.reasons.get(kpi.id, ""),
        )

    def _status(self) -> None:
        parts = [_("{n} of {max} selected").format(n=len(self.kpis), max=MAX_KPIS)]
        if self.saved is not None and self.saved.default and not self.dirty:
            parts.append(_("the defaults: none chosen yet"))
        if self.dirty:
            parts.append(_("[b]changed[/b]: ctrl+s saves, ctrl+z drops the changes"))
        elif self.editable:
            parts.append(_("space selects or unselects; noise stays only with a reason (w)"))
        else:
            parts.append(_("read only: a manager chooses"))
        self.query_one("#kpi-status", Static).update(" · ".join(parts))

    @on(DataTable.RowHighlighted, "#kpis")
    def _show_detail(self) -> None:
        kpi = self._highlighted()
        if kpi is None:
            return
        better = (
            _("higher is better")
            if kpi.direction is Direction.HIGHER_BETTER
            else _("lower is better")
        )
        answers = ", ".join(
            f"{question} {_('yes') if answer else _('no')}"
            for question, answer in zip(
                (_("actionable"), _("anticipates"), _("drives results")),
                _answers(kpi),
                strict=True,
            )
        )
        lines = [
            f"[b]{escape(kpi.name)}[/b] · {escape(kpi.formula)} · {better}",
            escape(_("{answers}: {yes} of 3.").format(answers=answers, yes=kpi.yes))
            + (" " + _("[b]Noise[/b]: kept only with a written reason.") if kpi.noise else ""),
        ]
        if kpi.id in self.reasons:
            lines.append(escape(_("Why kept: {why}").format(why=self.reasons[kpi.id])))
        self.query_one("#kpi-detail", Static).update("\n".join(lines))

    def _highlighted(self) -> KpiDefinition | None:
        key = self.query_one(KeyedTable).selected_key()
        return BY_ID.get(key) if key else None

    @on(DataTable.RowSelected, "#kpis")
    def _row_selected(self) -> None:
        if self.editable:
            self.action_toggle_kpi()

    def action_toggle_kpi(self) -> None:
        kpi = self._highlighted()
        if kpi is None:
            return
        if kpi.id in self.kpis:
            self.kpis.remove(kpi.id)
            self.reasons.pop(kpi.id, None)
            self._changed()
            return
        try:
            refuse_addition(self.kpis, kpi.id)
        except PilotError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        if not kpi.noise:
            self.kpis.append(kpi.id)
            self._changed()
            return

        def reason_given(why: str | None) -> None:
            if not why:
                self.notify(
                    _("{name} was not selected: noise stays only with a written reason.").format(
                        name=kpi.name
                    ),
                    severity="warning",
                )
                return
            self.kpis.append(kpi.id)
            self.reasons[kpi.id] = why
            self._changed()

        self.app.push_screen(TextPromptScreen(_noise_question(kpi)), reason_given)

    def action_why(self) -> None:
        kpi = self._highlighted()
        if kpi is None:
            return
        if kpi.id not in self.kpis:
            self.notify(
                _("Select {name} first: a reason says why a selected KPI stays.").format(
                    name=kpi.name
                ),
                severity="warning",
            )
            return

        def written(why: str | None) -> None:
            if why:
                self.reasons[kpi.id] = why
            elif not kpi.noise:
                self.reasons.pop(kpi.id, None)
            self._changed()

        title = _noise_question(kpi) if kpi.noise else _("Why keep {name}?").format(name=kpi.name)
        self.app.push_screen(TextPromptScreen(title, self.reasons.get(kpi.id, "")), written)

    def _changed(self) -> None:
        saved = self.saved
        self.dirty = saved is None or (
            self.kpis != [k.kpi for k in saved.kpis]
            or self.reasons != {k.kpi: k.why for k in saved.kpis if k.why}
        )
        self._show()

    def action_revert(self) -> None:
        self.dirty = False
        if self.saved is not None:
            self._loaded(self.saved)

    def action_save(self) -> None:
        self.save(list(self.kpis), dict(self.reasons))

    def save(self, kpis: list[str], reasons: dict[str, str]) -> None:
        """Refused (one sentence): the selection being edited stays as it is."""
        actor, team = self.pilot.actor, self.team
        self.in_background(
            lambda: self.pilot.write(set_kpi_selection, actor, team, kpis, reasons),
            lambda _saved: self._saved(len(kpis)),
            group="kpi-selection-save",
        )

    def _saved(self, count: int) -> None:
        self.dirty = False
        self.notify(_("Saved: the dashboard shows these {n} KPIs.").format(n=count))
        self.pilot.data_changed()


def _answers(kpi: KpiDefinition) -> tuple[bool, bool, bool]:
    return (kpi.actionable, kpi.anticipates, kpi.drives_results)


def _noise_question(kpi: KpiDefinition) -> str:
    return _("{name} is noise ({yes} of 3 yes): why keep it?").format(name=kpi.name, yes=kpi.yes)
