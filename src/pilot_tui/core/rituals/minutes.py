"""Minutes of a ritual run in Markdown: who, when, each step's decisions and notes, the loop
closed on earlier actions (with counts), the actions created and the snapshot it ran on.

A 1:1's coaching notes are private: the minutes give their number, never their text.
"""

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.models import Activity
from pilot_tui.core.rituals.definitions import CLOSE_LOOP, OPEN_ACTIONS_VIEW, Step
from pilot_tui.core.rituals.state import LoopItem, RunItem, RunState, run_items
from pilot_tui.core.store.activities import actions_of_run, count_overdue, get_activity
from pilot_tui.core.store.coaching import count_notes_between
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import user_name
from pilot_tui.core.text import md_text
from pilot_tui.i18n import _, ngettext

ACTION_SUBJECT = "action:"
"""Items about an action name it 'action:ID'."""
ADJUSTMENT_SUBJECT = "adjustment:"
"""A chosen adjustment is a decision about 'adjustment:KEY' (a key of ``core.adjustments``,
or a former one)."""
OUTCOMES = ("done", "rescheduled", "dropped")


@dataclass(frozen=True)
class LoopSummary:
    """How the actions reviewed at ``close_loop`` ended."""

    reviewed: int
    done: int
    rescheduled: int
    dropped: int
    pending: int

    @classmethod
    def of(cls, items: Sequence[LoopItem]) -> "LoopSummary":
        outcomes = Counter(item.outcome for item in items)
        return cls(
            reviewed=len(items),
            done=outcomes["done"],
            rescheduled=outcomes["rescheduled"],
            dropped=outcomes["dropped"],
            pending=outcomes[None],
        )

    def sentence(self) -> str:
        if not self.reviewed:
            return _("No action from an earlier run to review.")
        text = ngettext(
            "{n} action from earlier runs reviewed: {done} done, {rescheduled} rescheduled, "
            "{dropped} dropped",
            "{n} actions from earlier runs reviewed: {done} done, {rescheduled} rescheduled, "
            "{dropped} dropped",
            self.reviewed,
        ).format(
            n=self.reviewed, done=self.done, rescheduled=self.rescheduled, dropped=self.dropped
        )
        if self.pending:
            text += _(", {pending} still waiting").format(pending=self.pending)
        return text + "."


def render_minutes(
    store: Store,
    state: RunState,
    loop: Sequence[LoopItem],
    snapshot: Mapping[str, Any] | None,
) -> str:
    """The Markdown minutes of ``state`` (a draft while the run is not finished)."""
    ritual = state.ritual
    lines = [f"# {ritual.title} — {state.started_at[:10]}", ""]
    lines += _header(store, state)
    items = [i for i in run_items(store, state.id) if i.step != CLOSE_LOOP]
    timing = state.timing
    for number, step in enumerate(ritual.steps, start=1):
        lines += ["", _step_heading(number, step, timing.get(step.id, 0)), ""]
        step_items = [i for i in items if i.step == step.id]
        if step.id == CLOSE_LOOP:
            lines += _loop_lines(loop)
        elif step.shows == "coaching_notes" and state.subject:
            lines += _private_notes_line(store, state)
        elif step.shows == OPEN_ACTIONS_VIEW:
            lines += _checkin_lines(store, step_items)
        lines += [item_line(store, i) for i in step_items]
        counted = step.id == CLOSE_LOOP or step.shows in (OPEN_ACTIONS_VIEW, "coaching_notes")
        if not step_items and not counted:
            lines.append(_("Nothing recorded."))
    lines += ["", "## " + _("Actions created"), ""]
    created = actions_of_run(store, state.id)
    lines += [_action_line(a) for a in created] or [_("None.")]
    lines += ["", "## " + _("Snapshot"), ""]
    if snapshot:
        text = json.dumps(dict(snapshot), sort_keys=True, indent=2, default=str)
        lines += ["```json", *text.splitlines(), "```"]
    else:
        lines.append(_("No snapshot was attached to this run."))
    return "\n".join(lines) + "\n"


def _header(store: Store, state: RunState) -> list[str]:
    lines = [
        _("- Run: #{id}").format(id=state.id),
        _("- Facilitator: {who}").format(who=_person(store, state.facilitator)),
    ]
    if state.subject:
        lines.append(_("- Rep: {who}").format(who=_person(store, state.subject)))
    if state.attendees:
        lines.append(_("- Attendees: {who}").format(who=", ".join(map(md_text, state.attendees))))
    lines.append(_("- Started: {at}").format(at=_instant(state.started_at)))
    if state.ended_at:
        lines.append(_("- Finished: {at}").format(at=_instant(state.ended_at)))
    else:
        lines.append(_("- Status: {status} (draft minutes)").format(status=state.status))
    return lines


def _step_heading(number: int, step: Step, seconds: int) -> str:
    return _("## {n}. {title} ({planned} min planned, {spent} min spent)").format(
        n=number, title=step.title, planned=step.timebox_minutes, spent=round(seconds / 60)
    )


