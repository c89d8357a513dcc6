"""What a ritual step shows, as Markdown: the one function the ritual screen renders."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pilot_tui.core import clock
from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.forecast import compute_status
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.metrics.display import compared_with, format_change, format_kpi
from pilot_tui.core.money import format_money
from pilot_tui.core.periods import PeriodKind, period_containing
from pilot_tui.core.rituals.compare import COACHING_KPIS, Compared, compare_rep_with_team
from pilot_tui.core.rituals.decisions import ListedAction, listed_actions, lists_actions
from pilot_tui.core.rituals.definitions import ADJUSTMENTS_VIEW, MAX_ADJUSTMENTS, OPEN_ACTIONS_VIEW
from pilot_tui.core.rituals.minutes import adjustment_of, is_action_decision, is_adjustment
from pilot_tui.core.rituals.run import RitualRun
from pilot_tui.core.store.deals import DealQuery, list_deals
from pilot_tui.i18n import _, ngettext

if TYPE_CHECKING:  # the diagnostics load when a step needs them, not with the screen
    from pilot_tui.core.diagnostics import Finding

DEAL_LINES = 12
"""Deals listed per step; the pipeline screen has the rest."""


def step_markdown(run: RitualRun) -> str:
    """The current step: where we are, the timebox, what it is for, its data, what was said."""
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
    lines += _VIEWS.get(step.shows, _nothing)(run)
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


def _nothing(run: RitualRun) -> list[str]:
    return [_("Record decisions (m), notes (o) and actions (a) for this step.")]


def _previous_actions(run: RitualRun) -> list[str]:
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


def _verdict(run: RitualRun) -> list[str]:
    return [f"**{compute_status(run.store, _scope(run)).line}**"]


def _deal_list(query: DealQuery) -> Callable[[RitualRun], list[str]]:
    def render(run: RitualRun) -> list[str]:
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
            amount = format_money(deal.amount_minor, deal.currency, compact=True)
            lines.append(
                f"- #{deal.id} {deal.name} — {deal.owner}, {deal.stage}, {amount}, {close}"
            )
        return lines

    return render


def _big_deals(run: RitualRun) -> list[str]:
    month = period_containing(clock.today(), PeriodKind.MONTH)
    query = DealQuery(
        open_only=True,
        close_from=month.start,
        close_to=month.end,
        sort="amount_minor",
        descending=True,
    )
    return _deal_list(query)(run)


def _kpi_lines(run: RitualRun, ids: tuple[str, ...]) -> list[str]:
    """A table of the KPIs ``ids``, in that order: value, n, and the change since the last
    period at the same elapsed point ('change vs Oct 1–18 (same point of 2026-10)'), with the
    whole last period beside it while this one is in progress."""
    snapshot = compute_snapshot(run.store, _scope(run))
    change_header = _("change {compared}").format(compared=compared_with(snapshot))
    header = [_("KPI"), _("value"), "n", change_header]
    if snapshot.like_for_like:
        header.append(_("all of {period}").format(period=snapshot.previous_period.label))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for kpi in (snapshot.kpi(kpi_id) for kpi_id in ids):
        cells = [
            kpi.name,
            format_kpi(kpi, kpi.value, snapshot.currency),
            _n(kpi.n),
            format_change(kpi, snapshot.currency),
        ]
        if snapshot.like_for_like:
            cells.append(format_kpi(kpi, kpi.previous_full, snapshot.currency))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _funnel(run: RitualRun) -> list[str]:
    return _kpi_lines(run, ("stage_conversion", "funnel", "win_rate", "cycle_length"))


def _progress(run: RitualRun) -> list[str]:
    return _kpi_lines(run, COACHING_KPIS)


def _vs_team(run: RitualRun) -> list[str]:
    rep = run.state.subject
    if rep is None:
        return [_("The comparison with the team belongs to a 1:1.")]
    compared = compare_rep_with_team(run.store, rep)
    team = _("team {name}").format(name=compared.team.value) if compared.team.value else _("team")
    lines = [
        f"- {rep}: {compute_status(run.store, _scope(run)).line}",
        f"- {team}: {compute_status(run.store, compared.team).line}",
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


def _findings(run: RitualRun) -> list[str]:
    from pilot_tui.core.diagnostics import run_diagnostics

    findings = run_diagnostics(run.store)
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


def adjustment_choices(run: RitualRun) -> list[AdjustmentChoice]:
    """Every adjustment, in the vocabulary's order, with the run's scope's current findings
    that suggest it and whether the run chose it (a run stored with a former key too)."""
    from pilot_tui.core.diagnostics import run_diagnostics, suggestions

    suggested = suggestions(run_diagnostics(run.store, _scope(run)))
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


def _adjustments(run: RitualRun) -> list[str]:
    choices = adjustment_choices(run)
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


def _open_actions(run: RitualRun) -> list[str]:
    listed = listed_actions(run)
    return _decide_hint(listed) if listed else [_("No open action.")]


def _actions_made(run: RitualRun) -> list[str]:
    made = run.actions_created()
    if not made:
        return [_("No action yet: `a` gives a decision an owner and a due date.")]
    return [f"- #{a.id} {a.title} — {a.owner}, {a.due.isoformat() if a.due else '—'}" for a in made]


def _coaching_notes(run: RitualRun) -> list[str]:
    from pilot_tui.core.coaching import coaching_notes_for

    rep = run.state.subject
    if rep is None:
        return [_("Coaching notes belong to a 1:1.")]
    notes = coaching_notes_for(run.store, run.actor, rep)
    lines = [_("Private to {rep} and the managers; `c` adds one.").format(rep=rep)]
    lines += [f"- {note.at[:10]} {note.author}: {note.body}" for note in notes[-10:]]
    return lines if notes else [*lines, _("No note yet.")]


def _objectives(run: RitualRun) -> list[str]:
    from pilot_tui.core.objectives import list_objectives, progress
    from pilot_tui.core.smart import ValueFormatter

    month = period_containing(clock.today(), PeriodKind.MONTH)
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


def _scope(run: RitualRun) -> str:
    return f"rep:{run.state.subject}" if run.state.subject else "team"


_VIEWS: dict[str, Callable[[RitualRun], list[str]]] = {
    "previous_actions": _previous_actions,
    "verdict": _verdict,
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
