"""Ritual runs: closing the loop across runs, moving, pausing across a restart, the minutes."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import MANAGER, REP_RIA, REP_SAM, make_team_store
from pilot_tui.core import clock
from pilot_tui.core.actions import complete_action, list_actions
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.rituals import RITUALS, list_runs, open_run, start_run
from pilot_tui.core.store import Store


def _to_step(run: object, step_id: str) -> None:
    from pilot_tui.core.rituals import RitualRun

    assert isinstance(run, RitualRun)
    while run.step.id != step_id:
        run.next()


def test_every_ritual_opens_by_closing_the_loop_and_ends_with_actions() -> None:
    assert list(RITUALS) == [
        "pipeline_review",
        "conversion_analysis",
        "actions_checkin",
        "coaching_1on1",
        "objective_setting",
    ]
    for ritual in RITUALS.values():
        assert ritual.steps[0].id == "close_loop"
        assert ritual.steps[-1].shows == "actions"
        assert all(step.timebox_minutes > 0 for step in ritual.steps)
    review = RITUALS["pipeline_review"]
    assert [s.shows for s in review.steps] == [
        "previous_actions",
        "verdict",
        "pipeline_changes",
        "slipped_deals",
        "stuck_deals",
        "no_next_step",
        "big_deals_closing",
        "decisions",
        "actions",
    ]


def test_loop_closing_across_two_runs(team_store: Store) -> None:
    first = start_run(team_store, MANAGER, "pipeline_review", attendees=["sam", "ria"])
    assert first.loop_items() == []
    _to_step(first, "actions")
    a1 = first.add_action("Call Acme back", "sam", date(2026, 11, 20))
    a2 = first.add_action("Send the Beta proposal", "ria", date(2026, 11, 25))
    a3 = first.add_action("Requalify Gamma", "sam", date(2026, 11, 19))
    first.finish()
    complete_action(team_store, REP_SAM, a1.id, expected_version=a1.version)

    second = start_run(team_store, MANAGER, "pipeline_review")
    loop = second.loop_items()
    assert [(i.action.id, i.outcome) for i in loop] == [
        (a2.id, None),
        (a3.id, None),
        (a1.id, "done"),
    ]
    with pytest.raises(ValidationError, match="^2 actions from the last run still need"):
        second.next()
    second.close_loop_action(a3.id, "rescheduled", due=date(2026, 11, 27))
    with pytest.raises(ValidationError, match="needs a decision|not waiting"):
        second.close_loop_action(a3.id, "done")
    with pytest.raises(ValidationError, match="Say why"):
        second.close_loop_action(a2.id, "dropped")
    second.close_loop_action(a2.id, "dropped", reason="Beta signed with a competitor")
    assert second.next().id == "verdict"
    assert second.loop_summary().sentence() == (
        "3 actions from earlier runs reviewed: 1 done, 1 rescheduled, 1 dropped."
    )
    minutes = second.finish()
    assert "3 actions from earlier runs reviewed: 1 done, 1 rescheduled, 1 dropped." in minutes
    assert f"- #{a3.id} Requalify Gamma — sam — rescheduled to 2026-11-27" in minutes
    assert f"- #{a2.id} Send the Beta proposal — ria — dropped: Beta signed with a competitor" in (
        minutes
    )

    # The rescheduled action is still open: the third run reviews it again, and only it.
    third = start_run(team_store, MANAGER, "pipeline_review")
    assert [(i.action.id, i.outcome) for i in third.loop_items()] == [(a3.id, None)]
    # Another ritual's loop is its own.
    other = start_run(team_store, MANAGER, "actions_checkin")
    assert other.loop_items() == []


def test_minutes_say_who_when_what_was_decided_and_what_is_due(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "actions_checkin", attendees=["sam", "ria"])
    clock.freeze(datetime(2026, 11, 18, 9, 33, tzinfo=UTC))
    run.next()
    run.record_decision("Sam takes over Ria's overdue follow-ups", subject="deal:7")
    run.record_note("Two actions were overdue by more than a week")
    clock.freeze(datetime(2026, 11, 18, 9, 48, tzinfo=UTC))
    run.next()
    action = run.add_action("Follow up with Delta", "sam", date(2026, 11, 20), playbook="followup")
    clock.freeze(datetime(2026, 11, 18, 9, 50, tzinfo=UTC))
    minutes = run.finish(snapshot={"verdict": "BEHIND", "overdue_actions": 2})
    assert minutes == (
        f"""# Priority actions check-in — 2026-11-18

- Run: #{run.id}
- Facilitator: Mia Manager (mia)
- Attendees: ria, sam
- Started: 2026-11-18 09:30 UTC
- Finished: 2026-11-18 09:50 UTC

