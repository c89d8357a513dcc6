"""A small, hand-checkable team pipeline (today = 2026-11-18) shared by core and app tests.

| id | deal              | owner | stage         | amount | close      | notes                   |
|----|-------------------|-------|---------------|--------|------------|-------------------------|
| 1  | Acme renewal      | sam   | proposal      | 12,500 | 2026-11-30 | 8 d in stage, pushed ×2 |
| 2  | Globex pilot      | sam   | discovery     | 8,000  | 2026-12-15 | stuck 48 d > 21, no step|
| 3  | Initech expansion | ria   | negotiation   | 30,000 | 2026-11-25 | p .9, 17 d but snoozed; |
|    |                   |       |               |        |            | step due 11-10 (past)   |
| 4  | Umbrella upsell   | ria   | prospecting   | 2,000  | 2027-01-31 | step due tomorrow       |
| 5  | Hooli deal        | sam   | won           | 5,000  | 2026-11-05 | closed                  |
| 6  | Vandelay import   | ria   | lost          | 4,000  | 2026-10-20 | lost: price             |
| 7  | Stark no amount   | sam   | qualification | —      | 2026-11-28 | stuck 29 d > 14, pushed |
|    |                   |       |               |        |            | once, no step           |
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ADMIN, make_team_store
from pilot_tui.core.store import Store

DEALS: list[dict[str, Any]] = [
    dict(
        name="Acme renewal",
        account="Acme",
        owner="sam",
        segment="smb",
        offer="core",
        stage="proposal",
        amount_minor=1_250_000,
        expected_close="2026-11-30",
        next_step="Send revised quote",
        next_step_due="2026-11-20",
        created_on="2026-09-01",
    ),
    dict(
        name="Globex pilot",
        account="Globex",
        owner="sam",
        segment="enterprise",
        offer="core",
        stage="discovery",
        amount_minor=800_000,
        expected_close="2026-12-15",
        created_on="2026-09-15",
    ),
    dict(
        name="Initech expansion",
        account="Initech",
        owner="ria",
        segment="enterprise",
        offer="plus",
        stage="negotiation",
        amount_minor=3_000_000,
        probability=0.9,
        expected_close="2026-11-25",
        next_step="Legal review",
        next_step_due="2026-11-10",
        snoozed_until="2026-11-25",
        snooze_reason="Legal on holiday",
        created_on="2026-08-01",
    ),
    dict(
        name="Umbrella upsell",
        account="Umbrella",
        owner="ria",
        segment="smb",
        offer="plus",
        stage="prospecting",
        amount_minor=200_000,
        expected_close="2027-01-31",
        next_step="Intro call",
        next_step_due="2026-11-19",
        created_on="2026-11-16",
    ),
    dict(
        name="Hooli deal",
        account="Hooli",
        owner="sam",
        segment="smb",
        offer="core",
        stage="won",
        amount_minor=500_000,
        expected_close="2026-11-05",
        closed_on="2026-11-05",
        created_on="2026-07-01",
    ),
    dict(
        name="Vandelay import",
        account="Vandelay",
        owner="ria",
        segment="smb",
        offer="core",
        stage="lost",
        amount_minor=400_000,
        expected_close="2026-10-20",
        closed_on="2026-10-20",
        lost_reason="price",
        created_on="2026-08-15",
    ),
    dict(
        name="Stark no amount",
        account="Stark",
        owner="sam",
        segment="enterprise",
        offer="plus",
        stage="qualification",
        amount_minor=None,
        expected_close="2026-11-28",
        created_on="2026-10-20",
    ),
]

STAGE_PATHS: dict[int, list[tuple[str | None, str, str]]] = {
    1: [
        (None, "prospecting", "2026-09-01"),
        ("prospecting", "qualification", "2026-09-10"),
        ("qualification", "discovery", "2026-10-01"),
        ("discovery", "proposal", "2026-11-10"),
    ],
    2: [(None, "prospecting", "2026-09-15"), ("prospecting", "discovery", "2026-10-01")],
    3: [(None, "prospecting", "2026-08-01"), ("prospecting", "negotiation", "2026-11-01")],
    4: [(None, "prospecting", "2026-11-16")],
    5: [
        (None, "prospecting", "2026-07-01"),
        ("prospecting", "proposal", "2026-10-01"),
        ("proposal", "won", "2026-11-05"),
    ],
    6: [(None, "prospecting", "2026-08-15"), ("prospecting", "lost", "2026-10-20")],
    7: [(None, "qualification", "2026-10-20")],
}

PUSHES: dict[int, list[tuple[str, str, str]]] = {
    1: [("2026-10-31", "2026-11-15", "2026-10-25"), ("2026-11-15", "2026-11-30", "2026-11-12")],
    7: [("2026-11-10", "2026-11-28", "2026-11-05")],
}

ACTIVITIES: list[dict[str, Any]] = [
    dict(deal_id=1, owner="sam", kind="call", title="Call the CFO", due="2026-11-12"),
    dict(deal_id=3, owner="ria", kind="task", title="Send the contract", due="2026-11-20"),
    dict(
        deal_id=1,
        owner="sam",
        kind="email",
        title="Recap email",
        due="2026-11-05",
        status="done",
        done_at="2026-11-05T10:00:00+00:00",
    ),
    dict(deal_id=None, owner="ria", kind="action", title="Update the CRM", due="2026-11-01"),
]


def fill_pipeline(store: Store, *, extra: int = 0) -> None:
    """Add the deals above (ids 1..7), their history and activities, and ``extra`` more
    prospecting deals named "Batch deal NN" (ids 8..) for paging tests."""
    with store.write(ADMIN) as writer:
        for key, label in (("smb", "SMB"), ("enterprise", "Enterprise")):
            writer.insert("segments", {"key": key, "label": label})
        for key, label in (("core", "Core"), ("plus", "Plus")):
            writer.insert("offers", {"key": key, "label": label, "priority": 0})
        for values in DEALS:
            writer.insert("deals", values)
        for number in range(1, extra + 1):
            writer.insert(
                "deals",
                dict(
                    name=f"Batch deal {number:02d}",
                    account=f"Batch {number:02d}",
                    owner="sam" if number % 2 else "ria",
                    stage="prospecting",
                    amount_minor=number * 10_000,
                    expected_close="2027-02-01",
                    created_on="2026-11-17",
                ),
            )
        for deal_id, path in STAGE_PATHS.items():
            for from_stage, to_stage, day in path:
                writer.append(
                    "stage_changes",
                    {
                        "deal_id": deal_id,
                        "from_stage": from_stage,
                        "to_stage": to_stage,
                        "at": f"{day}T10:00:00+00:00",
                        "by": "mia",
                    },
                )
        for deal_id, pushes in PUSHES.items():
            for old, new, day in pushes:
                writer.append(
                    "close_date_changes",
                    {
                        "deal_id": deal_id,
                        "old": old,
                        "new": new,
                        "at": f"{day}T10:00:00+00:00",
                        "by": "mia",
                    },
                )
        for activity in ACTIVITIES:
            writer.insert("activities", {"status": "open", **activity})


def pipeline_store(folder: Path, *, extra: int = 0) -> Iterator[Store]:
    """A team database under ``folder`` holding the pipeline above; closed afterwards.

    The ``store`` fixture below is this in a test's own folder.
    """
    store = make_team_store(folder / "pipeline.db")
    fill_pipeline(store, extra=extra)
    yield store
    store.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The pipeline above in a fresh database for each test (a plugin of conftest.py)."""
    yield from pipeline_store(tmp_path)
