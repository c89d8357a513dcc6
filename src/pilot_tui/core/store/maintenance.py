"""Operations an admin runs on the server: online backup, restore, health check."""

import os
import pwd
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pilot_tui.core.errors import DatabaseError, PermissionDeniedError
from pilot_tui.core.models import Role, User
from pilot_tui.core.store.schema import SCHEMA_VERSION, schema_version
from pilot_tui.core.store.store import Store
from pilot_tui.i18n import _


def _require_admin(actor: User, what: str) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDeniedError(
            _("Only an admin can {what}; {login} is a {role}.").format(
                what=what, login=actor.login, role=actor.role.value
            )
        )


def backup(store: Store, actor: User, destination: Path) -> Path:
    """Copy the live database to ``destination`` with SQLite's online backup.

    Other users keep working meanwhile. The copy is written beside the destination and renamed
    into place only when complete, so a failed backup never leaves a half-written file.
    """
    _require_admin(actor, _("back up the database"))
    if destination.exists():
        raise DatabaseError(
            _("{path} exists already; choose a new file for the backup.").format(path=destination)
        )
    try:
        _copy_into_place(store.conn, destination, ".partial")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(
            _("The backup to {path} failed: {reason}.").format(path=destination, reason=exc)
        ) from exc
    return destination


def _copy_into_place(source: sqlite3.Connection, destination: Path, suffix: str) -> None:
    """Copy ``source`` with SQLite's backup API to a file beside ``destination``, then rename
    it into place: a failure never leaves a half-written ``destination``."""
    partial = destination.with_name(destination.name + suffix)
    try:
        target = sqlite3.connect(partial)
        with target:
            source.backup(target)
        target.close()
        for stale in ("-wal", "-shm"):
            Path(f"{destination}{stale}").unlink(missing_ok=True)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def restore(store: Store, actor: User, source: Path) -> int:
    """Replace the live database's content with the backup at ``source``; returns its version.

    The backup is checked first (a Pilot database, not from a newer Pilot, intact); the copy
    runs through SQLite's backup API, so readers never see a half-restored file.
    """
    _require_admin(actor, _("restore the database"))
    backup_conn, version = _open_backup(source)
    try:
        backup_conn.backup(store.conn)
    finally:
        backup_conn.close()
    store.migrate()
    return version


def restore_damaged(path: Path, source: Path) -> int:
    """Replace a database too damaged to open (``DamagedDatabaseError``) with the checked
    backup at ``source``; returns its version. Only the database file's owner may (nobody
    can log in to a damaged file to prove they are an admin): the copy is written beside it
    and renamed over it, and its stale -wal and -shm files are removed."""
    if path.stat().st_uid != os.getuid():
        raise PermissionDeniedError(
            _("Only the owner of {path} can replace it with a backup.").format(path=path)
        )
    backup_conn, version = _open_backup(source)
    try:
        _copy_into_place(backup_conn, path, ".restoring")
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(
            _("Restoring {path} failed: {reason}.").format(path=path, reason=exc)
        ) from exc
    finally:
        backup_conn.close()
    return version


def _open_backup(source: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection to the backup at ``source`` and its schema version, once it is
    known to be an intact Pilot database no newer than this Pilot."""
    if not source.is_file():
        raise DatabaseError(_("There is no backup file at {path}.").format(path=source))
    try:
        backup_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        version = schema_version(backup_conn)
        tables = {
            row[0]
            for row in backup_conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        intact = backup_conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _("{path} is not a Pilot backup ({reason}).").format(path=source, reason=exc)
        ) from exc
    if not {"users", "deals", "audit"} <= tables or version < 1:
        backup_conn.close()
        raise DatabaseError(_("{path} is not a Pilot backup.").format(path=source))
    if version > SCHEMA_VERSION or not intact:
        backup_conn.close()
        reason = _("it comes from a newer Pilot") if intact else _("it is damaged")
        raise DatabaseError(
            _("{path} cannot be restored: {reason}. Nothing was changed.").format(
                path=source, reason=reason
            )
        )
    return backup_conn, version


@dataclass
class HealthReport:
    """What `pilot admin check` prints."""

    integrity: str
    schema_version: int
    wal_bytes: int
    users_without_login: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.schema_version == SCHEMA_VERSION


def check(store: Store) -> HealthReport:
    """Integrity, schema version, WAL size, and active users with no account on this machine.

    A file too damaged to read raises ``DamagedDatabaseError`` (one sentence saying to restore
    the latest backup); damage SQLite can list is reported in ``integrity``.
    """
    wal = Path(f"{store.path}-wal")
    problems = [str(row["integrity_check"]) for row in store.rows("PRAGMA integrity_check")]
    missing = []
    for row in store.rows("SELECT login FROM users WHERE active = 1 ORDER BY login"):
        try:
            pwd.getpwnam(row["login"])
        except KeyError:
            missing.append(row["login"])
    return HealthReport(
        integrity="; ".join(problems[:3]) + ("; …" if len(problems) > 3 else ""),
        schema_version=schema_version(store.conn),
        wal_bytes=wal.stat().st_size if wal.exists() else 0,
        users_without_login=missing,
    )
