"""Load: N concurrent sessions (real processes) work on one database for S seconds.

    python benchmarks/bench_load.py [--sessions 20,50,100,200] [--seconds 60] [--deals 2000]

Each level runs on a fresh database and prints one row: operations and p50/p95/max latency
per kind, conflicts (expected: optimistic locking at work), lost writes (must be 0),
'database is locked' errors reaching a session (must be 0), the WAL peak and the peak RSS per
process and in total. Exits 1 when a lost write or a lock error reaches a session, 2 when a
level is refused because it would not fit in memory.

Each session is a real process with its own connection, like a user's `pilot` over SSH, and
goes through the core functions the CLI and the screens use:

- reps (nine sessions in ten) edit their deals (``update_deal``), close their actions
  (``complete_action``) and read (a page of their deals, their actions, the pipeline by
  stage);
- managers (one session in ten) run 1:1 rituals (start a run, close the loop on the last
  run's action, record a decision, add an action, finish), read team pages of deals and, at
  most once every ``--status-every`` seconds, compute the team status (``compute_status``:
  pandas, the dashboard's costliest read);
- session 0, a manager, also imports a generated CSV of ``--import-rows`` deals in the middle
  of the run (``prepare_import`` then ``apply_import``, as ``pilot import`` does).

Sessions work without pause unless ``--think`` is given. Before a level starts, its memory is
estimated from the peak RSS per rep and per manager measured at the previous level (first
guesses: 60 and 150 MiB); a level over 70 % of the machine's memory is not started.
"""

import argparse
import csv
import functools
import math
import multiprocessing
import os
import queue
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilot_tui.core.errors import ConflictError, DatabaseError
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database
from pilot_tui.core.store.deals import DealQuery, list_deals, update_deal

ADMIN = User(login="boss", name="Boss", role=Role.ADMIN)
MANAGER_EVERY = 10
"""Session n is a manager when n % MANAGER_EVERY == 0, else a rep."""
KINDS = ("read", "status", "edit", "ritual", "import")
BASE_AMOUNT = 100_000
MEMORY_SHARE = 0.7
DEFAULT_RSS_MIB = {"rep": 60.0, "manager": 150.0}
"""Per-process estimates before a level has measured them (replaced by the measured peaks)."""
IMPORT_STAGES = ("Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation")


def login(n: int) -> str:
    return f"rep{n}"


def is_manager(n: int) -> bool:
    return n % MANAGER_EVERY == 0


def build(path: Path, deals: int, sessions: int) -> None:
    """Users (a manager every ten sessions), ``deals`` open deals and one open action per deal,
    spread over the sessions."""
    store = init_database(path, ADMIN)
    with store.write(ADMIN) as writer:
        writer.bulk_insert(
            "users",
            (
                {
                    "login": login(n),
                    "name": f"User {n}",
                    "role": "manager" if is_manager(n) else "rep",
                    "team": "t",
                    "active": 1,
                }
                for n in range(sessions)
            ),
            note="load users",
        )
        writer.bulk_insert(
            "deals",
            (
                {
                    "name": f"Deal {n}",
                    "owner": login(n % sessions),
                    "stage": "qualification",
                    "amount_minor": BASE_AMOUNT,
                    "created_on": "2026-01-01",
                }
                for n in range(deals)
            ),
            note="load deals",
        )
        writer.bulk_insert(
            "activities",
            (
                {
                    "owner": login(n % sessions),
                    "kind": "action",
                    "title": f"Action {n}",
                    "status": "open",
                }
                for n in range(deals)
            ),
            note="load actions",
        )
    store.close()


def generate_import(path: Path, rows: int, sessions: int) -> None:
    """A generic deal export owned by the load's users (no user to create)."""
    rng = random.Random(11)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Id", "Name", "Account", "Owner", "Stage", "Amount", "Created", "Close date"])
        for n in range(rows):
            out.writerow(
                [
                    f"L{n:07d}",
                    f"Imported {n}",
                    f"Account {rng.randrange(500)}",
                    login(rng.randrange(sessions)),
                    rng.choice(IMPORT_STAGES),
                    f"{rng.randrange(100, 200000)}.00",
                    f"2026-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
                    f"2026-12-1{rng.randrange(10)}",
                ]
            )


