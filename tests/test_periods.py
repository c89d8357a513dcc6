"""Periods, working days and pace."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.periods import (
    PeriodKind,
    elapsed_working_days,
    is_working_day,
    next_calendar_kind,
    pace,
    parse_calendar_period,
    parse_period,
    period_containing,
    working_days,
)


def test_month_parses_to_its_first_and_last_day() -> None:
    period = parse_period("2026-11")
    assert (period.start, period.end, period.kind, period.label) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        PeriodKind.MONTH,
        "2026-11",
    )


def test_iso_week_47_of_2026_runs_monday_to_sunday() -> None:
    period = parse_period("2026-W47")
    assert (period.start, period.end) == (date(2026, 11, 16), date(2026, 11, 22))


def test_iso_week_one_can_start_in_the_previous_year() -> None:
    period = parse_period("2026-W01")
    assert period.start == date(2025, 12, 29)
    assert period_containing(date(2025, 12, 31), "week").label == "2026-W01"


def test_quarter_four() -> None:
    period = parse_period("2026-q4")
    assert (period.start, period.end, period.label) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-Q4",
    )


def test_range_is_inclusive_and_moves_by_its_length() -> None:
    period = parse_period("2026-10-01..2026-10-10")
    assert period.days == 10
    assert period.previous().label == "2026-09-21..2026-09-30"
    assert period.next().label == "2026-10-11..2026-10-20"


def test_previous_and_next_cross_year_boundaries() -> None:
    assert parse_period("2026-01").previous().label == "2025-12"
    assert parse_period("2026-Q4").next().label == "2027-Q1"
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert parse_period("2026-11").shifted(3).label == "2026-08"


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-W54", "2026-Q5", "november", "", "2026-11-15..2026-10-01"]
)
def test_bad_period_is_one_clear_sentence(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert str(caught.value).endswith(".")
    assert "\n" not in str(caught.value)


def test_calendar_period_refuses_a_range_but_names_weeks_months_quarters() -> None:
    assert [parse_calendar_period(t).kind for t in ("2026-W47", "2026-11", "2026-Q4")] == [
        PeriodKind.WEEK,
        PeriodKind.MONTH,
        PeriodKind.QUARTER,
    ]
    with pytest.raises(ValidationError, match=r"^'2026-10-01\.\.2026-10-10' is a range; use a"):
        parse_calendar_period("2026-10-01..2026-10-10")
    with pytest.raises(ValidationError, match="not a period"):
        parse_calendar_period("someday")


def test_working_days_of_november_2026_exclude_weekends() -> None:
    assert working_days(date(2026, 11, 1), date(2026, 11, 30)) == 21


def test_holidays_remove_working_days_but_not_weekend_ones() -> None:
    holidays = {date(2026, 11, 11), date(2026, 11, 1)}  # a Wednesday and a Sunday
    assert working_days(date(2026, 11, 1), date(2026, 11, 30), holidays) == 20


def test_elapsed_working_days_count_the_day_itself() -> None:
    november = parse_period("2026-11")
    assert elapsed_working_days(november, date(2026, 11, 18)) == 13
    assert elapsed_working_days(november, date(2026, 10, 18)) == 0
    assert elapsed_working_days(november, date(2027, 1, 1)) == 21


def test_pace_is_elapsed_over_total_working_days() -> None:
    assert pace(parse_period("2026-11"), date(2026, 11, 18)) == pytest.approx(13 / 21)


def test_pace_of_a_weekend_only_range() -> None:
    weekend = parse_period("2026-11-21..2026-11-22")
    assert pace(weekend, date(2026, 11, 21)) == 0.0
    assert pace(weekend, date(2026, 11, 22)) == 1.0


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["week", "month", "quarter"]),
)
def test_period_labels_parse_back_and_periods_tile_time(day: date, kind: str) -> None:
    period = period_containing(day, kind)
    assert period.contains(day)
    assert parse_period(period.label) == period
    assert period.next().previous() == period
    assert period.next().start == period.end + timedelta(days=1)


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.sets(st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 3, 1)), max_size=5),
)
def test_working_days_match_counting_one_by_one(
    start: date, length: int, holidays: set[date]
) -> None:
    end = start + timedelta(days=length)
    expected = sum(
        1
        for offset in range(length + 1)
        if is_working_day(start + timedelta(days=offset), holidays)
    )
    assert working_days(start, end, holidays) == expected


def test_t_cycles_week_month_quarter_around_the_periods_end_or_today() -> None:
    today = date(2026, 11, 18)
    # No period yet counts as a month (the dashboard starts on one): next comes the quarter.
    assert next_calendar_kind(None, today).label == "2026-Q4"
    assert next_calendar_kind(parse_period("2026-Q4"), today).label == "2026-W47"
    assert next_calendar_kind(parse_period("2026-W47"), today).label == "2026-11"
    assert next_calendar_kind(parse_period("2026-09"), today).label == "2026-Q3"
    assert next_calendar_kind(parse_period("2026-12"), today).label == "2026-Q4"  # today first
    assert next_calendar_kind(parse_period("2026-01-01..2026-01-31"), today).label == "2026-01"