def _loop_lines(loop: Sequence[LoopItem]) -> list[str]:
    lines = [LoopSummary.of(loop).sentence()]
    if loop:
        lines.append("")
    lines += [decided_action_line(i.action, i.outcome, i.reason) for i in loop]
    return lines


def _checkin_lines(store: Store, items: Sequence[RunItem]) -> list[str]:
    """How many open actions the check-in decided, and how many are still overdue."""
    decided = {i.subject: i.decision for i in items if is_action_decision(i)}
    outcomes = Counter(decided.values())
    if decided:
        text = ngettext(
            "{n} open action decided: {done} done, {rescheduled} rescheduled, {dropped} dropped.",
            "{n} open actions decided: {done} done, {rescheduled} rescheduled, {dropped} dropped.",
            len(decided),
        ).format(
            n=len(decided),
            done=outcomes["done"],
            rescheduled=outcomes["rescheduled"],
            dropped=outcomes["dropped"],
        )
    else:
        text = _("No open action decided.")
    overdue = count_overdue(store)
    if overdue:
        text += " " + ngettext(
            "{n} overdue action left without a decision.",
            "{n} overdue actions left without a decision.",
            overdue,
        ).format(n=overdue)
    return [text, ""] if items else [text]


def decided_action_line(action: Activity, outcome: str | None, note: str | None) -> str:
    """'- #5 Call Acme — sam — rescheduled to 2026-11-27: on leave' (``note`` as recorded)."""
    return (
        f"- #{action.id} {md_text(action.title)} — {md_text(action.owner)} — "
        f"{md_text(outcome_text(action, outcome, note))}"
    )


def outcome_text(action: Activity, outcome: str | None, note: str | None) -> str:
    """'done', 'rescheduled to 2026-11-27: on leave', 'dropped: no budget' or 'waiting'."""
    if outcome == "rescheduled":
        return _("rescheduled to {note}").format(note=note or action.due)
    if outcome is None:
        return _("waiting")
    text = {"done": _("done"), "dropped": _("dropped")}.get(outcome, outcome)
    reason = note or (action.status_reason if outcome == "dropped" else None)
    return text + (f": {reason}" if reason else "")


def is_action_decision(item: RunItem) -> bool:
    """True for an item that decided an action (done, rescheduled or dropped)."""
    return (item.subject or "").startswith(ACTION_SUBJECT) and item.decision in OUTCOMES


def is_adjustment(item: RunItem) -> bool:
    """True for an adjustment chosen by ``RitualRun.choose_adjustment``."""
    return item.decision is not None and (item.subject or "").startswith(ADJUSTMENT_SUBJECT)


def adjustment_of(item: RunItem) -> Adjustment | None:
    """The adjustment an item chose (a former key reads as today's); ``None`` for any other
    item, or a key no version of Pilot knows."""
    if not is_adjustment(item):
        return None
    try:
        return Adjustment((item.subject or "").removeprefix(ADJUSTMENT_SUBJECT))
    except ValueError:
        return None


def item_line(store: Store, item: RunItem) -> str:
    """'- Decision (deal:3): …', '- Adjustment: Strengthen training: …', '- Note: …', or an
    action's line when the item decided one."""
    if is_action_decision(item):
        action_id = int((item.subject or "").removeprefix(ACTION_SUBJECT))
        action = get_activity(store, action_id)
        if action is not None:
            return decided_action_line(action, item.decision, item.note)
    if is_adjustment(item):
        return _("- Adjustment: {text}").format(text=md_text(item.decision))
    about = f" ({md_text(item.subject)})" if item.subject else ""
    if item.decision is not None:
        return _("- Decision{about}: {text}").format(about=about, text=md_text(item.decision))
    return _("- Note{about}: {text}").format(about=about, text=md_text(item.note or ""))


def _private_notes_line(store: Store, state: RunState) -> list[str]:
    assert state.subject is not None
    count = count_notes_between(store, state.subject, state.started_at, state.ended_at or "9999")
    return [
        ngettext(
            "{n} private coaching note recorded (kept out of the minutes).",
            "{n} private coaching notes recorded (kept out of the minutes).",
            count,
        ).format(n=count)
    ]


def _action_line(action: Activity) -> str:
    parts = [f"- #{action.id} {md_text(action.title)} — {md_text(action.owner)}"]
    parts.append(_("due {due}").format(due=action.due) if action.due else _("no due date"))
    if action.deal_id is not None:
        parts.append(_("deal {id}").format(id=action.deal_id))
    if action.finding:
        parts.append(_("finding {id}").format(id=action.finding))
    if action.playbook:
        parts.append(_("playbook {id}").format(id=action.playbook))
    return ", ".join(parts)


def _person(store: Store, login: str) -> str:
    name = user_name(store, login)
    return f"{md_text(name)} ({md_text(login)})" if name else md_text(login)


def _instant(iso: str) -> str:
    return iso[:16].replace("T", " ") + " UTC"
