"""Benchmark the KPI snapshot at scale against DuckDB (budgets: docs/benchmarks.md). Not a test.

    PYTHONPATH=src python benchmarks/bench_kpis.py [--deals 100000]

Generates a pipeline (deals, ~10 stage changes each), writes it to a Pilot database file,
then: (1) the first snapshot from the file (load + compute), (2) the same figures computed by
DuckDB from the same data in memory, checked equal, with the ratio, (3) a refresh after one
deal changes, (4) peak RSS.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from pilot_tui.core import clock
from pilot_tui.core.metrics import KpiSnapshot, clear_cache, compute_snapshot
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.snapshot import snapshot_from_frames
from pilot_tui.core.metrics.state import parse_scope
from pilot_tui.core.models import Role, User
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store.bootstrap import init_database
from pilot_tui.core.store.deals import update_deal

TODAY = date(2026, 11, 18)
OPEN = ["prospecting", "qualification", "discovery", "proposal", "negotiation"]
ROT = {"prospecting": 14, "qualification": 14, "discovery": 21, "proposal": 21, "negotiation": 14}
DEFAULT_P = {
    "prospecting": 0.05,
    "qualification": 0.10,
    "discovery": 0.25,
    "proposal": 0.50,
    "negotiation": 0.75,
    "won": 1.0,
    "lost": 0.0,
}
ADMIN = User(login="ada", name="Ada", role=Role.ADMIN, team="north")


def generate(n_deals: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deals and their stage changes: random walks through the open stages (mostly forward,
    sometimes back or skipping), 60 % ending won or lost."""
    rng = np.random.default_rng(seed)
    today = (TODAY - date(1970, 1, 1)).days
    created = today - rng.integers(0, 730, n_deals)
    moves = rng.integers(6, 21, n_deals)
    closes = rng.random(n_deals) < 0.6
    wins = rng.random(n_deals) < 0.35
    steps = rng.choice([-1, 1, 1, 1, 2], size=int(moves.sum()))
    gaps = rng.integers(1, 9, size=int(moves.sum()))
    deal_rows, change_rows = [], []
    cursor = 0
    for i in range(n_deals):
        day, position = int(created[i]), 0
        changes = [(i + 1, None, OPEN[0], day)]
        for k in range(int(moves[i]) - 1):
            step, gap = steps[cursor + k], gaps[cursor + k]
            nxt = min(max(position + int(step), 0), len(OPEN) - 1)
            if nxt == position:
                continue
            day = min(day + int(gap), today)
            changes.append((i + 1, OPEN[position], OPEN[nxt], day))
            position = nxt
        cursor += int(moves[i])
        stage = OPEN[position]
        closed = None
        if closes[i]:
            day = min(day + 3, today)
            stage = "won" if wins[i] else "lost"
            changes.append((i + 1, OPEN[position], stage, day))
            closed = day
        deal_rows.append(
            (
                i + 1,
                f"rep{i % 20}",
                int(rng.integers(1, 500)) * 100_00,
                stage,
                int(created[i]),
                int(created[i]) + 60,
                closed,
            )
        )
        change_rows.extend(changes)
    deals = pd.DataFrame(
        deal_rows, columns=["id", "owner", "amount_minor", "stage", "created", "expected", "closed"]
    )
    changes = pd.DataFrame(change_rows, columns=["deal_id", "from_stage", "to_stage", "day"])
    return deals, changes


def iso(day: float | None) -> str | None:
    if day is None or pd.isna(day):
        return None
    return (date(1970, 1, 1) + timedelta(days=int(day))).isoformat()


def write_database(path: Path, deals: pd.DataFrame, changes: pd.DataFrame) -> None:
    store = init_database(path, ADMIN)
    with store.write(ADMIN) as writer:
        writer.bulk_insert(
            "users",
            (
                {
                    "login": f"rep{i}",
                    "name": f"Rep {i}",
                    "role": "rep",
                    "team": "north",
                    "active": 1,
                }
                for i in range(20)
            ),
            note="benchmark",
        )
        writer.bulk_insert(
            "deals",
            (
                {
                    "id": int(r.id),
                    "name": f"deal {r.id}",
                    "owner": r.owner,
                    "amount_minor": int(r.amount_minor),
                    "stage": r.stage,
                    "created_on": iso(r.created),
                    "expected_close": iso(r.expected),
                    "closed_on": iso(r.closed),
                    "lost_reason": "price" if r.stage == "lost" else None,
                }
                for r in deals.itertuples()
            ),
            note="benchmark",
        )
        writer.conn.executemany(
            "INSERT INTO stage_changes (deal_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?)",
            (
                (int(d), f, t, f"{iso(day)}T10:00:00+00:00")
                for d, f, t, day in changes.itertuples(index=False)
            ),
        )
    store.close()


