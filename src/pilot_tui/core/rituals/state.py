"""Rows of a ritual run as the engine, the minutes and the UI read them."""

import json
from dataclasses import dataclass
from typing import Any

from pilot_tui.core.errors import NotFoundError, PermissionDeniedError
from pilot_tui.core.models import Activity, Row, User
from pilot_tui.core.rituals.definitions import Ritual, Step, get_ritual
from pilot_tui.core.store.rituals import item_rows, run_row
from pilot_tui.core.store.store import Store
from pilot_tui.i18n import _


class RunState(Row):
    """One ``ritual_runs`` row. ``status`` is running, paused or finished; ``step_index``
    points into the ritual's steps; ``timing_json`` holds seconds spent per step id."""

    id: int
    kind: str
    facilitator: str
    subject: str | None = None
    attendees_json: str | None = None
    started_at: str
    ended_at: str | None = None
    status: str = "running"
    step_index: int = 0
    step_started_at: str | None = None
    timing_json: str | None = None
    minutes_md: str | None = None
    snapshot_json: str | None = None
    version: int = 1

    @property
    def ritual(self) -> Ritual:
        return get_ritual(self.kind)

    @property
    def step(self) -> Step:
        return self.ritual.steps[self.step_index]

    @property
    def attendees(self) -> list[str]:
        return list(json.loads(self.attendees_json)) if self.attendees_json else []

    @property
    def timing(self) -> dict[str, int]:
        """Seconds spent per step id, counted up to the last move, pause or finish."""
        return dict(json.loads(self.timing_json)) if self.timing_json else {}

    @property
    def snapshot(self) -> dict[str, Any] | None:
        return dict(json.loads(self.snapshot_json)) if self.snapshot_json else None


class RunItem(Row):
    """A decision or a note recorded at one step; ``subject`` names what it is about
    ('deal:12', 'action:5', 'objective:3', a finding id…) or nothing."""

    id: int
    run_id: int
    step: str
    subject: str | None = None
    decision: str | None = None
    note: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class LoopItem:
    """An action from an earlier run reviewed at ``close_loop``: ``outcome`` is done,
    rescheduled or dropped, ``None`` while it waits for a decision."""

    item_id: int
    action: Activity
    outcome: str | None
    reason: str | None


def load_run(store: Store, run_id: int) -> RunState:
    row = run_row(store, run_id)
    if row is None:
        raise NotFoundError(_("There is no ritual run {id}.").format(id=run_id))
    return RunState.model_validate(row)


def check_can_read_run(actor: User, run: RunState) -> None:
    """A 1:1 is private to the managers and its rep; other runs are the team's."""
    if run.subject is None or actor.is_manager or actor.login == run.subject:
        return
    raise PermissionDeniedError(
        _("The 1:1 run {id} is private to {rep} and the managers.").format(
            id=run.id, rep=run.subject
        )
    )


def run_items(store: Store, run_id: int, step: str | None = None) -> list[RunItem]:
    """Items of a run in the order recorded; only one step's with ``step``."""
    return [RunItem.model_validate(row) for row in item_rows(store, run_id, step)]
