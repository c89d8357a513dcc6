"""`pilot diagnose` and `pilot hygiene`: why the numbers move, and how far to trust them, as
Rich text or stable JSON (docs/diagnostics-json.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from pilot_tui.cli.common import Context
    from pilot_tui.core.diagnostics import Evidence, Finding

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    diagnose = commands.add_parser(
        "diagnose",
        parents=[parent],
        help=_("why the numbers move: findings of the diagnostic rules"),
        description=_(
            "Run the diagnostic rules on a scope and window and print the findings, most "
            "severe first: the numbers behind each, why it matters, adjustments to consider "
            "and playbook entries to read."
        ),
    )
    diagnose.add_argument(
        "--scope",
        default="team",
        help=_(
            "team (default; also scans its reps and segments), rep:LOGIN, segment:KEY or offer:KEY"
        ),
    )
    diagnose.add_argument(
        "--period",
        help=_(
            "the window: 2026-11, 2026-W47, 2026-Q4 or 2026-10-01..2026-11-15 "
            "(default: the last 4 weeks, setting diagnostics.window_weeks)"
        ),
    )
    diagnose.add_argument(
        "--rule",
        action="append",
        metavar="ID",
        help=_("run only this rule (repeatable)"),
    )
    diagnose.add_argument(
        "--rules",
        action="store_true",
        help=_("list the rules: id, the scopes each scans, what it detects, its playbook entries"),
    )
    diagnose.add_argument(
        "--json", action="store_true", help=_("print JSON (docs/diagnostics-json.md)")
    )
    diagnose.set_defaults(handler=run_diagnose)

    hygiene = commands.add_parser(
        "hygiene",
        parents=[parent],
        help=_("CRM hygiene: the score and the deals to clean"),
        description=_(
            "Check every open deal: past its expected close, no next step or an overdue one, "
            "no amount, no activity for its stage's rot days, a skipped stage, an owner who "
            "is not an active user, a duplicate for the same account. The score (0–100) is "
            "the data quality the verdict shows."
        ),
    )
    hygiene.add_argument(
        "--scope", default="team", help=_("team (default), rep:LOGIN, segment:KEY or offer:KEY")
    )
    hygiene.add_argument(
        "--limit",
        type=int,
        default=30,
        metavar="N",
        help=_("list at most N deals (default 30; --json lists them all)"),
    )
    hygiene.add_argument(
        "--json", action="store_true", help=_("print JSON (docs/diagnostics-json.md)")
    )
    hygiene.set_defaults(handler=run_hygiene)


def format_evidence(value: float | None, unit: str, currency: str, locale: str) -> str:
    """An evidence number for people: 47 %, 12.5 d, 2.1×, €48K, 88/100."""
    from pilot_tui.core.metrics.catalog import Unit
    from pilot_tui.core.metrics.display import format_amount

    return "—" if value is None else format_amount(Unit(unit), value, currency, locale)


def _evidence_table(evidence: list[Evidence], currency: str, locale: str) -> Table:
    from rich.table import Table

    table = Table(_("evidence"), _("value"), _("n"), _("compared with"), _("n"), _("p"), box=None)
    for e in evidence:
        table.add_row(
            e.label,
            format_evidence(e.value, e.unit, currency, locale),
            "" if e.n is None else str(e.n),
            "" if e.baseline is None else format_evidence(e.baseline, e.unit, currency, locale),
            "" if e.baseline_n is None else str(e.baseline_n),
            "" if e.p_value is None else f"{e.p_value:.3f}",
        )
    return table


def finding_panel(finding: Finding, currency: str, locale: str) -> Panel:
    """One finding as a Rich panel: evidence, explanation, adjustments, playbook links."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    severity = finding.severity.value
    title = Text.assemble(
        (f"{_(severity).upper()} ", SEVERITY_STYLE[severity]),
        (finding.title, "bold"),
        f"  · {finding.scope}",
    )
    parts: list[Table | Text] = [
        _evidence_table(finding.evidence, currency, locale),
        Text(""),
        Text(finding.explanation),
        Text.assemble(
            (_("Adjustments: "), "bold"),
            "; ".join(a.label for a in finding.suggested_adjustments),
        ),
        Text.assemble(
            (_("Playbook: "), "bold"),
            ", ".join(finding.playbook),
            "  " + _("(pilot playbook show ID)"),
        ),
    ]
    if finding.deal_ids:
        parts.append(
            Text.assemble(
                (_("Deals: "), "bold"),
                ", ".join(f"#{i}" for i in finding.deal_ids[:20]),
                " …" if len(finding.deal_ids) > 20 else "",
            )
        )
    return Panel(Group(*parts), title=title, title_align="left", subtitle=finding.rule)


