"""Reads of ``ritual_runs`` and ``ritual_items`` (rows: ``core.rituals.state`` validates them).
Writes go through ``Store.write`` (``core.rituals.run``)."""

from datetime import date
from typing import Any

from pilot_tui.core.models import ACTION_KIND
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer


def run_row(store: Store, run_id: int) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM ritual_runs WHERE id = ?", (run_id,))
    return rows[0] if rows else None


def run_rows(store: Store, *, unfinished_only: bool = False) -> list[dict[str, Any]]:
    """Every run, newest first; with ``unfinished_only``, those still running or paused."""
    where = "WHERE status != 'finished'" if unfinished_only else ""
    return store.rows(f"SELECT * FROM ritual_runs {where} ORDER BY id DESC")


def item_rows(store: Store, run_id: int, step: str | None = None) -> list[dict[str, Any]]:
    """Items of a run in the order recorded; only one step's with ``step``."""
    where = "run_id = ?"
    params: list[object] = [run_id]
    if step is not None:
        where += " AND step = ?"
        params.append(step)
    return store.rows(f"SELECT * FROM ritual_items WHERE {where} ORDER BY id", tuple(params))


def team_decision_rows(
    store: Store, start: date, end: date, *, skip_step: str
) -> list[dict[str, Any]]:
    """Decisions recorded in team runs (not 1:1s) started from ``start`` to ``end`` (days,
    included), except at step ``skip_step``; oldest run first. Each row is an item's columns
    plus its run's ``kind`` and ``started_at``."""
    return store.rows(
        "SELECT r.kind, r.started_at, i.* FROM ritual_items i "
        "JOIN ritual_runs r ON r.id = i.run_id "
        "WHERE i.decision IS NOT NULL AND i.step != ? AND r.subject IS NULL "
        "AND substr(r.started_at, 1, 10) BETWEEN ? AND ? ORDER BY r.started_at, r.id, i.id",
        (skip_step, start.isoformat(), end.isoformat()),
    )


def actions_to_review(
    writer: Writer, kind: str, subject: str | None, run_id: int
) -> list[tuple[int, str]]:
    """(action id, status) a new run ``run_id`` of ritual ``kind`` about ``subject`` must review,
    read inside its write transaction: the actions earlier such runs created that are still
    open, plus every action of the latest one; by owner, then due date (undated last)."""
    latest = writer.conn.execute(
        "SELECT max(id) FROM ritual_runs WHERE kind = ? AND subject IS ? AND id < ?",
        (kind, subject, run_id),
    ).fetchone()[0]
    rows = writer.conn.execute(
        "SELECT a.id, a.status FROM activities a JOIN ritual_runs r ON r.id = a.origin_ritual "
        "WHERE a.kind = ? AND r.kind = ? AND r.subject IS ? AND r.id < ? "
        "AND (a.status = 'open' OR r.id = ?) ORDER BY a.owner, a.due IS NULL, a.due, a.id",
        (ACTION_KIND, kind, subject, run_id, latest),
    ).fetchall()
    return [(int(action_id), str(status)) for action_id, status in rows]


def last_run_day(store: Store, kind: str, before: date) -> date | None:
    """The day the latest run of ritual ``kind`` started before ``before``, or None."""
    started = store.scalar(
        "SELECT max(substr(started_at, 1, 10)) FROM ritual_runs "
        "WHERE kind = ? AND substr(started_at, 1, 10) < ?",
        (kind, before.isoformat()),
    )
    return date.fromisoformat(str(started)) if started else None