def duckdb_figures(
    deals: pd.DataFrame, changes: pd.DataFrame, start: int, end: int, today: int
) -> tuple[dict[str, float], float]:
    """The same figures in DuckDB SQL over the same data in memory; returns (figures, s)."""
    import duckdb

    con = duckdb.connect()
    con.register("deals_df", deals)
    con.register("changes_df", changes)
    con.execute("CREATE TABLE deals AS SELECT * FROM deals_df")
    con.execute("CREATE TABLE changes AS SELECT *, row_number() OVER () AS id FROM changes_df")
    stages = pd.DataFrame(
        {
            "key": [*OPEN, "won", "lost"],
            "rank": [0, 1, 2, 3, 4, 5, -1],
            "p": [DEFAULT_P[k] for k in [*OPEN, "won", "lost"]],
            "rot": [ROT.get(k) for k in [*OPEN, "won", "lost"]],
        }
    )
    con.register("stages", stages)
    params = {"s": start, "e": end, "t": today}
    queries = {
        "win_rate": """SELECT avg(CASE WHEN stage = 'won' THEN 1.0 ELSE 0 END) FROM deals
                       WHERE closed BETWEEN $s AND $e""",
        "win_rate_value": """SELECT sum(CASE WHEN stage = 'won' THEN amount_minor ELSE 0 END)
                             / sum(amount_minor) FROM deals WHERE closed BETWEEN $s AND $e""",
        "avg_won_size": """SELECT avg(amount_minor) FROM deals WHERE stage = 'won'
                           AND closed BETWEEN $s AND $e""",
        "cycle_median": """SELECT quantile_cont(closed - created, 0.5) FROM deals
                           WHERE stage = 'won' AND closed BETWEEN $s AND $e""",
        "cycle_p75": """SELECT quantile_cont(closed - created, 0.75) FROM deals
                        WHERE stage = 'won' AND closed BETWEEN $s AND $e""",
        "pipeline_value": """SELECT sum(amount_minor) FROM deals WHERE closed IS NULL""",
        "weighted_pipeline": """SELECT sum(amount_minor * p) FROM deals JOIN stages
                                ON key = stage WHERE closed IS NULL""",
        "conversion_n": """WITH exits AS (
                SELECT deal_id, from_stage, arg_max(to_stage, (day, id)) AS to_stage
                FROM changes WHERE from_stage IS NOT NULL AND day BETWEEN $s AND $e
                GROUP BY deal_id, from_stage)
            SELECT count(*) FILTER (WHERE t.rank > f.rank OR t.rank = -1) FROM exits
            JOIN stages f ON f.key = from_stage JOIN stages t ON t.key = to_stage""",
        "conversion_forward": """WITH exits AS (
                SELECT deal_id, from_stage, arg_max(to_stage, (day, id)) AS to_stage
                FROM changes WHERE from_stage IS NOT NULL AND day BETWEEN $s AND $e
                GROUP BY deal_id, from_stage)
            SELECT count(*) FILTER (WHERE t.rank > f.rank) FROM exits
            JOIN stages f ON f.key = from_stage JOIN stages t ON t.key = to_stage""",
        "stage_duration_median": """WITH stays AS (
                SELECT from_stage, day, day - lag(day) OVER (PARTITION BY deal_id
                ORDER BY day, id) AS stay FROM changes)
            SELECT quantile_cont(stay, 0.5) FROM stays WHERE from_stage IS NOT NULL
            AND day BETWEEN $s AND $e AND stay IS NOT NULL""",
        "stuck_deals": """WITH entered AS (SELECT deal_id, max(day) AS day FROM changes
                          GROUP BY deal_id)
            SELECT count(*) FROM deals d JOIN entered e ON e.deal_id = d.id
            JOIN stages s ON s.key = d.stage WHERE d.closed IS NULL AND $t - e.day > s.rot""",
    }
    started = time.perf_counter()
    figures = {
        name: float(
            con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchone()[0]
        )
        for name, sql in queries.items()
    }
    return figures, time.perf_counter() - started


