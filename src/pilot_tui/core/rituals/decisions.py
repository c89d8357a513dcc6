"""The actions a step puts up for a decision, and the decision itself.

Two steps list actions: ``close_loop`` (the earlier runs' actions this run reviews) and the
check-in's ``open_actions_by_owner`` (every open action). Both list them per owner, waiting
ones first, and decide them the same way: done, rescheduled to a date, or dropped with a
reason, recorded on the run for the minutes.
"""

from dataclasses import dataclass
from datetime import date

from pilot_tui.core import actions
from pilot_tui.core.actions import Action
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.rituals.definitions import CLOSE_LOOP, OPEN_ACTIONS_VIEW, Step
from pilot_tui.core.rituals.minutes import ACTION_SUBJECT, is_action_decision, outcome_text
from pilot_tui.core.rituals.run import LoopOutcome, RitualRun
from pilot_tui.core.rituals.state import RunItem, run_items
from pilot_tui.i18n import _


@dataclass(frozen=True)
class ListedAction:
    """An action a step lists, with this run's decision on it."""

    action: Action
    outcome: str | None
    """done, rescheduled or dropped; ``None`` while it waits for a decision."""
    note: str | None
    """What the decision recorded: the new date (and why) or the reason for dropping."""

    def line(self) -> str:
        """'#4 Update the CRM — due 2026-11-01, overdue' while it waits;
        '#4 Update the CRM — rescheduled to 2026-11-25' once decided."""
        action = self.action
        if self.outcome is not None:
            state = outcome_text(action, self.outcome, self.note)
        elif action.due is None:
            state = _("no due date")
        elif action.overdue:
            state = _("due {due}").format(due=action.due) + ", " + _("overdue")
        else:
            state = _("due {due}").format(due=action.due)
        return f"#{action.id} {action.title} — {state}"


def lists_actions(step: Step) -> bool:
    """True for the steps that put actions up for a decision."""
    return step.id == CLOSE_LOOP or step.shows == OPEN_ACTIONS_VIEW


def listed_actions(run: RitualRun) -> list[ListedAction]:
    """The current step's actions, grouped by owner (owners by login): those waiting first,
    overdue first then by due date, then those this run decided here. Empty at a step that
    lists none."""
    if run.step.id == CLOSE_LOOP:
        listed = [ListedAction(i.action, i.outcome, i.reason) for i in run.loop_items()]
    elif run.step.shows == OPEN_ACTIONS_VIEW:
        listed = _open_and_decided(run)
    else:
        return []
    waiting_first = sorted(listed, key=lambda item: item.outcome is not None)
    return sorted(waiting_first, key=lambda item: item.action.owner)


def decide_listed(
    run: RitualRun,
    action_id: int,
    outcome: LoopOutcome,
    *,
    due: date | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Decide an action the current step lists as waiting: done, rescheduled to ``due``
    (today or later) or dropped with ``reason``. Refused at a step that lists no action,
    for an action it does not list as waiting, or one changed since ``expected_version``."""
    if not lists_actions(run.step):
        raise ValidationError(_("No action waits for a decision at this step."))
    waiting = {item.action.id for item in listed_actions(run) if item.outcome is None}
    if action_id not in waiting:
        raise ValidationError(
            _("Action {id} is not waiting for a decision in this run.").format(id=action_id)
        )
    decide = run.close_loop_action if run.step.id == CLOSE_LOOP else run.decide_action
    decide(action_id, outcome, due=due, reason=reason, expected_version=expected_version)


def _open_and_decided(run: RitualRun) -> list[ListedAction]:
    """Every open action the actor sees, and those this step closed; each with the last
    decision this run recorded on it (at this step, or rescheduled while closing the loop)."""
    decided: dict[int, RunItem] = {}
    for item in run_items(run.store, run.id):
        if is_action_decision(item):
            decided[int((item.subject or "").removeprefix(ACTION_SUBJECT))] = item
    open_actions = actions.list_actions(run.store, run.actor)
    still_open = {action.id for action in open_actions}
    closed_here = [
        actions.get_action(run.store, run.actor, action_id)
        for action_id, item in decided.items()
        if item.step == run.step.id and action_id not in still_open
    ]
    listed = []
    for action in [*open_actions, *closed_here]:
        decision = decided.get(action.id)
        outcome, note = (decision.decision, decision.note) if decision else (None, None)
        listed.append(ListedAction(action, outcome, note))
    return listed
