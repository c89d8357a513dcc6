"""The database's state as the remembered launch compares it: standard library only.

Read before the first frame (``pilot_tui.launch_cache``), so it imports neither pydantic nor
the rest of the store, and opens the file read-only with plain sqlite3.
"""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


def database_state(db: Path) -> list[Any] | None:
    """Changes whenever the data may have: file identity, schema version, last audit entry.

    Every write transaction appends to ``audit`` (store.Writer), so its last id and time move
    with the data. ``None`` when the file cannot be read (a miss).
    """
    try:
        stat = db.stat()
        uri = f"{db.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            (schema,) = connection.execute("PRAGMA user_version").fetchone()
            last = connection.execute(
                "SELECT id, at FROM audit ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except (OSError, sqlite3.Error):
        return None
    return [stat.st_dev, stat.st_ino, schema, *(last or (None, None))]