def ours(snapshot: KpiSnapshot) -> dict[str, float]:
    k = snapshot.kpi
    return {
        "win_rate": k("win_rate").successes / k("win_rate").n,
        "win_rate_value": k("win_rate_value").details["won_value"]
        / k("win_rate_value").details["closed_value"],
        "avg_won_size": k("avg_won_size").value,
        "cycle_median": k("cycle_length").value,
        "cycle_p75": k("cycle_length").details["p75"],
        "pipeline_value": k("pipeline_value").value,
        "weighted_pipeline": k("weighted_pipeline").value,
        "conversion_n": k("stage_conversion").n,
        "conversion_forward": k("stage_conversion").successes,
        "stage_duration_median": k("stage_duration").value,
        "stuck_deals": k("stuck_deals").value,
    }


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure_pilot(path: Path) -> dict[str, object]:
    """Pilot alone, in a fresh process: first snapshot from the file, compute times, refresh
    after one edit (median of 5 edits), peak RSS."""
    from pilot_tui.core.store import Store

    clock.freeze(datetime(2026, 11, 18, 9, 30, tzinfo=UTC))
    store = Store.open(path)
    started = time.perf_counter()
    snapshot = compute_snapshot(store, "team", "2026-11", TODAY)
    first = time.perf_counter() - started
    frames = frames_for(store)
    scope, period = parse_scope("team"), parse_period("2026-11")
    subset = (
        "win_rate",
        "win_rate_value",
        "avg_won_size",
        "cycle_length",
        "pipeline_value",
        "weighted_pipeline",
        "stage_conversion",
        "stage_duration",
        "stuck_deals",
    )
    compute_subset = best_of(5, lambda: snapshot_from_frames(frames, scope, period, TODAY, subset))
    compute_full = best_of(5, lambda: snapshot_from_frames(frames, scope, period, TODAY))
    clear_cache()
    load = best_of(1, lambda: frames_for(store))
    refreshes = []
    open_deals = store.rows("SELECT id, version FROM deals WHERE closed_on IS NULL LIMIT 5")
    for deal in open_deals:
        update_deal(store, ADMIN, deal["id"], {"stage": "won"}, expected_version=deal["version"])
        started = time.perf_counter()
        refreshed = compute_snapshot(store, "team", "2026-11", TODAY)
        refreshes.append(time.perf_counter() - started)
    assert refreshed.kpi("win_rate").n == snapshot.kpi("win_rate").n + len(open_deals)
    return {
        "first": first,
        "load": load,
        "compute_subset": compute_subset,
        "compute_full": compute_full,
        "kpis": len(snapshot.kpis),
        "refresh": sorted(refreshes)[len(refreshes) // 2],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "figures": ours(snapshot),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_pilot(args.measure)))
        return 0
    clock.freeze(datetime(2026, 11, 18, 9, 30, tzinfo=UTC))
    started = time.perf_counter()
    deals, changes = generate(args.deals)
    path = Path(tempfile.mkdtemp()) / "bench.db"
    write_database(path, deals, changes)
    print(
        f"data: {len(deals):,} deals, {len(changes):,} stage changes "
        f"(generated and written in {time.perf_counter() - started:.1f} s)"
    )
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    pilot = json.loads(child.stdout)

    start, end = (
        (date(2026, 11, 1) - date(1970, 1, 1)).days,
        (date(2026, 11, 30) - date(1970, 1, 1)).days,
    )
    today = (TODAY - date(1970, 1, 1)).days
    duck, _first_duck = duckdb_figures(deals, changes, start, end, today)
    duck_time = min(duckdb_figures(deals, changes, start, end, today)[1] for _ in range(3))
    mine = pilot["figures"]
    mismatches = {
        k: (mine[k], duck[k])
        for k in duck
        if not np.isclose(float(mine[k]), duck[k], rtol=1e-9, atol=0.5)
    }
    print("figures agree with DuckDB" if not mismatches else f"MISMATCH: {mismatches}")
    print(
        f"first snapshot from the file (load + compute, previous period too): "
        f"{pilot['first']:.2f} s"
    )
    print(
        f"  load frames: {pilot['load']:.2f} s; compute all {pilot['kpis']} KPIs × 2 "
        f"periods: {pilot['compute_full'] * 1000:.0f} ms"
    )
    print(
        f"same {len(duck)} figures: pandas {pilot['compute_subset'] * 1000:.0f} ms (with "
        f"previous period) vs DuckDB {duck_time * 1000:.0f} ms (current period only): "
        f"ratio {pilot['compute_subset'] / duck_time:.2f}×"
    )
    print(f"refresh after one deal changed (median of 5): {pilot['refresh'] * 1000:.0f} ms")
    print(f"peak RSS of the Pilot process: {pilot['rss_mb']:.0f} MB")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
