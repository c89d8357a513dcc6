"""Exporting deals, activities, stage changes and the audit log as CSV or JSON."""

import csv
import io
import json
from typing import Any

from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.core.store.permissions import readable_filter
from pilot_tui.i18n import _

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
"""What can be exported; every column of the table, in a stable order; ``{readable}`` takes
the actor's ``readable_filter`` for the table read."""
ENTITIES = {
    "deals": "deals",
    "activities": "activities",
    "stage-changes": "deals",
    "audit": "audit",
}
"""The table whose read rule applies to each export."""
FORMATS = ("csv", "json")


def export_rows(store: Store, actor: User, what: str) -> list[dict[str, Any]]:
    """The rows of ``what`` (one of ``QUERIES``); the audit log is for managers and admins."""
    if what not in QUERIES:
        raise ValidationError(
            _("Pilot cannot export '{what}'; choose one of: {choices}.").format(
                what=what, choices=", ".join(QUERIES)
            )
        )
    if what == "audit" and not actor.is_manager:
        raise PermissionDeniedError(
            _("Only a manager or an admin can export the audit log; {login} is a rep.").format(
                login=actor.login
            )
        )
    readable, params = readable_filter(
        actor, ENTITIES[what], "d." if what == "stage-changes" else ""
    )
    with store.snapshot():
        return store.rows(QUERIES[what].format(readable=readable), params)


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    """CSV (header, then rows; empty cells for NULL) or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt != "csv":
        raise ValidationError(_("Unknown format '{fmt}'; use csv or json.").format(fmt=fmt))
    buffer = io.StringIO()
    header = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def columns_of(store: Store, what: str) -> list[str]:
    """The column names of an export, even when it has no rows."""
    query = QUERIES[what].format(readable="0")
    cursor = store.conn.execute(f"SELECT * FROM ({query}) LIMIT 0")
    return [c[0] for c in cursor.description]
