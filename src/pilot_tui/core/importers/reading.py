"""Reading a CSV export as it really comes: encoding, delimiter, blank rows and report footers.

Every value stays text here (ids keep their leading zeros); typing happens per column later.
"""

import codecs
import csv
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.text import clean_line
from pilot_tui.i18n import _

DELIMITERS = ",;\t|"
"""Delimiters a CSV export may use (Excel in a comma-decimal locale writes ``;``)."""
_SNIFF_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024
MEGABYTE = 1024 * 1024
DEFAULT_MAX_MB = 200
"""The largest import file read by default (setting ``import_max_mb``)."""
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook or a zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF document",
}


@dataclass(frozen=True)
class BadRow:
    """A row that cannot be imported: where it is and why (one sentence)."""

    path: Path
    line: int
    column: str | None
    reason: str
    cells: tuple[str, ...] = ()

    def describe(self) -> str:
        """'deals.csv:4 [Amount]: …', cleaned of control characters (``clean_line``): the
        column and the reason quote the file."""
        where = f"{self.path.name}:{self.line}"
        if self.column:
            where += f" [{self.column}]"
        return clean_line(f"{where}: {self.reason}")


@dataclass
class RawTable:
    """A CSV file's header and rows, all text, each row as long as the header."""

    path: Path
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[list[str]]
    lines: list[int]
    """Line number (1-based, the header is line 1 or later) where each row starts."""
    footer_rows: int = 0
    blank_rows: int = 0
    bad: list[BadRow] = field(default_factory=list)

    def column(self, header: str) -> list[str]:
        index = self.headers.index(header)
        return [row[index] for row in self.rows]


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding used: UTF-16 with its BOM (Excel's "Unicode
    text"), UTF-8 (with or without BOM), else cp1252.

    cp1252 is what Excel writes on Windows in Western locales; bytes it leaves undefined fall
    back to latin-1 so that nothing is lost.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_source(path: Path, max_bytes: int) -> bytes:
    """The bytes of the import file ``path``, read in chunks and never more than
    ``max_bytes``: a regular file only (a pipe, a device such as /dev/zero or a directory
    would block or never end), checked on the file actually opened.

    Raises ``ValidationError`` with one sentence for a missing, unreadable, special or too
    large file.
    """
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang; a regular file ignores it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ValidationError(_("{path} does not exist.").format(path=path)) from None
    except PermissionError:
        raise ValidationError(
            _("{path} cannot be read: permission denied.").format(path=path)
        ) from None
    except OSError as exc:
        raise ValidationError(
            _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
        ) from None
    try:
        _check_opened(path, os.fstat(fd), max_bytes)
    except ValidationError:
        os.close(fd)
        raise
    chunks: list[bytes] = []
    size = 0
    with os.fdopen(fd, "rb", buffering=0) as file:
        try:
            while chunk := file.read(_CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:  # it grew while being read
                    raise ValidationError(_too_large(path, max_bytes))
                chunks.append(chunk)
        except OSError as exc:
            raise ValidationError(
                _("{path} cannot be read: {reason}.").format(path=path, reason=exc.strerror)
            ) from None
    return b"".join(chunks)


def _check_opened(path: Path, info: os.stat_result, max_bytes: int) -> None:
    """Refuse what was opened unless it is a regular file within the size limit."""
    if stat.S_ISDIR(info.st_mode):
        raise ValidationError(_("{path} is a directory, not a file.").format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise ValidationError(
            _(
                "{path} is not a regular file (a pipe, a device or a socket): save the "
                "export to a file and import that."
            ).format(path=path)
        )
    if info.st_size > max_bytes:
        raise ValidationError(_too_large(path, max_bytes))


def _too_large(path: Path, max_bytes: int) -> str:
    return _(
        "{path} is larger than {limit} MB, the import limit: split it, or raise the "
        "setting import_max_mb (PILOT_IMPORT_MAX_MB)."
    ).format(path=path, limit=max_bytes // MEGABYTE)


def sniff_delimiter(text: str) -> str:
    """The delimiter of ``text``: csv.Sniffer on its start, checked against the header line."""
    sample = text[:_SNIFF_BYTES]
    header = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: Path, max_bytes: int) -> RawTable:
    """Read ``path`` (``read_source``: at most ``max_bytes``) as a CSV export.

    Blank rows are skipped; rows after the last data row that fill at most one cell (the
    "Copyright…", "Generated by…" lines of a Salesforce report) are footers and ignored. A row
    with more cells than the header is a bad row; a shorter one is padded with empty cells.
    Raises ``ValidationError`` with one sentence for a file that is missing, unreadable, not
    a regular file, too large, not a CSV, empty, or with a cell longer than
    ``csv.field_size_limit()`` characters.
    """
    data = read_source(path, max_bytes)
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ValidationError(
                _(
                    "{name} is not a CSV file (it looks like {kind}): save it as CSV and import "
                    "that."
                ).format(name=path.name, kind=kind)
            )
    text, encoding = decode(data)
    if "\x00" in text[:_SNIFF_BYTES]:
        raise ValidationError(
            _("{name} is not a CSV file (it holds binary data).").format(name=path.name)
        )
    if not text.strip():
        raise ValidationError(_("{name} is empty.").format(name=path.name))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    table_rows: list[list[str]] = []
    lines: list[int] = []
    blank = 0
    start = 1
    for cells in _rows(reader, path):
        line = start
        start = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            if headers is not None:
                blank += 1
            continue
        if headers is None:
            headers = [cell.strip() for cell in cells]
            continue
        table_rows.append(cells)
        lines.append(line)
    if headers is None:
        raise ValidationError(_("{name} is empty.").format(name=path.name))
    if not table_rows:
        raise ValidationError(_("{name} has a header but no rows.").format(name=path.name))
    table = RawTable(path, encoding, delimiter, headers, [], [], blank_rows=blank)
    footer_start = _footer_start(table_rows, len(headers))
    table.footer_rows = len(table_rows) - footer_start
    width = len(headers)
    for cells, line in zip(table_rows[:footer_start], lines[:footer_start], strict=True):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            table.bad.append(
                BadRow(
                    path,
                    line,
                    None,
                    _("it has {n} cells but the header has {m} columns.").format(
                        n=len(cells), m=width
                    ),
                    tuple(cells),
                )
            )
            continue
        if len(cells) != width:
            cells = (cells + [""] * width)[:width]
        table.rows.append(cells)
        table.lines.append(line)
    return table


def _rows(reader: Any, path: Path) -> Iterator[list[str]]:
    """The rows of ``reader``; a line the csv module refuses (a cell longer than its field
    limit, a NUL) is one sentence naming the file and line."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise ValidationError(
                    _(
                        "{name}, line {line}: a cell is longer than {limit} characters, which "
                        "no CRM export holds; check that the file is the right one and that its "
                        "quotes are balanced."
                    ).format(name=path.name, line=line, limit=f"{csv.field_size_limit():,}")
                ) from None
            raise ValidationError(
                _("{name}, line {line}, cannot be read as CSV: {reason}.").format(
                    name=path.name, line=line, reason=exc
                )
            ) from None


TOTAL_WORDS = frozenset({"total", "totals", "grand total", "sum", "count"})
"""First cells of a report's total rows."""


def _footer_start(rows: list[list[str]], width: int) -> int:
    """Index of the first footer row: the trailing rows that fill at most one cell (report
    notices) or start with a total word."""
    if width <= 1:
        return len(rows)
    end = len(rows)
    while end > 0 and _is_footer(rows[end - 1]):
        end -= 1
    return end


def _is_footer(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) <= 1 or filled[0].casefold() in TOTAL_WORDS
