"""Property test of the importer: whatever the file, it imports or refuses in one sentence,
and a refusal writes nothing (issue 14). More cases: benchmarks/fuzz_import.py."""

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from conftest import ADMIN
from import_fuzzing import check_one_import, csv_files
from pilot_tui.core.store import Store

_names = itertools.count()


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=csv_files())
def test_any_file_imports_or_is_refused_in_one_sentence_without_writing(
    team_store: Store, tmp_path: Path, data: bytes
) -> None:
    check_one_import(team_store, ADMIN, data, tmp_path, f"fuzz-{next(_names)}.csv")
