"""The objective form: the SMART check follows the typing, letter by letter; a refused save
keeps every value typed and says why in one sentence."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static
from textual.worker import get_current_worker

from pilot_tui.core.errors import ConflictError, PilotError, ValidationError
from pilot_tui.core.models import Role
from pilot_tui.core.money import MINOR_DIGITS
from pilot_tui.core.objectives import (
    KINDS,
    DraftCheck,
    Objective,
    check_draft,
    create_objective,
    get_objective,
    parse_target,
    update_objective,
)
from pilot_tui.core.smart import METRICS, ObjectiveDraft
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import list_users
from pilot_tui.i18n import _
from pilot_tui.screens.form import FormModal, conflict_text
from pilot_tui.widgets.derivation import DerivationView
from pilot_tui.widgets.smart_check import SmartCheckView

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the SMART check runs again (each key restarts the wait)."""
TEAM = "__team__"
"""The "whose" choice for the team's own objective."""

Saver = Callable[[Store, ObjectiveDraft], Objective]
"""Saves a new objective on the store (``create_objective``, or a ritual's
``record_objective`` so the minutes note it)."""

PLACEHOLDERS = {
    "money": _("50000 (in currency units)"),
    "count": _("12"),
    "share": _("80% or 0.8"),
}


@dataclass(frozen=True)
class FormValues:
    """The form as typed, read on the UI thread and handed to the check's worker."""

    kind: str
    metric: str
    whose: str
    period: str
    target: str
    rationale: str

    def draft(self, team: str | None) -> ObjectiveDraft:
        """The draft these values describe; ``ValidationError`` for a missing or unreadable
        target."""
        if not self.target.strip():
            raise ValidationError(_("Type a target to see the SMART check."))
        return ObjectiveDraft(
            kind=self.kind,
            metric=self.metric,
            target=parse_target(self.metric, self.target),
            period=self.period.strip(),
            owner=None if self.whose == TEAM else self.whose,
            team=team,
            rationale=self.rationale.strip() or None,
        )