## 1. Close the loop (3 min planned, 3 min spent)

No action from an earlier run to review.

## 2. Open and overdue actions by owner (15 min planned, 15 min spent)

No open action decided.

- Decision (deal:7): Sam takes over Ria's overdue follow-ups
- Note: Two actions were overdue by more than a week

## 3. Actions (2 min planned, 2 min spent)

Nothing recorded.

## Actions created

- #{action.id} Follow up with Delta — sam, due 2026-11-20, playbook followup

## Snapshot

```json
{{
  "overdue_actions": 2,
  "verdict": "BEHIND"
}}
```
"""
    )
    stored = open_run(team_store, REP_RIA, run.id)
    assert stored.state.minutes_md == minutes
    assert stored.state.snapshot == {"overdue_actions": 2, "verdict": "BEHIND"}
    assert stored.state.timing == {"actions": 120, "by_owner": 900, "close_loop": 180}
    with pytest.raises(ValidationError, match="finished"):
        stored.record_note("too late")


def test_pause_and_resume_survive_a_store_reopen(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    with make_team_store(path) as store:
        run = start_run(store, MANAGER, "conversion_analysis")
        run.next()
        run.record_decision("Look at discovery calls first")
        clock.freeze(datetime(2026, 11, 18, 9, 40, tzinfo=UTC))
        run.pause()
        with pytest.raises(ValidationError, match="paused: resume it first"):
            run.next()
        run_id = run.id
    clock.freeze(datetime(2026, 11, 18, 14, 0, tzinfo=UTC))
    with Store.open(path) as store:
        assert [s.id for s in list_runs(store, MANAGER, unfinished_only=True)] == [run_id]
        again = open_run(store, MANAGER, run_id)
        assert (again.state.status, again.step.id) == ("paused", "funnel")
        assert again.seconds_in_step() == 600  # the paused afternoon does not count
        again.resume()
        clock.freeze(datetime(2026, 11, 18, 14, 5, tzinfo=UTC))
        assert again.seconds_in_step() == 900
        assert again.next().id == "findings"
        assert [i.decision for i in again.items("funnel")] == ["Look at discovery calls first"]
        assert again.previous().id == "funnel"


def test_two_screens_on_one_run_do_not_overwrite_each_other(team_store: Store) -> None:
    from pilot_tui.core.errors import ConflictError

    run = start_run(team_store, MANAGER, "conversion_analysis")
    stale = open_run(team_store, MANAGER, run.id)
    run.next()
    with pytest.raises(ConflictError):
        stale.next()


def test_only_managers_run_rituals_and_the_1on1_needs_a_rep(team_store: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="Only a manager runs a ritual"):
        start_run(team_store, REP_SAM, "pipeline_review")
    with pytest.raises(ValidationError, match="needs the login of an active rep"):
        start_run(team_store, MANAGER, "coaching_1on1", subject="mia")
    with pytest.raises(ValidationError, match="Only the 1:1"):
        start_run(team_store, MANAGER, "pipeline_review", subject="sam")
    with pytest.raises(ValidationError, match="not a ritual"):
        start_run(team_store, MANAGER, "standup")


def test_a_1on1_keeps_its_notes_private_and_its_loop_per_rep(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "coaching_1on1", subject="sam")
    _to_step(run, "notes")
    run.add_coaching_note("Sam rushes discovery; practise the five questions.")
    _to_step(run, "actions")
    run.add_action("Role-play a discovery call", "sam", date(2026, 11, 25))
    minutes = run.finish()
    assert "1 private coaching note recorded (kept out of the minutes)." in minutes
    assert "rushes discovery" not in minutes
    assert "- Rep: Sam Seller (sam)" in minutes
    with pytest.raises(PermissionDeniedError, match="private to sam and the managers"):
        open_run(team_store, REP_RIA, run.id)
    assert open_run(team_store, REP_SAM, run.id).state.minutes_md == minutes
    # Ria's 1:1 does not review Sam's actions; Sam's next one does.
    assert start_run(team_store, MANAGER, "coaching_1on1", subject="ria").loop_items() == []
    assert len(start_run(team_store, MANAGER, "coaching_1on1", subject="sam").loop_items()) == 1
    assert [a.title for a in list_actions(team_store, REP_SAM)] == ["Role-play a discovery call"]


def test_the_check_in_decides_open_actions_and_the_minutes_say_how(team_store: Store) -> None:
    from pilot_tui.core.actions import create_action

    late = create_action(team_store, MANAGER, title="Call Acme", owner="sam", due=date(2026, 11, 9))
    stale = create_action(team_store, MANAGER, title="Old deck", owner="ria", due=None)
    run = start_run(team_store, MANAGER, "actions_checkin")
    run.next()
    run.decide_action(late.id, "rescheduled", due=date(2026, 11, 23), reason="client away")
    run.decide_action(stale.id, "dropped", reason="offer withdrawn")
    with pytest.raises(ValidationError, match="already dropped"):
        run.decide_action(stale.id, "done")
    minutes = run.finish()
    assert f"- #{late.id} Call Acme — sam — rescheduled to 2026-11-23: client away" in minutes
    assert f"- #{stale.id} Old deck — ria — dropped: offer withdrawn" in minutes


def test_a_conversion_analysis_chooses_at_most_three_adjustments(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "conversion_analysis")
    with pytest.raises(ValidationError, match="chosen at the conversion analysis's adjustments"):
        run.choose_adjustment("requalify", "")
    _to_step(run, "adjustments")
    run.choose_adjustment("revise_step", "Discovery: ask the budget question first")
    run.choose_adjustment("strengthen_training", "")
    run.choose_adjustment("refocus_priorities", "Mid-market only this month")
    with pytest.raises(ValidationError, match="at most 3 adjustments"):
        run.choose_adjustment("change_pitch", "")
    with pytest.raises(ValidationError, match="'magic' is not an adjustment"):
        run.choose_adjustment("magic", "")
    assert [i.decision for i in run.items("adjustments")] == [
        "Revise a step of the process: Discovery: ask the budget question first",
        "Strengthen training",
        "Refocus on priority offers or segments: Mid-market only this month",
    ]
    minutes = run.finish()
    assert (
        "- Adjustment: Revise a step of the process: Discovery: ask the budget question first\n"
        "- Adjustment: Strengthen training\n"
        "- Adjustment: Refocus on priority offers or segments: Mid-market only this month\n"
    ) in minutes
    assert "adjustment:" not in minutes  # the key is for the machine, the label for people


def test_objective_setting_records_each_objective_in_the_minutes(team_store: Store) -> None:
    from pilot_tui.core.smart import ObjectiveDraft

    run = start_run(team_store, MANAGER, "objective_setting")
    _to_step(run, "outcome")
    assert run.step.focus == "outcome"
    objective = run.record_objective(
        ObjectiveDraft(
            kind="outcome", metric="won_value", target=5_000_000, period="2026-12", team="north"
        )
    )
    minutes = run.finish()
    assert (
        f"- Decision (objective:{objective.id}): won_value €50,000 for team north in 2026-12 "
        "(SMART)"
    ) in minutes.splitlines()


def test_a_run_saved_before_migration_2_opens_as_running_at_its_first_step(
    tmp_path: Path,
) -> None:
    import sqlite3

    from pilot_tui.core.store.schema import apply_migrations

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, upto=1)
    conn.execute(
        "INSERT INTO users (login, name, role, team) VALUES ('mia', 'Mia Manager', 'manager', "
        "'north')"
    )
    conn.execute(
        "INSERT INTO ritual_runs (kind, started_at, facilitator) "
        "VALUES ('pipeline_review', '2026-11-11T09:00:00+00:00', 'mia')"
    )
    conn.execute("COMMIT")
    conn.close()
    with Store.open(path) as store:
        old = open_run(store, MANAGER, 1)
        assert (old.state.status, old.step.id, old.state.timing) == ("running", "close_loop", {})
        assert old.seconds_in_step() == 0  # no step start recorded: no invented time


def test_a_stale_screen_cannot_record_into_a_run_finished_elsewhere(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "conversion_analysis")
    other_screen = open_run(team_store, MANAGER, run.id)
    run.finish()
    with pytest.raises(ValidationError, match="is finished"):
        other_screen.record_decision("too late")
    with pytest.raises(ValidationError, match="'zoe' is not an active Pilot user"):
        start_run(team_store, MANAGER, "pipeline_review", attendees=["sam", "zoe"])


def test_the_step_indicator_jumps_but_not_past_an_open_loop(team_store: Store) -> None:
    first = start_run(team_store, MANAGER, "actions_checkin")
    _to_step(first, "actions")
    first.add_action("Call Acme", "sam", date(2026, 11, 20))
    first.finish()
    run = start_run(team_store, MANAGER, "actions_checkin")
    with pytest.raises(ValidationError, match="^1 action from the last run still needs"):
        run.go_to("actions")
    run.close_loop_action(run.loop_items()[0].action.id, "done")
    assert run.go_to("actions").id == "actions"
    assert run.go_to("close_loop").id == "close_loop"
    with pytest.raises(ValidationError, match="has no step 'nope'"):
        run.go_to("nope")
    with pytest.raises(ValidationError, match="first step"):
        run.previous()
