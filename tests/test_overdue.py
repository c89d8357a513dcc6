"""Overdue has one definition (``models.is_overdue``); its SQL and frames forms agree with it."""

from datetime import date, timedelta
from typing import Any

import pytest

from conftest import MANAGER
from pilot_tui.core.actions import list_actions
from pilot_tui.core.metrics.frames import day_number, load_activities
from pilot_tui.core.models import ACTION_KIND, Activity, is_overdue, overdue_mask
from pilot_tui.core.store import Store
from pilot_tui.core.store.activities import (
    OVERDUE_SQL,
    count_overdue,
    list_activities,
    overdue_actions,
)

TODAY = date(2026, 11, 18)  # conftest's fixed clock
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)

CASES: dict[str, tuple[str, date | None, bool]] = {
    # title: (status, due, overdue?)
    "open, due yesterday": ("open", YESTERDAY, True),
    "open, due last month": ("open", date(2026, 10, 2), True),
    "open, due today": ("open", TODAY, False),
    "open, due tomorrow": ("open", TOMORROW, False),
    "open, undated": ("open", None, False),
    "done, due yesterday": ("done", YESTERDAY, False),
    "dropped, due yesterday": ("dropped", YESTERDAY, False),
}


@pytest.fixture
def activities(team_store: Store) -> dict[str, int]:
    """One activity per case (every other one a CRM task rather than an action), by title."""
    ids = {}
    with team_store.write(MANAGER) as writer:
        for number, (title, (status, due, _)) in enumerate(CASES.items()):
            row: dict[str, Any] = {
                "kind": ACTION_KIND if number % 2 == 0 else "task",
                "title": title,
                "owner": "sam",
                "due": due.isoformat() if due else None,
                "status": status,
            }
            ids[title] = int(writer.insert("activities", row))
    return ids


def _expected(ids: dict[str, int]) -> set[int]:
    return {ids[title] for title, (_, _, overdue) in CASES.items() if overdue}


def test_the_python_predicate_on_the_hand_made_cases() -> None:
    for title, (status, due, overdue) in CASES.items():
        assert is_overdue(status, due, TODAY) is overdue, title


def test_the_activity_model_says_overdue_as_the_predicate(
    team_store: Store, activities: dict[str, int]
) -> None:
    listed = list_activities(team_store, MANAGER, include_closed=True)
    assert len(listed) == len(CASES)
    assert {a.id for a in listed if a.overdue} == _expected(activities)
    assert all(a.overdue == is_overdue(a.status, a.due, TODAY) for a in listed)


def test_the_sql_fragment_selects_what_the_predicate_calls_overdue(
    team_store: Store, activities: dict[str, int]
) -> None:
    rows = team_store.rows(f"SELECT id FROM activities WHERE {OVERDUE_SQL}", (TODAY.isoformat(),))
    assert {row["id"] for row in rows} == _expected(activities)


def test_every_sql_reader_of_overdue_agrees_with_the_predicate(
    team_store: Store, activities: dict[str, int]
) -> None:
    expected = _expected(activities)
    # The dashboard's list, the Actions screen's filter, the check-in's count (actions only).
    assert {a.id for a in overdue_actions(team_store, MANAGER)} == expected
    assert {a.id for a in list_actions(team_store, MANAGER, overdue_only=True)} == expected
    by_kind = {a.id: a.kind for a in list_activities(team_store, MANAGER, include_closed=True)}
    assert count_overdue(team_store) == sum(by_kind[i] == ACTION_KIND for i in expected) == 1
    assert count_overdue(team_store, "task") == 1
    # Overdue ones come first in the Actions list, whatever else is open.
    listed = list_activities(team_store, MANAGER)
    assert {a.id for a in listed[: len(expected)]} == expected


def test_the_frames_mask_agrees_with_the_predicate(
    team_store: Store, activities: dict[str, int]
) -> None:
    frame = load_activities(team_store)
    mask = overdue_mask(frame["status"].to_numpy(), frame["due"].to_numpy(), day_number(TODAY))
    assert set(frame["id"].to_numpy()[mask].tolist()) == _expected(activities)


def test_a_row_without_optional_columns_is_an_open_action() -> None:
    activity = Activity.model_validate({"id": 1, "title": "Call", "owner": "sam", "due": YESTERDAY})
    assert activity.kind == ACTION_KIND and activity.status == "open" and activity.overdue
    assert activity.model_dump(mode="json")["overdue"] is True
