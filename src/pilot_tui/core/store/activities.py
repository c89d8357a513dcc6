"""Reads of ``activities``: the dashboard's lists, the Actions screen's, a run's actions.

Writes go through ``Store.write`` (see ``core.actions``). Overdue is ``models.is_overdue``;
``OVERDUE_SQL`` is the same test for a query.
"""

from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.models import ACTION_KIND, Activity, User
from pilot_tui.core.store.permissions import readable_filter
from pilot_tui.core.store.store import Store

OVERDUE_SQL = "(status = 'open' AND due IS NOT NULL AND due < ?)"
"""``models.is_overdue`` in SQL, on ``activities``' columns; its one parameter is today (ISO)."""


def get_activity(store: Store, activity_id: int) -> Activity | None:
    rows = store.rows("SELECT * FROM activities WHERE id = ?", (activity_id,))
    return Activity.model_validate(rows[0]) if rows else None


def list_activities(
    store: Store,
    viewer: User,
    *,
    owner: str | None = None,
    include_closed: bool = False,
    overdue_only: bool = False,
    origin_ritual: int | None = None,
    limit: int = 500,
) -> list[Activity]:
    """Activities, overdue first (oldest due first), then open by due date (undated last), then
    closed ones. ``owner=None``: everyone's; closed (done/dropped) only with
    ``include_closed``; ``origin_ritual``: only those a ritual run created. At most ``limit``.
    Only those ``viewer`` may read (``readable_filter``)."""
    readable, readable_params = readable_filter(viewer, "activities")
    clauses: list[str] = [readable]
    params: list[Any] = list(readable_params)
    today = clock.today().isoformat()
    if owner is not None:
        clauses.append("owner = ?")
        params.append(owner)
    if not include_closed:
        clauses.append("status = 'open'")
    if overdue_only:
        clauses.append(OVERDUE_SQL)
        params.append(today)
    if origin_ritual is not None:
        clauses.append("origin_ritual = ?")
        params.append(origin_ritual)
    rows = store.rows(
        f"SELECT * FROM activities {'WHERE ' + ' AND '.join(clauses) if clauses else ''} "
        f"ORDER BY {OVERDUE_SQL} DESC, status != 'open', due IS NULL, due, id LIMIT ?",
        (*params, today, limit),
    )
    return [Activity.model_validate(row) for row in rows]


def count_overdue(store: Store, kind: str = ACTION_KIND) -> int:
    """Everyone's overdue activities of ``kind`` (actions by default)."""
    return int(
        store.scalar(
            f"SELECT count(*) FROM activities WHERE kind = ? AND {OVERDUE_SQL}",
            (kind, clock.today().isoformat()),
        )
    )


def overdue_actions(
    store: Store, viewer: User, owner: str | None = None, *, limit: int = 50
) -> list[Activity]:
    """Overdue activities, oldest due first, among those ``viewer`` may read
    (``readable_filter``).

    ``owner`` keeps one person's; ``None`` keeps the whole database's. At most ``limit`` rows.
    """
    readable, readable_params = readable_filter(viewer, "activities")
    where = f"{readable} AND {OVERDUE_SQL}"
    params: list[object] = [*readable_params, clock.today().isoformat()]
    if owner:
        where += " AND owner = ?"
        params.append(owner)
    rows = store.rows(
        f"SELECT * FROM activities WHERE {where} ORDER BY due, id LIMIT ?", (*params, limit)
    )
    return [Activity.model_validate(row) for row in rows]


def open_actions(store: Store, viewer: User, owner: str, *, limit: int = 50) -> list[Activity]:
    """``owner``'s open activities, overdue and undated included, soonest due first; none
    when ``viewer`` may not read them (``readable_filter``)."""
    readable, params = readable_filter(viewer, "activities")
    rows = store.rows(
        f"SELECT * FROM activities WHERE {readable} AND status = 'open' AND owner = ? "
        "ORDER BY due IS NULL, due, id LIMIT ?",
        (*params, owner, limit),
    )
    return [Activity.model_validate(row) for row in rows]


def actions_of_run(store: Store, run_id: int) -> list[Activity]:
    """The actions ritual run ``run_id`` created, in creation order, closed ones included."""
    rows = store.rows(
        "SELECT * FROM activities WHERE kind = ? AND origin_ritual = ? ORDER BY id",
        (ACTION_KIND, run_id),
    )
    return [Activity.model_validate(row) for row in rows]
