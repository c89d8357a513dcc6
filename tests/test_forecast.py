"""Forecast, verdict and backtest on hand-computed pipelines (today = 2026-11-18)."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from conftest import make_team_store
from deal_builder import build, lost, set_objective, won
from pilot_tui.cli import main
from pilot_tui.core.context import Context, VerdictThresholds
from pilot_tui.core.forecast import (
    compute_forecast,
    compute_status,
    pipeline_needed,
    status_line,
    status_why,
    verdict_for,
)
from pilot_tui.core.forecast.learning import learn
from pilot_tui.core.forecast.samples import Sample
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store
from pilot_tui.core.verdict import Verdict

TODAY = date(2026, 11, 18)
AS_OF_TODAY = Context(fixed_today=TODAY)
NOVEMBER = parse_period("2026-11")


def november_pipeline(store: Store, *, target: int | None = 5000_00) -> None:
    build(store, *[won("2026-10-01", "2026-11-03")] * 2, amount=1000_00)
    build(store, *[lost("2026-06-01", "2026-07-04")] * 8, amount=1000_00)
    build(
        store,
        [("proposal", "2026-11-02")],
        amount=3000_00,
        expected_close="2026-11-28",
        forecast_category="commit",
        next_step="demo",
        next_step_due="2026-11-20",
    )
    build(
        store,
        [("negotiation", "2026-11-02")],
        amount=1000_00,
        probability=0.9,
        expected_close="2026-11-25",
        forecast_category="best_case",
    )
    build(store, [("proposal", "2026-11-02")], amount=9000_00, expected_close="2026-12-15")
    # Overdue since October and still open: not counted on, only a hygiene problem.
    build(store, [("proposal", "2026-10-01")], amount=5000_00, expected_close="2026-10-25")
    if target is not None:
        set_objective(store, target)


def test_crm_weighting_and_categories_on_the_due_pipeline(team_store: Store) -> None:
    november_pipeline(team_store)
    forecast = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER).forecast
    assert forecast.won == 2000_00
    # The deal's own 0.9, else the stage default (proposal 0.5); the December deal is not due.
    assert forecast.crm_weighted == 2000_00 + 3000_00 * 0.5 + 1000_00 * 0.9
    assert (forecast.commit, forecast.best_case) == (5000_00, 6000_00)


def test_pace_divides_won_by_the_elapsed_working_days(team_store: Store) -> None:
    november_pipeline(team_store)
    forecast = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER).forecast
    # 13 of November's 21 working days are over on the 18th.
    assert forecast.pace == round(2000_00 * 21 / 13)


def october_history(store: Store, *, late_win: bool = True) -> None:
    """Three deals open on 2026-10-18 (the replay day matching the 18th of November): two in
    proposal due in October, one in discovery without a date; one proposal deal is won on
    the 28th, the others are lost. November: 500 € won, one 3000 € proposal due."""
    build(
        store,
        [("proposal", "2026-10-01"), ("won" if late_win else "lost", "2026-10-28")],
        expected_close="2026-10-25",
    )
    build(store, [("proposal", "2026-10-01"), ("lost", "2026-10-29")], expected_close="2026-10-25")
    build(store, [("discovery", "2026-10-01"), ("lost", "2026-10-29")])
    build(store, won("2026-11-01", "2026-11-10"), amount=500_00)
    build(store, [("proposal", "2026-11-02")], amount=3000_00, expected_close="2026-11-25")


def test_timing_method_learns_from_the_same_point_of_past_periods(team_store: Store) -> None:
    october_history(team_store)
    forecast = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER).forecast
    # Team rate 1/3; proposal (1 + 10 × 1/3) / (2 + 10) = 13/36; its group (due in the period,
    # fresh, never pushed) (1 + 10 × 13/36) / (2 + 10) = 166/432.
    assert forecast.learning_periods == 1
    assert forecast.expected_from_open == round(3000_00 * 166 / 432)
    assert forecast.expected_new == 0
    assert forecast.timing == 500_00 + round(3000_00 * 166 / 432)


def test_headline_is_the_method_with_the_lowest_backtest_error(team_store: Store) -> None:
    october_history(team_store)
    forecast = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER).forecast
    # Replayed on 2026-10-18 with nothing to learn from: timing and pace say 0 (−100 %), the
    # CRM weighting says 2 × 1000 € × 0.5 = the 1000 € won (0 %).
    assert forecast.method == "crm"
    assert forecast.forecast == forecast.crm_weighted == 500_00 + 3000_00 * 0.5
    assert (forecast.low, forecast.high) == (forecast.forecast, forecast.forecast)


def test_backtest_reports_each_method_at_the_same_elapsed_point(team_store: Store) -> None:
    october_history(team_store)
    report = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER, 1)
    [october] = report.backtest
    assert (october.period, october.as_of, october.actual) == (
        "2026-10",
        date(2026, 10, 18),
        1000_00,
    )
    assert (october.timing, october.crm, october.pace) == (0, 1000_00, 0)
    assert (october.timing_error, october.crm_error, october.pace_error) == (-1.0, 0.0, -1.0)
    assert (report.timing_mean_abs_error, report.crm_mean_abs_error) == (1.0, 0.0)


def test_a_win_after_the_replay_day_does_not_change_the_replay(
    team_store: Store, tmp_path: Path
) -> None:
    october_history(team_store, late_win=True)
    other = make_team_store(tmp_path / "other.db")
    october_history(other, late_win=False)
    [won_later] = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER, 1).backtest
    [lost_later] = compute_forecast(other, AS_OF_TODAY, Scope(), NOVEMBER, 1).backtest
    other.close()
    assert (won_later.timing, won_later.crm, won_later.pace) == (
        lost_later.timing,
        lost_later.crm,
        lost_later.pace,
    )
    assert (won_later.actual, lost_later.actual) == (1000_00, 0)


def test_a_closed_period_forecast_is_what_was_won(team_store: Store) -> None:
    october_history(team_store)
    forecast = compute_forecast(team_store, AS_OF_TODAY, Scope(), parse_period("2026-10")).forecast
    assert (forecast.method, forecast.won, forecast.forecast) == ("won", 1000_00, 1000_00)
    assert (forecast.low, forecast.high) == (1000_00, 1000_00)


def sample(
    stage: list[int], won_by_end: list[bool], *, amount: list[float] | None = None
) -> Sample:
    n = len(stage)
    return Sample(
        label="2026-10",
        day=date(2026, 10, 18),
        won=0.0,
        elapsed=0.5,
        stage=np.array(stage),
        due=np.zeros(n, dtype=np.int64),
        aged=np.zeros(n, dtype=bool),
        pushed=np.zeros(n, dtype=bool),
        amount=np.array(amount or [1.0] * n),
        unknown=np.zeros(n, dtype=bool),
        crm=np.zeros(n),
        won_by_end=np.array(won_by_end),
        new_won=0.0,
        new_created=0.0,
        actual=0.0,
    )


def test_a_thin_group_is_shrunk_toward_its_stage_and_the_team() -> None:
    # 20 deals in stage 1 (5 won), 2 in stage 3 (both won): team rate 7/22.
    table = learn([sample([1] * 20 + [3] * 2, [True] * 5 + [False] * 15 + [True] * 2)], 7)
    team = 7 / 22
    assert table.scope_rate == pytest.approx(team)
    assert table.stage_rate[3] == pytest.approx((2 + 10 * team) / (2 + 10))
    assert table.stage_rate[1] == pytest.approx((5 + 10 * team) / (20 + 10))
    assert table.stage_rate[4] == pytest.approx(team)  # no history: the team's rate
    assert table.probability(sample([3], [False]))[0] == pytest.approx(
        (2 + 10 * table.stage_rate[3]) / (2 + 10)
    )


def test_rates_are_shares_of_value() -> None:
    # A 3000 € deal lost and a 1000 € deal won: mean 2000 €, weights 1.5 and 0.5.
    table = learn([sample([2, 2], [False, True], amount=[3000.0, 1000.0])], 7)
    assert table.scope_rate == pytest.approx(0.25)


def test_recent_periods_weigh_more() -> None:
    # September won its deal, August (one period older, weight 0.5^(1/3)) lost its.
    september = replace(sample([2], [True]), label="2026-09")
    august = replace(sample([2], [False]), label="2026-08")
    table = learn([september, august], 7)
    assert table.scope_rate == pytest.approx(1 / (1 + 0.5 ** (1 / 3)))


@pytest.mark.parametrize(
    ("forecast", "low", "high", "verdict"),
    [
        (105, None, None, Verdict.AHEAD),
        (104.9, None, None, Verdict.ON_PACE),
        (95, None, None, Verdict.ON_PACE),
        (94.9, None, None, Verdict.BEHIND),
        (110, 96, 120, Verdict.AHEAD),
        (110, 90, 115, Verdict.ON_PACE),  # the range straddles the whole band
        (90, 80, 104, Verdict.BEHIND),
        (90, 80, 105, Verdict.ON_PACE),
    ],
)
def test_verdict_thresholds_and_straddle(
    forecast: float, low: float | None, high: float | None, verdict: Verdict
) -> None:
    assert verdict_for(forecast, 100, VerdictThresholds(), low, high) is verdict


def test_pipeline_needed_is_zero_once_the_forecast_covers_the_target() -> None:
    table = learn([replace(sample([2], [False]), new_won=100.0, new_created=400.0)], 7)
    assert pipeline_needed(500, 400, table) == 0
    # 100 € short, a quarter of new pipeline is won before the end: 400 € to create.
    assert pipeline_needed(300, 400, table) == pytest.approx(400)
    assert pipeline_needed(300, None, table) is None


def test_status_line_says_won_vs_expected_forecast_and_data_quality(team_store: Store) -> None:
    october_history(team_store)
    set_objective(team_store, 5000_00)
    status = compute_status(team_store, AS_OF_TODAY, Scope(), NOVEMBER)
    assert status.verdict is Verdict.BEHIND
    assert status.expected_to_date == round(5000_00 * 13 / 21)
    assert status_line(status, "en").startswith(
        "BEHIND · won €500, €3.1K expected by today · forecast €2K vs target €5K · "
    )
    assert "confidence" not in status_line(status, "en")
    assert status_line(status, "en").endswith(f"data {round(status.data_quality)}/100")


def test_first_days_lead_with_the_forecast_and_last_period(team_store: Store) -> None:
    october_history(team_store)
    set_objective(team_store, 2000_00)
    status = compute_status(team_store, Context(fixed_today=date(2026, 11, 3)), Scope(), NOVEMBER)
    assert status.pace < 0.15
    assert status_why(status, "en").startswith("forecast ")
    assert "last month won €1K" in status_why(status, "en")
    assert "won 0 %" not in status_line(status, "en")


def test_period_without_target_says_so(team_store: Store) -> None:
    november_pipeline(team_store, target=None)
    status = compute_status(team_store, AS_OF_TODAY, Scope(), NOVEMBER)
    assert status.verdict is Verdict.NO_TARGET
    assert status.target is None and status.expected_to_date is None
    assert status_line(status, "en").startswith("NO TARGET · won €2K at 62 % of the month")
    assert "set a won-value objective" in status_line(status, "en")


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    assert main(["--db", str(db), "--as", "mia", "--today", "2026-11-18", *args]) == 0
    return capsys.readouterr().out


def test_cli_status_json_and_line(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    november_pipeline(team_store)
    data = json.loads(_run(capsys, team_store.path, "status", "--json"))
    assert (data["verdict"], data["won"]) == ("BEHIND", 2000_00)
    assert {"low", "high", "method", "data_quality", "pipeline_needed"} <= set(data)
    assert "confidence" not in data
    assert _run(capsys, team_store.path, "status").startswith("BEHIND · won €2K, ")


def test_cli_kpis_json_lists_every_catalog_kpi(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from pilot_tui.core.metrics import CATALOG

    november_pipeline(team_store)
    data = json.loads(_run(capsys, team_store.path, "kpis", "--json", "--period", "2026-11"))
    assert [k["id"] for k in data["kpis"]] == [k.id for k in CATALOG]
    assert data["period"] == {
        "label": "2026-11",
        "kind": "month",
        "start": "2026-11-01",
        "end": "2026-11-30",
    }
    win = next(k for k in data["kpis"] if k["id"] == "win_rate")
    assert (win["value"], win["too_few"], win["n"]) == (None, True, 2)
    assert "Win rate" in _run(capsys, team_store.path, "kpis")


def test_cli_kpis_catalog_flags_noise(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(_run(capsys, team_store.path, "kpis", "--catalog", "--json"))
    noise = {k["id"] for k in data if k["noise"]}
    assert "weighted_pipeline" in noise and "coverage" not in noise
    assert {"actionable", "anticipates", "drives_results", "formula"} <= set(data[0])


def test_cli_forecast_backtest_json(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    november_pipeline(team_store)
    data = json.loads(_run(capsys, team_store.path, "forecast", "--backtest", "3", "--json"))
    assert [p["period"] for p in data["backtest"]] == ["2026-10", "2026-09", "2026-08"]
    assert {"won", "forecast", "low", "high", "method"} <= set(data["forecast"])
    assert {"mean_abs_error", "crm_mean_abs_error", "pace_mean_abs_error"} <= set(data)
    assert {"as_of", "actual", "timing", "crm", "pace", "forecast"} <= set(data["backtest"][0])
    assert "Backtest" in _run(capsys, team_store.path, "forecast", "--backtest", "2")


def test_cli_bad_period_is_one_sentence(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(team_store.path), "--as", "mia", "kpis", "--period", "2026-13"]) == 1
    assert capsys.readouterr().err.startswith("pilot: '2026-13' is not a period")


def test_cli_kpis_for_a_rep_and_a_week(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    november_pipeline(team_store)
    data = json.loads(
        _run(
            capsys, team_store.path, "kpis", "--json", "--scope", "rep:sam", "--period", "2026-W45"
        )
    )
    assert (data["scope"], data["period"]["start"], data["previous_period"]["label"]) == (
        "rep:sam",
        "2026-11-02",
        "2026-W44",
    )
    assert data["as_of"] == "2026-11-08"
    table = _run(capsys, team_store.path, "kpis", "--period", "2026-11")
    assert "too few to say" in table


def test_the_json_docs_name_every_status_and_forecast_field() -> None:
    from pilot_tui.core.forecast import BacktestPoint, Forecast, ForecastReport, Status

    docs = (Path(__file__).parent.parent / "docs" / "kpis-json.md").read_text(encoding="utf-8")
    for model in (Status, Forecast, ForecastReport, BacktestPoint):
        for name in model.model_fields:
            assert f"`{name}`" in docs or f" {name}," in docs or f" {name}}}" in docs, name


def test_pace_cannot_lead_before_anything_is_won() -> None:
    from pilot_tui.core.forecast.backtest import Replay, choose
    from pilot_tui.core.forecast.methods import Projection

    def projection(won: float) -> Projection:
        return Projection(
            timing=150.0, crm=300.0, pace=100.0, from_open=0.0, new_business=0.0, won=won
        )

    # Last period: pace exact, timing +50 %, CRM +200 % (blend of timing and CRM, weights 2
    # and 0.5: (2 × 150 + 0.5 × 300) / 2.5 = 180, +80 %).
    replayed = [Replay("2026-10", date(2026, 10, 18), 100.0, projection(40.0))]
    assert choose(replayed, projection(40.0)).method == "pace"
    assert choose(replayed, projection(0.0)).method == "timing"


def test_deals_created_and_won_after_the_replay_day_count_as_new_business(
    team_store: Store,
) -> None:
    october_history(team_store)
    build(team_store, won("2026-10-20", "2026-10-25"), amount=200_00)
    report = compute_forecast(team_store, AS_OF_TODAY, Scope(), NOVEMBER, 1)
    # Created after 2026-10-18 and won in October: in October's actual, and what November
    # should expect from deals not created yet (the mean over the one learning period).
    assert report.backtest[0].actual == 1200_00
    assert report.forecast.expected_new == 200_00
