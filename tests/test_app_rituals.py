"""Rituals driven through the app: start, record, act, close the loop next time, finish."""

from datetime import date, timedelta
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, MarkdownViewer, OptionList, Static

from app_harness import SnapCompare, build_app, pressing, run_async, settle, top
from conftest import FIXED_NOW, MANAGER, REP_SAM
from pilot_tui.app import Session, make_app
from pilot_tui.config import Settings
from pilot_tui.core import clock
from pilot_tui.core.actions import create_action
from pilot_tui.core.models import Role
from pilot_tui.core.rituals import RITUALS, open_run, start_run
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import list_users
from pilot_tui.screens import ritual_run
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.ritual_run import RitualRunScreen
from pilot_tui.screens.rituals import RitualsScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.action_list import ActionList
from test_diagnostics_rules import open_deals


def _step_text(app: App[Any]) -> str:
    viewer = app.screen.query_one("#ritual-step", MarkdownViewer)
    return str(viewer.document.source)


def _action_lines(app: App[Any]) -> list[str]:
    """The lines of the step's list of actions, owners' names included."""
    actions = app.screen.query_one(ActionList)
    return [str(actions.get_option_at_index(i).prompt) for i in range(actions.option_count)]


def _highlighted(app: App[Any]) -> str | None:
    """The title of the action the keys 1, 2 and 3 would decide."""
    listed = app.screen.query_one(ActionList).highlighted_action
    return None if listed is None else str(listed.action.title)


