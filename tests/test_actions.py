"""Actions (who sees and closes what, overdue first, optimistic locking) and coaching notes."""

from datetime import date

import pytest

from conftest import ADMIN, MANAGER, REP_RIA, REP_SAM
from pilot_tui.core.actions import (
    ActionLinks,
    complete_action,
    create_action,
    drop_action,
    get_action,
    group_by_owner,
    list_actions,
    reschedule_action,
)
from pilot_tui.core.coaching import add_coaching_note, coaching_notes_for
from pilot_tui.core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal


def _action(store: Store, owner: str, due: date | None, title: str = "Call back") -> int:
    return create_action(store, MANAGER, title=title, owner=owner, due=due).id


def test_list_puts_overdue_first_then_by_due_date_undated_last(team_store: Store) -> None:
    later = _action(team_store, "sam", date(2026, 11, 30), "later")
    undated = _action(team_store, "sam", None, "undated")
    old = _action(team_store, "sam", date(2026, 11, 2), "old overdue")
    recent = _action(team_store, "ria", date(2026, 11, 17), "recent overdue")
    today = _action(team_store, "sam", date(2026, 11, 18), "due today")
    listed = list_actions(team_store, MANAGER)
    assert [a.id for a in listed] == [old, recent, today, later, undated]
    assert [a.overdue for a in listed] == [True, True, False, False, False]
    assert [a.id for a in list_actions(team_store, MANAGER, overdue_only=True)] == [old, recent]
    assert [a.id for a in list_actions(team_store, MANAGER, owner="ria")] == [recent]
    assert list(group_by_owner(listed)) == ["ria", "sam"]


def test_a_rep_sees_and_closes_their_own_not_another_reps(team_store: Store) -> None:
    mine = _action(team_store, "sam", date(2026, 11, 20))
    theirs = _action(team_store, "ria", date(2026, 11, 20))
    assert [a.id for a in list_actions(team_store, REP_SAM)] == [mine]
    with pytest.raises(PermissionDeniedError, match="only see their own actions, not ria's"):
        list_actions(team_store, REP_SAM, owner="ria")
    with pytest.raises(PermissionDeniedError):
        get_action(team_store, REP_SAM, theirs)
    with pytest.raises(PermissionDeniedError, match="this one belongs to ria"):
        complete_action(team_store, REP_SAM, theirs, expected_version=1)
    assert get_action(team_store, MANAGER, theirs).status == "open"
    done = complete_action(team_store, REP_SAM, mine, expected_version=1)
    assert (done.status, done.done_at, done.version) == ("done", "2026-11-18T09:30:00+00:00", 2)
    with pytest.raises(PermissionDeniedError):
        create_action(team_store, REP_SAM, title="For Ria", owner="ria", due=None)
    assert create_action(team_store, REP_SAM, title="Mine", owner="sam", due=None).owner == "sam"
    assert complete_action(team_store, MANAGER, theirs, expected_version=1).status == "done"


def test_reschedule_and_drop_keep_the_reason_and_refuse_the_impossible(team_store: Store) -> None:
    action_id = _action(team_store, "sam", date(2026, 11, 10))
    with pytest.raises(ValidationError, match="in the past"):
        reschedule_action(team_store, REP_SAM, action_id, date(2026, 11, 17), expected_version=1)
    moved = reschedule_action(
        team_store, REP_SAM, action_id, date(2026, 11, 25), expected_version=1, reason="on leave"
    )
    assert (moved.due, moved.status, moved.status_reason, moved.overdue) == (
        date(2026, 11, 25),
        "open",
        "on leave",
        False,
    )
    with pytest.raises(ConflictError, match="changed by sam"):
        drop_action(team_store, MANAGER, action_id, "no longer needed", expected_version=1)
    with pytest.raises(ValidationError, match="Say why"):
        drop_action(team_store, MANAGER, action_id, "  ", expected_version=2)
    dropped = drop_action(team_store, MANAGER, action_id, "deal lost", expected_version=2)
    assert (dropped.status, dropped.status_reason) == ("dropped", "deal lost")
    with pytest.raises(ValidationError, match="already dropped"):
        complete_action(team_store, MANAGER, action_id, expected_version=None)


def test_an_action_links_to_a_deal_a_finding_or_a_playbook_entry(team_store: Store) -> None:
    deal_id = create_deal(
        team_store, REP_SAM, {"name": "Acme", "owner": "sam", "stage": "proposal"}
    )
    links = ActionLinks(deal_id=deal_id, finding="stuck_deals", playbook="stage-proposal")
    action = create_action(
        team_store, REP_SAM, title="Unblock Acme", owner="sam", due=None, links=links
    )
    assert (action.deal_id, action.finding, action.playbook) == (
        deal_id,
        "stuck_deals",
        "stage-proposal",
    )
    with pytest.raises(NotFoundError, match="no deal 999"):
        create_action(
            team_store, MANAGER, title="x", owner="sam", due=None, links=ActionLinks(deal_id=999)
        )
    with pytest.raises(ValidationError, match="needs a title"):
        create_action(team_store, MANAGER, title="  ", owner="sam", due=None)
    with pytest.raises(ValidationError, match="not an active Pilot user"):
        create_action(team_store, MANAGER, title="x", owner="zoe", due=None)


def test_a_rep_reading_another_reps_coaching_notes_is_refused_in_the_store(
    team_store: Store,
) -> None:
    add_coaching_note(team_store, MANAGER, "sam", "Great discovery call with Acme.")
    add_coaching_note(team_store, MANAGER, "ria", "Work on closing questions.")
    assert [n.body for n in coaching_notes_for(team_store, REP_SAM, "sam")] == [
        "Great discovery call with Acme."
    ]
    with pytest.raises(PermissionDeniedError, match="private to ria and the managers"):
        coaching_notes_for(team_store, REP_SAM, "ria")
    assert len(coaching_notes_for(team_store, MANAGER, "ria")) == 1
    assert len(coaching_notes_for(team_store, ADMIN, "sam")) == 1
    with pytest.raises(PermissionDeniedError, match="Only a manager"):
        add_coaching_note(team_store, REP_RIA, "sam", "Sam is great")
    with pytest.raises(ValidationError, match="not a rep"):
        add_coaching_note(team_store, MANAGER, "mia", "note to self")
