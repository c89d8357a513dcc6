"""Time from launch to the verdict on screen in a real terminal (tmux), vs a bare Textual app.

Usage: python benchmarks/first_frame.py DB [RUNS]. Needs tmux. Prints the median of each and
their ratio (issue 4: Pilot <= 0.8 s and <= 1.3 x the bare app).
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = (
    "from textual.app import App\nfrom textual.widgets import Static\n"
    "class Bare(App):\n    def compose(self):\n        yield Static('READY')\nBare().run()\n"
)


VERDICTS = ("AHEAD", "ON PACE", "BEHIND", "NO TARGET")


def first_frame(command: str, *markers: str) -> float:
    """Seconds from starting ``command`` in a new 80×24 tmux session until one of ``markers``
    shows."""
    session = "pilot-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "80", "-y", "24", command],
                   check=True)
    try:
        while time.perf_counter() - start < 10:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                    capture_output=True, text=True).stdout
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
    pilot = f"PYTHONPATH={root / 'src'} {python} -m pilot_tui --db {db}"
    pilot_times = [first_frame(pilot, *VERDICTS) for _ in range(runs)]
    bare_times = [first_frame(f"{python} {bare}", "READY") for _ in range(runs)]
    p, b = statistics.median(pilot_times), statistics.median(bare_times)
    print(f"pilot first frame (median of {runs}): {p:.3f} s")
    print(f"bare Textual app  (median of {runs}): {b:.3f} s")
    print(f"ratio: {p / b:.2f}")


if __name__ == "__main__":
    main()
