"""Like for like: a period in progress against the previous period at the same
elapsed point, the whole previous period as context; averages on fewer than 10 cases claim no
change. Today is Wednesday 2026-11-18, so October is seen on Sunday 2026-10-18."""

import json
from datetime import date

import pytest

from deal_builder import build, lost, won
from pilot_tui.cli import main
from pilot_tui.core.metrics import compute_snapshot
from pilot_tui.core.metrics.display import compared_span, compared_with, format_change
from pilot_tui.core.metrics.window import same_elapsed_point
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        ("2026-11", date(2026, 11, 18), date(2026, 10, 18)),
        ("2026-11", date(2026, 11, 1), date(2026, 10, 1)),
        ("2026-11", date(2026, 11, 30), date(2026, 10, 31)),  # last day: the whole October
        ("2026-03", date(2026, 3, 30), date(2026, 2, 28)),  # clipped to February's end
        ("2026-W47", date(2026, 11, 18), date(2026, 11, 11)),  # Wednesday → Wednesday
        ("2026-Q4", date(2026, 11, 18), date(2026, 8, 18)),  # day 49 of Q4 → day 49 of Q3
    ],
)
def test_same_elapsed_point_counts_calendar_days_from_the_start(
    period: str, day: date, expected: date
) -> None:
    current = parse_period(period)
    assert same_elapsed_point(current, day, current.previous()) == expected


def _month_end_bunching(store: Store) -> None:
    """October: 2 won and 8 lost by the 18th, then 10 won on the 30th (wins bunch at month
    end). November to the 18th: the same 2 won and 8 lost as October's first 18 days."""
    build(
        store,
        *[won("2026-09-01", "2026-10-05")] * 2,
        *[lost("2026-09-01", "2026-10-10")] * 8,
        *[won("2026-09-01", "2026-10-30")] * 10,
        *[won("2026-10-01", "2026-11-05")] * 2,
        *[lost("2026-10-01", "2026-11-10")] * 8,
    )


def test_win_rate_mid_month_compares_with_the_same_days_of_last_month(team_store: Store) -> None:
    _month_end_bunching(team_store)
    snapshot = compute_snapshot(team_store, "team", "2026-11", TODAY)
    assert snapshot.like_for_like is True
    assert snapshot.previous_as_of == date(2026, 10, 18)
    rate = snapshot.kpi("win_rate")
    # Nov 1–18: 2 / 10; Oct 1–18: 2 / 10; all of October: 12 / 20.
    assert (rate.value, rate.previous, rate.previous_n) == pytest.approx((0.2, 0.2, 10))
    assert (rate.previous_full, rate.previous_full_n) == pytest.approx((0.6, 20))
    assert rate.change == pytest.approx(0.0) and rate.significant is False
    assert format_change(rate, "EUR") == "+0 pts (not significant)"
    assert compared_span(snapshot) == "Oct 1–18"
    assert compared_with(snapshot) == "vs Oct 1–18 (same point of 2026-10)"


def test_whole_month_comparison_would_have_called_a_real_drop(team_store: Store) -> None:
    """On the month's last day the whole of October is the comparison: 2 / 10 against
    12 / 20 — z = 0.4 / √(14/30 · 16/30 · (1/10 + 1/20)) = 2.07, p = 0.038 < 0.10."""
    _month_end_bunching(team_store)
    snapshot = compute_snapshot(team_store, "team", "2026-11", date(2026, 11, 30))
    assert snapshot.like_for_like is False
    assert snapshot.previous_as_of == date(2026, 10, 31)
    rate = snapshot.kpi("win_rate")
    assert (rate.previous, rate.previous_full) == pytest.approx((0.6, 0.6))
    assert rate.change == pytest.approx(-0.4)
    assert rate.significant is True and rate.p_value == pytest.approx(0.038, abs=0.001)
    assert compared_with(snapshot) == "vs 2026-10"


def test_a_closed_period_is_compared_with_the_whole_previous_period(team_store: Store) -> None:
    _month_end_bunching(team_store)
    snapshot = compute_snapshot(team_store, "team", "2026-10", TODAY)
    assert snapshot.like_for_like is False and snapshot.previous_as_of == date(2026, 9, 30)
    assert snapshot.kpi("win_rate").value == pytest.approx(0.6)


def test_average_on_fewer_than_ten_cases_shows_value_and_n_but_no_change(
    team_store: Store,
) -> None:
    # November: 3 won of €2,000; October 1–18: 12 won of €1,000.
    build(team_store, *[won("2026-10-01", "2026-11-05")] * 3, amount=2000_00)
    build(team_store, *[won("2026-09-01", "2026-10-05")] * 12, amount=1000_00)
    size = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("avg_won_size")
    assert (size.value, size.n, size.previous, size.previous_n) == (2000_00, 3, 1000_00, 12)
    assert size.too_few_to_compare is True and size.change is None
    assert format_change(size, "EUR") == "n=3, too few to compare"
    cycle = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("cycle_length")
    assert cycle.value == 35 and cycle.too_few_to_compare is True and cycle.change is None


def test_average_with_ten_cases_on_each_side_has_a_change(team_store: Store) -> None:
    build(team_store, *[won("2026-10-01", "2026-11-05")] * 10, amount=2000_00)
    build(team_store, *[won("2026-09-01", "2026-10-05")] * 10, amount=1000_00)
    size = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("avg_won_size")
    assert size.too_few_to_compare is False and size.change == 1000_00
    assert format_change(size, "EUR") == "+€1K (up)"


def test_new_opportunities_per_week_compare_the_weeks_before_the_same_point(
    team_store: Store,
) -> None:
    # 8 deals created on Tuesday Oct 20: after October's same point (Sunday Oct 18), inside
    # the weeks the whole of October looks at (the 8 weeks to Sunday Oct 25).
    build(team_store, *[[("prospecting", "2026-10-20")]] * 8)
    opps = compute_snapshot(team_store, "team", "2026-11", TODAY).kpi("new_opps_per_week")
    assert (opps.previous, opps.previous_n) == (0.0, 0)
    assert (opps.previous_full, opps.previous_full_n) == (1.0, 8)


def test_cli_kpis_say_what_they_compare_with(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _month_end_bunching(team_store)
    args = ["--db", str(team_store.path), "--as", "mia", "--today", "2026-11-18", "kpis"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["previous_as_of"], data["like_for_like"]) == ("2026-10-18", True)
    assert (data["won"], data["previous_won"], data["previous_full_won"]) == (
        2 * 1000_00,
        2 * 1000_00,
        12 * 1000_00,
    )
    win = next(k for k in data["kpis"] if k["id"] == "win_rate")
    assert (win["previous"], win["previous_full"], win["previous_full_n"]) == (0.2, 0.6, 20)
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "vs Oct 1–18 (same point of 2026-10)" in text and "all of" in text
