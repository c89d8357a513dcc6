"""The newcomer's first commands on the demo: answers that do not mislead (issue 17)."""

import json
import re
import tomllib
from pathlib import Path

import pytest

from pilot_tui.cli import main
from pilot_tui.cli.kpis import MAX_BACKTEST
from pilot_tui.core import clock
from pilot_tui.core.metrics import CATALOG
from pilot_tui.core.periods import CALENDAR_KINDS, period_containing

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "demo.db"
    assert main(["demo", "--no-open", "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_bare_kpi_selection_shows_the_selection(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, bare, err = run(capsys, demo, "kpi-selection")
    assert code == 0, err
    assert bare == run(capsys, demo, "kpi-selection", "show")[1]
    assert "Dashboard KPIs" in bare


def test_objectives_lists_the_current_periods_unless_told_all(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, demo, "objectives", "--json")
    assert code == 0, err
    current = {row["period"] for row in json.loads(out)}
    everything = json.loads(run(capsys, demo, "objectives", "--all", "--json")[1])
    today = clock.today()
    assert current and current <= {period_containing(today, k).label for k in CALENDAR_KINDS}
    assert len(everything) > len(json.loads(out))
    assert {row["period"] for row in everything} > current


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["objectives", "--period", "2026-W99"], "'2026-W99' is not a period"),
        (["status", "--scope", "rep:nobody"], "There is no rep 'nobody'"),
        (["kpis", "--scope", "segment:nowhere"], "There is no segment 'nowhere'"),
        (["forecast", "--scope", "offer:nothing"], "There is no offer 'nothing'"),
        (["diagnose", "--scope", "team:ghosts"], "There is no team 'ghosts'"),
    ],
)
def test_an_unknown_scope_or_invalid_period_is_one_sentence_and_fails(
    demo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], sentence: str
) -> None:
    code, out, err = run(capsys, demo, *argv)
    assert code == 1 and sentence in err and not out
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_known_rep_still_has_a_status(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, demo, "status", "--scope", "rep:dina")
    assert code == 0 and out.strip(), err


def test_the_backtest_is_capped_at_what_history_says_with_a_sentence(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, demo, "forecast", "--backtest", "500", "--json")
    assert code == 0
    assert f"last {MAX_BACKTEST} periods only" in err
    rows = json.loads(out)["backtest"]
    assert 0 < len(rows) <= MAX_BACKTEST
    assert min(row["period"] for row in rows) >= "2024-11"  # 24 months before 2026-11


def test_the_kpi_catalog_prints_each_formula_whole_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["kpis", "--catalog"]) == 0
    out = capsys.readouterr().out
    flat = re.sub(r"\s+", " ", out)
    for kpi in CATALOG:
        assert re.sub(r"\s+", " ", kpi.formula) in flat, kpi.id
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_license_is_an_spdx_string_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert all((ROOT / name).is_file() for name in project["license-files"])