class ObjectiveFormScreen(FormModal[Objective | None]):
    """Kind, metric, whose, period, target and why, with the live SMART check and, for a
    won-value target, the pipeline and weekly activity it asks for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", _("Save"), id="objective.save"),
    ]
    DEFAULT_CSS = """
    ObjectiveFormScreen > Vertical { width: 100; }
    ObjectiveFormScreen #objective-check { height: auto; max-height: 45vh; }
    ObjectiveFormScreen .form-section { text-style: bold; margin-top: 1; }
    ObjectiveFormScreen #objective-error { color: $error; height: auto; }
    """

    def __init__(
        self,
        draft: ObjectiveDraft,
        *,
        objective: Objective | None = None,
        save: Saver | None = None,
    ) -> None:
        """A new objective starting from ``draft``, or an edit of ``objective`` (its fields
        win over ``draft``'s); ``save`` replaces ``create_objective`` for a new one."""
        super().__init__()
        self.initial = objective.draft if objective is not None else draft
        self.base = objective
        """The version being edited; a conflict moves it to the current one."""
        self.saver = save
        self._refusal_shown = False
        """The error line holds the live check's refusal (cleared once the draft is fine)."""

    def compose(self) -> ComposeResult:
        initial = self.initial
        title = (
            _("[b]Edit objective #{id}[/b]").format(id=self.base.id)
            if self.base is not None
            else _("[b]New objective[/b]")
        )
        reps = [
            u.login for u in self.pilot.read(list_users, active_only=True) if u.role is Role.REP
        ]
        if initial.owner and initial.owner not in reps:
            reps.append(initial.owner)
        whose = [(_("team {team}").format(team=self.team), TEAM)] if self.team else []
        whose += [(_("rep {login}").format(login=login), login) for login in reps]
        metrics = _metric_options(initial.kind)
        with Vertical():
            yield Label(title + " · " + _("ctrl+s save · Esc cancel"))
            with Grid():
                yield Label(_("Kind"))
                yield Select(
                    [(kind, kind) for kind in KINDS],
                    value=initial.kind if initial.kind in KINDS else KINDS[0],
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
                yield Label(_("Metric"))
                yield Select(
                    metrics,
                    value=_valid(initial.metric, metrics),
                    allow_blank=False,
                    compact=True,
                    id="metric",
                )
                yield Label(_("Whose"))
                yield Select(
                    whose,
                    value=_valid(initial.owner or TEAM, whose),
                    allow_blank=False,
                    compact=True,
                    id="whose",
                )
                yield Label(_("Period"))
                yield Input(
                    initial.period,
                    placeholder=_("2026-11, 2026-W47 or 2026-Q4"),
                    compact=True,
                    id="period",
                )
                yield Label(_("Target"))
                yield Input(
                    _target_text(initial),
                    placeholder=_placeholder(initial.metric),
                    compact=True,
                    id="target",
                )
                yield Label(_("Why"))
                yield Input(initial.rationale or "", compact=True, id="rationale")
            yield Static(_("SMART check"), classes="form-section")
            with VerticalScroll(id="objective-check"):
                yield SmartCheckView(id="smart")
                yield DerivationView(id="derivation")
            yield Static(id="objective-error")
            yield from self.submit_buttons(_("Save"))

    @property
    def team(self) -> str | None:
        return self.initial.team or self.pilot.actor.team

    def on_mount(self) -> None:
        self.query_one("#derivation", DerivationView).show(None)
        self.query_one("#target" if self.base is None else "#kind").focus()
        self.live_check(self.values(), 0.0)

    def values(self) -> FormValues:
        def chosen(widget_id: str) -> str:
            return str(self.query_one(f"#{widget_id}", Select).value)

        return FormValues(
            kind=chosen("kind"),
            metric=chosen("metric"),
            whose=chosen("whose"),
            period=self.query_one("#period", Input).value,
            target=self.query_one("#target", Input).value,
            rationale=self.query_one("#rationale", Input).value,
        )

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        metric = self.query_one("#metric", Select)
        options = _metric_options(str(event.value))
        if metric.value not in [value for _label, value in options]:
            metric.set_options(options)
            metric.value = options[0][1]
        self._changed()

    @on(Select.Changed, "#metric")
    def _metric_changed(self, event: Select.Changed) -> None:
        self.query_one("#target", Input).placeholder = _placeholder(str(event.value))
        self._changed()

    @on(Select.Changed, "#whose")
    @on(Input.Changed)
    def _changed(self) -> None:
        self.live_check(self.values(), CHECK_DELAY)

    def live_check(self, values: FormValues, delay: float) -> None:
        """Wait ``delay`` seconds (a newer keystroke cancels this one), then check the draft."""
        team = self.team
        editing = self.base.id if self.base else None

        def check() -> DraftCheck | None:
            time.sleep(delay)
            if get_current_worker().is_cancelled:
                return None
            return self.pilot.read(check_draft, values.draft(team), excluding=editing)

        self.in_background(
            check,
            self._show_check,
            group="smart-check",
            refused=lambda error: self._show_check(None, str(error)),
        )

    def _show_check(self, result: DraftCheck | None, why: str = "") -> None:
        self.query_one("#smart", SmartCheckView).show(
            result.smart if result else None,
            why,
            if_fails=_("It can still be saved: the check advises, the manager decides."),
        )
        derivation = result.derivation if result else None
        currency = result.currency if result else ""
        self.query_one("#derivation", DerivationView).show(derivation, currency)
        refusal = result.refusal if result else None
        if refusal or self._refusal_shown:  # say it before a save; leave other errors be
            self.show_error(refusal or "")
            self._refusal_shown = refusal is not None

    def action_submit(self) -> None:
        try:
            draft = self.values().draft(self.team)
        except PilotError as error:
            self.show_error(error)
            return
        self.save(draft, self.base.version if self.base else None)

    def save(self, draft: ObjectiveDraft, version: int | None) -> None:
        app, base = self.pilot, self.base
        actor = app.actor

        def save() -> Objective:
            if base is None:
                saver = self.saver or (lambda store, new: create_objective(store, actor, new))
                return app.write(saver, draft)
            return app.write(
                update_objective, actor, base.id, draft.model_dump(), expected_version=version
            )

        def refused(error: PilotError) -> None:
            if base is None or not isinstance(error, ConflictError):
                self.show_error(error)
                return
            self.in_background(
                lambda: app.read(get_objective, base.id),
                lambda current: self._conflict(str(error), current),
                group="objective-save",
            )

        self.in_background(save, self.dismiss, group="objective-save", refused=refused)

    def _conflict(self, message: str, current: Objective) -> None:
        assert self.base is not None
        changed = [
            name
            for name in ObjectiveDraft.model_fields
            if getattr(self.base, name) != getattr(current, name)
        ]
        self.base = current
        self.show_error(conflict_text(message, changed))

    def show_error(self, error: PilotError | str) -> None:
        """One sentence under the fields; everything typed stays."""
        self.query_one("#objective-error", Static).update(str(error))


def _metric_options(kind: str) -> list[tuple[str, str]]:
    """The metrics of ``kind`` (every metric for an unknown kind)."""
    metrics = [name for name, spec in METRICS.items() if spec.kind == kind] or list(METRICS)
    return [(name, name) for name in metrics]


def _valid(value: str, options: list[tuple[str, str]]) -> str:
    """``value`` if it is one of ``options``, else the first option's."""
    values = [option for _label, option in options]
    return value if value in values else values[0]


def _placeholder(metric: str) -> str:
    spec = METRICS.get(metric)
    return PLACEHOLDERS[spec.unit] if spec else ""


def _target_text(draft: ObjectiveDraft) -> str:
    """The target as ``parse_target`` reads it back (money in currency units, a share as %)."""
    if not draft.target:
        return ""
    spec = METRICS.get(draft.metric)
    unit = spec.unit if spec else "count"
    value = {"money": draft.target / 10**MINOR_DIGITS, "share": draft.target * 100}.get(
        unit, draft.target
    )
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text + "%" if unit == "share" else text
