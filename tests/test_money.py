"""Parsing typed amounts into minor units, and formatting them (and shares) back."""

import pytest

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.money import format_money, parse_money
from pilot_tui.core.percent import format_share


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("12500", 1_250_000),
        ("12 500,50", 1_250_050),
        ("12\u202f500,50", 1_250_050),
        ("12,500.50", 1_250_050),
        ("12.500,50", 1_250_050),
        ("€12.5k", 1_250_000),
        ("1.2M EUR", 120_000_000),
        ("EUR 99.99", 9_999),
        ("$1,234,567", 123_456_700),
        ("12,500", 1_250_000),
        ("12,5", 1_250),
        ("0", 0),
        ("3k", 300_000),
    ],
)
def test_parse_money_reads_the_usual_ways_of_typing_an_amount(text: str, minor: int) -> None:
    assert parse_money(text) == minor


def test_parse_money_single_separator_before_three_digits_groups_thousands() -> None:
    assert parse_money("1.250") == 125_000
    assert parse_money("1.25") == 125


def test_parse_money_blank_means_no_amount() -> None:
    assert parse_money("   ") is None


@pytest.mark.parametrize("text", ["abc", "-5", "1.2.3,4", "12345,678.90", "12.3456", "1.234567k"])
def test_parse_money_refuses_what_it_cannot_read_exactly(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_money(text)


def test_format_money_whole_units_and_compact() -> None:
    assert format_money(1_250_060) == "€12,501"
    assert format_money(1_250_000, "USD") == "$12,500"
    assert format_money(125_000_000, compact=True) == "€1.2M"
    assert format_money(None) == "—"


@pytest.mark.parametrize(
    ("share", "signed", "text"),
    [
        (0.62, False, "62 %"),
        (1 / 3, False, "33 %"),
        (0.625, False, "62 %"),  # half to even, as round()
        (-0.004, False, "0 %"),  # never "-0 %"
        (0.05, True, "+5 %"),
        (-0.034, True, "-3 %"),
        (0.0, True, "+0 %"),
    ],
)
def test_format_share_rounds_to_a_whole_percent(share: float, signed: bool, text: str) -> None:
    assert format_share(share, signed=signed) == text
