"""The rule registry: each rule registers itself with its id, the scopes it scans, its playbook
entries and the adjustments it suggests; ``RULES`` keeps ``RULE_IDS``'s order."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pilot_tui.core.diagnostics.model import Adjustment, Evidence, Finding, Severity
from pilot_tui.core.metrics.state import Scope

if TYPE_CHECKING:
    from pilot_tui.core.diagnostics.context import RuleContext

RULE_IDS: tuple[str, ...] = (
    "qualification_drop",
    "thin_top_of_funnel",
    "cycle_lengthening",
    "fragile_pipeline",
    "weak_qualification",
    "stuck_deals",
    "missing_next_steps",
    "incoherent_objectives",
    "irregular_rhythm",
    "rep_variability",
    "forecast_slippage",
    "poor_hygiene",
)
"""Every rule's id, in the order findings of equal severity are listed (and the rules
catalog, docs/diagnostics-json.md)."""


@dataclass(frozen=True)
class Fired:
    """What a rule's check returns when it fires; the rule adds its id, links and scope."""

    severity: Severity
    title: str
    evidence: list[Evidence]
    explanation: str
    deal_ids: tuple[int, ...] = ()
    extra_playbook: tuple[str, ...] = ()
    """Entries beyond the rule's own (e.g. the guide of the stage concerned)."""
    names_reps: tuple[str, ...] = ()
    """Reps the title or evidence names beyond the scope (a comparison between reps)."""


Check = Callable[["RuleContext", Scope], Fired | None]


@dataclass(frozen=True)
class Rule:
    """A diagnostic rule. ``scopes``: the kinds of scope it scans under a team (e.g. 'team'
    and 'rep'); ``across``: it compares sub-scopes itself and runs only for a team."""

    id: str
    check: Check
    scopes: tuple[str, ...]
    playbook: tuple[str, ...]
    adjustments: tuple[Adjustment, ...]
    across: bool = False

    @property
    def summary(self) -> str:
        """The first line of the check's docstring."""
        return (self.check.__doc__ or "").strip().splitlines()[0]

    def finding(self, scope: Scope, fired: Fired) -> Finding:
        links = (f"rule-{self.id}", *self.playbook, *fired.extra_playbook)
        return Finding(
            rule=self.id,
            severity=fired.severity,
            scope=scope.label,
            title=fired.title,
            evidence=fired.evidence,
            explanation=fired.explanation,
            playbook=list(dict.fromkeys(links)),
            suggested_adjustments=list(self.adjustments),
            names_reps=list(fired.names_reps),
            deal_ids=list(fired.deal_ids[:50]),
        )


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    scopes: tuple[str, ...],
    playbook: tuple[str, ...],
    adjustments: tuple[Adjustment, ...],
    across: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated check as the rule ``rule_id`` (one of ``RULE_IDS``)."""
    if rule_id not in RULE_IDS:
        raise ValueError(f"unknown rule id {rule_id!r}")

    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, check, scopes, playbook, adjustments, across)
        return check

    return register


def ordered_rules() -> list[Rule]:
    """Every registered rule, in ``RULE_IDS``'s order."""
    from pilot_tui.core.diagnostics import rules  # noqa: F401  (registers the rules)

    return [RULES[i] for i in RULE_IDS if i in RULES]
