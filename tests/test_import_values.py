"""Typing cells per column: numbers, money, booleans, empty lookups, dates, header aliases."""

from decimal import Decimal

import pandas as pd
import pytest

from pilot_tui.core.importers.aliases import match_columns
from pilot_tui.core.importers.dates import parse_date_column
from pilot_tui.core.importers.values import (
    CellError,
    NumberFormat,
    clean,
    currency_in,
    decide_number_format,
    parse_bool,
    parse_decimal,
    to_minor,
    to_probability,
)

COMMA = NumberFormat(",")
POINT = NumberFormat(".")


def test_decimal_comma_column_is_decided_from_the_values() -> None:
    assert decide_number_format(["1.234,56", "12"]).decimal == ","
    assert decide_number_format(["12,5", "3"]).decimal == ","
    assert decide_number_format(["1,234,567.00", "2"]).decimal == "."
    assert decide_number_format(["1,234", "12"]).decimal == "."  # ambiguous alone: point


@pytest.mark.parametrize(
    ("cell", "fmt", "expected"),
    [
        ("1.234,56", COMMA, "1234.56"),
        ("1 234,56 €", COMMA, "1234.56"),
        ("$1,200.50", POINT, "1200.50"),
        ("EUR 99", POINT, "99"),
        ("(250.00)", POINT, "-250.00"),
        ("12 %", POINT, "12"),
    ],
)
def test_amounts_with_separators_and_currency_symbols(
    cell: str, fmt: NumberFormat, expected: str
) -> None:
    assert parse_decimal(cell, fmt) == Decimal(expected)


def test_money_is_rounded_half_up_to_minor_units() -> None:
    assert to_minor(Decimal("4800.505")) == 480051
    assert to_minor(Decimal("100"), Decimal("0.92")) == 9200


def test_currency_is_read_from_a_symbol_or_code() -> None:
    assert currency_in("1 200 €") == "EUR"
    assert currency_in("US$ 5") == "USD"
    assert currency_in("GBP 12") == "GBP"
    assert currency_in("12") is None


def test_a_word_is_not_a_number() -> None:
    with pytest.raises(CellError, match="'twelve' is not a number."):
        parse_decimal("twelve", POINT)


def test_probability_accepts_share_or_percent() -> None:
    assert to_probability(Decimal("0.25")) == 0.25
    assert to_probability(Decimal("90")) == 0.9
    with pytest.raises(CellError):
        to_probability(Decimal("250"))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("Yes", True),
        ("n", False),
        ("", None),
    ],
)
def test_booleans_in_their_usual_spellings(cell: str, expected: bool | None) -> None:
    assert parse_bool(cell) is expected


def test_salesforce_empty_lookup_and_blank_mean_nothing_and_ids_stay_text() -> None:
    assert clean("000000000000000AAA") is None
    assert clean("  ") is None
    assert clean("007") == "007"


def _days(cells: list[str | None], **kw: bool) -> tuple[list[str | None], str, bool]:
    column = parse_date_column(cells, **kw)
    days = [None if pd.isna(v) else v.strftime("%Y-%m-%d %H:%M") for v in column.values]
    return days, column.order, column.ambiguous


def test_iso_dates_and_instants_with_and_without_zone() -> None:
    days, order, _ = _days(
        [
            "2023-10-28 20:45:25",
            "2024-01-01T10:00:00+02:00",
            "2024-01-02T09:00:00Z",
            "2024-01-03",
            None,
        ]
    )
    assert order == "iso"
    assert days == [
        "2023-10-28 20:45",
        "2024-01-01 08:00",
        "2024-01-02 09:00",
        "2024-01-03 00:00",
        None,
    ]


def test_us_dates_with_two_digit_years_and_am_pm_times() -> None:
    days, order, ambiguous = _days(["02/23/26 08:55 PM", "02/03/24", "3/1/2017"])
    assert order == "month-first" and not ambiguous
    assert days == ["2026-02-23 20:55", "2024-02-03 00:00", "2017-03-01 00:00"]


def test_day_first_is_decided_by_the_column_not_the_value() -> None:
    # 01/02/2024 alone is ambiguous; 13/02/2024 in the same column settles day-first.
    days, order, ambiguous = _days(["01/02/2024", "13/02/2024"])
    assert order == "day-first" and not ambiguous
    assert days == ["2024-02-01 00:00", "2024-02-13 00:00"]


def test_an_ambiguous_column_follows_the_preference_and_says_so() -> None:
    assert _days(["01/02/2024", "03/04/2024"])[1:] == ("month-first", True)
    days, order, ambiguous = _days(["01/02/2024"], prefer_day_first=True)
    assert (days, order, ambiguous) == (["2024-02-01 00:00"], "day-first", True)
    column = parse_date_column(["01/02/2024"])
    assert 'set dates = "day-first"' in column.describe("CloseDate")


def test_excel_serial_numbers() -> None:
    days, order, _ = _days(["45000", "45001.5"])
    assert order == "excel"
    assert days == ["2023-03-15 00:00", "2023-03-16 12:00"]


def test_an_unreadable_date_stays_empty_for_the_caller_to_report() -> None:
    days, order, _ = _days(["2024-01-05", "soon"])
    assert (days, order) == (["2024-01-05 00:00", None], "iso")


def test_headers_match_api_names_labels_upper_case_and_pipedrive_prefix() -> None:
    columns = match_columns(
        ["Opportunity ID", "STAGE NAME", "Deal - Value", "Deal owner", "closeDate", "Account Name"]
    )
    assert columns["external_id"] == ["Opportunity ID"]
    assert columns["stage"] == ["STAGE NAME"]
    assert columns["amount"] == ["Deal - Value"]
    assert columns["owner"] == ["Deal owner"]
    assert columns["expected_close"] == ["closeDate"]
    assert columns["account"] == ["Account Name"]


def test_explicit_mapping_wins_over_aliases() -> None:
    columns = match_columns(["id", "legacy_id", "Stage"], {"external_id": "legacy_id"})
    assert columns["external_id"] == ["legacy_id"]
