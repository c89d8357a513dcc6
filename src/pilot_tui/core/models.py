"""Pydantic models of Pilot's rows. Validation happens at the edges; core trusts these types."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Role(StrEnum):
    """What a user may do (DESIGN §9)."""

    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


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


class Activity(Row):
    id: int
    deal_id: int | None = None
    owner: str
    kind: str
    title: str
    due: date | None = None
    done_at: str | None = None
    status: str = "open"
    origin_ritual: int | None = None
    version: int = 1


class AuditEntry(Row):
    id: int
    at: str
    actor: str
    entity: str
    entity_id: str
    op: str
    before_json: str | None
    after_json: str | None
