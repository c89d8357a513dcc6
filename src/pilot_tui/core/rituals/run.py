"""The ritual engine: start, close the loop, move between steps, pause, record, finish.

All state lives in ``ritual_runs`` / ``ritual_items``, so a run survives a restart: reopen it
with ``open_run``. Moves use the run's ``version`` (optimistic locking): two screens driving
the same run cannot overwrite each other's step silently. Only managers run rituals.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal

from pilot_tui.core import actions, clock
from pilot_tui.core.actions import ActionLinks
from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.coaching import coaching_notes_for, insert_coaching_note
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.models import Activity, CoachingNote, User
from pilot_tui.core.objectives import Objective, create_objective, describe_objective
from pilot_tui.core.rituals.definitions import (
    ADJUSTMENTS_VIEW,
    CLOSE_LOOP,
    MAX_ADJUSTMENTS,
    Step,
)
from pilot_tui.core.rituals.minutes import (
    ACTION_SUBJECT,
    ADJUSTMENT_SUBJECT,
    LoopSummary,
    is_adjustment,
    render_minutes,
)
from pilot_tui.core.rituals.state import (
    LoopItem,
    RunItem,
    RunState,
    load_run,
    run_items,
)
from pilot_tui.core.smart import ObjectiveDraft
from pilot_tui.core.store.activities import get_activity
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _, ngettext

LoopOutcome = Literal["done", "rescheduled", "dropped"]


class RitualRun:
    """One run, driven step by step. ``state`` is re-read after every write."""

    def __init__(self, store: Store, actor: User, state: RunState) -> None:
        self.store = store
        self.actor = actor
        self.state = state

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def step(self) -> Step:
        return self.state.step

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.state.ritual.steps

    def refresh(self) -> RunState:
        self.state = load_run(self.store, self.id)
        return self.state

    # -- closing the loop -------------------------------------------------------------------

    def loop_items(self) -> list[LoopItem]:
        """The earlier runs' actions this run reviews, in the order they were listed."""
        result = []
        for item in run_items(self.store, self.id, CLOSE_LOOP):
            if item.subject is None or not item.subject.startswith(ACTION_SUBJECT):
                continue
            action = _action(self.store, int(item.subject.removeprefix(ACTION_SUBJECT)))
            result.append(LoopItem(item.id, action, item.decision, item.note))
        return result

    def pending_loop(self) -> list[LoopItem]:
        """Loop items still waiting for done / rescheduled / dropped."""
        return [item for item in self.loop_items() if item.outcome is None]

    def close_loop_action(
        self,
        action_id: int,
        outcome: LoopOutcome,
        *,
        due: date | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> LoopItem:
        """Decide one reviewed action: done, rescheduled (``due`` required) or dropped
        (``reason`` required). The action and the run's item change together."""
        self._require_open()
        item = next((i for i in self.pending_loop() if i.action.id == action_id), None)
        if item is None:
            raise ValidationError(
                _("Action {id} is not waiting for a decision in this run.").format(id=action_id)
            )
        self._decide(action_id, outcome, due, reason, expected_version, item_id=item.item_id)
        return next(i for i in self.loop_items() if i.item_id == item.item_id)

    def decide_action(
        self,
        action_id: int,
        outcome: LoopOutcome,
        *,
        due: date | None = None,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> RunItem:
        """Decide any open action at the current step (the check-in's open and overdue
        actions): done, rescheduled to ``due`` or dropped with ``reason``; recorded for the
        minutes as an item about 'action:ID'."""
        self._require_open()
        item_id = self._decide(action_id, outcome, due, reason, expected_version, item_id=None)
        return next(i for i in run_items(self.store, self.id) if i.id == item_id)

    # -- moving ------------------------------------------------------------------------------

    def next(self) -> Step:
        """Go to the next step; refused on ``close_loop`` while an action waits."""
        if self.state.step_index + 1 >= len(self.steps):
            raise ValidationError(_("This is the last step: finish the run."))
        return self.go_to(self.steps[self.state.step_index + 1].id)

    def previous(self) -> Step:
        if self.state.step_index == 0:
            raise ValidationError(_("This is the first step."))
        return self.go_to(self.steps[self.state.step_index - 1].id)

    def go_to(self, step_id: str) -> Step:
        """Jump to a step (the step indicator); leaving ``close_loop`` forward needs every
        reviewed action decided."""
        self._require_running()
        index = self.state.ritual.step_index(step_id)
        if self.step.id == CLOSE_LOOP and index > self.state.step_index:
            waiting = len(self.pending_loop())
            if waiting:
                raise ValidationError(
                    ngettext(
                        "{n} action from the last run still needs done, reschedule or drop.",
                        "{n} actions from the last run still need done, reschedule or drop.",
                        waiting,
                    ).format(n=waiting)
                )
        return self._move(index)

    def pause(self) -> None:
        """Stop the step timer; the run waits in the database until ``resume``."""
        self._require_running()
        self._save({"status": "paused", "step_started_at": None, **self._timing_update()})

    def resume(self) -> None:
        if self.state.status != "paused":
            raise ValidationError(_("Run {id} is not paused.").format(id=self.id))
        self._save({"status": "running", "step_started_at": clock.now_iso()})

    def seconds_in_step(self) -> int:
        """Seconds spent on the current step so far, this visit and earlier ones."""
        spent = self.state.timing.get(self.step.id, 0)
        return spent + self._since_step_start()

    # -- recording ---------------------------------------------------------------------------

    def record_decision(self, text: str, *, subject: str | None = None) -> RunItem:
        """A decision taken at the current step (``subject``: 'deal:12', a finding id…)."""
        return self._record(decision=text, note=None, subject=subject)

    def record_note(self, text: str, *, subject: str | None = None) -> RunItem:
        """A note for the minutes at the current step (not private: use coaching notes)."""
        return self._record(decision=None, note=text, subject=subject)

    def choose_adjustment(self, key: str, detail: str) -> RunItem:
        """Record one of the adjustments (``core.adjustments``) with what it means here, e.g.
        ('revise_step', 'Discovery: ask the budget question first'); refused as
        ``check_adjustment`` says."""
        adjustment = Adjustment.parse(key)
        self.check_adjustment()
        label = adjustment.label
        text = f"{label}: {detail.strip()}" if detail.strip() else label
        return self.record_decision(text, subject=f"{ADJUSTMENT_SUBJECT}{adjustment.value}")

    def check_adjustment(self) -> None:
        """Refuse (``ValidationError``) unless this step chooses adjustments and the run has
        fewer than ``MAX_ADJUSTMENTS``; the screen asks before opening its picker."""
        self._require_open()
        if self.step.shows != ADJUSTMENTS_VIEW:
            raise ValidationError(
                _("Adjustments are chosen at the conversion analysis's adjustments step.")
            )
        if len(self.adjustments()) >= MAX_ADJUSTMENTS:
            raise ValidationError(
                _("A run chooses at most {n} adjustments: fewer changes, carried through.").format(
                    n=MAX_ADJUSTMENTS
                )
            )

    def adjustments(self) -> list[RunItem]:
        """The adjustments chosen in this run, in the order they were chosen."""
        return [item for item in self.items() if is_adjustment(item)]

    def items(self, step: str | None = None) -> list[RunItem]:
        return [i for i in run_items(self.store, self.id, step) if i.step != CLOSE_LOOP]

    def add_action(
        self,
        title: str,
        owner: str,
        due: date | None,
        *,
        deal_id: int | None = None,
        finding: str | None = None,
        playbook: str | None = None,
    ) -> Activity:
        """Create an action from the current step; it belongs to this run (``origin_ritual``)."""
        self._require_open()
        links = ActionLinks(deal_id, finding, playbook, origin_ritual=self.id)
        return actions.create_action(
            self.store, self.actor, title=title, owner=owner, due=due, links=links
        )

    def actions_created(self) -> list[Activity]:
        return actions.list_actions(
            self.store, self.actor, origin_ritual=self.id, include_closed=True
        )

    def add_coaching_note(self, body: str) -> CoachingNote:
        """A private note about the 1:1's rep (kept out of the minutes)."""
        self._require_open()
        if self.state.subject is None:
            raise ValidationError(_("Coaching notes belong to a 1:1 run."))
        with self.store.write(self.actor) as writer:
            insert_coaching_note(writer, self.state.subject, body)
        return coaching_notes_for(self.store, self.actor, self.state.subject)[-1]

    def record_objective(self, draft: ObjectiveDraft) -> Objective:
        """Save an objective (SMART-checked) and note it at the current step for the minutes."""
        self._require_open()
        objective = create_objective(self.store, self.actor, draft)
        smart = objective.smart
        verdict = _("SMART") if smart is not None and smart.passes else _("not SMART")
        self._record(
            decision=f"{describe_objective(self.store, objective.draft)} ({verdict})",
            note=None,
            subject=f"objective:{objective.id}",
        )
        return objective

    # -- finishing ---------------------------------------------------------------------------

    def loop_summary(self) -> LoopSummary:
        return LoopSummary.of(self.loop_items())

    def minutes(self, snapshot: Mapping[str, Any] | None = None) -> str:
        """The minutes as they stand (a draft until ``finish``)."""
        if self.state.minutes_md:
            return self.state.minutes_md
        return render_minutes(self.store, self.state, self.loop_items(), snapshot)

    def finish(self, snapshot: Mapping[str, Any] | None = None) -> str:
        """End the run: save the minutes (Markdown) and the snapshot it ran on; returns them.

        ``snapshot`` is any JSON-able mapping (verdict, KPIs…) and is stored as given.
        """
        self._require_open()
        if self.pending_loop():
            raise ValidationError(_("Close the loop on the last run's actions before finishing."))
        ended = clock.now_iso()
        timing = self._timing_update() if self.state.status == "running" else {}
        snapshot_json = json.dumps(dict(snapshot or {}), sort_keys=True, default=str)
        finished = self.state.model_copy(
            update={"ended_at": ended, "status": "finished", "step_started_at": None, **timing}
        )
        minutes = render_minutes(self.store, finished, self.loop_items(), snapshot)
        self._save(
            {
                "ended_at": ended,
                "status": "finished",
                "step_started_at": None,
                "minutes_md": minutes,
                "snapshot_json": snapshot_json,
                **timing,
            }
        )
        return minutes

    # -- internals ---------------------------------------------------------------------------

    def _decide(
        self,
        action_id: int,
        outcome: LoopOutcome,
        due: date | None,
        reason: str | None,
        expected_version: int | None,
        *,
        item_id: int | None,
    ) -> int:
        """Change the action and record the decision in one transaction: on the loop item
        ``item_id``, or on a new item at the current step. Returns the item's id."""
        decided = {"decision": outcome, "note": _outcome_note(outcome, due, reason)}
        with self.store.write(self.actor) as writer:
            self._check_still_open(writer)
            actions.decide_in(
                writer,
                action_id,
                outcome,
                due=due,
                reason=reason,
                expected_version=expected_version,
            )
            if item_id is not None:
                writer.update(
                    "ritual_items",
                    item_id,
                    {**decided, "at": clock.now_iso()},
                    expected_version=None,
                )
                return item_id
            return insert_item(
                writer, self.id, self.step.id, subject=f"{ACTION_SUBJECT}{action_id}", **decided
            )

    def _record(self, *, decision: str | None, note: str | None, subject: str | None) -> RunItem:
        self._require_open()
        text = (decision or note or "").strip()
        if not text:
            raise ValidationError(_("Write the decision or the note first."))
        with self.store.write(self.actor) as writer:
            self._check_still_open(writer)
            item_id = insert_item(
                writer,
                self.id,
                self.step.id,
                subject=subject,
                decision=text if decision is not None else None,
                note=text if note is not None else None,
            )
        return next(i for i in run_items(self.store, self.id) if i.id == item_id)

    def _move(self, index: int) -> Step:
        self._save(
            {"step_index": index, "step_started_at": clock.now_iso(), **self._timing_update()}
        )
        return self.step

    def _timing_update(self) -> dict[str, Any]:
        timing = self.state.timing
        timing[self.step.id] = timing.get(self.step.id, 0) + self._since_step_start()
        return {"timing_json": json.dumps(timing, sort_keys=True)}

    def _since_step_start(self) -> int:
        if self.state.status != "running" or not self.state.step_started_at:
            return 0
        started = datetime.fromisoformat(self.state.step_started_at)
        return max(0, int((clock.now() - started).total_seconds()))

    def _save(self, changes: dict[str, Any]) -> None:
        with self.store.write(self.actor) as writer:
            writer.update("ritual_runs", self.id, changes, expected_version=self.state.version)
        self.refresh()

    def _require_open(self) -> None:
        if self.state.status == "finished":
            raise ValidationError(_("Run {id} is finished.").format(id=self.id))

    def _check_still_open(self, writer: Writer) -> None:
        """Inside the write: refuse when another screen finished the run meanwhile."""
        row = writer.fetch("ritual_runs", self.id)
        if row is None or row["status"] == "finished":
            raise ValidationError(_("Run {id} is finished.").format(id=self.id))

    def _require_running(self) -> None:
        self._require_open()
        if self.state.status == "paused":
            raise ValidationError(_("Run {id} is paused: resume it first.").format(id=self.id))


def _outcome_note(outcome: str, due: date | None, reason: str | None) -> str | None:
    """What the minutes say after the outcome: '2026-11-27' or '2026-11-27: reason' for a
    rescheduled action, else the reason (if any)."""
    text = (reason or "").strip() or None
    if outcome == "rescheduled" and due is not None:
        return f"{due.isoformat()}: {text}" if text else due.isoformat()
    return text


def insert_item(
    writer: Writer,
    run_id: int,
    step: str,
    *,
    subject: str | None = None,
    decision: str | None = None,
    note: str | None = None,
) -> int:
    return int(
        writer.insert(
            "ritual_items",
            {
                "run_id": run_id,
                "step": step,
                "subject": subject,
                "decision": decision,
                "note": note,
                "at": clock.now_iso(),
            },
        )
    )


def _action(store: Store, action_id: int) -> Activity:
    action = get_activity(store, action_id)
    assert action is not None, f"action {action_id} of a ritual run is gone"
    return action
