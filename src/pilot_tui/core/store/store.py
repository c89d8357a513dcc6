"""The Store: one open database, its migrations, reads and audited write transactions."""

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilot_tui.core.errors import DamagedDatabaseError, DatabaseError
from pilot_tui.core.models import User
from pilot_tui.core.store.connection import (
    connect,
    damaged_sentence,
    describe_sqlite_error,
    dict_rows,
    is_damage,
)
from pilot_tui.core.store.schema import SCHEMA_VERSION, apply_migrations, schema_version
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

if TYPE_CHECKING:
    import sqlite_utils

WAL_LIMIT_BYTES = 16 * 1024 * 1024
"""Above this, a writer checkpoints and truncates the WAL after its commit."""


class Store:
    """A Pilot database. Open it with ``Store.open``; write only through ``Store.write``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, owner: int | None = None) -> None:
        self.path = path
        self.conn = conn
        self.owner = owner
        """The uid owning the database file this connection opened (``None``: unknown)."""
        self._db: sqlite_utils.Database | None = None
        self._wal_path = f"{path}-wal"

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> "Store":
        """Open (or, with ``create``, create) the database and bring its schema up to date."""
        store = cls(path, *connect(path, create=create))
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store

    def migrate(self) -> int:
        """Run the forward migrations this file lacks; returns how many ran."""
        with self._damage_told():
            found = schema_version(self.conn)
        if found < 0:
            raise DamagedDatabaseError(damaged_sentence(self.path))
        if found > SCHEMA_VERSION:
            raise DatabaseError(
                _(
                    "{path} is at schema version {found}, newer than this Pilot knows "
                    "({known}): upgrade Pilot before opening it."
                ).format(path=self.path, found=found, known=SCHEMA_VERSION)
            )
        if found == SCHEMA_VERSION:
            return 0
        with self._immediate():
            return apply_migrations(self.conn)

    @contextmanager
    def write(self, actor: User) -> Iterator[Writer]:
        """A write transaction for ``actor``: all of it is saved, or none of it."""
        with self._immediate():
            yield Writer(self.conn, actor)

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so a read-then-write never fails
        # half-way with "database is locked" (a plain BEGIN upgrades late and can deadlock).
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise DatabaseError(describe_sqlite_error(exc, self.path)) from exc
        try:
            yield
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise DatabaseError(describe_sqlite_error(exc, self.path)) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise DatabaseError(describe_sqlite_error(exc, self.path)) from exc
        self._bound_wal()

    def _bound_wal(self) -> None:
        """Fold a large WAL back into the database and truncate it.

        With many users reading all the time, SQLite's automatic checkpoint never finds a
        moment without readers, so the WAL only grows. A TRUNCATE checkpoint waits (within
        the busy timeout) for the short read transactions in flight, then resets the file.
        """
        try:
            size = os.stat(self._wal_path).st_size
        except OSError:
            return
        if size > WAL_LIMIT_BYTES:
            with contextlib.suppress(sqlite3.Error):  # busy: the next commit tries again
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _rollback(self) -> None:
        # SQLite already rolls back by itself after some errors (a full disk, for one).
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A short read transaction: every query inside sees the same committed state. A
        corrupt page met inside raises ``DamagedDatabaseError``."""
        with self._damage_told():
            self.conn.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                self.conn.execute("COMMIT")

    @property
    def db(self) -> "sqlite_utils.Database":
        """sqlite-utils on this connection, for bulk and schema helpers. Imported on first use:
        sqlite-utils imports pandas, which `pilot --help` and most commands never need."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts. A damaged file raises ``DamagedDatabaseError``."""
        with self._damage_told():
            return dict_rows(self.conn.execute(sql, params))

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        with self._damage_told():
            row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def _damage_told(self) -> Iterator[None]:
        """A read that meets a corrupt page says so in one sentence, with what to do."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise DamagedDatabaseError(damaged_sentence(self.path)) from exc
            raise

    def data_version(self) -> int:
        """Changes when another connection commits (polled for live refresh)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else str(value)

    def currency(self) -> str:
        """The database's currency (meta 'currency'): every amount is in its minor units;
        'EUR' when unset."""
        return self.meta("currency") or "EUR"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
