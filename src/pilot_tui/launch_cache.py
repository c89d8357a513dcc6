"""What the last launch showed first, so the next one paints it before the engine has loaded.

The first-frame budget (at most 1.3× a bare Textual app, docs/benchmarks.md) leaves no time
to import pandas or pydantic before the verdict is on screen. So the dashboard remembers its opening
verdict here, under a key made of how Pilot was invoked (arguments, environment, settings file,
directory, user, day, version) and of the database's state (schema version, last audit entry,
file identity). A launch whose key and database state both match shows that verdict at once —
it is the verdict the engine would compute, since every write leaves an audit entry — and loads
the engine in a worker. Anything else is a miss and the app starts the usual way.

Standard library only (``core.store.launch_state`` reads the database with plain sqlite3): a
lookup costs milliseconds. It is a cache: any error reading or writing it is a miss, never a
message.
"""

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pilot_tui import __version__, locations
from pilot_tui.core.store.launch_state import database_state as database_state
from pilot_tui.core.verdict import Verdict, VerdictView

MAX_LAUNCHES = 64
"""Launches remembered per cache file (one per login in the dedicated-account mode)."""

ENVIRONMENT_PREFIXES = ("PILOT_", "XDG_", "TEXTUAL_")
ENVIRONMENT_NAMES = ("HOME", "USER", "LOGNAME", "TERM", "COLORTERM")


@dataclass(frozen=True)
class Launch:
    """What one invocation resolved to and showed first."""

    db: str
    """The database file, absolute."""
    state: list[Any]
    """``database_state(db)`` read before the verdict was computed."""
    verdict: VerdictView
    user: str
    """The title bar's user label, e.g. ``mia (manager)``..."""
    detail: str
    """...and its detail, e.g. ``team · 2026-11``."""
    mouse: bool
    """Settings the app needs before it runs; they follow from the key's settings file and
    environment."""


def launch_key(argv: Sequence[str], environ: Mapping[str, str], today: date) -> str:
    """A digest of everything that decides what ``pilot ARGV`` opens on, the data aside."""
    config = locations.config_file()
    try:
        stat = config.stat()
        config_state: list[int] | None = [stat.st_mtime_ns, stat.st_size]
    except OSError:
        config_state = None
    parts = {
        "argv": list(argv),
        "cwd": os.getcwd(),
        "euid": os.geteuid(),
        "environment": {
            name: value
            for name, value in environ.items()
            if name.startswith(ENVIRONMENT_PREFIXES) or name in ENVIRONMENT_NAMES
        },
        "config": config_state,
        "today": today.isoformat(),
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def recall(key: str) -> Launch | None:
    """The launch remembered under ``key`` if its database is still in the same state."""
    entry = _read().get(key)
    if not isinstance(entry, dict):
        return None
    try:
        shown = entry["verdict"]
        verdict = VerdictView(Verdict(shown["verdict"]), shown["why"], shown["context"])
        launch = Launch(**{**entry, "verdict": verdict})
    except (TypeError, KeyError, ValueError):
        return None
    if database_state(Path(launch.db)) != launch.state:
        return None
    return launch


def remember(key: str, launch: Launch) -> None:
    """Keep ``launch`` under ``key`` (the newest ``MAX_LAUNCHES``); written atomically."""
    launches = {name: entry for name, entry in _read().items() if name != key}
    launches[key] = asdict(launch)
    kept = dict(list(launches.items())[-MAX_LAUNCHES:])
    import tempfile  # only when remembering, after the first frame

    folder = _path().parent
    with suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(
            "w", dir=folder, prefix=".launches-", delete=False, encoding="utf-8"
        ) as handle:
            json.dump(kept, handle)
        os.replace(handle.name, _path())


def _read() -> dict[str, Any]:
    try:
        launches = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return launches if isinstance(launches, dict) else {}


def _path() -> Path:
    return locations.cache_dir() / "launches.json"
