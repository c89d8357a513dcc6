"""Typed columns of one file: each field read once for the whole column, bad cells collected."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import pandas as pd

from pilot_tui.core.importers.dates import LABELS, DateColumn, parse_date_column
from pilot_tui.core.importers.reading import BadRow, RawTable
from pilot_tui.core.importers.values import CellError, clean
from pilot_tui.i18n import _

T = TypeVar("T")
_SEPARATORS = " -–—,:/|"
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


@dataclass
class Columns:
    """Access to a table's columns by header; records bad cells by row index."""

    table: RawTable
    prefer_day_first: bool = False
    decisions: list[str] = field(default_factory=list)
    errors: dict[int, BadRow] = field(default_factory=dict)
    _texts: dict[str, list[str | None]] = field(default_factory=dict)
    _dates: dict[tuple[str | None, bool], DateColumn] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.table.rows)

    def text(self, header: str | None) -> list[str | None]:
        """Cleaned cells of ``header``; all ``None`` when the header is absent."""
        if header is None or header not in self.table.headers:
            return [None] * len(self)
        if header not in self._texts:
            self._texts[header] = [clean(cell) for cell in self.table.column(header)]
        return self._texts[header]

    def template(self, template: str) -> list[str | None]:
        """Cells built from a template like '{product} – {account}'; blank parts are dropped
        with the separators around them."""
        names = _TEMPLATE_FIELD.findall(template)
        values = {name: self.text(name) for name in names}
        out: list[str | None] = []
        for i in range(len(self)):
            row = {name: column[i] or "\0" for name, column in values.items()}
            text = _TEMPLATE_FIELD.sub(partial(_fill, row), template)
            parts = re.split(r"\s*\0\s*", text)
            joined = " ".join(p for p in parts if p.strip(_SEPARATORS)).strip(_SEPARATORS)
            out.append(joined or None)
        return out

    def settle_date_order(self, headers: list[str | None], *, explicit: bool) -> None:
        """Let ambiguous date columns follow the order the file's other date columns prove
        (``01/02/2024`` next to a column holding ``13/02/2024`` is day-first), unless the
        mapping said which order to use."""
        if explicit:
            return
        proven = set()
        for header in headers:
            if header is None or header not in self.table.headers:
                continue
            column = self._parsed_dates(header)
            if column.order in ("month-first", "day-first") and not column.ambiguous:
                proven.add(column.order)
        if len(proven) == 1:
            self.prefer_day_first = proven == {"day-first"}

    def bad(self, index: int, column: str | None, reason: str) -> None:
        if index not in self.errors:
            self.errors[index] = BadRow(
                self.table.path,
                self.table.lines[index],
                column,
                reason,
                tuple(self.table.rows[index]),
            )

    def typed(self, header: str | None, parse: Callable[[str], T | None]) -> list[T | None]:
        """``parse`` applied to each non-empty cell; a ``CellError`` marks the row bad."""
        out: list[T | None] = []
        seen: dict[str, T | None] = {}  # values repeat: parse each distinct one once
        for i, cell in enumerate(self.text(header)):
            if cell is None:
                out.append(None)
                continue
            try:
                if cell not in seen:
                    seen[cell] = parse(cell)
                out.append(seen[cell])
            except CellError as exc:
                self.bad(i, header, str(exc))
                out.append(None)
        return out

    def _parsed_dates(self, header: str | None) -> DateColumn:
        key = (header, self.prefer_day_first)
        if key not in self._dates:
            self._dates[key] = parse_date_column(
                self.text(header), prefer_day_first=self.prefer_day_first
            )
        return self._dates[key]

    def dates(self, header: str | None) -> DateColumn:
        """The column read as dates, its format decided once and reported."""
        cells = self.text(header)
        column = self._parsed_dates(header)
        if header is not None and column.order:
            self.decisions.append(column.describe(header))
        for i, (cell, stamp) in enumerate(zip(cells, column.values.tolist(), strict=True)):
            if cell is not None and pd.isna(stamp):
                self.bad(
                    i,
                    header,
                    _("'{text}' is not a date ({how}).").format(
                        text=cell, how=LABELS.get(column.order, LABELS["iso"])
                    ),
                )
        return column


def _fill(row: dict[str, str], match: re.Match[str]) -> str:
    return row[match.group(1)]


def _formatted(column: DateColumn, fmt: str) -> list[str | None]:
    # Dates repeat a lot: format each distinct value once.
    codes, uniques = pd.factorize(column.values)
    texts = [stamp.strftime(fmt) for stamp in uniques]
    return [texts[code] if code >= 0 else None for code in codes.tolist()]


def days(column: DateColumn) -> list[str | None]:
    """ISO days ('2026-02-23') of a date column; ``None`` where empty."""
    return _formatted(column, "%Y-%m-%d")


def instants(column: DateColumn) -> list[str | None]:
    """ISO UTC instants ('2026-02-23T20:55:00Z') of a date column; ``None`` where empty."""
    return _formatted(column, "%Y-%m-%dT%H:%M:%SZ")


def first_present(*columns: list[Any]) -> list[Any]:
    """Row by row, the first non-empty value among ``columns``."""
    return [
        next((v for v in values if v is not None), None) for values in zip(*columns, strict=True)
    ]
