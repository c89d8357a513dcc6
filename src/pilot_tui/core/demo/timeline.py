"""Demo time: days and instants counted from 'today', turned into ISO text only at the end.

A *day* is an int offset from today (0 = today, -1 = yesterday). A *tick* is a 10-minute slot:
``tick = day * TICKS_PER_DAY + slot``; demo events happen on working hours of working days,
and never today, so that nothing lies in the future of the clock.
"""

import datetime as dt
from datetime import timedelta
from random import Random

TICKS_PER_DAY = 144
"""10-minute slots in a day."""
WORK_START = 8 * 6
"""First slot of the working day (08:00 UTC)."""
WORK_END = 18 * 6
"""First slot after the working day (18:00 UTC)."""


class Calendar:
    """Converts demo days and ticks to dates and ISO text, with caches (the scale demo formats
    millions of instants that share a few thousand distinct values)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._ordinal = today.toordinal()
        self._days: dict[int, str] = {}
        self._ticks: dict[int, str] = {}

    def date(self, day: int) -> dt.date:
        return dt.date.fromordinal(self._ordinal + day)

    def day_of(self, value: dt.date) -> int:
        return value.toordinal() - self._ordinal

    def iso_day(self, day: int) -> str:
        """'2026-11-18' for a day offset."""
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = self.date(day).isoformat()
        return text

    def iso_tick(self, tick: int) -> str:
        """'2026-11-18T09:30:00+00:00' (the store's instant format) for a tick."""
        text = self._ticks.get(tick)
        if text is None:
            day, slot = divmod(tick, TICKS_PER_DAY)
            hours, tens = divmod(slot, 6)
            text = f"{self.iso_day(day)}T{hours:02d}:{tens * 10:02d}:00+00:00"
            self._ticks[tick] = text
        return text

    def is_weekend(self, day: int) -> bool:
        # date(1, 1, 1) is a Monday, so (ordinal - 1) % 7 is date.weekday().
        return (self._ordinal + day - 1) % 7 >= 5

    def workday(self, day: int) -> int:
        """``day`` itself, or the Monday after it when it falls on a weekend."""
        while self.is_weekend(day):
            day += 1
        return day

    def workday_before(self, day: int) -> int:
        """``day`` itself, or the Friday before it when it falls on a weekend."""
        while self.is_weekend(day):
            day -= 1
        return day

    def month_start(self, day: int) -> int:
        """The first day of the month holding ``day``."""
        return self.day_of(self.date(day).replace(day=1))

    def next_month_start(self, day: int) -> int:
        first = self.date(day).replace(day=1)
        return self.day_of((first + timedelta(days=32)).replace(day=1))

    def month_key(self, day: int) -> str:
        """'2026-11', the objectives' month period."""
        return self.iso_day(day)[:7]

    def months(self, first_day: int, last_day: int) -> list[tuple[str, int, int]]:
        """Each month touching [first_day, last_day]: (period, first day, first day of next)."""
        result: list[tuple[str, int, int]] = []
        start = self.month_start(first_day)
        while start <= last_day:
            following = self.next_month_start(start)
            result.append((self.month_key(start), start, following))
            start = following
        return result


def work_tick(rng: Random, day: int) -> int:
    """A random instant within working hours of ``day``."""
    return day * TICKS_PER_DAY + rng.randrange(WORK_START, WORK_END)
