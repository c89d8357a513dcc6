"""The few period operations objectives need: parse '2026-11' / '2026-W47' / '2026-Q4', step back.

A stop-gap until ``core.periods`` (numbers branch) is on main: its ``parse_period`` returns a
``Period`` with the same ``start``/``end``/``label`` fields and ``previous()``, so switching is
an import change.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` inclusive; ``kind`` is 'week', 'month' or 'quarter'."""

    start: date
    end: date
    kind: str
    label: str

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        return period_containing(self.start - timedelta(days=1), self.kind)


def period_containing(day: date, kind: str) -> Period:
    """The ISO week, month or quarter containing ``day``."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        year, week, _weekday = day.isocalendar()
        return Period(start, start + timedelta(days=6), kind, f"{year}-W{week:02d}")
    if kind == "month":
        start = day.replace(day=1)
        return Period(start, _month_end(start), kind, f"{day.year}-{day.month:02d}")
    quarter = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * quarter - 2, 1)
    return Period(
        start, _month_end(date(day.year, 3 * quarter, 1)), "quarter", f"{day.year}-Q{quarter}"
    )


def parse_period(text: str) -> Period:
    """Parse a month, ISO week or quarter; ``ValidationError`` (one sentence) otherwise."""
    value = text.strip()
    try:
        if match := _MONTH.match(value):
            return period_containing(date(int(match[1]), int(match[2]), 1), "month")
        if match := _WEEK.match(value):
            return period_containing(date.fromisocalendar(int(match[1]), int(match[2]), 1), "week")
        if match := _QUARTER.match(value):
            return period_containing(date(int(match[1]), 3 * int(match[2]) - 2, 1), "quarter")
    except ValueError:
        pass
    raise ValidationError(
        _(
            "'{text}' is not a period; use a month (2026-11), an ISO week (2026-W47) or a "
            "quarter (2026-Q4)."
        ).format(text=text)
    )


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)
