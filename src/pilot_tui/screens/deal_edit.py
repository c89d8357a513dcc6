"""The deal edit form. A refused save keeps every value typed and says why in one sentence."""

from decimal import Decimal
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select, Static

from pilot_tui.core.errors import ConflictError, PilotError
from pilot_tui.core.models import Deal, StageKind, User
from pilot_tui.core.money import MINOR_DIGITS, parse_money
from pilot_tui.core.store.deals import get_deal, update_deal
from pilot_tui.core.store.pipeline import FilterChoices, changed_fields
from pilot_tui.i18n import _
from pilot_tui.screens.form import FormModal, conflict_text

TEXT_FIELDS = (
    ("amount", _("Amount")),
    ("expected_close", _("Close date")),
    ("next_step", _("Next step")),
    ("next_step_due", _("Step due")),
    ("snoozed_until", _("Snooze until")),
    ("snooze_reason", _("Snooze why")),
    ("lost_reason", _("Lost because")),
)
"""Inputs of the form, in order (stage and owner are selects above them)."""


class DealEditScreen(FormModal[Deal | None]):
    """Edit stage, amount, dates, next step, owner (managers), snooze and lost reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", _("Save"), id="edit.save"),
    ]
    DEFAULT_CSS = """
    DealEditScreen #edit-error { color: $error; height: auto; }
    """

    def __init__(self, deal: Deal, choices: FilterChoices, actor: User, preset: str = "") -> None:
        super().__init__()
        self.base = deal
        """The version the user edits; a conflict moves it to the current one."""
        self.choices = choices
        self.actor = actor
        self.preset = preset

    def compose(self) -> ComposeResult:
        deal = self.base
        stage = {"won": "won", "lost": "lost"}.get(self.preset, deal.stage)
        with Vertical():
            yield Label(
                _("[b]Edit deal #{id}[/b] {name}  ctrl+s save · Esc cancel").format(
                    id=deal.id, name=deal.name
                )
            )
            with Grid():
                yield Label(_("Stage"))
                yield Select(
                    [(s.label, s.key) for s in self.choices.stages],
                    value=stage,
                    allow_blank=False,
                    compact=True,
                    id="stage",
                )
                yield Label(_("Owner"))
                yield Select(
                    [(u.login, u.login) for u in self.choices.owners],
                    value=deal.owner,
                    allow_blank=False,
                    compact=True,
                    id="owner",
                    disabled=not self.actor.is_manager,
                )
                for name, label in TEXT_FIELDS:
                    yield Label(label)
                    yield Input(
                        self._initial(name), compact=True, id=name, placeholder=_placeholder(name)
                    )
            yield Static(id="edit-error")
            yield from self.submit_buttons(_("Save"))

    def on_mount(self) -> None:
        focus = {"lost": "#lost_reason", "snooze": "#snoozed_until", "won": "#submit"}
        self.query_one(focus.get(self.preset, "#stage")).focus()

    def _initial(self, name: str) -> str:
        if name == "amount":
            minor = self.base.amount_minor
            return "" if minor is None else str(Decimal(minor).scaleb(-MINOR_DIGITS))
        value = getattr(self.base, name)
        return "" if value is None else str(value)

    def changes(self) -> dict[str, Any]:
        """The form as a change set; raises ``ValidationError`` for an unreadable amount."""
        values: dict[str, Any] = {
            name: self.query_one(f"#{name}", Input).value.strip() or None
            for name, _label in TEXT_FIELDS
        }
        values["amount_minor"] = parse_money(values.pop("amount") or "")
        values["stage"] = self.query_one("#stage", Select).value
        if self.actor.is_manager:
            values["owner"] = self.query_one("#owner", Select).value
        kinds = {s.key: s.kind for s in self.choices.stages}
        if kinds.get(values["stage"]) is not StageKind.LOST:
            values["lost_reason"] = None
        return values

    def action_submit(self) -> None:
        try:
            changes = self.changes()
        except PilotError as error:
            self.show_error(error)
            return
        self.save(changes, self.base.version)

    def save(self, changes: dict[str, Any], version: int) -> None:
        app = self.pilot
        deal_id = self.base.id

        def refused(error: PilotError) -> None:
            if not isinstance(error, ConflictError):
                self.show_error(error)
                return
            self.in_background(
                lambda: app.read(get_deal, deal_id),
                lambda current: self._conflict(str(error), current),
                group="save",
            )

        self.in_background(
            lambda: app.write(update_deal, self.actor, deal_id, changes, expected_version=version),
            self.dismiss,
            group="save",
            refused=refused,
        )

    def _conflict(self, message: str, current: Deal) -> None:
        changed = changed_fields(self.base, current)
        self.base = current
        self.show_error(conflict_text(message, changed))

    def show_error(self, error: PilotError | str) -> None:
        """One sentence under the fields; everything typed stays."""
        self.query_one("#edit-error", Static).update(str(error))


def _placeholder(name: str) -> str:
    return {
        "amount": _("12 500,50 or 12.5k"),
        "expected_close": "YYYY-MM-DD",
        "next_step_due": "YYYY-MM-DD",
        "snoozed_until": "YYYY-MM-DD",
        "lost_reason": _("no budget, no fit, competitor, no decision, timing, price"),
    }.get(name, "")
