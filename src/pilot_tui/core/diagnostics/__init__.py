"""Rule-based, explainable diagnostics: why the numbers move.

Public entry point: ``run_diagnostics(store, context, scope, period) -> list[Finding]``, with
``diagnostic_window(context)`` the usual period.
Each rule lives in ``rules/`` as one documented function registered under its id
(``RULE_IDS``); ``rules_catalog()`` lists them with their scopes and playbook entries.
"""

from pilot_tui.core.diagnostics.context import RuleContext, default_window, diagnostic_window
from pilot_tui.core.diagnostics.engine import (
    DiagnosticsReport,
    diagnose,
    diagnostics_report,
    run_diagnostics,
    scopes_for,
)
from pilot_tui.core.diagnostics.model import (
    Adjustment,
    Evidence,
    Finding,
    Severity,
    suggestions,
    visible_to,
)
from pilot_tui.core.diagnostics.registry import RULE_IDS, Rule, ordered_rules


def rules_catalog() -> list[Rule]:
    """Every rule, in ``RULE_IDS``'s order."""
    return ordered_rules()


__all__ = [
    "RULE_IDS",
    "Adjustment",
    "DiagnosticsReport",
    "Evidence",
    "Finding",
    "Rule",
    "RuleContext",
    "Severity",
    "default_window",
    "diagnostic_window",
    "diagnose",
    "diagnostics_report",
    "rules_catalog",
    "run_diagnostics",
    "visible_to",
    "scopes_for",
    "suggestions",
]
