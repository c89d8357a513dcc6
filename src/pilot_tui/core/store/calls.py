"""Reads of ``forecast_calls`` (writes go through ``Store.write``: ``core.calls``)."""

from typing import Any

from pilot_tui.core.store.store import Store


def call_rows(
    store: Store, periods: list[str], *, before: str | None = None
) -> list[dict[str, Any]]:
    """The calls of ``periods``, oldest first; with ``before`` (an ISO instant), only those
    made before it."""
    marks = ", ".join("?" for _ in periods)
    where = f"period IN ({marks})"
    params: list[Any] = list(periods)
    if before is not None:
        where += " AND at < ?"
        params.append(before)
    return store.rows(f"SELECT * FROM forecast_calls WHERE {where} ORDER BY at, id", tuple(params))
