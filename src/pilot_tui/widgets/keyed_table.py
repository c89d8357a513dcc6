"""A row-cursor DataTable whose rows have keys; a refill keeps the cursor on the same key."""

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import RenderableType
from textual.widgets import DataTable


class KeyedTable(DataTable[RenderableType]):
    """Rows are ``(key, cells)``; ``selected_key`` is the key under the cursor."""

    def __init__(self, **widget_options: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **widget_options)

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
