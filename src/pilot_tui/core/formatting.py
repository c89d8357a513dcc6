"""Numbers for people, one way everywhere (CLI, screens, reports): 47 %, 12.5 d, €48K."""

from pilot_tui.core.money import format_money
from pilot_tui.i18n import _


def format_value(value: float | None, unit: str, currency: str = "EUR", locale: str = "en") -> str:
    """``value`` in ``unit`` (a KPI or evidence unit name); '—' when there is none."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit == "money":
        return format_money(value, currency, compact=True, locale=locale)
    if unit == "money_per_day":
        money = format_money(value, currency, compact=True, locale=locale)
        return _("{money}/day").format(money=money)
    if unit == "days":
        return _("{days:g} d").format(days=round(value, 1))
    if unit == "ratio":
        return f"{value:.1f}×"
    if unit == "per_week":
        return _("{count:.1f}/wk").format(count=value)
    if unit == "score":
        return f"{value:.0f}/100"
    return f"{value:.0f}" if unit == "count" else f"{value:g}"
