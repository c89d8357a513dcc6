"""Tiny hand-checkable pipelines: deals with their stage history written at chosen dates."""

from typing import Any

from conftest import ADMIN
from pilot_tui.core.store import Store
from pilot_tui.core.store.writer import Writer

CLOSED = {"won", "lost"}


def add_deal(
    writer: Writer,
    path: list[tuple[str, str]],
    *,
    owner: str = "sam",
    amount: int | None = 1000_00,
    **fields: Any,
) -> int:
    """A deal created on the first day of ``path`` and moved along it: [(stage, 'YYYY-MM-DD')].

    The last step is its current stage; closed_on is set when that stage is won or lost."""
    stage, last_day = path[-1]
    row: dict[str, Any] = {
        "name": f"deal {path}",
        "owner": owner,
        "stage": stage,
        "amount_minor": amount,
        "created_on": path[0][1],
    }
    if stage in CLOSED:
        row["closed_on"] = last_day
    if stage == "lost":
        row["lost_reason"] = "no budget"
    row.update(fields)
    deal_id = int(writer.insert("deals", row))
    previous = None
    for to_stage, day in path:
        writer.append(
            "stage_changes",
            {
                "deal_id": deal_id,
                "from_stage": previous,
                "to_stage": to_stage,
                "at": f"{day}T10:00:00+00:00",
            },
        )
        previous = to_stage
    return deal_id


def push(writer: Writer, deal_id: int, old: str, new: str, day: str) -> None:
    writer.append(
        "close_date_changes",
        {"deal_id": deal_id, "old": old, "new": new, "at": f"{day}T10:00:00+00:00"},
    )


def reprice(writer: Writer, deal_id: int, old: int | None, new: int | None, day: str) -> None:
    """Record that the deal's amount went from ``old`` to ``new`` on ``day`` (the deal row
    already holds its latest amount)."""
    writer.append(
        "field_changes",
        {
            "deal_id": deal_id,
            "field": "amount_minor",
            "old": old,
            "new": new,
            "at": f"{day}T10:00:00+00:00",
        },
    )


def build(store: Store, *paths: list[tuple[str, str]], **fields: Any) -> list[int]:
    with store.write(ADMIN) as writer:
        return [add_deal(writer, path, **fields) for path in paths]


def won(created: str, closed: str, **fields: Any) -> list[tuple[str, str]]:
    return [("prospecting", created), ("won", closed)]


def lost(created: str, closed: str) -> list[tuple[str, str]]:
    return [("prospecting", created), ("lost", closed)]


def set_objective(
    store: Store,
    target: float,
    *,
    metric: str = "won_value",
    kind: str = "outcome",
    period: str = "2026-11",
    owner: str | None = None,
) -> None:
    """An objective of the team 'north' (or of ``owner``)."""
    with store.write(ADMIN) as writer:
        writer.insert(
            "objectives",
            {
                "owner": owner,
                "team": "north",
                "kind": kind,
                "metric": metric,
                "target": target,
                "period": period,
            },
        )


def add_activity(writer: Writer, day: str | None, *, status: str = "done", **fields: Any) -> int:
    """A call owned by sam, done on ``day`` (or open, due ``fields['due']``)."""
    row = {
        "owner": "sam",
        "kind": "call",
        "title": "call",
        "status": status,
        "done_at": f"{day}T10:00:00+00:00" if status == "done" else None,
        **fields,
    }
    return int(writer.insert("activities", row))
