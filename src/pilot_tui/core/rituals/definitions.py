"""The five rituals as data: steps with a timebox and the view each step shows.

``Step.shows`` is a key the UI maps to a view; ``Step.focus`` narrows it (an objective kind,
for instance). Every ritual opens with ``close_loop``: the previous run's actions are marked
done, rescheduled or dropped before the meeting moves on.
"""

from dataclasses import dataclass

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _

CLOSE_LOOP = "close_loop"
MAX_ADJUSTMENTS = 3
"""A run chooses at most this many adjustments (``core.adjustments``): few changes,
carried through."""
ADJUSTMENTS_VIEW = "adjustments"
"""The ``Step.shows`` of the step where a run chooses its adjustments."""
OPEN_ACTIONS_VIEW = "open_actions_by_owner"
"""The ``Step.shows`` of the check-in's step that decides every open action."""
PIPELINE_CHANGES_VIEW = "pipeline_changes"
"""The ``Step.shows`` of the pipeline review's step on what changed since the last one."""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    timebox_minutes: int
    shows: str
    prompt: str
    """One line telling the facilitator what this step is for."""
    focus: str | None = None


@dataclass(frozen=True)
class Ritual:
    id: str
    title: str
    cadence: str
    steps: tuple[Step, ...]
    needs_subject: bool = False
    """True for the 1:1: the run is about one rep (its ``subject``)."""

    @property
    def playbook(self) -> str:
        """The playbook entry that explains this ritual."""
        return f"ritual-{self.id}"

    @property
    def timebox_minutes(self) -> int:
        return sum(step.timebox_minutes for step in self.steps)

    def step_index(self, step_id: str) -> int:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise ValidationError(
            _("The ritual {ritual} has no step '{step}'.").format(ritual=self.id, step=step_id)
        )


def _close_loop(minutes: int) -> Step:
    return Step(
        CLOSE_LOOP,
        _("Close the loop"),
        minutes,
        "previous_actions",
        _("Mark each action from the last run done, rescheduled or dropped."),
    )


def _actions(minutes: int) -> Step:
    return Step(
        "actions",
        _("Actions"),
        minutes,
        "actions",
        _("Give each decision an owner and a due date."),
    )


RITUALS: dict[str, Ritual] = {
    ritual.id: ritual
    for ritual in (
        Ritual(
            "pipeline_review",
            _("Weekly pipeline review"),
            _("weekly"),
            (
                _close_loop(5),
                Step(
                    "verdict", _("Verdict"), 3, "verdict", _("Ahead, on pace or behind, and why.")
                ),
                Step(
                    "changes",
                    _("What changed since the last review"),
                    5,
                    PIPELINE_CHANGES_VIEW,
                    _("Where did the pipeline grow, and where did it leak?"),
                ),
                Step(
                    "slipped",
                    _("Slipped and pushed deals"),
                    7,
                    "slipped_deals",
                    _("Which close dates moved, and is the new one real?"),
                ),
                Step(
                    "stuck",
                    _("Stuck deals"),
                    7,
                    "stuck_deals",
                    _("What unblocks each deal that has stayed too long in its stage?"),
                ),
                Step(
                    "no_next_step",
                    _("Deals without a next step"),
                    5,
                    "no_next_step",
                    _("Give every open deal a dated next step."),
                ),
                Step(
                    "big_deals",
                    _("Big deals closing this period"),
                    8,
                    "big_deals_closing",
                    _("What could still stop the largest deals due this period?"),
                ),
                Step(
                    "decisions",
                    _("One decision per deal"),
                    5,
                    "decisions",
                    _("Push, requalify, escalate or drop: one decision for each deal discussed."),
                ),
                _actions(5),
            ),
        ),
        Ritual(
            "conversion_analysis",
            _("Weekly conversion analysis"),
            _("weekly"),
            (
                _close_loop(5),
                Step(
                    "funnel",
                    _("Funnel vs baseline"),
                    10,
                    "funnel_vs_baseline",
                    _("Where does conversion differ from the last 12 weeks, by stage and rep?"),
                ),
                Step(
                    "findings",
                    _("Findings"),
                    10,
                    "findings",
                    _("Why did the numbers move?"),
                ),
                Step(
                    "adjustments",
                    _("Choose 1 to 3 adjustments"),
                    10,
                    ADJUSTMENTS_VIEW,
                    _("Change the pitch, revise a step, train, add a ritual, requalify, refocus."),
                ),
                _actions(5),
            ),
        ),
        Ritual(
            "actions_checkin",
            _("Priority actions check-in"),
            _("weekly"),
            (
                _close_loop(3),
                Step(
                    "by_owner",
                    _("Open and overdue actions by owner"),
                    15,
                    OPEN_ACTIONS_VIEW,
                    _("Done, reschedule or drop: no action stays overdue without a decision."),
                ),
                _actions(2),
            ),
        ),
        Ritual(
            "coaching_1on1",
            _("1:1 coaching"),
            _("monthly"),
            (
                _close_loop(5),
                Step(
                    "progress",
                    _("Progress since last month"),
                    10,
                    "rep_progress",
                    _("Start with what improved."),
                ),
                Step(
                    "vs_team",
                    _("Compared with the team"),
                    10,
                    "rep_vs_team",
                    _("Where does the rep differ from the team, stage by stage?"),
                ),
                Step(
                    "notes",
                    _("Coaching notes"),
                    10,
                    "coaching_notes",
                    _("Private notes, read only by this rep and the managers."),
                ),
                _actions(5),
            ),
            needs_subject=True,
        ),
        Ritual(
            "objective_setting",
            _("Objective setting"),
            _("per period"),
            (
                _close_loop(5),
                Step(
                    "outcome",
                    _("Outcome objective"),
                    10,
                    "objectives",
                    _("What must be won this period?"),
                    focus="outcome",
                ),
                Step(
                    "pipeline",
                    _("Pipeline needed"),
                    10,
                    "objectives",
                    _("What pipeline does the outcome ask for, at our win rate?"),
                    focus="predictive",
                ),
                Step(
                    "activity",
                    _("Weekly activity"),
                    10,
                    "objectives",
                    _("How many new opportunities and activities a week produce that pipeline?"),
                    focus="means",
                ),
                Step(
                    "quality",
                    _("Quality"),
                    5,
                    "objectives",
                    _("Which habit keeps the pipeline honest (next steps, qualification)?"),
                    focus="quality",
                ),
                _actions(5),
            ),
        ),
    )
}
"""The rituals by id, in the order the app lists them."""


def get_ritual(kind: str) -> Ritual:
    ritual = RITUALS.get(kind)
    if ritual is None:
        raise ValidationError(
            _("'{kind}' is not a ritual; use one of {known}.").format(
                kind=kind, known=", ".join(RITUALS)
            )
        )
    return ritual
