"""Typing text cells column by column: amounts, percentages, booleans, dates and instants.

Decisions that depend on the whole column (decimal comma or point, month-first or day-first,
Excel serial numbers) are taken once per column and reported, never guessed value by value.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pilot_tui.i18n import _

EMPTY_LOOKUPS = frozenset({"000000000000000", "000000000000000AAA"})
"""Salesforce writes an empty lookup (no account, no campaign) as this id."""
NULLS = frozenset({"", "null", "none", "n/a", "na", "-", "#n/a"})

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "x", "oui", "vrai", "won", "closed"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "non", "faux", "open"})

CURRENCY_SYMBOLS = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "US$": "USD",
    "R$": "BRL",
    "C$": "CAD",
    "A$": "AUD",
}
_CODE = re.compile(r"\b([A-Z]{3})\b")
_SYMBOLS = re.compile(r"US\$|R\$|C\$|A\$|[€$£¥₹]|\bCHF\b")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def clean(cell: str) -> str | None:
    """The cell without surrounding spaces; ``None`` when it holds nothing (or an empty lookup)."""
    text = cell.strip()
    if text.lower() in NULLS or text in EMPTY_LOOKUPS:
        return None
    return text


class CellError(ValueError):
    """A cell that cannot be read; its message is the reason, one sentence."""


def parse_bool(cell: str) -> bool | None:
    text = clean(cell)
    if text is None:
        return None
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("'{text}' is not yes or no.").format(text=text))


@dataclass(frozen=True)
class NumberFormat:
    """How one column writes numbers: which character is the decimal mark."""

    decimal: str = "."

    @property
    def description(self) -> str:
        return _("decimal comma") if self.decimal == "," else _("decimal point")


def decide_number_format(cells: Sequence[str]) -> NumberFormat:
    """Decimal comma or point for a whole column.

    A value with both marks votes for the last one (``1.234,56``); ``12,5`` votes for a decimal
    comma, ``1,234,567`` for thousands separators; ``1,234`` alone does not vote. A tie is a
    decimal point.
    """
    comma_votes = point_votes = 0
    for cell in cells:
        text = _SPACES.sub("", cell)
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                comma_votes += 1
            else:
                point_votes += 1
        elif "," in text:
            digits = re.sub(r"[^\d,]", "", text)
            if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", digits):
                point_votes += 1
            elif not re.fullmatch(r"\d{1,3},\d{3}", digits):
                comma_votes += 1
    return NumberFormat(",") if comma_votes > point_votes else NumberFormat(".")


def currency_in(cell: str) -> str | None:
    """The ISO code a cell names by symbol or code ('€ 1 200' → 'EUR'), if any."""
    symbol = _SYMBOLS.search(cell)
    if symbol:
        return CURRENCY_SYMBOLS[symbol.group(0)]
    code = _CODE.search(cell)
    return code.group(1) if code else None


LARGEST_NUMBER = Decimal(10) ** 16
"""Amounts are stored in minor units in SQLite's 64-bit integers (up to about 9.2e18): a
number from 10^16 on cannot be stored, and is a typing or export mistake anyway."""


def parse_decimal(cell: str, fmt: NumberFormat) -> Decimal | None:
    """A number written with thousands separators, a currency symbol or code, a trailing '%',
    or accounting parentheses for negatives; ``None`` for an empty cell."""
    text = clean(cell)
    if text is None:
        return None
    body = _SYMBOLS.sub("", _CODE.sub("", text))
    body = _SPACES.sub("", body).rstrip("%")
    negative = body.startswith("(") and body.endswith(")")
    body = body.strip("()")
    thousands = "." if fmt.decimal == "," else ","
    body = body.replace(thousands, "").replace(fmt.decimal, ".")
    try:
        value = Decimal(body)
    except InvalidOperation:
        raise CellError(_("'{text}' is not a number.").format(text=text)) from None
    if not value.is_finite():
        raise CellError(_("'{text}' is not a number.").format(text=text))
    if abs(value) >= LARGEST_NUMBER:
        raise CellError(
            _("'{text}' is too large: Pilot keeps numbers below 10^16.").format(text=text)
        )
    return -value if negative else value


def to_minor(value: Decimal, rate: Decimal = Decimal(1)) -> int:
    """Money in minor units (cents), half-up; ``rate`` converts into the reporting currency."""
    return int((value * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_probability(value: Decimal) -> float:
    """A share 0..1 from '0.25', '25' or '25%' (values above 1 are read as percentages)."""
    share = value / 100 if value > 1 else value
    if not 0 <= share <= 1:
        raise CellError(_("{value} is not a probability between 0 and 100%.").format(value=value))
    return float(share)
