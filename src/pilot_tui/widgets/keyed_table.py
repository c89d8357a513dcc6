"""Tables that show user text as text, and a row-cursor table whose rows have keys."""

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import CellType, RowKey

from pilot_tui.core.text import clean_line


def user_text(value: object, style: str = "") -> Text:
    """What a user typed or a file held, ready for a widget: cleaned of escape sequences
    (``core.text.clean_line``) and never read as markup, so '[link=…]' or '[@click=…]' in a
    deal name shows as typed instead of making a link or running an action."""
    return Text(clean_line(str(value)), style=style)


def safe_cell(cell: object) -> Any:
    """A table cell: strings become ``user_text``; Rich ``Text`` is cleaned, styles kept."""
    if isinstance(cell, str):
        return user_text(cell)
    if isinstance(cell, Text) and not cell.plain.isprintable():
        cleaned = cell.copy()
        cleaned.plain = clean_line(cell.plain)
        return cleaned
    return cell


class TextTable(DataTable[RenderableType]):
    """A DataTable whose cells are ``safe_cell``s: no markup, no control character."""

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> RowKey:
        return super().add_row(
            *(safe_cell(cell) for cell in cells), height=height, key=key, label=label
        )


class KeyedTable(TextTable):
    """Rows are ``(key, cells)``; ``selected_key`` is the key under the cursor."""

    def __init__(
        self, columns: Sequence[tuple[str, int | None]] = (), **widget_options: Any
    ) -> None:
        """``columns``: (label, width) pairs, added at once (width None fits the content)."""
        super().__init__(cursor_type="row", zebra_stripes=True, **widget_options)
        for label, width in columns:
            self.add_column(label, width=width)

    def replace_rows(
        self, rows: Iterable[tuple[str, Sequence[RenderableType]]], select: str | None = None
    ) -> None:
        """Replace every row; the cursor goes to ``select``, else stays on the same key (else
        the same row index)."""
        current = select or self.selected_key()
        index = self.cursor_row
        self.clear()
        keys = []
        for key, cells in rows:
            self.add_row(*cells, key=key)
            keys.append(key)
        if current in keys:
            index = keys.index(current)
        if keys:
            self.move_cursor(row=min(index, len(keys) - 1), animate=False, scroll=True)
        self.refresh()

    def selected_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
