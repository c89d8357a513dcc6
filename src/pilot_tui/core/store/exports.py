"""The tables an export reads: every column, in a stable order. Who may export what is
``core.exporting``'s to check first."""

from typing import Any

from pilot_tui.core.models import User
from pilot_tui.core.store.permissions import readable_filter
from pilot_tui.core.store.store import Store

QUERIES: dict[str, str] = {
    "deals": "SELECT * FROM deals WHERE {readable} ORDER BY id",
    "activities": "SELECT * FROM activities WHERE {readable} ORDER BY id",
    "stage-changes": (
        "SELECT c.id, c.deal_id, d.source, d.external_id, c.from_stage, c.to_stage, c.at, c.by "
        "FROM stage_changes c JOIN deals d ON d.id = c.deal_id WHERE {readable} "
        "ORDER BY c.deal_id, c.at, c.id"
    ),
    "audit": "SELECT * FROM audit WHERE {readable} ORDER BY id",
}
"""What can be exported, by name; ``{readable}`` takes the viewer's ``readable_filter``."""
READ_RULE = {
    "deals": ("deals", ""),
    "activities": ("activities", ""),
    "stage-changes": ("deals", "d."),
    "audit": ("audit", ""),
}
"""The table whose read rule applies to each export, and its alias in the query."""


def export_rows(store: Store, viewer: User, what: str) -> list[dict[str, Any]]:
    """The rows of export ``what`` (a key of ``QUERIES``) that ``viewer`` may read, in one
    snapshot."""
    readable, params = readable_filter(viewer, *READ_RULE[what])
    with store.snapshot():
        return store.rows(QUERIES[what].format(readable=readable), params)


def export_columns(store: Store, what: str) -> list[str]:
    """The column names of export ``what``, even when it has no rows."""
    query = QUERIES[what].format(readable="0")
    cursor = store.conn.execute(f"SELECT * FROM ({query}) LIMIT 0")
    return [c[0] for c in cursor.description]
