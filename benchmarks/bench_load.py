"""Load: N concurrent sessions (real processes) edit deals, close actions and read for S seconds.

    python benchmarks/bench_load.py [--sessions 20] [--seconds 60] [--deals 2000]

Prints writes, conflicts (expected: optimistic locking at work), lost writes (must be 0),
'database is locked' errors reaching a session (must be 0), p50/p95/max write latency, and
the WAL size at the end. Each session is a real process with its own connection, like a
user's `pilot` over SSH.
"""

import argparse
import multiprocessing
import queue
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pilot_tui.core.errors import ConflictError, DatabaseError
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database
from pilot_tui.core.store.deals import DealQuery, list_deals, update_deal

MANAGER = User(login="boss", name="Boss", role=Role.ADMIN)


def build(path: Path, deals: int, sessions: int) -> None:
    store = init_database(path, MANAGER)
    with store.write(MANAGER) as writer:
        writer.bulk_insert(
            "users",
            (
                {"login": f"rep{n}", "name": f"Rep {n}", "role": "rep", "team": "t", "active": 1}
                for n in range(sessions)
            ),
            note="load users",
        )
        writer.bulk_insert(
            "deals",
            (
                {
                    "name": f"Deal {n}",
                    "owner": f"rep{n % sessions}",
                    "stage": "qualification",
                    "amount_minor": 100_000,
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
                    "owner": f"rep{n % sessions}",
                    "kind": "action",
                    "title": f"Action {n}",
                    "status": "open",
                }
                for n in range(deals)
            ),
            note="load actions",
        )
    store.close()


def session(path: str, rep: int, seconds: float, out: "multiprocessing.Queue[Any]") -> None:
    rng = random.Random(rep)
    actor = User(login=f"rep{rep}", name="r", role=Role.REP)
    store = Store.open(Path(path))
    mine = [r["id"] for r in store.rows("SELECT id FROM deals WHERE owner = ?", (actor.login,))]
    actions = [
        r["id"] for r in store.rows("SELECT id FROM activities WHERE owner = ?", (actor.login,))
    ]
    latencies: list[float] = []
    increments = conflicts = locked = other = closed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        choice = rng.random()
        started = time.perf_counter()
        try:
            if choice < 0.5:
                deal_id = rng.choice(mine)
                version = store.scalar("SELECT version FROM deals WHERE id = ?", (deal_id,))
                amount = store.scalar("SELECT amount_minor FROM deals WHERE id = ?", (deal_id,))
                update_deal(
                    store, actor, deal_id, {"amount_minor": amount + 1}, expected_version=version
                )
                increments += 1
                latencies.append(time.perf_counter() - started)
            elif choice < 0.7 and actions:
                action_id = actions.pop()
                with store.write(actor) as writer:
                    writer.update(
                        "activities",
                        action_id,
                        {"status": "done", "done_at": "2026-11-18T10:00:00"},
                        expected_version=1,
                    )
                closed += 1
                latencies.append(time.perf_counter() - started)
            else:
                list_deals(store, DealQuery(owner=actor.login, limit=50))
                store.rows("SELECT stage, count(*), sum(amount_minor) FROM deals GROUP BY stage")
        except ConflictError:
            conflicts += 1
        except DatabaseError as exc:
            locked += "locked" in str(exc) or "busy" in str(exc)
            other += not ("locked" in str(exc) or "busy" in str(exc))
    store.close()
    out.put(
        {
            "latencies": latencies,
            "increments": increments,
            "closed": closed,
            "conflicts": conflicts,
            "locked": locked,
            "other": other,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--deals", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = folder / "load.db"
    build(path, args.deals, args.sessions)
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[Any] = context.Queue()
    workers = [
        context.Process(target=session, args=(str(path), n, args.seconds, out))
        for n in range(args.sessions)
    ]
    for worker in workers:
        worker.start()
    wal = Path(f"{path}-wal")
    results: list[dict[str, Any]] = []
    wal_peak = 0
    while len(results) < len(workers):  # sample the WAL while the sessions run
        try:
            results.append(out.get(timeout=0.5))
        except queue.Empty:
            wal_peak = max(wal_peak, wal.stat().st_size if wal.exists() else 0)
    for worker in workers:
        worker.join()
    latencies = sorted(x for r in results for x in r["latencies"])
    increments = sum(r["increments"] for r in results)
    closed = sum(r["closed"] for r in results)
    with Store.open(path) as store:
        stored = store.scalar("SELECT sum(amount_minor) FROM deals") - 100_000 * args.deals
        done = store.scalar("SELECT count(*) FROM activities WHERE status = 'done'")
        integrity = store.scalar("PRAGMA integrity_check")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(f"sessions={args.sessions} seconds={args.seconds:g} deals={args.deals}")
    print(f"writes={increments + closed} (deal edits {increments}, actions closed {closed})")
    print(f"conflicts refused={sum(r['conflicts'] for r in results)}")
    print(f"lost writes={(increments - stored) + (closed - done)}")
    print(f"'database is locked' reaching a session={sum(r['locked'] for r in results)}")
    print(f"other errors={sum(r['other'] for r in results)}")
    if latencies:
        print(
            f"write latency p50={statistics.median(latencies) * 1000:.1f} ms "
            f"p95={p95 * 1000:.1f} ms max={latencies[-1] * 1000:.1f} ms"
        )
    print(f"WAL peak during the run={wal_peak // 1024} KiB integrity={integrity}")


if __name__ == "__main__":
    main()
