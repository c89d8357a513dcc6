"""Periods (ISO weeks, months, quarters, date ranges), working days and pace.

A period is a closed interval of days ``[start, end]``. Working days are Monday to Friday
minus the holidays the caller passes in (a set of dates, e.g. from settings).
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pilot_tui.core.errors import ValidationError
from pilot_tui.i18n import _


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    RANGE = "range"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """Days ``start`` to ``end`` inclusive; ``label`` is the text that parses back to it."""

    start: date
    end: date
    kind: PeriodKind
    label: str

    @property
    def days(self) -> int:
        """Calendar days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> "Period":
        """The period of the same kind just before (a range: the same length just before)."""
        if self.kind is PeriodKind.RANGE:
            length = timedelta(days=self.days)
            return date_range(self.start - length, self.end - length)
        return period_containing(self.start - timedelta(days=1), self.kind)

    def next(self) -> "Period":
        """The period of the same kind just after (a range: the same length just after)."""
        if self.kind is PeriodKind.RANGE:
            length = timedelta(days=self.days)
            return date_range(self.start + length, self.end + length)
        return period_containing(self.end + timedelta(days=1), self.kind)

    def shifted(self, periods_back: int) -> "Period":
        """The period ``periods_back`` steps before this one (0 is this one)."""
        period = self
        for _step in range(periods_back):
            period = period.previous()
        return period


def date_range(start: date, end: date) -> Period:
    if end < start:
        raise ValidationError(
            _("The period ends ({end}) before it starts ({start}).").format(end=end, start=start)
        )
    return Period(start, end, PeriodKind.RANGE, f"{start.isoformat()}..{end.isoformat()}")


def period_containing(day: date, kind: PeriodKind | str) -> Period:
    """The week (ISO), month or quarter that contains ``day``."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.WEEK:
        start = day - timedelta(days=day.weekday())
        year, week, _weekday = day.isocalendar()
        return Period(start, start + timedelta(days=6), kind, f"{year}-W{week:02d}")
    if kind is PeriodKind.MONTH:
        start = day.replace(day=1)
        return Period(start, _month_end(start), kind, f"{day.year}-{day.month:02d}")
    if kind is PeriodKind.QUARTER:
        quarter = (day.month - 1) // 3 + 1
        start = date(day.year, 3 * quarter - 2, 1)
        end = _month_end(date(day.year, 3 * quarter, 1))
        return Period(start, end, kind, f"{day.year}-Q{quarter}")
    raise ValueError("a range is not defined by one day")


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_period(text: str) -> Period:
    """Parse '2026-11', '2026-W47', '2026-Q4' or '2026-10-01..2026-11-15'.

    Raises ``ValidationError`` with one sentence for anything else.
    """
    value = text.strip()
    try:
        if match := _MONTH.match(value):
            return period_containing(date(int(match[1]), int(match[2]), 1), PeriodKind.MONTH)
        if match := _WEEK.match(value):
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return period_containing(monday, PeriodKind.WEEK)
        if match := _QUARTER.match(value):
            return period_containing(
                date(int(match[1]), 3 * int(match[2]) - 2, 1), PeriodKind.QUARTER
            )
        if match := _RANGE.match(value):
            return date_range(date.fromisoformat(match[1]), date.fromisoformat(match[2]))
    except ValueError:
        pass
    raise ValidationError(
        _(
            "'{text}' is not a period; use a month (2026-11), an ISO week (2026-W47), a quarter "
            "(2026-Q4) or a range (2026-10-01..2026-11-15)."
        ).format(text=text)
    )


CALENDAR_KINDS = (PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER)
"""What objectives and reports are set for: a range has no calendar name to file them under."""


def parse_calendar_period(text: str) -> Period:
    """``parse_period`` limited to a month, an ISO week or a quarter.

    Raises ``ValidationError`` with one sentence for a range or anything else.
    """
    period = parse_period(text)
    if period.kind not in CALENDAR_KINDS:
        raise ValidationError(
            _(
                "'{text}' is a range; use a month (2026-11), an ISO week (2026-W47) or a "
                "quarter (2026-Q4)."
            ).format(text=text)
        )
    return period


def next_calendar_kind(period: Period | None, day: date) -> Period:
    """The period of the next calendar kind (week → month → quarter → week) around the end
    of ``period`` or ``day``, whichever comes first; after a range, a month."""
    kinds = list(CALENDAR_KINDS)
    current = period.kind if period else PeriodKind.MONTH
    following = kinds[(kinds.index(current) + 1) % len(kinds)] if current in kinds else kinds[1]
    anchor = min(period.end, day) if period else day
    return period_containing(anchor, following)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Working days from ``start`` to ``end`` inclusive (0 when ``end`` < ``start``)."""
    if end < start:
        return 0
    total = (end - start).days + 1
    full_weeks, rest = divmod(total, 7)
    count = 5 * full_weeks
    weekday = start.weekday()
    count += sum(1 for offset in range(rest) if (weekday + offset) % 7 < 5)
    count -= sum(
        1 for holiday in set(holidays) if start <= holiday <= end and holiday.weekday() < 5
    )
    return count


def elapsed_working_days(period: Period, day: date, holidays: Collection[date] = ()) -> int:
    """Working days of ``period`` up to and including ``day`` (the day in progress counts)."""
    return working_days(period.start, min(day, period.end), holidays)


def pace(period: Period, day: date, holidays: Collection[date] = ()) -> float:
    """Share (0..1) of the period's working days elapsed by the end of ``day``.

    A period without any working day counts as fully elapsed once its last day is reached.
    """
    total = working_days(period.start, period.end, holidays)
    if total == 0:
        return 1.0 if day >= period.end else 0.0
    return elapsed_working_days(period, day, holidays) / total
