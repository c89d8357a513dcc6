"""Every connection to a Pilot database is opened here, the same way."""

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from pilot_tui.core.errors import DamagedDatabaseError, DatabaseError
from pilot_tui.i18n import _

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another writer before giving up (at least 5 s, so that
writers queue rather than fail)."""


def open_descriptors() -> set[int]:
    """The file descriptors this process has open (the listing's own one left out)."""
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    found = set()
    for name in os.listdir(folder):
        try:
            os.fstat(int(name))
        except (OSError, ValueError):
            continue  # the descriptor of the listing itself, closed by now
        found.add(int(name))
    return found


def owner_of_opened(conn: sqlite3.Connection, before: set[int]) -> int | None:
    """The owner (uid) of the database file ``conn`` opened since ``before``
    (``open_descriptors``), read from an open descriptor: what was opened, not what the path
    names now (a symlink swapped between a check and the open must not win).

    The new descriptor is the file SQLite just opened. When there is none (SQLite reuses a
    descriptor of the same file that this process still holds), the file SQLite names is
    looked up among this process's open descriptors by device and inode. ``None`` when it
    cannot be told.
    """
    opened = [
        info for fd in open_descriptors() - before if stat.S_ISREG((info := os.fstat(fd)).st_mode)
    ]
    owners = {info.st_uid for info in opened}
    if len(owners) == 1:
        return owners.pop()
    if opened:
        return None  # another thread opened files at the same moment: cannot tell which
    name = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    try:
        named = os.stat(name)
    except OSError:
        return None
    for fd in open_descriptors():
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) == (named.st_dev, named.st_ino):
            return info.st_uid
    return None


def connect(path: Path, *, create: bool = False) -> tuple[sqlite3.Connection, int | None]:
    """Open ``path`` in autocommit mode with WAL, a busy timeout, foreign keys and NORMAL sync;
    returns the connection and the owner of the file it opened (``owner_of_opened``).

    Autocommit (``isolation_level=None``) lets the store issue ``BEGIN IMMEDIATE`` itself.
    Raises ``DatabaseError`` with one sentence when the file is missing (and ``create`` is
    false) or cannot be opened.
    """
    if not create and not path.exists():
        raise DatabaseError(
            _(
                "No Pilot database at {path}. Create one with 'pilot init --db {path}' "
                "or try 'pilot demo'."
            ).format(path=path)
        )
    if not create and path.is_file() and path.stat().st_size == 0:
        raise DatabaseError(
            _(
                "{path} is an empty file, not a Pilot database: create one with "
                "'pilot init --db {path}', or check the path."
            ).format(path=path)
        )
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                _("Cannot create the folder {folder}: {reason}.").format(
                    folder=path.parent, reason=exc.strerror
                )
            ) from exc
    try:
        before = open_descriptors()
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        # SQLite opens the main file now and its -wal and -shm files only later (other owners
        # in the shared-group mode): the one new descriptor is the database file.
        owner = owner_of_opened(conn, before)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        _share_with_group_if_setgid(path)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedDatabaseError(damaged_sentence(path)) from exc
        raise DatabaseError(
            _("Cannot open {path} as a Pilot database: {reason}.").format(path=path, reason=exc)
        ) from exc
    if str(mode).lower() != "wal":
        conn.close()
        raise DatabaseError(
            _("Cannot switch {path} to WAL mode (is its folder writable?).").format(path=path)
        )
    return conn, owner


def _share_with_group_if_setgid(path: Path) -> None:
    """In the shared-group mode (a setgid folder, mode 2770), make the database and its -wal and
    -shm files group-writable. SQLite gives -wal and -shm the database file's mode, so fixing
    the database file once fixes the others as they are created."""
    try:
        if not path.parent.stat().st_mode & stat.S_ISGID:
            return
    except OSError:
        return
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        member = path.with_name(name)
        try:
            info = member.stat()
            if info.st_uid == os.getuid() and (info.st_mode & 0o060) != 0o060:
                member.chmod(stat.S_IMODE(info.st_mode) | 0o060)
        except OSError:
            continue  # absent, or someone else's: nothing to fix from here


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is corrupt or is not a database at all."""
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def damaged_sentence(path: Path) -> str:
    """What to say, and to do, when the database file is damaged."""
    return _(
        "The database {path} is damaged: restore the latest backup with "
        "'pilot admin restore BACKUP_FILE --db {path}'; nothing was changed."
    ).format(path=path)


def describe_sqlite_error(exc: sqlite3.Error, path: Path) -> str:
    """One sentence for a SQLite failure a user can meet (read-only, full, locked, corrupt)."""
    if is_damage(exc):
        return damaged_sentence(path)
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return _("The database {path} is read-only for you: nothing was saved.").format(path=path)
    if "full" in text:
        return _("The disk holding {path} is full: nothing was saved.").format(path=path)
    if "locked" in text or "busy" in text:
        return _(
            "The database {path} stayed busy with another user's change: nothing was "
            "saved, try again."
        ).format(path=path)
    return _("The database {path} refused the change ({reason}): nothing was saved.").format(
        path=path, reason=exc
    )


def dict_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The rest of ``cursor``'s rows, each as a dict keyed by column name."""
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
