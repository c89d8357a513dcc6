"""Eight real processes writing to one file: no 'database is locked', no lost write."""

import multiprocessing
import time
from pathlib import Path

import pytest

from conftest import MANAGER, make_team_store
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal

WRITERS = 8
SECONDS = 2.0
Outcome = tuple[int, list[str]]
"""What one writer reports: how many writes it made, and every error it met."""


def _hammer(
    path: str, deal_id: int, worker: int, results: "multiprocessing.Queue[Outcome]"
) -> None:
    """Read-then-write in a loop: increment a shared counter and add one activity per write."""
    writes = 0
    errors: list[str] = []
    store = Store.open(Path(path))
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        try:
            with store.write(MANAGER) as writer:
                row = writer.fetch("deals", deal_id)
                assert row is not None
                writer.update(
                    "deals",
                    deal_id,
                    {"amount_minor": row["amount_minor"] + 1},
                    expected_version=row["version"],
                )
                writer.insert(
                    "activities", {"owner": "sam", "kind": "task", "title": f"w{worker}-{writes}"}
                )
            writes += 1
        except Exception as exc:  # every error is a failure of this test
            errors.append(f"{type(exc).__name__}: {exc}")
    store.close()
    results.put((writes, errors))


def test_eight_processes_write_concurrently_without_locks_or_losses(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    store = make_team_store(path)
    deal_id = create_deal(
        store,
        MANAGER,
        {"name": "Counter", "owner": "sam", "stage": "prospecting", "amount_minor": 0},
    )
    store.close()

    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[Outcome] = context.Queue()
    workers = [
        context.Process(target=_hammer, args=(str(path), deal_id, n, results))
        for n in range(WRITERS)
    ]
    for process in workers:
        process.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for process in workers:
        process.join(timeout=30)

    total = sum(writes for writes, _ in outcomes)
    errors = [e for _, errs in outcomes for e in errs]
    assert errors == []
    assert total > WRITERS  # every process really wrote
    with Store.open(path) as check:
        assert check.scalar("SELECT amount_minor FROM deals WHERE id = ?", (deal_id,)) == total
        assert check.scalar("SELECT count(*) FROM activities") == total
        assert check.scalar("SELECT version FROM deals WHERE id = ?", (deal_id,)) == total + 1
        assert check.scalar("PRAGMA integrity_check") == "ok"


def test_a_writer_truncates_a_large_wal_after_its_commit(
    tmp_path: Path, monkeypatch: "pytest.MonkeyPatch"
) -> None:
    from pilot_tui.core.store import store as store_module

    monkeypatch.setattr(store_module, "WAL_LIMIT_BYTES", 64 * 1024)
    store = make_team_store(tmp_path / "wal.db")
    reader = Store.open(tmp_path / "wal.db")  # another user, reading between the writes
    wal = tmp_path / "wal.db-wal"
    for n in range(40):
        with store.write(MANAGER) as writer:
            writer.bulk_insert(
                "activities",
                ({"owner": "sam", "kind": "task", "title": "x" * 200} for _ in range(50)),
                note=f"batch {n}",
            )
        reader.rows("SELECT count(*) FROM activities")
        assert wal.stat().st_size <= 64 * 1024 + 200 * 1024  # one batch above the limit at most
    assert reader.scalar("SELECT count(*) FROM activities") == 2000
    reader.close()
    store.close()
