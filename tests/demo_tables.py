"""Reading a demo database straight from its tables, for the demo tests (no generator code)."""

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORWARD = {"qualification", "discovery", "proposal", "negotiation", "won"}


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def day(iso: str) -> date:
    """The date of an ISO date or instant."""
    return date.fromisoformat(iso[:10])


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def win_rate(db: Path, since: date, owner: str | None = None) -> tuple[float, int]:
    """Won / (won + lost) by count among deals closed on or after ``since``; and n."""
    rows = query(
        db,
        "SELECT stage FROM deals WHERE stage IN ('won', 'lost') AND closed_on >= ? "
        "AND (? IS NULL OR owner = ?)",
        (since.isoformat(), owner, owner),
    )
    won = sum(1 for (stage,) in rows if stage == "won")
    return (won / len(rows) if rows else 0.0), len(rows)


def won_value(db: Path, first: date, end: date) -> int:
    """Won value (minor units) closed in [first, end)."""
    value = query(
        db,
        "SELECT coalesce(sum(amount_minor), 0) FROM deals WHERE stage = 'won' "
        "AND closed_on >= ? AND closed_on < ?",
        (first.isoformat(), end.isoformat()),
    )[0][0]
    return int(value)


def team_target(db: Path, period: str) -> int:
    rows = query(
        db,
        "SELECT target FROM objectives WHERE owner IS NULL AND kind = 'outcome' "
        "AND metric = 'won_value' AND period = ?",
        (period,),
    )
    assert len(rows) == 1, f"one team target for {period}"
    return int(rows[0][0])


def current_stage_entries(db: Path) -> list[tuple[int, str, str, int, str | None]]:
    """Open deals: (id, stage, entered current stage at, rot days, snoozed until)."""
    return query(
        db,
        "SELECT d.id, d.stage, max(sc.at), s.rot_days, d.snoozed_until "
        "FROM deals d JOIN stages s ON s.key = d.stage "
        "JOIN stage_changes sc ON sc.deal_id = d.id AND sc.to_stage = d.stage "
        "WHERE s.kind = 'open' GROUP BY d.id",
    )
