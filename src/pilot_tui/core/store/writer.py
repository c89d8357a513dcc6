"""The one way to write: ``BEGIN IMMEDIATE``, permission, version bump and audit, together."""

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.errors import ConflictError, NotFoundError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store.connection import dict_rows
from pilot_tui.core.store.permissions import authorize
from pilot_tui.i18n import _

PRIMARY_KEYS: dict[str, str] = {
    "users": "login",
    "stages": "key",
    "segments": "key",
    "offers": "key",
    "accounts": "name",
    "meta": "key",
    "kpi_selection": "rowid",
    "strategy_segments": "key",
    "strategy_offers": "key",
    "strategy_stages": "key",
}
"""Tables whose key is not ``id`` (``kpi_selection`` has a two-column key: its rowid is used)."""
VERSIONED = frozenset(
    {
        "users",
        "stages",
        "deals",
        "activities",
        "objectives",
        "ritual_runs",
        "strategy_segments",
        "strategy_offers",
        "strategy_stages",
    }
)
"""Tables with optimistic locking (``version``, ``updated_at``, ``updated_by``)."""
BULK_BATCH_ROWS = 50_000
"""Rows per ``executemany`` call in ``Writer.bulk_insert``."""


DATE_COLUMNS = frozenset(
    {"created_on", "expected_close", "closed_on", "next_step_due", "snoozed_until", "due"}
)
"""Columns holding a day (ISO ``YYYY-MM-DD``)."""
FIRST_YEAR = 1900
"""Days before this year are typing or conversion mistakes (a CRM's empty date read as
year 1), never a sale: they are refused rather than stored."""
SQLITE_INT = range(-(2**63), 2**63)
"""What SQLite's INTEGER holds (money in minor units: up to about 9.2e16 in major units)."""
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")
"""NUL, and the lone surrogates Python makes of bytes that are not UTF-8 (a command line
typed in another encoding)."""


