"""Money for people: minor units in, a locale's compact notation out (Babel)."""

from babel.numbers import format_compact_currency, format_currency


def compact_money(minor: float, currency: str, locale: str = "en") -> str:
    """E.g. 4_821_300 cents → '€48K' (English)."""
    return str(format_compact_currency(minor / 100, currency, locale=locale, fraction_digits=0))


def full_money(minor: float, currency: str, locale: str = "en") -> str:
    """E.g. 4_821_300 cents → '€48,213.00' (English)."""
    return str(format_currency(minor / 100, currency, locale=locale))
