"""What a diagnostic says: a Finding, its evidence and the adjustments it suggests
(DESIGN §6). The JSON of ``pilot diagnose --json`` is these models (docs/diagnostics-json.md).
"""

from enum import StrEnum

from pydantic import BaseModel

from pilot_tui.i18n import _


class Severity(StrEnum):
    """How urgent a finding is; listings put high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}[self]


class Adjustment(StrEnum):
    """The seed's small vocabulary of adjustments a finding may suggest."""

    CHANGE_PITCH = "change_pitch"
    REVISE_STEP = "revise_step"
    STRENGTHEN_TRAINING = "strengthen_training"
    ADD_FOLLOW_UP_RITUAL = "add_follow_up_ritual"
    REQUALIFY = "requalify"
    REFOCUS = "refocus_priorities"

    @property
    def label(self) -> str:
        return _ADJUSTMENT_LABELS[self]


_ADJUSTMENT_LABELS = {
    Adjustment.CHANGE_PITCH: _("change the pitch"),
    Adjustment.REVISE_STEP: _("revise a step"),
    Adjustment.STRENGTHEN_TRAINING: _("strengthen training"),
    Adjustment.ADD_FOLLOW_UP_RITUAL: _("add a follow-up ritual"),
    Adjustment.REQUALIFY: _("requalify"),
    Adjustment.REFOCUS: _("refocus on priority offers or segments"),
}


class Evidence(BaseModel):
    """One number behind a finding, with what it rests on and what it is compared with."""

    label: str
    value: float | None
    unit: str
    """share (0..1), days, count, per_week, ratio, money (minor units) or score (0..100)."""
    n: int | None = None
    """The events or deals the value rests on."""
    baseline: float | None = None
    """The value it is compared with (the baseline period, the floor, the team...)."""
    baseline_n: int | None = None
    p_value: float | None = None
    """The test that the difference is not chance, when there is one."""


class Finding(BaseModel):
    """A rule's verdict on one scope: what moved, the numbers, why, and what to do."""

    rule: str
    severity: Severity
    scope: str
    """'team', 'rep:LOGIN', 'segment:KEY' or 'offer:KEY'."""
    title: str
    evidence: list[Evidence]
    explanation: str
    playbook: list[str]
    """Playbook entry ids, the rule's own page ``rule-<id>`` first."""
    suggested_adjustments: list[Adjustment]
    deal_ids: list[int] = []
    """The deals concerned, when the finding is about particular deals (at most 50)."""
