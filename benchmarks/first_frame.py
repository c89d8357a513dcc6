"""Time from launch to the verdict on screen in a real terminal (tmux), vs a bare Textual app.

Usage: python benchmarks/first_frame.py DB [RUNS]. Needs tmux. Prints the median of each and
their ratios (budget: Pilot <= 0.8 s and <= 1.3 x the bare app, docs/benchmarks.md).

Two figures for Pilot: "remembered", a launch identical to one already made (the usual case:
the same person opening Pilot on the same data the same day, see ``launch_cache``), and "cold",
with an empty cache directory each time, so the verdict waits for the engine.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class Bare(App):\n    def compose(self):\n        yield Static('READY')\nBare().run()\n"
)


VERDICTS = ("AHEAD", "ON PACE", "BEHIND", "NO TARGET")


FULL_DASHBOARD = "Overdue actions"
"""Shown once the dashboard has loaded, after it remembered its verdict."""


def first_frame(command: str, *markers: str) -> float:
    """Seconds from starting ``command`` in a new 80×24 tmux session until one of ``markers``
    shows."""
    session = "pilot-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True
    )
    try:
        while time.perf_counter() - start < 10:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if any(marker in screen for marker in markers):
                return time.perf_counter() - start
            time.sleep(0.01)
        raise TimeoutError(markers)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    db, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    root = Path(__file__).resolve().parents[1]
    python = sys.executable
    bare = Path("/tmp/pilot_bare_app.py")
    bare.write_text(BARE)
    cache = tempfile.mkdtemp(prefix="pilot-bench-cache-")
    pilot = f"PYTHONPATH={root / 'src'} XDG_CACHE_HOME={cache} {python} -m pilot_tui --db {db}"
    first_frame(pilot, FULL_DASHBOARD)  # the launch that is remembered
    remembered, cold, bare_times = [], [], []
    for _ in range(runs):  # interleaved, so that a busy machine weighs on all three alike
        remembered.append(first_frame(pilot, *VERDICTS))
        cold_cache = tempfile.mkdtemp(prefix="pilot-cold-")
        cold.append(first_frame(pilot.replace(cache, cold_cache), *VERDICTS))
        bare_times.append(first_frame(f"{python} {bare}", "READY"))
    r, c, b = (statistics.median(times) for times in (remembered, cold, bare_times))
    print(f"pilot, remembered launch (median of {runs}): {r:.3f} s  ratio {r / b:.2f}")
    print(f"pilot, cold cache        (median of {runs}): {c:.3f} s  ratio {c / b:.2f}")
    print(f"bare Textual app         (median of {runs}): {b:.3f} s")


if __name__ == "__main__":
    main()
