"""Many more cases of the importer's property test (tests/test_import_fuzz.py runs 200 in CI).

Every generated file must import, or be refused with one sentence and no row written; the
first file that breaks the promise is shrunk by hypothesis and printed.

    PYTHONPATH=src:tests python benchmarks/fuzz_import.py [--examples 5000] [--seed N]
"""

import argparse
import collections
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

from conftest import ADMIN, make_team_store
from import_fuzzing import check_one_import, csv_files, table_counts
from pilot_tui.core import clock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=None, help="default: a random one")
    args = parser.parse_args()
    clock.freeze(datetime(2026, 11, 18, 9, 30, tzinfo=UTC))
    folder = Path(tempfile.mkdtemp(prefix="pilot-fuzz-"))
    store = make_team_store(folder / "team.db")
    outcomes: collections.Counter[str] = collections.Counter()
    count = iter(range(10**9))

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=csv_files())
    def one(data: bytes) -> None:
        before = table_counts(store)
        check_one_import(store, ADMIN, data, folder, f"fuzz-{next(count)}.csv")
        outcomes["imported" if table_counts(store) != before else "refused or unchanged"] += 1

    if args.seed is not None:
        one = seed(args.seed)(one)
    try:
        one()
    finally:
        store.close()
    for outcome, n in outcomes.most_common():
        print(f"{n:6d} {outcome}")
    print(f"{sum(outcomes.values())} files, every one imported or refused in one sentence.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
