"""Activities and actions as the dashboard lists them (queries only; writes come later)."""

from pilot_tui.core import clock
from pilot_tui.core.models import Activity
from pilot_tui.core.store.store import Store


def overdue_actions(store: Store, owner: str | None = None, *, limit: int = 50) -> list[Activity]:
    """Open activities whose due date is before today, oldest due first.

    ``owner`` keeps one person's; ``None`` keeps the whole database's. At most ``limit`` rows.
    """
    where = "status = 'open' AND due IS NOT NULL AND due < ?"
    params: list[object] = [clock.today().isoformat()]
    if owner:
        where += " AND owner = ?"
        params.append(owner)
    rows = store.rows(
        f"SELECT * FROM activities WHERE {where} ORDER BY due, id LIMIT ?", (*params, limit)
    )
    return [Activity.model_validate(row) for row in rows]


def open_actions(store: Store, owner: str, *, limit: int = 50) -> list[Activity]:
    """``owner``'s open activities, overdue and undated included, soonest due first."""
    rows = store.rows(
        "SELECT * FROM activities WHERE status = 'open' AND owner = ? "
        "ORDER BY due IS NULL, due, id LIMIT ?",
        (owner, limit),
    )
    return [Activity.model_validate(row) for row in rows]
