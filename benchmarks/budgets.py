"""Every budget of DESIGN §11 that a command line can measure, as a ratio beside its budget.

Usage: python benchmarks/budgets.py DB [--runs N] [--no-frames]

DB is a Pilot database (for the 100k figures: ``pilot demo --deals 100000 --no-open --db
/tmp/big.db``); the commands run as the OS login, the demo's manager. Each figure is the median
of N runs (default 3) of a fresh process, interleaved with its reference so that a busy machine
weighs on both alike:

- R, the sqlite3 shell's ``select to_stage, count(*) from stage_changes group by 1`` on DB
  (Python's sqlite3 module when the shell is not installed);
- ``pilot status`` ≤ 2 × R, ``pilot diagnose`` ≤ 4 × R;
- ``pilot --help`` and ``pilot kpis --help`` ≤ 1.2 × ``python -c "import argparse"`` + 0.1 s;
- the first frame with the verdict, remembered and cold, ≤ 1.3 × a bare Textual app
  (``first_frame.py``, in tmux; ``--no-frames`` leaves it out).

Prints one table and exits 1 when any figure misses its budget (2 when a command fails).
"""

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from first_frame import BARE, VERDICTS, first_frame

ROOT = Path(__file__).resolve().parents[1]
SCAN = "select to_stage, count(*) from stage_changes group by 1"


@dataclass(frozen=True)
class Figure:
    work: str
    seconds: float
    budget: float
    """Seconds this figure may take, computed from its reference measured in the same run."""
    rule: str

    @property
    def ok(self) -> bool:
        return self.seconds <= self.budget


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds a fresh process running ``command`` takes; a failing command stops the run."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"{' '.join(command)} failed:\n{done.stderr}", file=sys.stderr)
        sys.exit(2)
    return seconds


def scan(db: Path) -> Callable[[], float]:
    """R: the sqlite3 shell's grouped scan of the stage changes (or the sqlite3 module's)."""
    shell = shutil.which("sqlite3")
    if shell:
        return lambda: timed([shell, str(db), SCAN])

    def in_python() -> float:
        start = time.perf_counter()
        with sqlite3.connect(db) as connection:
            connection.execute(SCAN).fetchall()
        return time.perf_counter() - start

    return in_python


def medians(runs: int, **measures: Callable[[], float]) -> dict[str, float]:
    """The median of ``runs`` calls of each measure, interleaved."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-frames", action="store_true", help="leave out the first frame")
    args = parser.parse_args()
    db: Path = args.db.resolve()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    pilot = [sys.executable, "-m", "pilot_tui"]

    def command(*argv: str) -> Callable[[], float]:
        return lambda: timed([*pilot, *argv], env)

    numbers = medians(
        args.runs,
        r=scan(db),
        status=command("status", "--db", str(db)),
        diagnose=command("diagnose", "--db", str(db)),
    )
    help_times = medians(
        args.runs * 3,
        argparse=lambda: timed([sys.executable, "-c", "import argparse"]),
        help=command("--help"),
        kpis_help=command("kpis", "--help"),
    )
    r, a = numbers["r"], help_times["argparse"]
    instant = 1.2 * a + 0.1
    figures = [
        Figure("pilot status", numbers["status"], 2 * r, "2 × R"),
        Figure("pilot diagnose", numbers["diagnose"], 4 * r, "4 × R"),
        Figure("pilot --help", help_times["help"], instant, "1.2 × argparse + 0.1 s"),
        Figure("pilot kpis --help", help_times["kpis_help"], instant, "1.2 × argparse + 0.1 s"),
    ]
    references = [f"R (sqlite3 scan) {r:.3f} s", f"python -c 'import argparse' {a:.3f} s"]
    if not args.no_frames:
        figures += frames(db, args.runs, references)

    print(f"{'work':<34} {'measured':>9} {'budget':>9} {'ratio':>6}  rule")
    for figure in figures:
        mark = "" if figure.ok else "  MISS"
        print(
            f"{figure.work:<34} {figure.seconds:>8.3f}s {figure.budget:>8.3f}s "
            f"{figure.seconds / figure.budget:>6.2f}  {figure.rule}{mark}"
        )
    print("references: " + "; ".join(references))
    return 0 if all(figure.ok for figure in figures) else 1


def frames(db: Path, runs: int, references: list[str]) -> list[Figure]:
    """The first frame with the verdict, remembered and cold, against a bare Textual app."""
    bare = Path(tempfile.mkdtemp(prefix="pilot-bare-")) / "bare.py"
    bare.write_text(BARE)
    cache = tempfile.mkdtemp(prefix="pilot-bench-cache-")
    launch = f"PYTHONPATH={ROOT / 'src'} {sys.executable} -m pilot_tui --db {db}"
    first_frame(f"XDG_CACHE_HOME={cache} {launch}", *VERDICTS)  # the launch to remember
    times = medians(
        runs,
        remembered=lambda: first_frame(f"XDG_CACHE_HOME={cache} {launch}", *VERDICTS),
        cold=lambda: first_frame(
            f"XDG_CACHE_HOME={tempfile.mkdtemp(prefix='pilot-cold-')} {launch}", *VERDICTS
        ),
        bare=lambda: first_frame(f"{sys.executable} {bare}", "READY"),
    )
    references.append(f"bare Textual app {times['bare']:.3f} s")
    budget = 1.3 * times["bare"]
    return [
        Figure("first frame, remembered launch", times["remembered"], budget, "1.3 × bare app"),
        Figure("first frame, cold cache", times["cold"], budget, "1.3 × bare app"),
    ]


if __name__ == "__main__":
    sys.exit(main())
