"""The pipeline's filter dialog, and the one-line summary of the filters in force."""

import calendar
from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select

from pilot_tui.core import clock
from pilot_tui.core.store.deals import DealQuery
from pilot_tui.core.store.pipeline import FilterChoices
from pilot_tui.i18n import _

PUSHED_AT_LEAST = 2
"""'Pushed twice or more' (issue 4)."""


def this_month() -> tuple[date, date]:
    """First and last day of the current month, as the 'closing this period' filter uses."""
    today = clock.today()
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=1), today.replace(day=last)


def describe_filters(query: DealQuery) -> str:
    """'Filters: owner sam · stuck · closing 2026-11-01..2026-11-30' (or 'All deals')."""
    parts: list[str] = []
    for name in ("owner", "stage", "segment", "offer"):
        value = getattr(query, name)
        if value:
            parts.append(f"{_(name)} {value}")
    if query.search:
        parts.append(_("search “{text}”").format(text=query.search))
    flags = [
        (query.open_only and not query.stuck, _("open")),
        (query.stuck, _("stuck")),
        (query.no_next_step, _("no next step")),
        (query.close_from is not None, _("closing this month")),
        (query.min_pushes > 0, _("pushed {n}+").format(n=query.min_pushes)),
    ]
    parts += [label for on, label in flags if on]
    return _("Filters: {parts}").format(parts=" · ".join(parts)) if parts else _("All deals")


class FilterScreen(ModalScreen[DealQuery | None]):
    """Choose owner, stage, segment, offer and the flag filters; ctrl+s applies."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", _("Apply"), id="filter.apply"),
        Binding("escape", "cancel", _("Cancel"), id="filter.cancel"),
    ]
    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FilterScreen Grid { grid-size: 2; grid-columns: 10 1fr; grid-rows: 1; height: auto; }
    FilterScreen Checkbox { height: 1; border: none; padding: 0; }
    FilterScreen .buttons { height: 1; margin-top: 1; }
    FilterScreen Button { min-width: 10; margin-right: 2; }
    """

    def __init__(self, query: DealQuery, choices: FilterChoices) -> None:
        super().__init__()
        self.query_state = query
        self.choices = choices

    def compose(self) -> ComposeResult:
        q, c = self.query_state, self.choices
        any_label = _("(any)")
        with Vertical():
            yield Label(_("[b]Filter deals[/b]  ctrl+s apply · Esc cancel"))
            with Grid():
                yield Label(_("Owner"))
                yield Select(
                    [(u.login, u.login) for u in c.owners],
                    value=q.owner or Select.NULL,
                    prompt=any_label,
                    compact=True,
                    id="owner",
                )
                yield Label(_("Stage"))
                yield Select(
                    [(s.label, s.key) for s in c.stages],
                    value=q.stage or Select.NULL,
                    prompt=any_label,
                    compact=True,
                    id="stage",
                )
                yield Label(_("Segment"))
                yield Select(
                    [(label, key) for key, label in c.segments],
                    value=q.segment or Select.NULL,
                    prompt=any_label,
                    compact=True,
                    id="segment",
                )
                yield Label(_("Offer"))
                yield Select(
                    [(label, key) for key, label in c.offers],
                    value=q.offer or Select.NULL,
                    prompt=any_label,
                    compact=True,
                    id="offer",
                )
            yield Checkbox(_("Open deals only"), q.open_only, compact=True, id="open_only")
            yield Checkbox(_("Stuck"), q.stuck, compact=True, id="stuck")
            yield Checkbox(_("No next step"), q.no_next_step, compact=True, id="no_next_step")
            yield Checkbox(
                _("Closing this month"), q.close_from is not None, compact=True, id="closing"
            )
            yield Checkbox(
                _("Pushed twice or more"),
                q.min_pushes >= PUSHED_AT_LEAST,
                compact=True,
                id="pushed",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Apply"), variant="primary", compact=True, id="apply")
                yield Button(_("Cancel"), compact=True, id="cancel")

    def _select(self, name: str) -> str | None:
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else str(value)

    def _checked(self, name: str) -> bool:
        return self.query_one(f"#{name}", Checkbox).value

    def action_apply(self) -> None:
        closing = this_month() if self._checked("closing") else None
        self.dismiss(
            replace(
                self.query_state,
                owner=self._select("owner"),
                stage=self._select("stage"),
                segment=self._select("segment"),
                offer=self._select("offer"),
                open_only=self._checked("open_only"),
                stuck=self._checked("stuck"),
                no_next_step=self._checked("no_next_step"),
                close_from=None if closing is None else closing[0],
                close_to=None if closing is None else closing[1],
                min_pushes=PUSHED_AT_LEAST if self._checked("pushed") else 0,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()
