"""Dates and instants, decided per column: ISO, month-first, day-first or Excel serial numbers.

A column is read with one *family* of formats (a family allows a time of day, seconds, AM/PM
and two-digit years next to plain dates). When every value fits both month-first and day-first,
the column is ambiguous and read with the preferred order, which the import reports.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC

import pandas as pd

from pilot_tui.i18n import _

_TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p")


def _family(day_first: bool) -> tuple[str, ...]:
    dates = []
    for sep in ("/", ".", "-"):
        order = ("%d", "%m") if day_first else ("%m", "%d")
        for year in ("%Y", "%y"):
            dates.append(sep.join((*order, year)))
    return tuple(d + t for d in dates for t in _TIMES)


FAMILIES: dict[str, tuple[str, ...]] = {
    "iso": ("ISO8601",),
    "month-first": _family(day_first=False),
    "day-first": _family(day_first=True),
}
LABELS = {
    "iso": _("ISO dates"),
    "month-first": _("month/day/year"),
    "day-first": _("day/month/year"),
    "excel": _("Excel serial numbers"),
}
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_RANGE = (1, 2_958_465)


@dataclass(frozen=True)
class DateColumn:
    """A column's values as UTC timestamps (NaT where empty or unreadable) and how it was read."""

    values: pd.Series
    order: str
    """One of 'iso', 'month-first', 'day-first', 'excel'; '' when the column is empty."""
    ambiguous: bool
    """Every value fitted both month-first and day-first; ``order`` is the preference."""

    def describe(self, column: str) -> str:
        if not self.order:
            return ""
        text = _("{column}: {label}").format(column=column, label=LABELS[self.order])
        if self.ambiguous:
            text += _(
                ' (every value also fits the other order; set dates = "{other}" in '
                "the mapping if that is wrong)"
            ).format(other="day-first" if self.order == "month-first" else "month-first")
        return text


def _parse(uniques: pd.Series, family: str) -> pd.Series:
    result = pd.Series(pd.NaT, index=uniques.index, dtype="datetime64[us, UTC]")
    for fmt in FAMILIES[family]:
        missing = result.isna()
        if not missing.any():
            break
        parsed = pd.to_datetime(uniques[missing], format=fmt, errors="coerce", utc=True)
        result = result.where(~missing, parsed.reindex(result.index))
    return result


def parse_date_column(cells: Sequence[str | None], *, prefer_day_first: bool = False) -> DateColumn:
    """Read a column of dates or date-times, deciding the format once for the whole column.

    Empty cells (``None``) stay NaT; values no family reads stay NaT too and the caller reports
    them as bad cells. Times without a zone are taken as UTC.
    """
    series = pd.Series(list(cells), dtype="object")
    present = series.dropna()
    empty = DateColumn(
        pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]"), "", False
    )
    if present.empty:
        return empty
    uniques = pd.Series(present.unique(), dtype="object")
    numeric = pd.to_numeric(uniques, errors="coerce")
    if (
        numeric.notna().all()
        and numeric.between(*_EXCEL_RANGE).all()
        and not uniques.str.contains(r"^\d{8}$", regex=True).any()
    ):
        days = pd.to_timedelta(numeric, unit="D")
        stamps = (_EXCEL_EPOCH + days).dt.tz_localize(UTC)
        return _spread(series, uniques, stamps, "excel", False)
    parsed = {family: _parse(uniques, family) for family in FAMILIES}
    counts = {family: int(values.notna().sum()) for family, values in parsed.items()}
    preferred = (
        ("iso", "day-first", "month-first")
        if prefer_day_first
        else ("iso", "month-first", "day-first")
    )
    best = max(preferred, key=lambda family: (counts[family], -preferred.index(family)))
    if counts[best] == 0:
        return DateColumn(empty.values, "iso", False)
    ambiguous = best != "iso" and counts["month-first"] == counts["day-first"]
    return _spread(series, uniques, parsed[best], best, ambiguous)


def _spread(
    series: pd.Series, uniques: pd.Series, stamps: pd.Series, order: str, ambiguous: bool
) -> DateColumn:
    lookup = dict(zip(uniques.tolist(), stamps.tolist(), strict=True))
    values = pd.Series(
        [lookup.get(v, pd.NaT) if v is not None else pd.NaT for v in series.tolist()],
        index=series.index,
        dtype="datetime64[us, UTC]",
    )
    return DateColumn(values, order, ambiguous)
