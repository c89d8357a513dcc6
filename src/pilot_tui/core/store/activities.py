"""Activities and actions as the dashboard lists them (queries only; writes come later)."""

from pilot_tui.core import clock
from pilot_tui.core.models import Activity, User
from pilot_tui.core.store.permissions import readable_filter
from pilot_tui.core.store.store import Store


def overdue_actions(
    store: Store, viewer: User, owner: str | None = None, *, limit: int = 50
) -> list[Activity]:
    """Open activities whose due date is before today, oldest due first, among those
    ``viewer`` may read (``readable_filter``).

    ``owner`` keeps one person's; ``None`` keeps the whole database's. At most ``limit`` rows.
    """
    readable, readable_params = readable_filter(viewer, "activities")
    where = f"{readable} AND status = 'open' AND due IS NOT NULL AND due < ?"
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
