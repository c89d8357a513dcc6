"""Running the rules: which scopes each rule scans, and the findings most severe first."""

from collections.abc import Collection
from datetime import date

from pydantic import BaseModel

from pilot_tui.core.context import Context
from pilot_tui.core.diagnostics.context import RuleContext
from pilot_tui.core.diagnostics.model import Finding
from pilot_tui.core.diagnostics.registry import RULE_IDS, Rule, ordered_rules
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.snapshot import PeriodInfo
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store
from pilot_tui.i18n import _


def scopes_for(rule: Rule, ctx: RuleContext) -> list[Scope]:
    """Under a team: the team itself when the rule scans teams, plus each rep, segment or
    offer the rule scans; a rule comparing sub-scopes (``across``) runs on the team only.
    Under a rep, segment or offer: that scope, unless the rule compares sub-scopes."""
    if ctx.scope.kind != "team":
        return [] if rule.across else [ctx.scope]
    scopes = [ctx.scope] if "team" in rule.scopes else []
    for kind in rule.scopes:
        if kind != "team":
            scopes += ctx.sub_scopes(kind)
    return scopes


def diagnose(ctx: RuleContext, rule_ids: Collection[str] | None = None) -> list[Finding]:
    """Run the rules (all, or those named) on ``ctx``; most severe first, then in ``RULE_IDS``'s
    order, then by scope."""
    findings = []
    for rule in ordered_rules():
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for scope in scopes_for(rule, ctx):
            fired = rule.check(ctx, scope)
            if fired is not None:
                findings.append(rule.finding(scope, fired))
    order = {rule_id: i for i, rule_id in enumerate(RULE_IDS)}
    scope_order = {"team": 0, "rep": 1, "segment": 2, "offer": 3}
    findings.sort(
        key=lambda f: (
            f.severity.rank,
            order[f.rule],
            scope_order.get(f.scope.partition(":")[0], 4),
            f.scope,
        )
    )
    return findings


class DiagnosticsReport(BaseModel):
    """``pilot diagnose --json``: what was diagnosed, and the findings most severe first."""

    scope: str
    period: PeriodInfo
    """The diagnostic window."""
    baseline: PeriodInfo
    """The ``baseline_weeks`` weeks before it, that rates are compared with."""
    as_of: date
    currency: str
    findings: list[Finding]


def diagnostics_report(
    store: Store,
    context: Context,
    scope: Scope,
    period: Period,
    rule_ids: Collection[str] | None = None,
) -> DiagnosticsReport:
    """``run_diagnostics`` with the window and baseline it looked at."""
    unknown = sorted(set(rule_ids or ()) - set(RULE_IDS))
    if unknown:
        raise ValidationError(
            _("Unknown rule {rules}; the rules are: {known}.").format(
                rules=", ".join(unknown), known=", ".join(RULE_IDS)
            )
        )
    frames = frames_for(store)
    ctx = RuleContext(frames, scope, period, context.today, context.thresholds)
    return DiagnosticsReport(
        scope=scope.label,
        period=PeriodInfo.of(period),
        baseline=PeriodInfo.of(ctx.baseline),
        as_of=ctx.as_of,
        currency=frames.currency,
        findings=diagnose(ctx, rule_ids),
    )


def run_diagnostics(
    store: Store,
    context: Context,
    scope: Scope,
    period: Period,
    rule_ids: Collection[str] | None = None,
) -> list[Finding]:
    """Every rule's findings (or those of ``rule_ids``) for ``scope`` (a team also scans its
    reps and segments where a rule is about them) over ``period`` (``diagnostic_window``
    gives the usual one), as of ``context.today``, with ``context.thresholds``; most severe
    first. Raises ``ValidationError`` for an unknown rule id."""
    return diagnostics_report(store, context, scope, period, rule_ids).findings
