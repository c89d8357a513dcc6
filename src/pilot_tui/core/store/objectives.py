"""Reads of ``objectives`` (rows: ``core.objectives.Objective`` validates them). Writes go
through ``Store.write``."""

from typing import Any

from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer

_KIND_ORDER = (
    "CASE kind WHEN 'outcome' THEN 0 WHEN 'predictive' THEN 1 WHEN 'means' THEN 2 ELSE 3 END"
)


def objective_row(store: Store, objective_id: int) -> dict[str, Any] | None:
    rows = store.rows("SELECT * FROM objectives WHERE id = ?", (objective_id,))
    return rows[0] if rows else None


def objective_rows(
    store: Store, *, period: str | None = None, owner: str | None = None, team: str | None = None
) -> list[dict[str, Any]]:
    """Objectives, filtered; team objectives (no owner) first, then by owner, kind (outcome,
    predictive, means, quality), metric and id."""
    clauses, params = [], []
    for column, value in (("period", period), ("owner", owner), ("team", team)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return store.rows(
        f"SELECT * FROM objectives {where} "
        f"ORDER BY owner IS NOT NULL, owner, {_KIND_ORDER}, metric, id",
        tuple(params),
    )


def same_target_row(
    reader: Store | Writer,
    *,
    owner: str | None,
    team: str | None,
    metric: str,
    period: str,
    segment: str | None = None,
    offer: str | None = None,
    excluding: int | None = None,
) -> dict[str, Any] | None:
    """The objective already set for this scope (``owner``, else ``team``; a rep's whatever
    team it names), metric and period, other than ``excluding``; None when there is none.
    Read it inside the write transaction (a ``Writer``) to leave no gap before the write; the
    unique index ``objectives_one_target`` enforces the same rule."""
    rows = reader.rows(
        "SELECT * FROM objectives WHERE metric = ? AND period = ? AND coalesce(owner, '') = ? "
        "AND (owner IS NOT NULL OR coalesce(team, '') = ?) AND coalesce(segment, '') = ? "
        "AND coalesce(offer, '') = ? AND id IS NOT ? ORDER BY id LIMIT 1",
        (metric, period, owner or "", team or "", segment or "", offer or "", excluding),
    )
    return rows[0] if rows else None
