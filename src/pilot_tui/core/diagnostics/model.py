"""What a diagnostic says: a Finding, its evidence and the adjustments it suggests
(the vocabulary is ``core.adjustments``, shared with the rituals). The JSON of
``pilot diagnose --json`` is these models (docs/diagnostics-json.md).
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel

from pilot_tui.core.adjustments import Adjustment

if TYPE_CHECKING:
    from pilot_tui.core.models import User

__all__ = ["Adjustment", "Evidence", "Finding", "Severity", "suggestions", "visible_to"]


class Severity(StrEnum):
    """How urgent a finding is; listings put high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}[self]


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
    names_reps: list[str] = []
    """Reps the finding names beyond its scope (a comparison between reps)."""
    """The deals concerned, when the finding is about particular deals (at most 50)."""


def suggestions(findings: Iterable[Finding]) -> dict[Adjustment, list[Finding]]:
    """For each adjustment some finding suggests, those findings in the order given; an
    adjustment no finding suggests is absent."""
    suggested: dict[Adjustment, list[Finding]] = {}
    for finding in findings:
        for adjustment in finding.suggested_adjustments:
            suggested.setdefault(adjustment, []).append(finding)
    return suggested


def visible_to(actor: "User", findings: Iterable[Finding]) -> list[Finding]:
    """The findings ``actor`` sees: a manager or an admin all of them; a rep those about the
    team, a segment, an offer or themselves, never one about or naming a colleague (a
    comparison between reps belongs in a 1:1 or with the manager, not on every rep's
    screen)."""
    if actor.is_manager:
        return list(findings)
    own = f"rep:{actor.login}"
    return [
        f
        for f in findings
        if (not f.scope.startswith("rep:") or f.scope == own)
        and all(login == actor.login for login in f.names_reps)
    ]
