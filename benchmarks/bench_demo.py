"""Time the demo builds: the default demo and the scale demo (``--deals``, default 100,000).

Run: ``PYTHONPATH=src python benchmarks/bench_demo.py [DEALS]``. Budget: the default demo well
under 3 s, the scale demo (about 1M stage changes) under 60 s on a 2-core machine.
"""

import resource
import sys
import tempfile
from datetime import date
from pathlib import Path

from pilot_tui.core.demo import DemoSpec, build_demo


def main() -> None:
    deals = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    today = date(2026, 11, 18)
    with tempfile.TemporaryDirectory() as folder:
        for name, spec in (("default", DemoSpec()), (f"scale {deals}", DemoSpec.for_scale(deals))):
            built = build_demo(
                Path(folder) / f"{name}.db", manager_login="bench", spec=spec, today=today
            )
            info = built.info
            print(
                f"{name:>14}: {built.seconds:6.2f} s  {info.deals:>8,} deals  "
                f"{info.stage_changes:>10,} stage changes  {len(info.reps)} reps"
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':>14}: {peak_mb:6.0f} MB")


if __name__ == "__main__":
    main()
