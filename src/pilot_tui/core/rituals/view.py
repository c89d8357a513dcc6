"""What a ritual step shows, as Markdown: the one function the ritual screen renders."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.changes import changes_since
from pilot_tui.core.context import Context
from pilot_tui.core.forecast import compute_status, status_line
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.metrics.display import compared_with, format_change, format_kpi
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.money import format_money
from pilot_tui.core.rituals.compare import COACHING_KPIS, Compared, compare_rep_with_team
from pilot_tui.core.rituals.decisions import ListedAction, listed_actions, lists_actions
from pilot_tui.core.rituals.definitions import (
    ADJUSTMENTS_VIEW,
    MAX_ADJUSTMENTS,
    OPEN_ACTIONS_VIEW,
    PIPELINE_CHANGES_VIEW,
)
from pilot_tui.core.rituals.minutes import adjustment_of, is_action_decision, is_adjustment
from pilot_tui.core.rituals.run import RitualRun
from pilot_tui.core.store.deals import DealQuery, list_deals
from pilot_tui.core.text import md_text
from pilot_tui.i18n import _, ngettext

if TYPE_CHECKING:  # the diagnostics load when a step needs them, not with the screen
    from pilot_tui.core.diagnostics import Finding

DEAL_LINES = 12
"""Deals listed per step; the pipeline screen has the rest."""


StepView = Callable[[RitualRun, Context], list[str]]
"""What one kind of step shows, as Markdown lines, for the run as of ``context.today``."""


def step_markdown(run: RitualRun, context: Context) -> str:
    """The current step: where we are, the timebox, what it is for, its data, what was said.
    Numbers are of the month of ``context.today``."""
    step = run.step
    index = run.state.step_index
    lines = [
        f"## {_('Step {i}/{n}').format(i=index + 1, n=len(run.steps))} · {step.title}",
        "",
        _("*{prompt}* Suggested: {minutes} min.").format(
            prompt=step.prompt, minutes=step.timebox_minutes
        ),
        "",
    ]
    lines += _VIEWS.get(step.shows, _nothing)(run, context)
    items = run.items(step.id)
    if lists_actions(step):  # the list of actions shows their decisions
        items = [item for item in items if not is_action_decision(item)]
    if items:
        lines += ["", _("**Recorded in this step**")]
        for item in items:
            text = item.decision or item.note or ""
            kind = _("note")
            if item.decision:
                kind = _("adjustment") if is_adjustment(item) else _("decision")
            lines.append(f"- {kind}: {text}")
    return "\n".join(lines)


def _nothing(run: RitualRun, context: Context) -> list[str]:
    return [_("Record decisions (m), notes (o) and actions (a) for this step.")]


def _previous_actions(run: RitualRun, context: Context) -> list[str]:
    if not run.loop_items():
        return [_("No action from an earlier run to review: go on (n).")]
    return _decide_hint(listed_actions(run))


def _decide_hint(listed: list[ListedAction]) -> list[str]:
    """What the keys do to the actions listed under the step, and how many still wait (and,
    of those, are overdue)."""
    waiting = [item.action for item in listed if item.outcome is None]
    overdue = sum(1 for action in waiting if action.overdue)
    count = _("{waiting} of {n} waiting for a decision").format(waiting=len(waiting), n=len(listed))
    if overdue:
        count += ", " + _("{n} overdue").format(n=overdue)
    return [
        _(
            "`1` done · `2` reschedule (asks the date) · `3` drop (asks why): the action "
            "highlighted below."
        ),
        "",
        count + ".",
    ]


def _verdict(run: RitualRun, context: Context) -> list[str]:
    return [f"**{_status_line(run, context, run_scope(run))}**"]


def _status_line(run: RitualRun, context: Context, scope: Scope) -> str:
    """The verdict line of ``scope`` for the month, as ``pilot status`` prints it."""
    status = compute_status(run.store, context, scope, context.this_month())
    return status_line(status, context.locale)


CHANGED_DEALS = 3
"""Deals named per group of changes; `pilot changes` and the W screen list them all."""


def _changes(run: RitualRun, context: Context) -> list[str]:
    """The month's due pipeline from the last review to today, group by group (the groups
    add up exactly), with the largest deals of each."""
    changes = changes_since(run.store, context, run_scope(run), period=context.this_month())

    def money(minor: int) -> str:
        return format_money(abs(minor), changes.currency, compact=True, locale=context.locale)

    lines = [
        _("Pipeline due in {period}: {start} on {since}, {end} today.").format(
            period=changes.period,
            start=money(changes.start_open_amount),
            since=changes.since,
            end=money(changes.end_open_amount),
        ),
        "",
    ]
    for group in changes.groups:
        if not group.count:
            continue
        sign = "+" if group.amount > 0 else "−" if group.amount < 0 else "±"
        named = ", ".join(
            f"#{deal.id} {md_text(deal.name or '')} ({md_text(deal.owner or '—')})"
            for deal in group.deals[:CHANGED_DEALS]
        )
        more = group.count - min(group.count, CHANGED_DEALS)
        if more:
            named += " " + _("and {n} more").format(n=more)
        lines.append(f"- **{group.label}** ({group.count}): {sign}{money(group.amount)} · {named}")
    if len(lines) == 2:
        lines.append(_("Nothing changed."))
    return lines


def _deal_list(query: DealQuery) -> StepView:
    def render(run: RitualRun, context: Context) -> list[str]:
        scoped = replace(query, owner=run.state.subject, limit=DEAL_LINES)
        page = list_deals(run.store, scoped)
        if not page.deals:
            return [_("None.")]
        lines = [
            ngettext("{n} deal:", "{n} deals:", page.total).format(n=page.total)
            if page.total == len(page.deals)
            else _("{n} deals; the first {shown}:").format(n=page.total, shown=len(page.deals))
        ]
        for deal in page.deals:
            close = deal.expected_close.isoformat() if deal.expected_close else "—"
            amount = format_money(
                deal.amount_minor, deal.currency, compact=True, locale=context.locale
            )
            lines.append(
                f"- #{deal.id} {deal.name} — {deal.owner}, {deal.stage}, {amount}, {close}"
            )
        return lines

    return render


def _big_deals(run: RitualRun, context: Context) -> list[str]:
    month = context.this_month()
    query = DealQuery(
        open_only=True,
        close_from=month.start,
        close_to=month.end,
        sort="amount_minor",
        descending=True,
    )
    return _deal_list(query)(run, context)


def _kpi_lines(run: RitualRun, context: Context, ids: tuple[str, ...]) -> list[str]:
    """A table of the KPIs ``ids``, in that order: value, n, and the change since the last
    period at the same elapsed point ('change vs Oct 1–18 (same point of 2026-10)'), with the
    whole last period beside it while this one is in progress."""
    snapshot = compute_snapshot(run.store, run_scope(run), context.this_month(), context.today)
    locale, currency = context.locale, snapshot.currency
    change_header = _("change {compared}").format(compared=compared_with(snapshot, locale))
    header = [_("KPI"), _("value"), "n", change_header]
    if snapshot.like_for_like:
        header.append(_("all of {period}").format(period=snapshot.previous_period.label))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for kpi in (snapshot.kpi(kpi_id) for kpi_id in ids):
        cells = [
            kpi.name,
            format_kpi(kpi, kpi.value, currency, locale),
            _n(kpi.n),
            format_change(kpi, currency, locale),
        ]
        if snapshot.like_for_like:
            cells.append(format_kpi(kpi, kpi.previous_full, currency, locale))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _funnel(run: RitualRun, context: Context) -> list[str]:
    return _kpi_lines(run, context, ("stage_conversion", "funnel", "win_rate", "cycle_length"))


def _progress(run: RitualRun, context: Context) -> list[str]:
    return _kpi_lines(run, context, COACHING_KPIS)


def _vs_team(run: RitualRun, context: Context) -> list[str]:
    rep = run.state.subject
    if rep is None:
        return [_("The comparison with the team belongs to a 1:1.")]
    compared = compare_rep_with_team(run.store, rep, context.this_month(), context.today)
    team = _("team {name}").format(name=compared.team.value) if compared.team.value else _("team")
    lines = [
        f"- {rep}: {_status_line(run, context, run_scope(run))}",
        f"- {team}: {_status_line(run, context, compared.team)}",
        "",
        _("{period}: {rep} beside {team}; n is the deals or events behind each value.").format(
            period=compared.period, rep=rep, team=team
        ),
        "",
    ]
    lines += _compared_table(_("KPI"), rep, team, compared.kpis)
    if compared.stages:
        lines += ["", *_compared_table(_("Conversion from"), rep, team, compared.stages)]
    return lines


def _compared_table(first: str, rep: str, team: str, rows: list[Compared]) -> list[str]:
    lines = [f"| {first} | {rep} | n | {team} | n |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row.label} | {row.rep.value} | {_n(row.rep.n)} | "
            f"{row.team.value} | {_n(row.team.n)} |"
        )
    return lines


def _n(n: int | None) -> str:
    return "—" if n is None else str(n)


def _findings(run: RitualRun, context: Context) -> list[str]:
    from pilot_tui.core.diagnostics import diagnostic_window, run_diagnostics

    findings = run_diagnostics(run.store, context, Scope(), diagnostic_window(context))
    if not findings:
        return [_("No rule fired.")]
    return [f"- **{f.severity.value}** {f.title} · {f.scope}" for f in findings]


@dataclass(frozen=True)
class AdjustmentChoice:
    """One adjustment as the adjustments step offers it: which current findings suggest it
    ('title' for the team's, 'title (scope)' for another scope's) and whether this run has
    chosen it already."""

    adjustment: Adjustment
    suggested_by: tuple[str, ...]
    chosen: bool

    def suggestion(self, most: int = 2) -> str:
        """'suggested by: A; B and 1 more', or '' when no finding suggests it."""
        if not self.suggested_by:
            return ""
        text = "; ".join(self.suggested_by[:most])
        more = len(self.suggested_by) - most
        if more > 0:
            text += " " + _("and {n} more").format(n=more)
        return _("suggested by: {findings}").format(findings=text)


def adjustment_choices(run: RitualRun, context: Context) -> list[AdjustmentChoice]:
    """Every adjustment, in the vocabulary's order, with the run's scope's current findings
    that suggest it and whether the run chose it (a run stored with a former key too)."""
    from pilot_tui.core.diagnostics import diagnostic_window, run_diagnostics, suggestions

    window = diagnostic_window(context)
    suggested = suggestions(run_diagnostics(run.store, context, run_scope(run), window))
    chosen = {adjustment_of(item) for item in run.adjustments()}
    return [
        AdjustmentChoice(
            adjustment,
            tuple(_finding_name(f) for f in suggested.get(adjustment, ())),
            adjustment in chosen,
        )
        for adjustment in Adjustment
    ]


def _finding_name(finding: "Finding") -> str:
    return finding.title if finding.scope == "team" else f"{finding.title} ({finding.scope})"


def _adjustments(run: RitualRun, context: Context) -> list[str]:
    choices = adjustment_choices(run, context)
    lines = [
        _("`j` chooses one and asks what it means here; {chosen} of {most} chosen.").format(
            chosen=len(run.adjustments()), most=MAX_ADJUSTMENTS
        ),
        "",
    ]
    for choice in choices:
        label = f"**{choice.adjustment.label}**" if choice.suggested_by else choice.adjustment.label
        details = [_("chosen")] if choice.chosen else []
        details += [choice.suggestion()] if choice.suggested_by else []
        lines.append(f"- {label}" + (f" — {', '.join(details)}" if details else ""))
    return lines


def _open_actions(run: RitualRun, context: Context) -> list[str]:
    listed = listed_actions(run)
    return _decide_hint(listed) if listed else [_("No open action.")]


def _actions_made(run: RitualRun, context: Context) -> list[str]:
    made = run.actions_created()
    if not made:
        return [_("No action yet: `a` gives a decision an owner and a due date.")]
    return [f"- #{a.id} {a.title} — {a.owner}, {a.due.isoformat() if a.due else '—'}" for a in made]


def _coaching_notes(run: RitualRun, context: Context) -> list[str]:
    from pilot_tui.core.coaching import coaching_notes_for

    rep = run.state.subject
    if rep is None:
        return [_("Coaching notes belong to a 1:1.")]
    notes = coaching_notes_for(run.store, run.actor, rep)
    lines = [_("Private to {rep} and the managers; `c` adds one.").format(rep=rep)]
    lines += [f"- {note.at[:10]} {note.author}: {note.body}" for note in notes[-10:]]
    return lines if notes else [*lines, _("No note yet.")]


def _objectives(run: RitualRun, context: Context) -> list[str]:
    from pilot_tui.core.objectives import list_objectives, progress
    from pilot_tui.core.smart import ValueFormatter

    month = context.this_month()
    focus = run.step.focus
    chosen = [
        o
        for o in list_objectives(run.store, period=month.label, owner=run.state.subject)
        if focus is None or o.kind == focus
    ]
    if not chosen:
        return [
            _(
                "No {kind} objective for {period} yet: `g` sets one here (or `pilot objectives "
                "add`), with its SMART check."
            ).format(kind=focus or "", period=month.label)
        ]
    lines = [f"| {_('whose')} | {_('metric')} | {_('target')} | {_('now')} |", "|---|---|---|---|"]
    value = ValueFormatter.of(run.store)
    for objective in chosen:
        now = progress(run.store, objective)
        lines.append(
            f"| {objective.owner or objective.team or _('team')} | {objective.metric} | "
            f"{value(objective.target, now.unit)} | {value(now.current, now.unit)} "
            f"({now.ratio:.0%}) |"
        )
    return lines


def run_scope(run: RitualRun) -> Scope:
    """Whose numbers a run looks at: the rep of a 1:1, else the whole team."""
    return Scope("rep", run.state.subject) if run.state.subject else Scope()


_VIEWS: dict[str, StepView] = {
    "previous_actions": _previous_actions,
    "verdict": _verdict,
    PIPELINE_CHANGES_VIEW: _changes,
    "slipped_deals": _deal_list(DealQuery(open_only=True, min_pushes=1, sort="expected_close")),
    "stuck_deals": _deal_list(DealQuery(stuck=True)),
    "no_next_step": _deal_list(DealQuery(no_next_step=True)),
    "big_deals_closing": _big_deals,
    "funnel_vs_baseline": _funnel,
    "findings": _findings,
    ADJUSTMENTS_VIEW: _adjustments,
    OPEN_ACTIONS_VIEW: _open_actions,
    "rep_progress": _progress,
    "rep_vs_team": _vs_team,
    "actions": _actions_made,
    "coaching_notes": _coaching_notes,
    "objectives": _objectives,
}
