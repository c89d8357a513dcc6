"""Exporting deals, activities, stage changes and the audit log as CSV or JSON."""

import csv
import io
import json
from typing import Any

from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store, exports
from pilot_tui.core.store.exports import QUERIES as QUERIES
from pilot_tui.core.vocabulary import EXPORT_FORMATS
from pilot_tui.i18n import _

FORMATS = EXPORT_FORMATS


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
    return exports.export_rows(store, actor, what)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (CSV injection)."""


def neutralise_formula(value: object) -> object:
    """A text cell starting like a formula gets a leading ``'`` (spreadsheets then show it as
    text); numbers and other text are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render(
    rows: list[dict[str, Any]],
    fmt: str,
    columns: list[str] | None = None,
    *,
    raw_formulas: bool,
) -> str:
    """CSV (header, then rows; empty cells for NULL) or JSON (a list of objects).

    In CSV, a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    is written with a leading ``'`` unless ``raw_formulas`` (``neutralise_formula``): a deal
    named ``=HYPERLINK(…)`` must not become a live formula in the manager's spreadsheet.
    """
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt != "csv":
        raise ValidationError(_("Unknown format '{fmt}'; use csv or json.").format(fmt=fmt))
    buffer = io.StringIO()
    header = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    if raw_formulas:
        writer.writerows(rows)
    else:
        writer.writerows({k: neutralise_formula(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def columns_of(store: Store, what: str) -> list[str]:
    """The column names of an export, even when it has no rows."""
    return exports.export_columns(store, what)
