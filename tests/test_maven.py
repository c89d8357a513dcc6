"""On the real Maven CRM data: win rate per agent and median days from Engaging to close of
won deals equal an independent pandas computation straight from the CSV."""

from datetime import date

import pandas as pd
import pytest

from conftest import make_team_store
from maven_loader import MAVEN, load_maven, login_of
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.store import Store

pytestmark = pytest.mark.skipif(
    not (MAVEN / "sales_pipeline.csv").exists(),
    reason=f"the Maven CRM data is not at {MAVEN} (it lives in the shared data folder, "
    "outside the repository)",
)

WHOLE = "2016-10-01..2017-12-31"


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, pd.DataFrame]:
    store = make_team_store(tmp_path_factory.mktemp("maven") / "maven.db")
    return store, load_maven(store)


def test_win_rate_per_agent_matches_pandas(maven: tuple[Store, pd.DataFrame]) -> None:
    store, _data = maven
    csv = pd.read_csv(MAVEN / "sales_pipeline.csv")
    closed = csv[csv["deal_stage"].isin(["Won", "Lost"])]
    expected = (closed["deal_stage"] == "Won").groupby(closed["sales_agent"]).mean()
    for agent, rate in expected.items():
        kpi = compute_snapshot(store, f"rep:{login_of(agent)}", WHOLE, date(2018, 1, 1)).kpi(
            "win_rate"
        )
        assert kpi.value == pytest.approx(rate), agent
        assert kpi.n == int((closed["sales_agent"] == agent).sum())


def test_median_days_engaging_to_close_of_won_deals(maven: tuple[Store, pd.DataFrame]) -> None:
    store, _data = maven
    csv = pd.read_csv(MAVEN / "sales_pipeline.csv", parse_dates=["engage_date", "close_date"])
    won = csv[csv["deal_stage"] == "Won"]
    days = (won["close_date"] - won["engage_date"]).dt.days
    cycle = compute_snapshot(store, "team", WHOLE, date(2018, 1, 1)).kpi("cycle_length")
    assert cycle.value == days.median()
    assert cycle.details["p75"] == pytest.approx(days.quantile(0.75))
    assert cycle.n == len(won)


def test_forecast_and_status_run_on_real_data(maven: tuple[Store, pd.DataFrame]) -> None:
    from pilot_tui.core.context import Context
    from pilot_tui.core.forecast import compute_forecast
    from pilot_tui.core.metrics.state import Scope
    from pilot_tui.core.periods import parse_period

    store, _data = maven
    context = Context(fixed_today=date(2017, 6, 15))
    june = parse_period("2017-06")
    report = compute_forecast(store, context, Scope(), june, backtest_periods=3)
    assert report.forecast.won > 0
    assert len(report.backtest) == 3 and all(p.actual > 0 for p in report.backtest)


def test_snapshot_json_has_no_nan_on_real_data(maven: tuple[Store, pd.DataFrame]) -> None:
    import json

    store, _data = maven
    for scope in ("team", "rep:darcel.schlecht", "offer:GTXPro"):
        snapshot = compute_snapshot(store, scope, "2017-Q2", date(2017, 6, 15))
        json.dumps(snapshot.model_dump(mode="json"), allow_nan=False)