@dataclass
class Tally:
    """What one session did and saw; sent back to the parent at the end."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    edits: int = 0
    closed: int = 0
    runs: int = 0
    ritual_actions: int = 0
    loop_closed: int = 0
    imported: int = 0
    conflicts: int = 0
    locked: int = 0
    other: int = 0
    first_error: str = ""

    def timed(self, kind: str, operation: Callable[[], Any]) -> None:
        """Run one operation, keep its latency when it succeeds, count how it failed if not."""
        started = time.perf_counter()
        try:
            operation()
        except ConflictError:
            self.conflicts += 1
            return
        except DatabaseError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                self.locked += 1
            else:
                self.other += 1
            self.first_error = self.first_error or f"{kind}: {exc}"
            return
        except Exception as exc:  # noqa: BLE001 - a benchmark counts what a user would meet
            self.other += 1
            self.first_error = self.first_error or f"{kind}: {type(exc).__name__}: {exc}"
            return
        self.latencies[kind].append(time.perf_counter() - started)


class RepSession:
    """A rep: edits their deals, closes their actions, reads their pages."""

    def __init__(self, store: Store, actor: User, rng: random.Random, tally: Tally) -> None:
        self.store, self.actor, self.rng, self.tally = store, actor, rng, tally
        self.mine = [
            r["id"] for r in store.rows("SELECT id FROM deals WHERE owner = ?", (actor.login,))
        ]
        self.actions = [
            r["id"]
            for r in store.rows(
                "SELECT id FROM activities WHERE owner = ? AND status = 'open'", (actor.login,)
            )
        ]

    def step(self) -> None:
        choice = self.rng.random()
        if choice < 0.45 and self.mine:
            self.tally.timed("edit", self.edit)
        elif choice < 0.55 and self.actions:
            self.tally.timed("edit", self.close_action)
        else:
            self.tally.timed("read", self.read)

    def edit(self) -> None:
        deal_id = self.rng.choice(self.mine)
        row = self.store.rows("SELECT version, amount_minor FROM deals WHERE id = ?", (deal_id,))[0]
        update_deal(
            self.store,
            self.actor,
            deal_id,
            {"amount_minor": row["amount_minor"] + 1},
            expected_version=row["version"],
        )
        self.tally.edits += 1

    def close_action(self) -> None:
        from pilot_tui.core.actions import complete_action

        complete_action(self.store, self.actor, self.actions.pop(), expected_version=1)
        self.tally.closed += 1

    def read(self) -> None:
        from pilot_tui.core.actions import list_actions

        list_deals(self.store, DealQuery(owner=self.actor.login, limit=50))
        list_actions(self.store, self.actor, owner=self.actor.login, limit=50)
        self.store.rows("SELECT stage, count(*), sum(amount_minor) FROM deals GROUP BY stage")


class ManagerSession:
    """A manager: 1:1 rituals with one rep, team pages, the team status now and then."""

    def __init__(
        self,
        store: Store,
        actor: User,
        rng: random.Random,
        tally: Tally,
        subject: str,
        status_every: float,
    ) -> None:
        self.store, self.actor, self.rng, self.tally = store, actor, rng, tally
        self.subject = subject
        self.status_every = status_every
        self.last_status = -math.inf
        self.page = 0

    def step(self) -> None:
        if self.last_status == -math.inf:  # first step: managers' statuses fall apart in time
            self.last_status = time.monotonic() - self.rng.uniform(0, self.status_every)
        if time.monotonic() - self.last_status >= self.status_every:
            self.last_status = time.monotonic()
            self.tally.timed("status", self.status)
        elif self.rng.random() < 0.3:
            self.ritual()
        else:
            self.tally.timed("read", self.read)

    def status(self) -> None:
        from pilot_tui.config import Settings
        from pilot_tui.core.forecast import compute_status
        from pilot_tui.core.metrics.state import Scope

        context = Settings().context()
        compute_status(self.store, context, Scope(), context.this_month())

    def read(self) -> None:
        self.page = (self.page + 1) % 10
        list_deals(self.store, DealQuery(limit=50, offset=50 * self.page))

    def ritual(self) -> None:
        """One 1:1, each write timed as a ritual write; the run stops at its first failure
        (left unfinished, as a manager's interrupted run would be)."""
        from pilot_tui.core.rituals.launch import start_run

        runs: list[Any] = []
        failures = self.failures
        self.tally.timed(
            "ritual",
            lambda: runs.append(
                start_run(self.store, self.actor, "coaching_1on1", subject=self.subject)
            ),
        )
        if not runs:
            return
        run = runs[0]
        steps: list[Callable[[], Any]] = [
            functools.partial(self.close_loop, run, item.action.id) for item in run.pending_loop()
        ]
        steps += [
            lambda: run.record_decision("Focus on the two biggest deals"),
            self.add_action(run),
            self.finish(run),
        ]
        for step in steps:
            if self.failures != failures:
                return
            self.tally.timed("ritual", step)

    def close_loop(self, run: Any, action_id: int) -> None:
        run.close_loop_action(action_id, "done")
        self.tally.loop_closed += 1

    def add_action(self, run: Any) -> Callable[[], None]:
        def action() -> None:
            run.add_action("Send the proposal", self.subject, None)
            self.tally.ritual_actions += 1

        return action

    def finish(self, run: Any) -> Callable[[], None]:
        def finish() -> None:
            run.finish()
            self.tally.runs += 1

        return finish

    @property
    def failures(self) -> int:
        return self.tally.conflicts + self.tally.locked + self.tally.other

    def run_import(self, csv_path: Path) -> None:
        from pilot_tui.core.importers.run import ImportOptions, apply_import, prepare_import

        def operation() -> None:
            options = ImportOptions(work_dir=csv_path.parent)
            plan = prepare_import(self.store, self.actor, [csv_path], options)
            apply_import(self.store, self.actor, plan)
            self.tally.imported += 1

        self.tally.timed("import", operation)


def session(
    path: str,
    n: int,
    options: dict[str, Any],
    ready: "multiprocessing.Queue[int]",
    start: Any,
    out: "multiprocessing.Queue[Any]",
) -> None:
    rng = random.Random(n)
    tally = Tally()
    store = Store.open(Path(path))
    worker: RepSession | ManagerSession
    if is_manager(n):
        actor = User(login=login(n), name="m", role=Role.MANAGER)
        subject = login(n + 1) if n + 1 < options["sessions"] else login(n - 1)
        worker = ManagerSession(store, actor, rng, tally, subject, options["status_every"])
    else:
        worker = RepSession(store, User(login=login(n), name="r", role=Role.REP), rng, tally)
    ready.put(n)
    start.wait()
    began = time.monotonic()
    deadline = began + options["seconds"]
    import_at = began + options["seconds"] / 2 if n == 0 and options["import"] else None
    while time.monotonic() < deadline:
        if import_at is not None and time.monotonic() >= import_at:
            import_at = None
            assert isinstance(worker, ManagerSession)
            worker.run_import(Path(options["import"]))
        worker.step()
        if options["think"]:
            time.sleep(rng.uniform(0, 2 * options["think"]))
    store.close()
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put({"n": n, "rss_mib": rss_kib / 1024, "tally": tally.__dict__})


@dataclass
class Level:
    """One level's figures, checked against the file afterwards."""

    sessions: int
    counts: dict[str, int]
    latencies: dict[str, list[float]]
    conflicts: int
    lost: int
    locked: int
    other: int
    first_error: str
    wal_peak: int
    rss: dict[str, float]
    rss_total: float
    integrity: str


def run_level(sessions: int, args: argparse.Namespace, folder: Path) -> Level:
    path = folder / f"load-{sessions}.db"
    build(path, args.deals, sessions)
    csv_path = folder / f"import-{sessions}.csv"
    generate_import(csv_path, args.import_rows, sessions)
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[Any] = context.Queue()
    ready: multiprocessing.Queue[int] = context.Queue()
    start = context.Event()
    options = {
        "sessions": sessions,
        "seconds": args.seconds,
        "status_every": args.status_every,
        "think": args.think,
        "import": str(csv_path) if args.import_rows else "",
    }
    workers = [
        context.Process(target=session, args=(str(path), n, options, ready, start, out))
        for n in range(sessions)
    ]
    for worker in workers:
        worker.start()
    # Every process imports Pilot and opens its connection before the clock starts.
    for _ in workers:
        try:
            ready.get(timeout=600)
        except queue.Empty:
            break
    start.set()
    wal = Path(f"{path}-wal")
    results: list[dict[str, Any]] = []
    wal_peak = 0
    stop = threading.Event()

    def sample_wal() -> None:
        nonlocal wal_peak
        while not stop.wait(0.2):
            wal_peak = max(wal_peak, wal.stat().st_size if wal.exists() else 0)

    sampler = threading.Thread(target=sample_wal, daemon=True)
    sampler.start()
    while len(results) < len(workers):
        try:
            results.append(out.get(timeout=1.0))
        except queue.Empty:
            if not any(worker.is_alive() for worker in workers) and out.empty():
                break  # a session died without reporting: counted below
    stop.set()
    sampler.join()
    for worker in workers:
        worker.join()
    tallies = [r["tally"] for r in results]
    latencies = {k: sorted(x for t in tallies for x in t["latencies"][k]) for k in KINDS}
    total = {
        key: sum(t[key] for t in tallies)
        for key in Tally().__dict__
        if key not in ("latencies", "first_error")
    }
    with Store.open(path) as store:
        edited = (
            store.scalar("SELECT sum(amount_minor) FROM deals WHERE id <= ?", (args.deals,))
            - BASE_AMOUNT * args.deals
        )
        closed = store.scalar(
            "SELECT count(*) FROM activities WHERE id <= ? AND status = 'done'", (args.deals,)
        )
        runs = store.scalar("SELECT count(*) FROM ritual_runs WHERE status = 'finished'")
        ritual_actions = store.scalar(
            "SELECT count(*) FROM activities WHERE origin_ritual IS NOT NULL"
        )
        loop_closed = store.scalar(
            "SELECT count(*) FROM activities WHERE origin_ritual IS NOT NULL AND status = 'done'"
        )
        imported = store.scalar("SELECT count(*) FROM deals WHERE id > ?", (args.deals,))
        integrity = str(store.scalar("PRAGMA integrity_check"))
    lost = (
        (total["edits"] - edited)
        + (total["closed"] - closed)
        + (total["runs"] - runs)
        + (total["ritual_actions"] - ritual_actions)
        + (total["loop_closed"] - loop_closed)
        + (total["imported"] * args.import_rows - imported)
    )
    missing = sessions - len(results)
    rss = {"rep": 0.0, "manager": 0.0}
    for r in results:
        role = "manager" if is_manager(r["n"]) else "rep"
        rss[role] = max(rss[role], r["rss_mib"])
    first_error = next((t["first_error"] for t in tallies if t["first_error"]), "")
    return Level(
        sessions=sessions,
        counts={k: len(v) for k, v in latencies.items()},
        latencies=latencies,
        conflicts=total["conflicts"],
        lost=lost,
        locked=total["locked"],
        other=total["other"] + missing,
        first_error=first_error
        or (f"{missing} sessions died without reporting" if missing else ""),
        wal_peak=wal_peak,
        rss=rss,
        rss_total=sum(r["rss_mib"] for r in results),
        integrity=integrity,
    )


def machine_memory_mib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20


def estimate_mib(sessions: int, rss: dict[str, float]) -> float:
    managers = sum(1 for n in range(sessions) if is_manager(n))
    return managers * rss["manager"] + (sessions - managers) * rss["rep"]


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    p95 = values[int(0.95 * (len(values) - 1))]
    return f"{statistics.median(values) * 1000:.1f}/{p95 * 1000:.1f}/{values[-1] * 1000:.0f}"


HEADER = (
    "| sessions | ops read/status/edit/ritual/import | read ms | status ms | edit ms "
    "| ritual ms | import ms | conflicts | lost writes | lock errors | other errors "
    "| WAL peak MiB | RSS max rep/manager MiB | RSS total MiB |"
)


def row(level: Level) -> str:
    ops = "/".join(str(level.counts[k]) for k in KINDS)
    cells = [
        str(level.sessions),
        ops,
        *(percentiles(level.latencies[k]) for k in KINDS),
        str(level.conflicts),
        str(level.lost),
        str(level.locked),
        str(level.other),
        f"{level.wal_peak / 2**20:.1f}",
        f"{level.rss['rep']:.0f}/{level.rss['manager']:.0f}",
        f"{level.rss_total:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sessions", default="20", help="comma-separated levels, e.g. 20,50,100,200"
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--import-rows", type=int, default=5000, help="0: no import")
    parser.add_argument(
        "--status-every", type=float, default=10, help="seconds between a manager's statuses"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean pause in seconds between a session's operations (0: flat out)",
    )
    args = parser.parse_args()
    levels = [int(part) for part in args.sessions.split(",") if part.strip()]
    memory = machine_memory_mib()
    rss = dict(DEFAULT_RSS_MIB)
    print(
        f"seconds={args.seconds:g} deals={args.deals} import rows={args.import_rows} "
        f"status every {args.status_every:g} s per manager, think {args.think:g} s; "
        f"memory {memory / 1024:.1f} GiB, "
        f"{os.cpu_count()} cores; latencies are p50/p95/max in ms"
    )
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for sessions in levels:
            estimate = estimate_mib(sessions, rss)
            if estimate > MEMORY_SHARE * memory:
                print(
                    f"Level {sessions} not started: its sessions would take about "
                    f"{estimate / 1024:.1f} GiB (at {rss['rep']:.0f} MiB per rep and "
                    f"{rss['manager']:.0f} MiB per manager), over {MEMORY_SHARE:.0%} of this "
                    f"machine's {memory / 1024:.1f} GiB.",
                    file=sys.stderr,
                )
                return 2
            level = run_level(sessions, args, Path(tmp))
            print(row(level), flush=True)
            for role, measured in level.rss.items():
                rss[role] = measured or rss[role]
            if level.first_error:
                print(f"  first error at {sessions}: {level.first_error}", file=sys.stderr)
            if level.integrity != "ok":
                print(f"  integrity at {sessions}: {level.integrity}", file=sys.stderr)
            failed = failed or level.lost != 0 or level.locked != 0 or level.integrity != "ok"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
