"""`pilot --today D` on the Maven data set, imported as the README says, equals what the CSV
says was known on D, computed here independently with pandas."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from importhelp import REPO, shared_data
from pilot_tui.cli import main
from pilot_tui.core import clock

MAPPING = REPO / "examples" / "maven-crm.toml"
DAYS = (date(2017, 3, 15), date(2017, 6, 15), date(2017, 9, 30), date(2017, 12, 31))


@pytest.fixture(autouse=True)
def today_from_the_command_line(fixed_clock: object) -> None:
    """``--today`` fixes the day, as for a user: the tests' frozen instant would win."""
    clock.freeze(None)


@pytest.fixture(scope="module")
def maven_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    csv = shared_data() / "maven-crm" / "sales_pipeline.csv"
    db = tmp_path_factory.mktemp("maven") / "maven.db"
    assert main(["init", "--db", str(db), "--currency", "USD"]) == 0
    assert main(["import", str(csv), "--mapping", str(MAPPING), "--db", str(db)]) == 0
    return db


def known_on(day: date) -> dict[str, float]:
    """From the CSV alone: the month of ``day`` up to ``day`` — value and count of deals won,
    deals lost — and the deals open at the end of ``day``: engaged by then and not closed by
    then, or a Prospecting row (no date at all: known from the export, whose latest day is
    2017-12-31)."""
    data = pd.read_csv(shared_data() / "maven-crm" / "sales_pipeline.csv", dtype=str)
    engaged = pd.to_datetime(data["engage_date"])
    closed = pd.to_datetime(data["close_date"])
    value = pd.to_numeric(data["close_value"])
    end = pd.Timestamp(day)
    in_month = (closed >= end.replace(day=1)) & (closed <= end)
    won = in_month & (data["deal_stage"] == "Won")
    lost = in_month & (data["deal_stage"] == "Lost")
    exported = max(engaged.max(), closed.max())
    dated = (engaged <= end) & ~(closed <= end)
    open_then = dated | ((data["deal_stage"] == "Prospecting") & (end >= exported))
    return {
        "won_value": float(value[won].sum()) * 100,
        "won": int(won.sum()),
        "lost": int(lost.sum()),
        "open": int(open_then.sum()),
    }


def pilot_json(
    capsys: pytest.CaptureFixture[str], db: Path, day: date, *argv: str
) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--db", str(db), "--today", day.isoformat(), *argv, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_kpis_and_forecast_on_d_equal_what_the_csv_knew_on_d(
    maven_db: Path, capsys: pytest.CaptureFixture[str], day: date
) -> None:
    truth = known_on(day)
    month = f"{day:%Y-%m}"
    snapshot = pilot_json(capsys, maven_db, day, "kpis", "--period", month)
    kpis = {kpi["id"]: kpi for kpi in snapshot["kpis"]}
    assert snapshot["as_of"] == day.isoformat()
    win_rate = kpis["win_rate"]
    assert (win_rate["successes"], win_rate["n"]) == (truth["won"], truth["won"] + truth["lost"])
    assert win_rate["value"] == pytest.approx(truth["won"] / (truth["won"] + truth["lost"]))
    assert kpis["avg_won_size"]["n"] == truth["won"]
    assert kpis["avg_won_size"]["value"] == pytest.approx(
        truth["won_value"] / truth["won"], abs=0.5
    )
    assert kpis["pipeline_value"]["n"] == truth["open"]
    forecast = pilot_json(capsys, maven_db, day, "forecast", "--period", month)
    assert forecast["forecast"]["won"] == truth["won_value"]


def test_june_15_2017_won_so_far_is_644050_dollars_of_269_deals(
    maven_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date(2017, 6, 15)
    assert known_on(day)["won_value"] == 644_050_00 and known_on(day)["won"] == 269
    forecast = pilot_json(capsys, maven_db, day, "forecast", "--period", "2017-06")
    assert forecast["forecast"]["won"] == 644_050_00


def test_open_deals_on_d_have_no_amount_yet_and_lost_ones_never_read_0(
    maven_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = date(2017, 6, 15)
    kpis = {k["id"]: k for k in pilot_json(capsys, maven_db, day, "kpis")["kpis"]}
    pipeline = kpis["pipeline_value"]
    # A closing value is known from the close day: on D no open deal has one.
    assert pipeline["value"] == 0 and pipeline["details"]["amount_unknown"] == pipeline["n"]
    by_value = kpis["win_rate_value"]
    assert by_value["value"] is None  # lost deals' amounts are unknown, not 0: no "100 %"
    assert by_value["details"]["amount_unknown"] == known_on(day)["lost"]


def test_prospecting_rows_without_dates_stay_out_of_new_deals_per_week(
    maven_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kpis = pilot_json(capsys, maven_db, date(2017, 12, 31), "kpis", "--period", "2017-12")
    new_opps = {k["id"]: k for k in kpis["kpis"]}["new_opps_per_week"]
    weeks = [week["count"] for week in new_opps["details"]["weeks"]]
    assert max(weeks) < 100  # the 500 undated rows do not land in the last week