def check_storable(values: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (one sentence) for a value SQLite or Pilot cannot keep as
    given: text with a NUL character, an integer beyond SQLite's 64 bits, a day that is not
    ``YYYY-MM-DD`` from ``FIRST_YEAR`` on. Every write path calls it, so an import, a form and
    a command line meet the same rule."""
    for column, value in values.items():
        if isinstance(value, str):
            if _UNSTORABLE_TEXT.search(value):
                raise ValidationError(
                    _(
                        "The {column} contains a NUL character or bytes that are not UTF-8 "
                        "text, which Pilot does not store."
                    ).format(column=column)
                )
        elif isinstance(value, int) and value not in SQLITE_INT:
            raise ValidationError(
                _("{value} is too large a number for the {column}.").format(
                    value=value, column=column
                )
            )
        if column in DATE_COLUMNS and value is not None:
            _check_day(column, value)


def _check_day(column: str, value: object) -> None:
    text = value.isoformat() if isinstance(value, date) else str(value)
    if not _ISO_DAY.fullmatch(text[:10]) or int(text[:4]) < FIRST_YEAR:
        raise ValidationError(
            _(
                "'{value}' is not a day Pilot can store as the {column}: use YYYY-MM-DD, "
                "from {year} on."
            ).format(value=text, column=column, year=FIRST_YEAR)
        )


def primary_key(entity: str) -> str:
    return PRIMARY_KEYS.get(entity, "id")


class Writer:
    """Writes of one transaction on behalf of one actor. Obtain it from ``Store.write()``."""

    def __init__(self, conn: sqlite3.Connection, actor: User) -> None:
        self.conn = conn
        self.actor = actor

    def fetch(self, entity: str, key: Any) -> dict[str, Any] | None:
        """The current row, read inside this transaction."""
        rows = self.rows(f"SELECT * FROM {entity} WHERE {primary_key(entity)} = ?", (key,))
        return rows[0] if rows else None

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Run a read query inside this transaction (it sees this transaction's own writes);
        rows as dicts."""
        return dict_rows(self.conn.execute(sql, params))

    def insert(self, entity: str, values: Mapping[str, Any]) -> Any:
        """Insert one row after the permission check; audited. Returns its key."""
        row = dict(values)
        check_storable(row)
        authorize(self.actor, entity, None, row)
        if entity in VERSIONED:
            row.setdefault("version", 1)
            row["updated_at"] = clock.now_iso()
            row["updated_by"] = self.actor.login
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.conn.execute(
            f"INSERT INTO {entity} ({columns}) VALUES ({marks})", tuple(row.values())
        )
        key = row.get(primary_key(entity), cursor.lastrowid)
        self._audit(entity, key, "insert", None, self.fetch(entity, key))
        return key

    def update(
        self,
        entity: str,
        key: Any,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None,
    ) -> dict[str, Any]:
        """Change one row if it is still at ``expected_version``; bump it; audit before/after.

        ``expected_version=None`` is for system writes that do not come from a user's form.
        Raises ``NotFoundError``, ``ConflictError`` or ``PermissionDeniedError``; nothing is
        written then.
        """
        before = self.fetch(entity, key)
        if before is None:
            raise NotFoundError(
                _("There is no {entity} {key}.").format(entity=_singular(entity), key=key)
            )
        if expected_version is not None:
            check_version(entity, key, before, expected_version)
        check_storable(changes)
        after = {**before, **changes}
        authorize(self.actor, entity, before, after)
        row = dict(changes)
        if entity in VERSIONED:
            row["version"] = int(before["version"]) + 1
            row["updated_at"] = clock.now_iso()
            row["updated_by"] = self.actor.login
        assignments = ", ".join(f"{column} = ?" for column in row)
        self.conn.execute(
            f"UPDATE {entity} SET {assignments} WHERE {primary_key(entity)} = ?",
            (*row.values(), key),
        )
        current = self.fetch(entity, key)
        assert current is not None
        self._audit(entity, key, "update", before, current)
        return current

    def delete(self, entity: str, key: Any, *, expected_version: int | None) -> dict[str, Any]:
        """Remove one row if it is still at ``expected_version``; audited with its last state.

        Raises ``NotFoundError``, ``ConflictError`` or ``PermissionDeniedError``.
        """
        before = self.fetch(entity, key)
        if before is None:
            raise NotFoundError(
                _("There is no {entity} {key}.").format(entity=_singular(entity), key=key)
            )
        if expected_version is not None:
            check_version(entity, key, before, expected_version)
        authorize(self.actor, entity, before, None)
        self.conn.execute(f"DELETE FROM {entity} WHERE {primary_key(entity)} = ?", (key,))
        self._audit(entity, key, "delete", before, None)
        return before

    def delete_matching(self, entity: str, match: Mapping[str, Any]) -> int:
        """Remove every row whose columns equal ``match`` (tables without a single key, such as
        ``kpi_selection``); each row is permission-checked and audited. Returns how many."""
        where = " AND ".join(f"{column} = ?" for column in match)
        rows = self.rows(f"SELECT * FROM {entity} WHERE {where}", tuple(match.values()))
        for row in rows:
            authorize(self.actor, entity, row, None)
        self.conn.execute(f"DELETE FROM {entity} WHERE {where}", tuple(match.values()))
        for row in rows:
            self._audit(entity, json.dumps(dict(match), sort_keys=True), "delete", row, None)
        return len(rows)

    def append(self, table: str, values: Mapping[str, Any]) -> int:
        """Add a history row (stage change, close-date change) that the caller already authorized
        through its parent row's update; the parent's audit entry covers it."""
        check_storable(values)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )
        return int(cursor.lastrowid or 0)

    def remove_history(self, table: str, match: Mapping[str, Any]) -> int:
        """Remove the history rows whose columns equal ``match`` (an import replacing the rows
        it derived); like ``append``, the caller authorized it and its audit entry covers it.
        Returns how many."""
        where = " AND ".join(f"{column} = ?" for column in match)
        cursor = self.conn.execute(f"DELETE FROM {table} WHERE {where}", tuple(match.values()))
        return cursor.rowcount

    def append_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Many history rows at once (an import's stage changes), like ``append``."""
        return self._insert_many(table, rows)

    def bulk_insert(self, entity: str, rows: Iterable[Mapping[str, Any]], *, note: str) -> int:
        """Insert many rows at once (demo, import) with one audit entry that says how many.

        Only managers and admins bulk-load; each row is still permission-checked.
        """

        def authorized() -> Iterator[Mapping[str, Any]]:
            for values in rows:
                authorize(self.actor, entity, None, values)
                yield values

        count = self._insert_many(entity, authorized())
        self._audit(entity, "*", "bulk_insert", None, {"count": count, "note": note})
        return count

    def _insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Send rows to SQLite in batches of ``BULK_BATCH_ROWS`` so that a million-row load never
        holds all its tuples in memory at once (``rows`` may be a generator)."""
        count = 0
        batch: list[tuple[Any, ...]] = []
        columns: tuple[str, ...] | None = None
        sql = ""
        for values in rows:
            check_storable(values)
            if columns is None:
                columns = tuple(values)
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})"
                )
            batch.append(tuple(values[c] for c in columns))
            count += 1
            if len(batch) >= BULK_BATCH_ROWS:
                self.conn.executemany(sql, batch)
                batch = []
        if batch:
            self.conn.executemany(sql, batch)
        return count

    def _audit(
        self,
        entity: str,
        key: Any,
        op: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit (at, actor, entity, entity_id, op, before_json, after_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                clock.now_iso(),
                self.actor.login,
                entity,
                str(key),
                op,
                _json(before),
                _json(after),
            ),
        )


def check_version(entity: str, key: Any, current: Mapping[str, Any], expected: int) -> None:
    """Raise ``ConflictError`` naming who changed the row and when, unless it is at ``expected``."""
    if current.get("version") == expected:
        return
    raise ConflictError(
        _(
            "{what} {key} was changed by {who} at {when} after you opened it; your "
            "edit was not saved and is still in the form."
        ).format(
            what=_singular(entity).capitalize(),
            key=key,
            who=current.get("updated_by") or _("someone"),
            when=_short_instant(current.get("updated_at")),
        ),
        changed_by=current.get("updated_by"),
        changed_at=current.get("updated_at"),
    )


def _json(row: Mapping[str, Any] | None) -> str | None:
    return None if row is None else json.dumps(dict(row), sort_keys=True, default=str)


def _singular(entity: str) -> str:
    names = {
        "deals": _("deal"),
        "activities": _("action"),
        "users": _("user"),
        "stages": _("stage"),
        "objectives": _("objective"),
        "ritual_runs": _("ritual run"),
    }
    return names.get(entity, entity)


def _short_instant(iso: str | None) -> str:
    """'2026-11-28 10:02 UTC' from a stored ISO instant."""
    if not iso:
        return _("an unknown time")
    return iso[:16].replace("T", " ") + " UTC"
