"""Money at the edges: parse what a user types into minor units, format minor units to read.

Inside Pilot money is an integer number of minor units (cents) plus a currency code.
"""

import re
from decimal import Decimal, InvalidOperation

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _

MINOR_DIGITS = 2
"""Decimals of the currencies Pilot handles (EUR, USD, GBP...): amounts are in cents."""

_SCALES = {"": 1, "k": 1_000, "m": 1_000_000}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_SYMBOLS = re.compile(r"^[A-Za-z]{3}|[A-Za-z]{3}$|[€$£¥]")


def parse_money(text: str) -> int | None:
    """Minor units from what a user typed; ``None`` for a blank entry.

    Accepts a currency symbol or code, spaces or apostrophes between thousands, a decimal
    comma or point, and a ``k``/``M`` suffix: "12 500,50", "12,500.50", "€12.5k", "1.2M EUR".
    When both ``,`` and ``.`` appear, the last one is the decimal mark. A single separator
    followed by exactly three digits and no suffix groups thousands ("12,500" = 12500.00);
    otherwise it is the decimal mark ("12,5" = 12.50). Raises ``ValidationError`` for
    anything else, a negative amount, or more than two decimals once scaled.
    """
    raw = text.strip()
    if not raw:
        return None
    cleaned = _SYMBOLS.sub("", _SPACES.sub("", raw)).lower()
    scale = 1
    if cleaned[-1:] in ("k", "m"):
        scale, cleaned = _SCALES[cleaned[-1]], cleaned[:-1]
    number = _normalise_separators(cleaned, has_suffix=scale != 1)
    if number is None or not re.fullmatch(r"\d+(\.\d+)?", number):
        raise ValidationError(
            _("'{text}' is not an amount (try 12500, 12 500,50 or 12.5k).").format(text=raw)
        )
    try:
        value = Decimal(number) * scale * 10**MINOR_DIGITS
    except InvalidOperation:  # pragma: no cover - the pattern above admits only decimals
        raise ValidationError(_("'{text}' is not an amount.").format(text=raw)) from None
    if value != value.to_integral_value():
        raise ValidationError(
            _("'{text}' has more than {digits} decimals.").format(text=raw, digits=MINOR_DIGITS)
        )
    return int(value)


def _normalise_separators(number: str, *, has_suffix: bool) -> str | None:
    """``number`` with its thousands separators removed and a ``.`` decimal mark; ``None``
    when the separators do not group digits by three."""
    if "," in number and "." in number:
        decimal = "," if number.rfind(",") > number.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _sep, fraction = number.rpartition(decimal)
        grouped = _ungroup(whole, grouping)
        return None if grouped is None else grouped + "." + fraction
    for mark in (",", "."):
        count = number.count(mark)
        if count > 1:
            return _ungroup(number, mark)
        if count == 1:
            whole, _sep, fraction = number.partition(mark)
            if len(fraction) == 3 and not has_suffix and whole:
                return whole + fraction
            return whole + "." + fraction
    return number


def _ungroup(whole: str, mark: str) -> str | None:
    """ "1,234,567" → "1234567"; ``None`` unless every group after the first has 3 digits."""
    if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(mark)}\d{{3}})*", whole):
        return None
    return whole.replace(mark, "")


def format_money(
    minor: float | None, currency: str = "EUR", *, compact: bool = False, locale: str = "en"
) -> str:
    """A readable amount: "€12,500" (whole units, rounded) or, compact, "€12.5K".

    ``None`` (amount unknown) reads as "—". Cents are dropped: these are pipeline figures.
    """
    if minor is None:
        return "—"
    from babel.numbers import format_compact_currency, format_currency

    units = Decimal(round(minor)) / 10**MINOR_DIGITS
    if compact:
        return str(format_compact_currency(units, currency, locale=locale, fraction_digits=1))
    return str(
        format_currency(
            units.quantize(Decimal(1)),
            currency,
            format="¤#,##0",
            locale=locale,
            currency_digits=False,
        )
    )
