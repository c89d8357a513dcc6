"""The tables an export reads: every column, in a stable order. Who may export what is
``core.exporting``'s to check first."""

from typing import Any

from pilot_tui.core.store.store import Store

QUERIES: dict[str, str] = {
    "deals": "SELECT * FROM deals ORDER BY id",
    "activities": "SELECT * FROM activities ORDER BY id",
    "stage-changes": (
        "SELECT c.id, c.deal_id, d.source, d.external_id, c.from_stage, c.to_stage, c.at, c.by "
        "FROM stage_changes c JOIN deals d ON d.id = c.deal_id ORDER BY c.deal_id, c.at, c.id"
    ),
    "audit": "SELECT * FROM audit ORDER BY id",
}
"""What can be exported, by name."""


def export_rows(store: Store, what: str) -> list[dict[str, Any]]:
    """Every row of export ``what`` (a key of ``QUERIES``), read in one snapshot."""
    with store.snapshot():
        return store.rows(QUERIES[what])


def export_columns(store: Store, what: str) -> list[str]:
    """The column names of export ``what``, even when it has no rows."""
    cursor = store.conn.execute(f"SELECT * FROM ({QUERIES[what]}) LIMIT 0")
    return [c[0] for c in cursor.description]
