"""Import speed: `pilot import` of a generated 100k-row deal CSV vs `sqlite-utils insert --csv`.

Budget (docs/benchmarks-import.md): Pilot ≤ 2 × sqlite-utils on the same file. Both run as
command-line processes (start-up included), each on a fresh database; the best of three runs
is kept.

    PYTHONPATH=src python benchmarks/bench_import.py [--rows 100000]
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from pilot_tui.core.models import Role, User
from pilot_tui.core.store.bootstrap import init_database

STAGES = ("Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation", "Won", "Lost")
REPS = [f"rep{n:02d}" for n in range(20)]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """A generic deal export: ids, names, owners, stages, amounts, ISO dates."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Id",
                "Name",
                "Account",
                "Owner",
                "Stage",
                "Amount",
                "Created",
                "Close date",
                "Probability",
            ]
        )
        for n in range(rows):
            created = start + timedelta(days=rng.randrange(700))
            out.writerow(
                [
                    f"D{n:07d}",
                    f"Deal {n}",
                    f"Account {rng.randrange(5000)}",
                    rng.choice(REPS),
                    rng.choice(STAGES),
                    f"{rng.randrange(100, 200000)}.{rng.randrange(100):02d}",
                    created.isoformat(),
                    (created + timedelta(days=rng.randrange(10, 200))).isoformat(),
                    rng.choice(("10", "25", "50", "75")),
                ]
            )


def best_of(runs: int, command: list[str], prepare: Callable[[int], None]) -> float:
    times = []
    for i in range(runs):
        prepare(i)
        began = time.perf_counter()
        subprocess.run(
            command,
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
        )
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "deals.csv"
        generate(data, args.rows)

        def fresh_pilot(i: int) -> None:
            db = work / "pilot.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            admin = User(login="bench", name="Bench", role=Role.ADMIN)
            store = init_database(db, admin)
            with store.write(admin) as writer:
                for rep in REPS:
                    writer.insert("users", {"login": rep, "name": rep, "role": "rep", "active": 1})
            store.close()

        def fresh_plain(i: int) -> None:
            (work / "plain.db").unlink(missing_ok=True)

        pilot = best_of(
            args.runs,
            [
                sys.executable,
                "-m",
                "pilot_tui",
                "--db",
                str(work / "pilot.db"),
                "--as",
                "bench",
                "import",
                str(data),
            ],
            fresh_pilot,
        )
        plain = best_of(
            args.runs,
            [
                str(bin_dir / "sqlite-utils"),
                "insert",
                str(work / "plain.db"),
                "deals",
                str(data),
                "--csv",
            ],
            fresh_plain,
        )
    ratio = pilot / plain
    print(f"rows: {args.rows}")
    print(f"pilot import:              {pilot:6.2f} s")
    print(f"sqlite-utils insert --csv: {plain:6.2f} s")
    print(f"ratio: {ratio:.2f}x (budget <= 2x) -> {'OK' if ratio <= 2 else 'OVER BUDGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
