"""How far each forecast method missed, replayed on past periods.

    python benchmarks/bench_forecast.py DB [--today YYYY-MM-DD] [--periods 6]

For months and quarters, and for elapsed points 25 %, 50 % and 75 % of the period, replays
every method on the ``--periods`` periods before the one containing ``--today`` (the one after
it when ``--today`` is a period's last day), each on the day at that elapsed point, learning
only from periods ended before that day, and prints each method's mean absolute relative
error. The headline's is nested: on each replayed period it is the method (or blend) that the
six replays before it chose. Ratios: headline ÷ CRM weighting (target ≤ 0.8) and headline ÷
the better of CRM and pace (target ≤ 1.1).
"""

import argparse
from datetime import date, timedelta
from pathlib import Path

from pilot_tui.core.context import Calendar
from pilot_tui.core.forecast.backtest import mean_abs
from pilot_tui.core.forecast.report import backtest_points
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import PeriodKind, period_containing
from pilot_tui.core.store import Store

POINTS = (0.25, 0.5, 0.75)
KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER)


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or not b else f"{a / b:.2f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--periods", type=int, default=6)
    args = parser.parse_args()
    store = Store.open(args.db)
    frames = frames_for(store)
    print(f"{args.db.name}: {len(frames.deals)} deals, replays before {args.today}")
    print()
    print("| period | elapsed | n | headline | timing | CRM | pace | ÷ CRM | ÷ best baseline |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in KINDS:
        anchor = period_containing(args.today, kind)
        if args.today == anchor.end:
            anchor = period_containing(anchor.end + timedelta(days=1), kind)
        for point in POINTS:
            day = anchor.start + timedelta(days=int(point * anchor.days))
            points = backtest_points(frames, Scope(), anchor, day, args.periods, Calendar())
            errors = {
                "headline": mean_abs([p.error for p in points]),
                "timing": mean_abs([p.timing_error for p in points]),
                "crm": mean_abs([p.crm_error for p in points]),
                "pace": mean_abs([p.pace_error for p in points]),
            }
            baselines = [e for e in (errors["crm"], errors["pace"]) if e is not None]
            n = sum(p.error is not None for p in points)
            print(
                f"| {kind.value} | {point:.0%} | {n} | {_pct(errors['headline'])} | "
                f"{_pct(errors['timing'])} | {_pct(errors['crm'])} | {_pct(errors['pace'])} | "
                f"{_ratio(errors['headline'], errors['crm'])} | "
                f"{_ratio(errors['headline'], min(baselines) if baselines else None)} |"
            )
    store.close()


if __name__ == "__main__":
    main()
