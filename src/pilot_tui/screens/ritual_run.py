"""One ritual run, step by step: the step's data, its timebox and clock, decisions, actions."""

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.widgets import Footer, MarkdownViewer, Static

from pilot_tui.core.actions import ActionLinks
from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.objectives import starting_draft
from pilot_tui.core.rituals import RitualRun, open_run, ritual_snapshot
from pilot_tui.core.rituals.decisions import (
    ListedAction,
    decide_listed,
    listed_actions,
    lists_actions,
)
from pilot_tui.core.rituals.run import LoopOutcome
from pilot_tui.core.rituals.view import (
    AdjustmentChoice,
    adjustment_choices,
    run_scope,
    step_markdown,
)
from pilot_tui.core.smart import ObjectiveDraft
from pilot_tui.i18n import _
from pilot_tui.screens.action_form import decision_prompt, open_action_form
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.objective_form import ObjectiveFormScreen
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.action_list import ActionList
from pilot_tui.widgets.titlebar import TitleBar

T = TypeVar("T")

CLOCK_SECONDS = 1.0
"""How often the step's clock is redrawn."""
SLOW_LINK_CLOCK_SECONDS = 5.0
"""The same on a slow link (``--low-bandwidth``): fewer redraws cross the wire."""


class RitualRunScreen(PilotScreen):
    """`n` next, `b` back, `m` decision, `o` note, `a` action, `g` objective (objective
    setting), `1/2/3` done / reschedule / drop the highlighted action (closing the loop, the
    check-in), `j` adjustment, `z` pause, `f` finish."""

    TITLE = _("Ritual")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "move(1)", _("Next"), id="ritual.next"),
        Binding("b", "move(-1)", _("Back"), id="ritual.back"),
        Binding("m", "record('decision')", _("Decision"), id="ritual.decision"),
        Binding("o", "record('note')", _("Note"), id="ritual.note"),
        Binding("a", "new_action", _("Action"), id="ritual.action"),
        Binding("g", "new_objective", _("Objective"), id="ritual.objective"),
        Binding("c", "record('coaching')", _("Coaching note"), show=False, id="ritual.coaching"),
        Binding("j", "choose_adjustment", _("Adjustment"), show=False, id="ritual.adjustment"),
        Binding("1", "decide('done')", _("Done"), show=False, id="ritual.done"),
        Binding("2", "decide('rescheduled')", _("Reschedule"), show=False, id="ritual.reschedule"),
        Binding("3", "decide('dropped')", _("Drop"), show=False, id="ritual.drop"),
        Binding("z", "pause", _("Pause"), id="ritual.pause"),
        Binding("f", "finish", _("Finish"), id="ritual.finish"),
        Binding("escape", "leave", _("Leave"), show=False, id="ritual.leave"),
    ]
    DEFAULT_CSS = """
    RitualRunScreen #ritual-steps { height: auto; padding: 0 1; color: $text-muted; }
    RitualRunScreen #ritual-step { height: 1fr; }
    RitualRunScreen.-deciding #ritual-step { height: auto; max-height: 50%; }
    RitualRunScreen MarkdownTable { width: auto; }
    RitualRunScreen MarkdownTableContent { keyline: none; grid-gutter: 0 2; }
    """

    def __init__(self, run_id: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.run: RitualRun | None = None
        self.shown_step: str | None = None
        """The step on screen, to tell a move from a change within the step."""

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="ritual-steps")
        yield MarkdownViewer("", id="ritual-step", show_table_of_contents=False)
        actions = ActionList("ritual-actions")
        actions.display = False  # until a step lists actions
        yield actions
        yield Footer(compact=True, show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`g` sets an objective, in the objective-setting ritual only."""
        if action == "new_objective":
            return self.run is not None and self.run.state.ritual.id == "objective_setting"
        return True

    def on_mount(self) -> None:
        slow = self.pilot.settings.low_bandwidth
        self.set_interval(SLOW_LINK_CLOCK_SECONDS if slow else CLOCK_SECONDS, self._tick)

    def reload(self) -> None:
        super().reload()
        self.call_core(lambda run: None)

    def call_core(
        self,
        change: Callable[[RitualRun], T],
        then: Callable[[T], Any] | None = None,
    ) -> None:
        """Apply ``change`` to the run under the store lock, then show the step again and,
        if ``change`` was not refused, call ``then`` with what it returned."""

        def apply(store: Any) -> tuple[RitualRun, T, str, list[ListedAction] | None]:
            run = self.run or open_run(store, self.pilot.actor, self.run_id)
            result = change(run)
            state = run.refresh()
            if state.status == "finished" and state.minutes_md:
                return run, result, state.minutes_md, None
            listed = listed_actions(run) if lists_actions(run.step) else None
            return run, result, step_markdown(run, self.pilot.context), listed

        def applied(done: tuple[RitualRun, T, str, list[ListedAction] | None]) -> None:
            run, result, text, listed = done
            self._show(run, text, listed)
            if then is not None:
                then(result)

        self.in_background(lambda: self.pilot.write(apply), applied, group="ritual")

    def _show(self, run: RitualRun, text: str, listed: list[ListedAction] | None) -> None:
        """The step (or the minutes once finished); under it, the actions it decides."""
        fresh = self.shown_step != run.step.id
        self.run, self.shown_step = run, run.step.id
        self.refresh_bindings()
        actor = self.pilot.actor
        ritual = run.state.ritual
        subject = f" · {run.state.subject}" if run.state.subject else ""
        self.query_one(TitleBar).show(
            f"{ritual.title}{subject}",
            f"{actor.login} ({actor.role.value})",
            _("paused") if run.state.status == "paused" else "",
        )
        self._steps_line()
        self.query_one("#ritual-step", MarkdownViewer).document.update(text)
        actions = self.query_one(ActionList)
        actions.show(listed or [], fresh=fresh)
        deciding = bool(listed)
        if deciding != actions.display:  # the list comes or goes: the focus follows
            actions.display = deciding
            self.set_class(deciding, "-deciding")
            (actions if deciding else self.query_one("#ritual-step")).focus()

    def _steps_line(self) -> None:
        run = self.run
        if run is None:
            return
        marks = " › ".join(
            f"[b]{step.title}[/b]" if i == run.state.step_index else step.title
            for i, step in enumerate(run.steps)
        )
        elapsed = run.seconds_in_step()
        clock_text = _("{m}:{s:02d} of {box} min").format(
            m=elapsed // 60, s=elapsed % 60, box=run.step.timebox_minutes
        )
        self.query_one("#ritual-steps", Static).update(f"{marks}\n{clock_text}")

    def _tick(self) -> None:
        if self.run is not None and self.run.state.status == "running":
            self._steps_line()

    def action_move(self, step: int) -> None:
        self.call_core(lambda run: run.next() if step > 0 else run.previous())

    def action_record(self, kind: str) -> None:
        titles = {
            "decision": _("Decision"),
            "note": _("Note"),
            "coaching": _("Coaching note (private to the rep and the managers)"),
        }

        def recorded(text: str | None) -> None:
            if not text:
                return
            if kind == "decision":
                self.call_core(lambda run: run.record_decision(text))
            elif kind == "coaching":
                self.call_core(lambda run: run.add_coaching_note(text))
            else:
                self.call_core(lambda run: run.record_note(text))

        self.app.push_screen(TextPromptScreen(titles[kind]), recorded)

    def action_new_action(self) -> None:
        if self.run is None:
            return
        links = ActionLinks(origin_ritual=self.run.id)
        owner = self.run.state.subject or self.pilot.actor.login
        open_action_form(self, "", owner, links, lambda _action: self.reload())

    def action_new_objective(self) -> None:
        """An objective of this step's kind (derived from the outcome objective when there is
        one), saved through the run so the minutes note it."""
        run = self.run
        if run is None:
            return

        def draft() -> ObjectiveDraft:
            return self.pilot.read(
                starting_draft,
                kind=run.step.focus or "outcome",
                period=self.pilot.context.this_month().label,
                owner=run.state.subject,
                team=self.pilot.actor.team,
            )

        def open_form(start: ObjectiveDraft) -> None:
            self.app.push_screen(
                ObjectiveFormScreen(start, save=lambda _store, new: run.record_objective(new)),
                lambda saved: self.pilot.data_changed() if saved else None,
            )

        self.in_background(draft, open_form, group="ritual-objective")

    def action_decide(self, outcome: LoopOutcome) -> None:
        """Decide the highlighted action: done at once; rescheduled to the date asked (a week
        from today unless changed); dropped for the reason asked. A refusal shows in the
        prompt, under what was typed."""
        listed = self.query_one(ActionList).highlighted_action
        if listed is None or self.run is None:
            self.notify(_("No action waits for a decision here."), severity="error", timeout=8)
            return
        action, current = listed.action, self.run

        def decide(run: RitualRun, due: date | None = None, reason: str | None = None) -> None:
            decide_listed(
                run, action.id, outcome, due=due, reason=reason, expected_version=action.version
            )

        if outcome == "done":
            self.call_core(decide)
            return
        prompt = decision_prompt(
            action,
            outcome,
            lambda due, reason: self.pilot.write(
                lambda _store: decide(current, due=due, reason=reason)
            ),
        )
        self.app.push_screen(prompt, lambda text: self.reload() if text is not None else None)

    def action_choose_adjustment(self) -> None:
        """Pick one of the adjustments (those the current findings suggest say so), then say
        what it means here. Core refuses outside the adjustments step or past the most a run
        takes: before the picker opens, and again on saving (the detail then stays in the
        prompt)."""

        def check(run: RitualRun) -> tuple[RitualRun, list[AdjustmentChoice]]:
            run.check_adjustment()
            return run, adjustment_choices(run, self.pilot.context)

        self.call_core(check, then=lambda checked: self._pick_adjustment(*checked))

    def _pick_adjustment(self, run: RitualRun, choices: list[AdjustmentChoice]) -> None:
        self.app.push_screen(
            PickScreen(_("Which adjustment?"), [_adjustment_option(c) for c in choices], wide=True),
            lambda key: self._adjustment_detail(run, Adjustment(key)) if key else None,
        )

    def _adjustment_detail(self, run: RitualRun, adjustment: Adjustment) -> None:
        def save(detail: str) -> None:
            self.pilot.write(lambda _store: run.choose_adjustment(adjustment, detail))

        title = _("{adjustment}: what does it mean here?").format(adjustment=adjustment.label)
        hint = _("optional: which step, offer or segment…")
        self.app.push_screen(
            TextPromptScreen(title, placeholder=hint, save=save), lambda _detail: self.reload()
        )

    def action_pause(self) -> None:
        self.call_core(lambda run: run.pause() if run.state.status == "running" else run.resume())

    def action_finish(self) -> None:
        def finish(run: RitualRun) -> None:
            context = self.pilot.context
            run.finish(ritual_snapshot(run.store, context, run_scope(run), context.this_month()))

        self.call_core(finish)

    def action_leave(self) -> None:
        self.app.pop_screen()


def _adjustment_option(choice: AdjustmentChoice) -> tuple[str, str]:
    """The picker's line for one adjustment: its label, then dimmed, the findings that
    suggest it and whether the run chose it already."""
    label = escape(choice.adjustment.label)
    if choice.chosen:
        label += " " + _("(chosen)")
    if choice.suggested_by:
        label += f"\n  [dim]{escape(choice.suggestion(most=1))}[/dim]"
    return choice.adjustment.value, label
