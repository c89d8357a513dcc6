"""An import run is one transaction, and its message says so truthfully (issue 14, finding 3)."""

import sqlite3
from pathlib import Path

import pytest

from conftest import ADMIN
from importhelp import deals, write_csv
from pilot_tui.core.errors import DatabaseError, ValidationError
from pilot_tui.core.importers import run as import_run
from pilot_tui.core.importers.planning import FilePlan
from pilot_tui.core.importers.run import ImportOptions, Progress, apply_import, prepare_import
from pilot_tui.core.importers.writing import apply_plan
from pilot_tui.core.store import Store
from pilot_tui.core.store.writer import Writer

HEADER = "Id,Name,Owner,Stage,Amount\n"


def _counts(store: Store) -> tuple[int, int, int, int]:
    return (
        store.scalar("SELECT count(*) FROM deals"),
        store.scalar("SELECT count(*) FROM users"),
        store.scalar("SELECT count(*) FROM stage_changes"),
        store.scalar("SELECT count(*) FROM audit"),
    )


def test_a_deal_in_two_files_of_a_run_is_refused_before_anything_is_written(
    team_store: Store, tmp_path: Path
) -> None:
    first = write_csv(tmp_path, HEADER + "1,Acme,sam,Proposal,100\n", name="a.csv")
    second = write_csv(
        tmp_path, HEADER + "2,Beta,sam,Proposal,100\n1,Acme again,sam,Won,100\n", name="b.csv"
    )
    before = _counts(team_store)
    with pytest.raises(ValidationError, match=r"^Deal 1 is in both a.csv and b.csv; nothing was"):
        prepare_import(team_store, ADMIN, [first, second], ImportOptions(work_dir=tmp_path))
    assert _counts(team_store) == before


def test_a_failure_in_the_last_file_saves_nothing_of_the_run(
    team_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_csv(tmp_path, HEADER + "1,Acme,Élodie Dürand,Proposal,100\n", name="a.csv")
    second = write_csv(tmp_path, HEADER + "2,Beta,sam,Proposal,100\n", name="b.csv")
    plan = prepare_import(
        team_store,
        ADMIN,
        [first, second],
        ImportOptions(work_dir=tmp_path, create_users=True),
    )
    assert plan.owners.new_users  # the run creates a user before its deals
    real_apply = apply_plan

    def disk_full_on_b(writer: Writer, file_plan: FilePlan, progress: Progress | None) -> None:
        if file_plan.path.name == "b.csv":
            raise sqlite3.OperationalError("database or disk is full")
        real_apply(writer, file_plan, progress)

    monkeypatch.setattr(import_run, "apply_plan", disk_full_on_b)
    before = _counts(team_store)
    with pytest.raises(DatabaseError, match="is full: nothing was saved"):
        apply_import(team_store, ADMIN, plan)
    # Users, a.csv's deals and their history were in the same transaction: none were kept.
    assert _counts(team_store) == before
    monkeypatch.setattr(import_run, "apply_plan", real_apply)
    apply_import(team_store, ADMIN, plan)
    assert sorted(deals(team_store)) == ["1", "2"]


@pytest.mark.parametrize("amount", ["100000000000000000", "1e30", "-9.3e16"])
def test_an_amount_sqlite_cannot_hold_is_a_bad_row(
    team_store: Store, tmp_path: Path, amount: str
) -> None:
    path = write_csv(tmp_path, HEADER + f"1,Acme,sam,Proposal,{amount}\n")
    with pytest.raises(import_run.BadRowsError) as caught:
        prepare_import(team_store, ADMIN, [path], ImportOptions(work_dir=tmp_path))
    assert caught.value.bad[0].describe() == (
        f"deals.csv:2 [Amount]: '{amount}' is too large: Pilot keeps numbers below 10^16."
    )
