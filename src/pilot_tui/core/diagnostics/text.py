"""A finding as Markdown: what the Findings screen shows and the clipboard receives."""

from pilot_tui.core.diagnostics.model import Finding
from pilot_tui.core.metrics.catalog import Unit
from pilot_tui.core.metrics.display import format_amount
from pilot_tui.i18n import _


def _number(value: float | None, unit: str, currency: str) -> str:
    return "—" if value is None else format_amount(Unit(unit), value, currency)


def finding_markdown(finding: Finding, currency: str) -> str:
    """Title, scope, the evidence (value, n, baseline, p), why, and what to try."""
    lines = [
        f"## {finding.title}",
        "",
        _("**{severity}** · {scope} · rule `{rule}`").format(
            severity=finding.severity.value, scope=finding.scope, rule=finding.rule
        ),
        "",
        "| " + " | ".join((_("evidence"), _("value"), "n", _("baseline"), "p")) + " |",
        "|---|---|---|---|---|",
    ]
    for item in finding.evidence:
        baseline = _number(item.baseline, item.unit, currency)
        if item.baseline is not None and item.baseline_n is not None:
            baseline += f" (n={item.baseline_n})"
        lines.append(
            "| "
            + " | ".join(
                (
                    item.label,
                    _number(item.value, item.unit, currency),
                    "—" if item.n is None else str(item.n),
                    baseline,
                    "—" if item.p_value is None else f"{item.p_value:.3f}",
                )
            )
            + " |"
        )
    lines += ["", finding.explanation, ""]
    if finding.suggested_adjustments:
        lines.append(_("**Adjustments to consider**"))
        lines += [f"- {adjustment.label}" for adjustment in finding.suggested_adjustments]
        lines.append("")
    if finding.deal_ids:
        shown = ", ".join(f"#{deal_id}" for deal_id in finding.deal_ids[:20])
        more = len(finding.deal_ids) - 20
        lines.append(_("**Deals concerned:** {deals}").format(deals=shown))
        if more > 0:
            lines[-1] += " " + _("and {n} more").format(n=more)
        lines.append("")
    if finding.playbook:
        lines.append(_("**Playbook:** {ids}").format(ids=", ".join(finding.playbook)))
    return "\n".join(lines)
