"""Pydantic models of Pilot's rows. Validation happens at the edges; core trusts these types."""

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, computed_field

from pilot_tui.core import clock
from pilot_tui.core.vocabulary import Role as Role

if TYPE_CHECKING:
    import numpy as np


class StageKind(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class User(Row):
    login: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    name: str = Field(min_length=1)
    role: Role
    team: str | None = None
    active: bool = True
    version: int = 1

    @property
    def is_manager(self) -> bool:
        """Managers and admins edit the whole team's data."""
        return self.role in (Role.MANAGER, Role.ADMIN)


class Stage(Row):
    key: str
    label: str
    position: int
    kind: StageKind
    default_probability: float = Field(ge=0, le=1)
    rot_days: int | None = None


class Deal(Row):
    id: int
    external_id: str | None = None
    source: str = "pilot"
    name: str
    account: str | None = None
    owner: str
    segment: str | None = None
    offer: str | None = None
    amount_minor: int | None = None
    currency: str = "EUR"
    stage: str
    probability: float | None = None
    forecast_category: str | None = None
    created_on: date
    expected_close: date | None = None
    closed_on: date | None = None
    next_step: str | None = None
    next_step_due: date | None = None
    lost_reason: str | None = None
    snoozed_until: date | None = None
    snooze_reason: str | None = None
    version: int = 1
    updated_at: str | None = None
    updated_by: str | None = None


class StageChange(Row):
    deal_id: int
    from_stage: str | None
    to_stage: str
    at: str
    by: str | None = None


class CloseDateChange(Row):
    deal_id: int
    old: date | None
    new: date | None
    at: str
    by: str | None = None


ACTION_KIND = "action"
"""The kind of an activity decided in a ritual, from a finding or on a deal (the others are the
CRM's 'call', 'email', 'meeting' and 'task')."""


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """The one definition of an overdue activity: still open and due before ``today``.

    Due today is not overdue; an undated, done or dropped activity never is. The same test in
    SQL is ``store.activities.OVERDUE_SQL``, over frames ``overdue_mask``; tests/test_overdue.py
    checks the three agree.
    """
    return status == "open" and due is not None and due < today


def overdue_mask(status: "np.ndarray", due: "np.ndarray", today: float) -> "np.ndarray":
    """``is_overdue`` over the columns of a frames activities table: ``due`` in day numbers,
    NaN for an undated activity (NaN compares false, so it is never overdue)."""
    result: np.ndarray = (status == "open") & (due < today)
    return result


class Activity(Row):
    """One row of ``activities``: a call, email, meeting or task from the CRM, or an action
    (``kind`` 'action') someone has to do, with where it comes from."""

    id: int
    kind: str = ACTION_KIND
    title: str
    owner: str
    due: date | None = None
    status: str = "open"
    """'open', 'done' or 'dropped'."""
    done_at: str | None = None
    deal_id: int | None = None
    finding: str | None = None
    playbook: str | None = None
    origin_ritual: int | None = None
    status_reason: str | None = None
    created_at: str | None = None
    version: int = 1
    updated_at: str | None = None
    updated_by: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overdue(self) -> bool:
        """Open and due before today (``is_overdue``)."""
        return is_overdue(self.status, self.due, clock.today())


class CoachingNote(Row):
    """A manager's note about a rep: private to the managers and that rep."""

    id: int
    rep: str
    author: str
    at: str
    body: str
    private: bool = True


class AuditEntry(Row):
    id: int
    at: str
    actor: str
    entity: str
    entity_id: str
    op: str
    before_json: str | None
    after_json: str | None
