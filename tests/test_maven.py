"""On the real Maven CRM data: win rate per agent and median days from Engaging to close of
won deals equal an independent pandas computation straight from the CSV."""

from datetime import date

import pandas as pd
import pytest

from maven_loader import MAVEN, login_of, needs_maven
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.store import Store

pytestmark = needs_maven

WHOLE = "2016-10-01..2017-12-31"


def test_win_rate_per_agent_matches_pandas(maven: Store) -> None:
    csv = pd.read_csv(MAVEN / "sales_pipeline.csv")
    closed = csv[csv["deal_stage"].isin(["Won", "Lost"])]
    expected = (closed["deal_stage"] == "Won").groupby(closed["sales_agent"]).mean()
    for agent, rate in expected.items():
        kpi = compute_snapshot(maven, f"rep:{login_of(str(agent))}", WHOLE, date(2018, 1, 1)).kpi(
            "win_rate"
        )
        assert kpi.value == pytest.approx(rate), agent
        assert kpi.n == int((closed["sales_agent"] == agent).sum())


def test_median_days_engaging_to_close_of_won_deals(maven: Store) -> None:
    csv = pd.read_csv(MAVEN / "sales_pipeline.csv", parse_dates=["engage_date", "close_date"])
    won = csv[csv["deal_stage"] == "Won"]
    days = (won["close_date"] - won["engage_date"]).dt.days
    cycle = compute_snapshot(maven, "team", WHOLE, date(2018, 1, 1)).kpi("cycle_length")
    assert cycle.value == days.median()
    assert cycle.details["p75"] == pytest.approx(days.quantile(0.75))
    assert cycle.n == len(won)


def test_forecast_and_status_run_on_real_data(maven: Store) -> None:
    from pilot_tui.core.context import Context
    from pilot_tui.core.forecast import compute_forecast
    from pilot_tui.core.metrics.state import Scope
    from pilot_tui.core.periods import parse_period

    context = Context(fixed_today=date(2017, 6, 15))
    june = parse_period("2017-06")
    report = compute_forecast(maven, context, Scope(), june, backtest_periods=3)
    assert report.forecast.won > 0
    assert len(report.backtest) == 3 and all(p.actual > 0 for p in report.backtest)


def test_snapshot_json_has_no_nan_on_real_data(maven: Store) -> None:
    import json

    for scope in ("team", "rep:darcel.schlecht", "offer:GTXPro"):
        snapshot = compute_snapshot(maven, scope, "2017-Q2", date(2017, 6, 15))
        json.dumps(snapshot.model_dump(mode="json"), allow_nan=False)
