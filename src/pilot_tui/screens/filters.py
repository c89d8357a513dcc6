"""The pipeline's filter dialog, and the one-line summary of the filters in force."""

import calendar
from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Checkbox, Label, Select

from pilot_tui.core import clock
from pilot_tui.core.store.deals import DealQuery
from pilot_tui.core.store.pipeline import FilterChoices
from pilot_tui.i18n import _
from pilot_tui.screens.form import FormModal

PUSHED_AT_LEAST = 2
"""The pipeline filter 'pushed twice or more': at least this many pushes of the close date."""


def this_month() -> tuple[date, date]:
    """First and last day of the current month, as the 'closing this period' filter uses."""
    today = clock.today()
    last = calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=1), today.replace(day=last)


def describe_filters(query: DealQuery) -> str:
    """'Filters: owner sam · stuck · closing 2026-11-01..2026-11-30' (or 'All deals')."""
    parts: list[str] = []
    named = (
        ("owner", _("owner")),
        ("stage", _("stage")),
        ("segment", _("segment")),
        ("offer", _("offer")),
    )
    for name, label in named:
        value = getattr(query, name)
        if value:
            parts.append(f"{label} {value}")
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


class FilterScreen(FormModal[DealQuery | None]):
    """Choose owner, stage, segment, offer and the flag filters; ctrl+s applies."""

    def __init__(self, query: DealQuery, choices: FilterChoices) -> None:
        super().__init__()
        self.query_state = query
        self.choices = choices

    def compose(self) -> ComposeResult:
        q, c = self.query_state, self.choices
        selects = (
            ("owner", _("Owner"), [(u.login, u.login) for u in c.owners]),
            ("stage", _("Stage"), [(s.label, s.key) for s in c.stages]),
            ("segment", _("Segment"), [(label, key) for key, label in c.segments]),
            ("offer", _("Offer"), [(label, key) for key, label in c.offers]),
        )
        checks = (
            ("open_only", _("Open deals only"), q.open_only),
            ("stuck", _("Stuck"), q.stuck),
            ("no_next_step", _("No next step"), q.no_next_step),
            ("closing", _("Closing this month"), q.close_from is not None),
            ("pushed", _("Pushed twice or more"), q.min_pushes >= PUSHED_AT_LEAST),
        )
        with Vertical():
            yield Label(_("[b]Filter deals[/b]  ctrl+s apply · Esc cancel"))
            with Grid():
                for name, label, options in selects:
                    yield Label(label)
                    yield Select(
                        options,
                        value=getattr(q, name) or Select.NULL,
                        prompt=_("(any)"),
                        compact=True,
                        id=name,
                    )
            for name, label, checked in checks:
                yield Checkbox(label, checked, compact=True, id=name)
            yield from self.submit_buttons(_("Apply"))

    def _select(self, name: str) -> str | None:
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else str(value)

    def _checked(self, name: str) -> bool:
        return self.query_one(f"#{name}", Checkbox).value

    def action_submit(self) -> None:
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