async def _start_pipeline_review(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("u")
    await settle(pilot)
    await pilot.press("enter")  # the first ritual
    await settle(pilot)


@run_async
async def test_a_pipeline_review_from_start_to_minutes(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        assert isinstance(app.screen, RitualRunScreen)
        assert _step_text(app).startswith("## Step 1/9 · Close the loop")
        await pilot.press("n")
        await settle(pilot)
        assert "## Step 2/9 · Verdict" in _step_text(app)
        await pilot.press("m")
        app.screen.query_one("#prompt-text", Input).value = "Push Globex to December"
        await pilot.press("enter")
        await settle(pilot)
        assert "- decision: Push Globex to December" in _step_text(app)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#action-title", Input).value = "Call Globex's sponsor"
        app.screen.query_one("#action-owner", Input).value = "sam"
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _step in range(7):
            await pilot.press("n")
            await settle(pilot)
        assert "## Step 9/9 · Actions" in _step_text(app)
        assert "Call Globex's sponsor — sam, 2026-11-25" in _step_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert _step_text(app).splitlines()[0].startswith("# Weekly pipeline review")
    minutes = store.scalar("SELECT minutes_md FROM ritual_runs WHERE status = 'finished'")
    assert "Push Globex to December" in minutes and "Call Globex's sponsor" in minutes
    assert store.scalar("SELECT snapshot_json FROM ritual_runs") is not None


@run_async
async def test_the_next_run_closes_the_loop_on_the_last_runs_actions(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#action-title", Input).value = "Requalify Stark"
        app.screen.query_one("#action-owner", Input).value = "sam"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RitualsScreen)
        app.screen.query_one("#rituals", OptionList).highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert "Requalify Stark — due 2026-11-25" in _action_lines(app)[1]
        await pilot.press("n")  # refused: the action waits for a decision
        await settle(pilot)
        assert "## Step 1/9" in _step_text(app)
        await pilot.press("1")  # done
        await settle(pilot)
        assert _action_lines(app)[1].endswith("Requalify Stark — done")
        assert _highlighted(app) is None
        await pilot.press("n")
        await settle(pilot)
        assert "## Step 2/9" in _step_text(app)
    assert store.scalar("SELECT status FROM activities WHERE title = 'Requalify Stark'") == "done"


@run_async
async def test_a_rep_cannot_start_a_ritual(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        assert isinstance(app.screen, RitualsScreen)
    assert store.scalar("SELECT count(*) FROM ritual_runs") == 0


def _start_keys(index: int) -> list[str]:
    """Keys that start the ``index``-th ritual (0 is the first) from the dashboard; the 1:1
    takes the first rep its pick offers."""
    ritual = list(RITUALS.values())[index]
    return ["u", *["down"] * index, "enter", *(["enter"] if ritual.needs_subject else [])]


EVERY_STEP = [
    pytest.param(index, step, id=f"{ritual.id}-{step + 1}-{ritual.steps[step].id}")
    for index, ritual in enumerate(RITUALS.values())
    for step in range(len(ritual.steps))
]


def _first_rep(store: Store) -> str:
    """The rep the 1:1's pick offers first (the pick lists active reps in login order)."""
    return next(u.login for u in list_users(store, active_only=True) if u.role is Role.REP)


@pytest.mark.parametrize(("ritual", "step"), EVERY_STEP)
def test_every_step_snapshot(
    ritual: int, step: int, store: Store, snap_compare: SnapCompare
) -> None:
    """Each step at 120×40 as the facilitator reaches it with `n`; the clock is frozen and the
    timer does not tick (animations off), so each reads 0:00 of its timebox.

    The run is started and moved to the step through core (what `n` calls), then its screen
    opens over the rituals screen as it does after starting: one screen per snapshot instead of
    replaying every earlier step with keys."""
    definition = list(RITUALS.values())[ritual]
    subject = _first_rep(store) if definition.needs_subject else None
    run = start_run(store, MANAGER, definition.id, subject=subject)
    for _step in range(step):
        run.next()

    async def run_before(pilot: Pilot[None]) -> None:
        await pressing(["u"])(pilot)
        await pilot.app.push_screen(RitualRunScreen(run.id))
        await settle(pilot)

    assert snap_compare(build_app(store, MANAGER), terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize(
    "keys",
    [["j"], ["j", *["down"] * 4, "enter", *"Discovery", "enter"]],
    ids=["picker", "chosen"],
)
def test_adjustment_snapshots(keys: list[str], store: Store, snap_compare: SnapCompare) -> None:
    """The picker over the adjustments step, and the step once one is chosen; stuck deals
    make a finding that suggests two of them."""
    open_deals(store, stuck=3, fresh=7)
    keys = [*_start_keys(1), "n", "n", "n", *keys]
    assert snap_compare(
        build_app(store, MANAGER), terminal_size=(120, 40), run_before=pressing(keys)
    )


def test_refused_adjustment_snapshot(store: Store, snap_compare: SnapCompare) -> None:
    """Another screen chose the third adjustment while this one typed the detail: the
    refusal shows in the prompt, under the text it keeps."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pressing([*_start_keys(1), "n", "n", "n", "j", "enter"])(pilot)
        screen = pilot.app.screen_stack[-2]
        assert isinstance(screen, RitualRunScreen) and screen.run is not None
        other = open_run(store, MANAGER, screen.run.id)
        for key in ("revise_step", "strengthen_training", "refocus_priorities"):
            other.choose_adjustment(key, "")
        await pressing([*"ROI", "enter"])(pilot)

    assert snap_compare(build_app(store, MANAGER), terminal_size=(120, 40), run_before=run_before)


@run_async
async def test_a_one_to_one_keeps_private_coaching_notes(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        app.screen.query_one("#rituals", OptionList).highlighted = 4  # 1:1 coaching
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the first rep the pick offers
        await settle(pilot)
        assert isinstance(app.screen, RitualRunScreen) and app.screen.run is not None
        rep = app.screen.run.state.subject
        assert rep in ("ria", "sam")
        for _step in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert f"Private to {rep} and the managers" in _step_text(app)
        await pilot.press("c")
        app.screen.query_one("#prompt-text", Input).value = "Prepares calls well; rushes demos"
        await pilot.press("enter")
        await settle(pilot)
        assert "mia: Prepares calls well; rushes demos" in _step_text(app)
    assert store.rows("SELECT rep, author, body FROM coaching_notes") == [
        {"rep": rep, "author": "mia", "body": "Prepares calls well; rushes demos"}
    ]


async def _start_ritual(pilot: Pilot[None], index: int) -> RitualRunScreen:
    """Open the rituals and start the ``index``-th (1 is the first), the 1:1 with the first
    rep the pick offers."""
    await settle(pilot)
    await pilot.press("u")
    await settle(pilot)
    pilot.app.screen.query_one("#rituals", OptionList).highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    if isinstance(pilot.app.screen, PickScreen):
        await pilot.press("enter")
        await settle(pilot)
    assert isinstance(pilot.app.screen, RitualRunScreen)
    return pilot.app.screen


@run_async
async def test_a_conversion_analysis_picks_its_adjustments(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start_ritual(pilot, 2)
        await pilot.press("j")  # refused on the first step: no picker
        await settle(pilot)
        assert app.screen is screen
        for _step in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert "Choose 1 to 3 adjustments" in _step_text(app) and "0 of 3 chosen" in _step_text(app)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "down", "down", "enter")  # Requalify the pipeline
        await settle(pilot)
        assert isinstance(app.screen, TextPromptScreen)
        app.screen.query_one("#prompt-text", Input).value = "Every deal past discovery"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "1 of 3 chosen" in _step_text(app)
        assert "- adjustment: Requalify the pipeline: Every deal past discovery" in _step_text(app)
        # Another screen chooses two more while this one types: the refusal keeps the text.
        assert screen.run is not None
        other = open_run(store, MANAGER, screen.run.id)
        other.choose_adjustment("strengthen_training", "")
        await pilot.press("j")
        await settle(pilot)  # the picker opens once the step's findings are read
        await pilot.press("enter")
        await settle(pilot)
        other.choose_adjustment("refocus_priorities", "")
        prompt = top(app, TextPromptScreen)
        prompt.query_one("#prompt-text", Input).value = "A fourth one"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt
        assert prompt.query_one("#prompt-text", Input).value == "A fourth one"
        error = prompt.query_one("#prompt-error", Static).render()
        assert str(error) == "A run chooses at most 3 adjustments: fewer changes, carried through."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")  # now refused before the picker opens
        await settle(pilot)
        assert app.screen is screen and "3 of 3 chosen" in _step_text(app)
    adjustments = store.rows(
        "SELECT subject FROM ritual_items WHERE subject LIKE 'adjustment:%' ORDER BY id"
    )
    assert [row["subject"] for row in adjustments] == [
        "adjustment:requalify",
        "adjustment:strengthen_training",
        "adjustment:refocus_priorities",
    ]


@run_async
async def test_the_list_shows_a_run_started_here_on_the_way_back(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_ritual(pilot, 3)  # the check-in
        await pilot.press("escape")
        await settle(pilot)
        runs = app.screen.query_one("#rituals", OptionList)
        labels = [str(runs.get_option_at_index(i).prompt) for i in range(runs.option_count)]
        assert "#1 Priority actions check-in · 2026-11-18 · running" in labels


def _two_more_actions(store: Store) -> None:
    """Beside the fixture's overdue 'Update the CRM' (ria): one overdue and one due later,
    both Sam's."""
    create_action(store, MANAGER, title="Call Acme", owner="sam", due=date(2026, 11, 10))
    create_action(store, MANAGER, title="Send the deck", owner="sam", due=date(2026, 11, 30))


def _prompt_error(app: App[Any]) -> str:
    return str(app.screen.query_one("#prompt-error", Static).render())


@run_async
async def test_a_check_in_reschedules_and_drops_open_actions(store: Store) -> None:
    _two_more_actions(store)
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start_ritual(pilot, 3)
        await pilot.press("n")
        await settle(pilot)
        assert _action_lines(app) == [  # every open action: follow-ups and planned calls, tasks
            "ria",
            "  #4 Update the CRM — due 2026-11-01, overdue",
            "  #2 Send the contract — due 2026-11-20",
            "sam",
            "  #5 Call Acme — due 2026-11-10, overdue",
            "  #1 Call the CFO — due 2026-11-12, overdue",
            "  #6 Send the deck — due 2026-11-30",
        ]
        assert app.focused is screen.query_one(ActionList) and _highlighted(app) == "Update the CRM"
        await pilot.press("2")  # reschedule: the date asked, a week later unless changed
        await settle(pilot)
        prompt = top(app, TextPromptScreen)
        field = prompt.query_one("#prompt-text", Input)
        assert field.value == "2026-11-25"
        field.value = "2026-11-01"
        await pilot.press("enter")
        await settle(pilot)
        assert top(app, TextPromptScreen) is prompt and field.value == "2026-11-01"
        assert (
            _prompt_error(app) == "The new due date 2026-11-01 is in the past; pick today or later."
        )
        field.value = "2026-11-27"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and _highlighted(app) == "Send the contract"  # next waiting
        await pilot.press("down")
        await pilot.pause()
        assert _highlighted(app) == "Call Acme"
        await pilot.press("3")  # drop: asks why, and refuses no reason
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert _prompt_error(app) == "Say why the action is dropped."
        app.screen.query_one("#prompt-text", Input).value = "Acme signed elsewhere"
        await pilot.press("enter")
        await settle(pilot)
        assert _action_lines(app) == [  # under each owner: waiting first, then decided
            "ria",
            "  #2 Send the contract — due 2026-11-20",
            "  #4 Update the CRM — rescheduled to 2026-11-27",
            "sam",
            "  #1 Call the CFO — due 2026-11-12, overdue",
            "  #6 Send the deck — due 2026-11-30",
            "  #5 Call Acme — dropped: Acme signed elsewhere",
        ]
        assert _highlighted(app) == "Call the CFO"
        assert "3 of 5 waiting for a decision, 1 overdue." in _step_text(app)
        await pilot.press("n", "f")
        await settle(pilot)
    rows = store.rows("SELECT id, due, status, status_reason FROM activities WHERE id >= 4")
    assert rows == [
        {"id": 4, "due": "2026-11-27", "status": "open", "status_reason": None},
        {
            "id": 5,
            "due": "2026-11-10",
            "status": "dropped",
            "status_reason": "Acme signed elsewhere",
        },
        {"id": 6, "due": "2026-11-30", "status": "open", "status_reason": None},
    ]
    minutes = store.scalar("SELECT minutes_md FROM ritual_runs WHERE status = 'finished'")
    assert (
        "2 open actions decided: 0 done, 1 rescheduled, 1 dropped.\n\n"
        "- #4 Update the CRM — ria — rescheduled to 2026-11-27\n"
        "- #5 Call Acme — sam — dropped: Acme signed elsewhere\n"
    ) in minutes


def test_check_in_snapshot_after_two_decisions(store: Store, snap_compare: SnapCompare) -> None:
    """The check-in's list once one action is done and one rescheduled a week later: both
    greyed under their owner, the highlight on the next action waiting."""
    _two_more_actions(store)
    keys = [*_start_keys(2), "n", "1", "2", "enter"]
    assert snap_compare(
        build_app(store, MANAGER), terminal_size=(120, 40), run_before=pressing(keys)
    )


@run_async
async def test_one_two_three_say_so_at_a_step_without_actions(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)  # no earlier run: the loop lists no action
        assert not app.screen.query_one(ActionList).display
        await pilot.press("1")
        await settle(pilot)
    assert store.scalar("SELECT status FROM activities WHERE id = 4") == "open"


@run_async
async def test_the_step_clock_ticks_on_a_slow_link(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--low-bandwidth`` redraws the clock less often, but it still moves (snapshots stay
    still because the tests fix the clock, not because the clock stops)."""
    monkeypatch.setattr(ritual_run, "SLOW_LINK_CLOCK_SECONDS", 0.05)
    monkeypatch.setattr(ritual_run, "CLOCK_SECONDS", 3600.0)  # only the slow-link timer ticks
    app = make_app(Session(Settings(db=store.path, low_bandwidth=True), store, MANAGER))
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        steps = app.screen.query_one("#ritual-steps", Static)
        assert "0:00 of" in str(steps.render())
        clock.freeze(FIXED_NOW + timedelta(seconds=65))
        await pilot.pause(0.3)
        assert "1:05 of" in str(steps.render())
