"""Reports a manager can mail or print: a ritual's minutes and the weekly one-pager.

Markdown is the source; HTML is the same text rendered by markdown-it-py with raw HTML
disabled (everything from the database is escaped) inside a small printable page.
"""

import html
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pilot_tui.core.actions import Action, group_by_owner, list_actions
from pilot_tui.core.context import Context
from pilot_tui.core.metrics import Scope
from pilot_tui.core.models import User
from pilot_tui.core.periods import Period, PeriodKind, parse_calendar_period, period_containing
from pilot_tui.core.rituals import CLOSE_LOOP, RunItem, get_ritual, open_run, ritual_snapshot
from pilot_tui.core.rituals.minutes import item_line
from pilot_tui.core.store.rituals import team_decision_rows
from pilot_tui.core.store.store import Store
from pilot_tui.core.text import clean_line, md_text
from pilot_tui.i18n import _, ngettext

Format = Literal["md", "html"]


def ritual_report(store: Store, actor: User, run_id: int, fmt: Format = "md") -> str:
    """The minutes of a run (a draft while it runs); a 1:1's only for its rep and managers."""
    run = open_run(store, actor, run_id)
    minutes = run.minutes()
    if fmt == "html":
        return to_html(
            minutes, _("{ritual} — run #{id}").format(ritual=run.state.ritual.title, id=run_id)
        )
    return minutes


def report_week(week: str | None, context: Context) -> Period:
    """The ISO week named ``week`` (a month or a quarter is accepted too); without a name,
    the week of today. Raises ``ValidationError`` for anything else."""
    if week:
        return parse_calendar_period(week)
    return period_containing(context.today, PeriodKind.WEEK)


def weekly_numbers(store: Store, context: Context, actor: User, week: Period) -> dict[str, Any]:
    """``ritual_snapshot`` of the actor's team (the whole database for someone without a
    team) for the month of ``week``'s last day, as of that day or today if earlier: the
    verdict and KPIs the weekly report prints (``line`` and ``kpis``)."""
    day = min(week.end, context.today)
    scope = Scope("team", actor.team) if actor.team else Scope()
    month = period_containing(day, PeriodKind.MONTH)
    return ritual_snapshot(store, context.as_of(day), scope, month)


def weekly_report(
    store: Store,
    actor: User,
    week: Period,
    *,
    verdict: str | None = None,
    kpis: Sequence[Mapping[str, Any]] | None = None,
    findings: Sequence[Mapping[str, Any]] | None = None,
    fmt: Format = "md",
) -> str:
    """One page: verdict, KPIs, findings, open and overdue actions, decisions of the week.

    ``week`` is the week reported on (``report_week``). ``verdict`` is one line,
    ``kpis`` items carry ``name`` (or ``id``) and ``value`` (a display string), and
    optionally ``n`` and ``change`` (``weekly_numbers`` gives both inputs), ``findings``
    items carry ``title`` and optionally ``explanation`` and ``severity``; sections without
    input say so. Actions are those ``actor`` may see (a rep: their own). Decisions come from
    the team rituals started in the week; 1:1 runs are private and left out.
    """
    period = week
    title = _("Weekly report — {label} ({start} to {end})").format(
        label=period.label, start=period.start.isoformat(), end=period.end.isoformat()
    )
    lines = [f"# {title}", "", "## " + _("Verdict"), ""]
    lines.append(md_text(verdict) if verdict else _("No verdict was given for this report."))
    lines += ["", "## " + _("KPIs"), ""]
    lines += _kpi_lines(kpis)
    lines += ["", "## " + _("Findings"), ""]
    lines += _finding_lines(findings)
    lines += ["", "## " + _("Open and overdue actions"), ""]
    lines += _action_lines(list_actions(store, actor))
    lines += ["", "## " + _("Decisions of the week"), ""]
    lines += _decision_lines(store, period)
    markdown = "\n".join(lines) + "\n"
    return to_html(markdown, title) if fmt == "html" else markdown


def to_html(markdown: str, title: str) -> str:
    """A standalone, printable HTML page from Markdown; raw HTML in the text is escaped, and
    no link, autolink or image is ever made (user text is escaped by ``md_text`` too: this
    holds even for text that was not)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.disable(["link", "image", "autolink", "linkify"], ignoreInvalid=True)
    body = str(parser.render(markdown))
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>\n<style>"
        "body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}"
        "</style></head>\n<body>\n" + body + "</body></html>\n"
    )


def _kpi_lines(kpis: Sequence[Mapping[str, Any]] | None) -> list[str]:
    if not kpis:
        return [_("No KPI snapshot was given for this report.")]
    extra = [key for key in ("n", "change") if any(key in kpi for kpi in kpis)]
    header = [_("KPI"), _("value"), *(_(key) for key in extra)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for kpi in kpis:
        cells = [kpi.get("name") or kpi.get("id") or "", kpi.get("value", "")]
        cells += ["" if kpi.get(key) is None else kpi[key] for key in extra]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _finding_lines(findings: Sequence[Mapping[str, Any]] | None) -> list[str]:
    if findings is None:
        return [_("No diagnostics were given for this report.")]
    if not findings:
        return [_("No findings.")]
    lines = []
    for finding in findings:
        line = f"- **{md_text(finding.get('title', ''))}**"
        if finding.get("scope") not in (None, "team"):
            line += f" · {md_text(finding['scope'])}"
        if finding.get("severity"):
            line += f" ({md_text(finding['severity'])})"
        if finding.get("explanation"):
            line += f" — {md_text(finding['explanation'])}"
        lines.append(line)
    return lines


def _action_lines(actions: list[Action]) -> list[str]:
    if not actions:
        return [_("No open action.")]
    overdue = sum(a.overdue for a in actions)
    lines = [
        ngettext(
            "{n} open action, {overdue} overdue.",
            "{n} open actions, {overdue} overdue.",
            len(actions),
        ).format(n=len(actions), overdue=overdue)
    ]
    for owner, owned in group_by_owner(actions).items():
        lines += ["", f"### {md_text(owner)}", ""]
        for action in owned:
            due = _("due {due}").format(due=action.due) if action.due else _("no due date")
            flag = _(" — overdue") if action.overdue else ""
            lines.append(f"- #{action.id} {md_text(action.title)} — {due}{flag}")
    return lines


def _decision_lines(store: Store, period: Period) -> list[str]:
    rows = team_decision_rows(store, period.start, period.end, skip_step=CLOSE_LOOP)
    if not rows:
        return [_("No decision recorded this week.")]
    lines = []
    for row in rows:
        ritual = get_ritual(row["kind"])
        step = ritual.steps[ritual.step_index(row["step"])]
        text = item_line(store, RunItem.model_validate(row)).removeprefix("- ")
        lines.append(
            f"- {row['started_at'][:10]} {ritual.title} #{row['run_id']}, {step.title} — {text}"
        )
    return lines


def _cell(value: object) -> str:
    """A Markdown table cell of Pilot's own figures: pipes and line breaks would break it."""
    return clean_line(str(value)).replace("|", "\\|")
