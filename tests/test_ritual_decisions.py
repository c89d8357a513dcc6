"""The actions a step puts up for a decision: the check-in's open actions and the loop's
earlier ones, listed per owner and decided the same way, counted in the minutes."""

from datetime import date

import pytest

from conftest import MANAGER
from pilot_tui.core.actions import create_action, get_action, reschedule_action
from pilot_tui.core.context import Context
from pilot_tui.core.errors import PilotError, ValidationError
from pilot_tui.core.rituals import start_run
from pilot_tui.core.rituals.decisions import decide_listed, listed_actions
from pilot_tui.core.rituals.view import step_markdown
from pilot_tui.core.store import Store

CONTEXT = Context()
"""Today is the tests' fixed clock; English, no holidays."""


def _action(store: Store, title: str, owner: str, due: date | None) -> int:
    return create_action(store, MANAGER, title=title, owner=owner, due=due).id


def test_the_check_in_lists_open_actions_per_owner_overdue_first(team_store: Store) -> None:
    later = _action(team_store, "Send the deck", "sam", date(2026, 11, 30))
    undated = _action(team_store, "Tidy the CRM", "ria", None)
    late = _action(team_store, "Call Acme", "sam", date(2026, 11, 9))
    run = start_run(team_store, MANAGER, "actions_checkin")
    assert listed_actions(run) == []  # the loop lists none: nothing from an earlier run
    run.next()
    assert [(i.action.owner, i.line()) for i in listed_actions(run)] == [
        ("ria", f"#{undated} Tidy the CRM — no due date"),
        ("sam", f"#{late} Call Acme — due 2026-11-09, overdue"),
        ("sam", f"#{later} Send the deck — due 2026-11-30"),
    ]
    assert "3 of 3 waiting for a decision, 1 overdue." in step_markdown(run, CONTEXT).splitlines()


def test_decided_actions_stay_listed_under_their_owner_after_those_waiting(
    team_store: Store,
) -> None:
    late = _action(team_store, "Call Acme", "sam", date(2026, 11, 9))
    later = _action(team_store, "Send the deck", "sam", date(2026, 11, 30))
    old = _action(team_store, "Old offer", "ria", date(2026, 11, 1))
    run = start_run(team_store, MANAGER, "actions_checkin")
    run.next()
    decide_listed(run, late, "rescheduled", due=date(2026, 11, 25), reason="client away")
    decide_listed(run, old, "dropped", reason="offer withdrawn")
    assert [(i.action.id, i.outcome) for i in listed_actions(run)] == [
        (old, "dropped"),
        (later, None),
        (late, "rescheduled"),
    ]
    lines = [i.line() for i in listed_actions(run)]
    assert lines[0] == f"#{old} Old offer — dropped: offer withdrawn"
    assert lines[2] == f"#{late} Call Acme — rescheduled to 2026-11-25: client away"
    text = step_markdown(run, CONTEXT)
    assert "1 of 3 waiting for a decision." in text
    assert "Recorded in this step" not in text  # the list shows the decisions


def test_an_action_is_decided_once_per_run_and_at_a_step_that_lists_it(
    team_store: Store,
) -> None:
    late = _action(team_store, "Call Acme", "sam", date(2026, 11, 9))
    run = start_run(team_store, MANAGER, "actions_checkin")
    run.next()
    decide_listed(run, late, "rescheduled", due=date(2026, 11, 25))
    with pytest.raises(ValidationError, match=f"Action {late} is not waiting for a decision"):
        decide_listed(run, late, "done")  # still open, but decided in this run
    with pytest.raises(ValidationError, match="needs its new due date"):
        decide_listed(run, _action(team_store, "Book QBR", "ria", None), "rescheduled")
    run.next()
    with pytest.raises(ValidationError, match="No action waits for a decision at this step"):
        decide_listed(run, late, "done")


def test_a_decision_on_an_action_changed_meanwhile_is_refused(team_store: Store) -> None:
    late = get_action(team_store, MANAGER, _action(team_store, "Call Acme", "sam", None))
    run = start_run(team_store, MANAGER, "actions_checkin")
    run.next()
    reschedule_action(team_store, MANAGER, late.id, date(2026, 11, 20), expected_version=None)
    with pytest.raises(PilotError):
        decide_listed(run, late.id, "done", expected_version=late.version)
    assert get_action(team_store, MANAGER, late.id).status == "open"
    assert run.items("by_owner") == []


def test_the_loop_lists_and_decides_the_last_runs_actions_the_same_way(
    team_store: Store,
) -> None:
    first = start_run(team_store, MANAGER, "actions_checkin")
    first.go_to("actions")
    dropped = first.add_action("Call Acme", "sam", date(2026, 11, 20))
    moved = first.add_action("Send the deck", "sam", date(2026, 11, 19))
    first.finish()
    second = start_run(team_store, MANAGER, "actions_checkin")
    assert [(i.action.id, i.outcome) for i in listed_actions(second)] == [
        (moved.id, None),  # due first
        (dropped.id, None),
    ]
    decide_listed(second, dropped.id, "dropped", reason="Acme went silent")
    assert second.loop_summary().dropped == 1
    assert "1 of 2 waiting for a decision." in step_markdown(second, CONTEXT)
    decide_listed(second, moved.id, "rescheduled", due=date(2026, 11, 26))
    second.next()  # the check-in shows the rescheduled one as decided, not waiting again
    assert [(i.action.id, i.outcome) for i in listed_actions(second)] == [(moved.id, "rescheduled")]
    assert "No open action decided." in second.minutes()


def test_the_minutes_count_the_check_ins_decisions_and_what_stays_overdue(
    team_store: Store,
) -> None:
    done = _action(team_store, "Call Acme", "sam", date(2026, 11, 9))
    moved = _action(team_store, "Send the deck", "ria", date(2026, 11, 12))
    _action(team_store, "Old offer", "ria", date(2026, 11, 1))
    run = start_run(team_store, MANAGER, "actions_checkin")
    run.next()
    decide_listed(run, done, "done")
    decide_listed(run, moved, "rescheduled", due=date(2026, 11, 25))
    minutes = run.finish()
    assert (
        "## 2. Open and overdue actions by owner (15 min planned, 0 min spent)\n\n"
        "2 open actions decided: 1 done, 1 rescheduled, 0 dropped. "
        "1 overdue action left without a decision.\n\n"
        f"- #{done} Call Acme — sam — done\n"
        f"- #{moved} Send the deck — ria — rescheduled to 2026-11-25\n"
    ) in minutes
