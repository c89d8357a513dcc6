"""Exporting deals, activities, stage changes and the audit log as CSV or JSON."""

import csv
import io
import json
from typing import Any

from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store, exports
from pilot_tui.core.store.exports import QUERIES as QUERIES
from pilot_tui.i18n import _

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
    return exports.export_rows(store, what)


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
    return exports.export_columns(store, what)
