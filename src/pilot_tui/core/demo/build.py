"""Writing the demo database: through the store, audited, all or nothing."""

import json
import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from pilot_tui.core import clock
from pilot_tui.core.demo import cast, rows
from pilot_tui.core.demo.generate import DEFAULT_SEED, DemoData, DemoSpec, generate
from pilot_tui.core.errors import DatabaseError
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

DEMO_META_KEY = "demo"
"""``meta`` key whose JSON value marks a demo database and says how it was built."""


@dataclass(frozen=True)
class DemoInfo:
    """How a demo database was built (read back from its ``meta`` row)."""

    seed: int
    today: date
    manager: str
    reps: list[str]
    """The rep logins, usable with ``--as``."""
    deals: int
    stage_changes: int


@dataclass(frozen=True)
class DemoBuild:
    info: DemoInfo
    seconds: float
    """Wall time of the build, generation and writing together."""


def build_demo(
    path: Path,
    *,
    manager_login: str,
    manager_name: str | None = None,
    seed: int = DEFAULT_SEED,
    spec: DemoSpec | None = None,
    today: date | None = None,
) -> DemoBuild:
    """Create the demo database at ``path`` (which must not exist) for ``seed`` and ``today``
    (default: ``clock.today()``); ``manager_login`` leads the team as its admin
    (an admin sees and does everything a manager does, and can also add users and SSH keys).

    The file is written under a temporary name and renamed into place at the end, so an
    interrupted build never leaves a half-filled demo at ``path``.
    """
    if path.exists():
        raise DatabaseError(
            _("{path} exists already; the demo is built only into a new file.").format(path=path)
        )
    started = time.perf_counter()
    spec = spec or DemoSpec()
    today = today or clock.today()
    data = generate(spec, seed=seed, today=today, manager_login=manager_login)
    partial = path.with_name(path.name + ".part")
    remove_database(partial)
    # The builder stays the database's admin: otherwise nobody could add a user or an SSH key
    # to a demo without editing the file.
    builder = User(
        login=manager_login, name=manager_name or manager_login, role=Role.ADMIN, team=cast.TEAM
    )
    store = init_database(partial, builder)
    try:
        counts = _fill(store, builder, data, seed)
    except BaseException:
        store.close()
        remove_database(partial)
        raise
    store.close()
    os.replace(partial, path)
    info = DemoInfo(
        seed=seed,
        today=today,
        manager=manager_login,
        reps=[r.login for r in data.reps],
        deals=counts["deals"],
        stage_changes=counts["stage_changes"],
    )
    return DemoBuild(info=info, seconds=time.perf_counter() - started)


def _fill(store: Store, builder: User, data: DemoData, seed: int) -> dict[str, int]:
    # A second stream for the rows, so they never shift what the history draws.
    rng = Random(seed + 1)
    counts: dict[str, int] = {}
    note = _("demo data")
    with store.write(builder) as writer:
        writer.bulk_insert(
            "users",
            (
                {
                    "login": r.login,
                    "name": r.name,
                    "role": "rep",
                    "team": cast.TEAM,
                    "active": 1,
                    "version": 1,
                    "updated_by": builder.login,
                }
                for r in data.reps
            ),
            note=note,
        )
        writer.bulk_insert(
            "segments", ({"key": k, "label": v} for k, v in cast.SEGMENTS), note=note
        )
        writer.bulk_insert(
            "offers",
            ({"key": k, "label": label, "priority": p} for k, label, p, *_rest in cast.OFFERS),
            note=note,
        )
        _strategy(writer)
        writer.bulk_insert(
            "accounts",
            ({"name": n, "sector": s, "segment": g} for n, s, g in data.accounts),
            note=note,
        )
        tables = (
            ("deals", rows.deal_rows(data)),
            ("stage_changes", rows.stage_change_rows(data)),
            ("close_date_changes", rows.close_date_change_rows(data)),
            ("activities", rows.activity_rows(data, rng)),
            ("objectives", rows.objective_rows(data, cast.TEAM, builder.login)),
        )
        for table, table_rows in tables:
            counts[table] = writer.bulk_insert(table, table_rows, note=note)
        writer.insert(
            "meta",
            {
                "key": DEMO_META_KEY,
                "value": json.dumps(
                    {
                        "seed": seed,
                        "today": data.calendar.today.isoformat(),
                        "manager": builder.login,
                        "reps": [r.login for r in data.reps],
                        "deals": counts["deals"],
                        "stage_changes": counts["stage_changes"],
                    }
                ),
            },
        )
    return counts


def _strategy(writer: Writer) -> None:
    """The demo's strategy: priority segments with a persona, priority offers, exit criteria."""
    for key, rank, persona in cast.PRIORITY_SEGMENTS:
        writer.insert("strategy_segments", {"key": key, "priority": rank, **persona})
    for key, rank in cast.PRIORITY_OFFERS:
        writer.insert("strategy_offers", {"key": key, "priority": rank})
    for key, criteria in cast.EXIT_CRITERIA:
        writer.insert("strategy_stages", {"key": key, "exit_criteria": criteria})


def read_demo_info(store: Store) -> DemoInfo | None:
    """How this database was built by ``build_demo``; ``None`` when it is not a demo."""
    text = store.meta(DEMO_META_KEY)
    if text is None:
        return None
    raw = json.loads(text)
    return DemoInfo(
        seed=int(raw["seed"]),
        today=date.fromisoformat(raw["today"]),
        manager=str(raw["manager"]),
        reps=[str(r) for r in raw["reps"]],
        deals=int(raw["deals"]),
        stage_changes=int(raw["stage_changes"]),
    )


def remove_database(path: Path) -> None:
    """Delete a database file with its -wal and -shm companions (missing ones are fine)."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            candidate.unlink(missing_ok=True)
        except OSError as exc:
            raise DatabaseError(
                _("Cannot remove {path}: {reason}.").format(path=candidate, reason=exc.strerror)
            ) from exc
