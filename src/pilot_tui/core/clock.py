"""'Today' for all of Pilot, fixed by ``--today`` / ``PILOT_TODAY`` for demos and tests.

Nothing else calls ``date.today()`` or ``datetime.now()``.
"""

from datetime import UTC, date, datetime

_fixed_today: date | None = None
_fixed_now: datetime | None = None


def set_today(day: date | None) -> None:
    """Fix 'today' (``None`` returns to the real date)."""
    global _fixed_today
    _fixed_today = day


def freeze(instant: datetime | None) -> None:
    """Fix the current instant too (tests and snapshots); it implies its own date."""
    global _fixed_now
    _fixed_now = instant.astimezone(UTC) if instant is not None else None


def today() -> date:
    """The day Pilot computes for."""
    if _fixed_now is not None:
        return _fixed_now.date()
    return _fixed_today if _fixed_today is not None else date.today()


def now() -> datetime:
    """The current instant, timezone-aware UTC; on a fixed day, that day at the real time."""
    if _fixed_now is not None:
        return _fixed_now
    real = datetime.now(UTC)
    if _fixed_today is None:
        return real
    return datetime.combine(_fixed_today, real.timetz())


def now_iso() -> str:
    """The current instant as ISO-8601 UTC with seconds, as stored in the database."""
    return now().replace(microsecond=0).isoformat()
