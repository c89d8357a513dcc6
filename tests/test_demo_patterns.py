"""The five patterns the demo plants for the diagnostics, each computed from the tables.

Every check runs on two demos (the default seed on the tests' day, and another seed on a day
at the start of a month) so that a pattern cannot hold by luck of one draw.
"""

from datetime import date, timedelta
from math import erfc, sqrt
from pathlib import Path
from statistics import median

import pytest

from demo_tables import (
    FORWARD,
    current_stage_entries,
    day,
    instant,
    query,
    team_target,
    win_rate,
    won_value,
)
from pilot_tui.core.demo import DEFAULT_SEED, build_demo

CASES = [(DEFAULT_SEED, date(2026, 11, 18)), (7, date(2027, 3, 1))]


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"seed{case[0]}-{case[1]}")
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, date]:
    seed, today = request.param
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, manager_login="mia", seed=seed, today=today)
    return path, today


def month_start(value: date) -> date:
    return value.replace(day=1)


def previous_month_start(value: date) -> date:
    return month_start(month_start(value) - timedelta(days=1))


def next_month_start(value: date) -> date:
    return month_start(month_start(value) + timedelta(days=32))


def qualification_exits(db: Path, owner: str, first: date, end: date) -> tuple[int, int]:
    """(moved forward, lost) among the owner's deals that left qualification in [first, end)."""
    rows = query(
        db,
        "SELECT sc.to_stage, sc.at FROM stage_changes sc JOIN deals d ON d.id = sc.deal_id "
        "WHERE d.owner = ? AND sc.from_stage = 'qualification'",
        (owner,),
    )
    inside = [to for to, at in rows if first <= day(at) < end]
    return sum(1 for to in inside if to in FORWARD), sum(1 for to in inside if to == "lost")


def test_pattern1_dina_qualification_conversion_dropped_in_the_last_4_weeks(
    demo: tuple[Path, date],
) -> None:
    db, today = demo
    recent_fwd, recent_lost = qualification_exits(db, "dina", today - timedelta(28), today)
    base_fwd, base_lost = qualification_exits(
        db, "dina", today - timedelta(28 + 84), today - timedelta(28)
    )
    n_recent, n_base = recent_fwd + recent_lost, base_fwd + base_lost
    assert n_recent >= 10 and n_base >= 10
    recent, base = recent_fwd / n_recent, base_fwd / n_base
    assert base - recent >= 0.10
    pooled = (recent_fwd + base_fwd) / (n_recent + n_base)
    z = (base - recent) / sqrt(pooled * (1 - pooled) * (1 / n_recent + 1 / n_base))
    assert erfc(z / sqrt(2)) < 0.10  # two-sided p-value of the two-proportion test


def cycle_days(db: Path, segment: str, first: date, end: date) -> list[int]:
    rows = query(
        db,
        "SELECT created_on, closed_on FROM deals WHERE stage = 'won' AND segment = ? "
        "AND closed_on >= ? AND closed_on < ?",
        (segment, first.isoformat(), end.isoformat()),
    )
    return [(day(closed) - day(created)).days for created, closed in rows]


def test_pattern2_enterprise_cycle_lengthened_in_the_last_quarter(demo: tuple[Path, date]) -> None:
    db, today = demo
    quarter = today - timedelta(91)
    recent = cycle_days(db, "enterprise", quarter, today)
    year_before = cycle_days(db, "enterprise", quarter - timedelta(365), quarter)
    assert len(recent) >= 10 and len(year_before) >= 10
    assert median(recent) >= 1.2 * median(year_before)
    smb_recent = cycle_days(db, "smb", quarter, today)
    smb_before = cycle_days(db, "smb", quarter - timedelta(365), quarter)
    assert median(smb_recent) < 1.2 * median(smb_before), "only enterprise slowed down"


def test_pattern3_bea_opens_few_deals_lately_but_wins_often(demo: tuple[Path, date]) -> None:
    db, today = demo
    created = [day(c) for (c,) in query(db, "SELECT created_on FROM deals WHERE owner = 'bea'")]
    year_start = today - timedelta(365 + 28)
    monthly_average = sum(1 for c in created if year_start <= c < today - timedelta(28)) / 12
    last_4_weeks = sum(1 for c in created if c >= today - timedelta(28))
    this_month = sum(1 for c in created if c >= month_start(today))
    assert monthly_average >= 6
    assert last_4_weeks <= 0.35 * monthly_average
    assert this_month <= 0.35 * monthly_average
    bea_rate, bea_n = win_rate(db, today - timedelta(365), "bea")
    team_rate, _n = win_rate(db, today - timedelta(365))
    assert bea_n >= 30 and bea_rate >= team_rate + 0.05


def test_pattern4_several_deals_are_stuck_and_snoozed_ones_are_not(
    demo: tuple[Path, date],
) -> None:
    db, today = demo
    stuck = snoozed = 0
    for _id, _stage, entered, rot_days, snoozed_until in current_stage_entries(db):
        if (today - instant(entered).date()).days <= rot_days:
            continue
        if snoozed_until and date.fromisoformat(snoozed_until) > today:
            snoozed += 1
        else:
            stuck += 1
    assert stuck >= 5
    assert snoozed >= 2


def test_pattern5_good_last_month_then_thin_pipeline_this_month(demo: tuple[Path, date]) -> None:
    db, today = demo
    last, this, following = previous_month_start(today), month_start(today), next_month_start(today)
    assert won_value(db, last, this) >= team_target(db, last.isoformat()[:7])
    target = team_target(db, this.isoformat()[:7])
    won = won_value(db, this, today)
    rate, n = win_rate(db, today - timedelta(365))
    assert n >= 100 and 0.1 < rate < 0.4
    assert target - won > 0
    due = query(
        db,
        "SELECT coalesce(sum(d.amount_minor), 0) FROM deals d JOIN stages s ON s.key = d.stage "
        "WHERE s.kind = 'open' AND d.expected_close < ?",
        (following.isoformat(),),
    )[0][0]
    needed = (target - won) / rate
    assert due < 0.6 * needed
