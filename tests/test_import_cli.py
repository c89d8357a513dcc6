"""`pilot import` and `pilot export` from the command line, and the export round trip."""

import json
from pathlib import Path

import pytest

from conftest import make_team_store
from importhelp import FIXTURES, deals, write_csv
from pilot_tui.cli import main
from pilot_tui.core.store import Store

ROUND_TRIP = (
    "external_id",
    "name",
    "account",
    "owner",
    "amount_minor",
    "currency",
    "stage",
    "probability",
    "created_on",
    "expected_close",
    "closed_on",
    "lost_reason",
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "team.db"
    make_team_store(path).close()
    return path


def pilot(db: Path, login: str, *args: str) -> int:
    return main(["--db", str(db), "--as", login, *args])


def test_dry_run_prints_the_plan_and_writes_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pilot(db, "mia", "import", str(FIXTURES / "pipedrive-deals.csv"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "added 3" in out and "deleted in the CRM (left) 1" in out
    assert "Dry run: nothing was written." in out
    with Store.open(db) as store:
        assert deals(store) == {}


def test_import_then_export_csv_round_trips_into_a_new_database(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pilot(db, "mia", "import", str(FIXTURES / "hubspot-deals.csv")) == 0
    assert "Imported 1 file." in capsys.readouterr().out
    out = tmp_path / "deals.csv"
    assert pilot(db, "mia", "export", "deals", "--format", "csv", "--out", str(out)) == 0
    other = tmp_path / "other.db"
    make_team_store(other).close()
    assert pilot(other, "mia", "import", str(out)) == 0
    with Store.open(db) as first, Store.open(other) as second:
        original, copied = deals(first), deals(second)
    assert sorted(original) == sorted(copied)
    for key, row in original.items():
        assert {c: row[c] for c in ROUND_TRIP} == {c: copied[key][c] for c in ROUND_TRIP}


def test_export_json_and_stage_changes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pilot(db, "mia", "import", str(FIXTURES / "hubspot-deals.csv"))
    capsys.readouterr()
    assert pilot(db, "mia", "export", "stage-changes", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 9
    assert rows[0]["external_id"] == "15023886001" and rows[0]["from_stage"] is None


def test_a_rep_cannot_export_the_audit_log(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pilot(db, "sam", "export", "audit") == 1
    assert "pilot: Only a manager or an admin can export the audit log" in capsys.readouterr().err


def test_bad_rows_are_listed_and_the_file_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "Id,Name,Owner,Stage,Amount\n1,A,sam,won,12\n2,B,sam,won,x\n")
    assert pilot(db, "mia", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "deals.csv:3 [Amount]: 'x' is not a number." in err
    assert "pilot: 1 row cannot be read, so nothing was imported" in err
    assert pilot(db, "mia", "import", str(path), "--skip-bad") == 0
    assert "Rows left out are listed in" in capsys.readouterr().out
    assert (tmp_path / "deals.bad-rows.csv").exists()


def test_create_users_by_a_manager_is_refused_clearly(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, "Id,Name,Owner,Stage\n1,A,New Person,won\n")
    assert pilot(db, "mia", "import", str(path), "--create-users") == 1
    assert "needs an admin and mia is a manager: ask ada" in capsys.readouterr().err
    assert pilot(db, "ada", "import", str(path), "--create-users") == 0