def _print_rules(as_json: bool) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.diagnostics import rules_catalog

    rules = rules_catalog()
    if as_json:
        print_json(
            [
                {
                    "id": r.id,
                    "scans": list(r.scopes),
                    "across_reps": r.across,
                    "detects": r.summary,
                    "playbook": [f"rule-{r.id}", *r.playbook],
                    "suggested_adjustments": [a.value for a in r.adjustments],
                }
                for r in rules
            ]
        )
        return 0
    table = Table(_("rule"), _("scans"), _("detects"), _("playbook"), title=_("Diagnostic rules"))
    for r in rules:
        scans = _("across reps") if r.across else ", ".join(r.scopes)
        table.add_row(r.id, scans, r.summary, ", ".join([f"rule-{r.id}", *r.playbook]))
    console().print(table)
    return 0


def run_diagnose(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import console, known_scope, print_json
    from pilot_tui.core.diagnostics import diagnostic_window, diagnostics_report, visible_to
    from pilot_tui.core.periods import parse_period

    if args.rules:
        return _print_rules(args.json)

    context = ctx.settings.context()
    with ctx.store() as store:
        actor = ctx.actor(store)
        scope = known_scope(store, args.scope)
        period = parse_period(args.period) if args.period else diagnostic_window(context)
        report = diagnostics_report(store, context, scope, period, rule_ids=args.rule)
    report = report.model_copy(update={"findings": visible_to(actor, report.findings)})
    if args.json:
        print_json(report.model_dump(mode="json"))
        return 0
    out = console()
    out.print(
        _(
            "Diagnostics · {scope} · {start} to {end} against the {bstart} to {bend} baseline"
        ).format(
            scope=report.scope,
            start=report.period.start,
            end=report.as_of,
            bstart=report.baseline.start,
            bend=report.baseline.end,
        ),
        style="bold",
    )
    if not report.findings:
        out.print(_("No finding: no rule sees a problem it can stand behind."))
        return 0
    for finding in report.findings:
        out.print(finding_panel(finding, report.currency, context.locale))
    counts = {s: sum(1 for f in report.findings if f.severity.value == s) for s in SEVERITY_STYLE}
    out.print(
        _("{n} findings: {high} high, {medium} medium, {low} low.").format(
            n=len(report.findings), **counts
        )
    )
    return 0


def run_hygiene(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, known_scope, print_json
    from pilot_tui.core.hygiene import compute_hygiene
    from pilot_tui.core.money import format_money

    context = ctx.settings.context()
    with ctx.store() as store:
        ctx.actor(store)
        summary = compute_hygiene(store, known_scope(store, args.scope), context.today)
    if args.json:
        print_json(summary.model_dump(mode="json"))
        return 0
    out = console()
    out.print(
        _(
            "Hygiene · {scope} · as of {day}: {score:.0f}/100 (data quality) · "
            "{clean} of {open} open deals clean"
        ).format(
            scope=summary.scope,
            day=summary.as_of,
            score=summary.score,
            clean=summary.clean_deals,
            open=summary.open_deals,
        ),
        style="bold",
    )
    checks = Table(_("check"), _("weight"), _("deals"), title=_("Checks"))
    for check in summary.checks:
        checks.add_row(check.label, f"{check.weight:g}", str(check.count))
    out.print(checks)
    if not summary.deals:
        return 0
    labels = {c.id: c.label for c in summary.checks}
    shown = summary.deals[: max(0, args.limit)]
    deals = Table(
        _("deal"),
        _("name"),
        _("owner"),
        _("stage"),
        _("amount"),
        _("expected close"),
        _("problems"),
        title=_("Deals to clean ({shown} of {total})").format(
            shown=len(shown), total=len(summary.deals)
        ),
    )
    for deal in shown:
        deals.add_row(
            f"#{deal.id}",
            deal.name,
            deal.owner,
            deal.stage,
            "—"
            if deal.amount is None
            else format_money(deal.amount, summary.currency, compact=True, locale=context.locale),
            "—" if deal.expected_close is None else str(deal.expected_close),
            "; ".join(labels[p] for p in deal.problems),
        )
    out.print(deals)
    return 0
