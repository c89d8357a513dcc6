"""The pipeline: the team's deals as a paged table or a board by stage, filtered in SQL."""

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static

from pilot_tui.core.models import Deal, Role
from pilot_tui.core.store.deals import DealPage, DealQuery, list_deals
from pilot_tui.core.store.pipeline import (
    BoardColumn,
    FilterChoices,
    filter_choices,
    pipeline_board,
)
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.filters import FilterScreen, describe_filters
from pilot_tui.widgets.board import StageBoard
from pilot_tui.widgets.deal_table import COLUMNS, SORTABLE_COLUMNS, DealTable
from pilot_tui.widgets.titlebar import TitleBar

PAGE_SIZE = 50
"""Deals per page: a screenful plus, never the whole database."""
BOARD_DEALS = 20
"""Deals listed under each board column (the largest first); the head counts them all."""


class PipelineScreen(PilotScreen):
    """Deals: sort, filter, search and page in SQL; `b` switches table ↔ board."""

    TITLE = _("Pipeline")
    AUTO_FOCUS = "#table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", _("Search"), key_display="/", id="pipeline.search"),
        Binding("f", "filter", _("Filter"), id="pipeline.filter"),
        Binding("x", "clear_filters", _("Clear filters"), show=False, id="pipeline.clear"),
        Binding("s", "sort", _("Sort"), id="pipeline.sort"),
        Binding("S", "reverse", _("Reverse order"), show=False, id="pipeline.reverse"),
        Binding(
            "right_square_bracket", "page(1)", _("Page"), key_display="]", id="pipeline.next_page"
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            _("Previous page"),
            key_display="[",
            show=False,
            id="pipeline.prev_page",
        ),
        Binding("b", "toggle_board", _("Board"), id="pipeline.board"),
        Binding("escape", "close_search", _("Close search"), show=False, id="pipeline.escape"),
    ]
    DEFAULT_CSS = """
    PipelineScreen .filter-line { height: 1; padding: 0 1; color: $text-muted; }
    PipelineScreen #search { display: none; height: 1; border: none; padding: 0 1; }
    PipelineScreen #search.-open { display: block; }
    PipelineScreen #views { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_state = DealQuery(open_only=True, limit=PAGE_SIZE)
        self.page: DealPage | None = None
        self.choices: FilterChoices | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield Static(id="filters", classes="filter-line")
        yield Input(placeholder=_("Search deal or account, enter to apply"), id="search")
        with ContentSwitcher(initial="table", id="views"):
            yield DealTable(id="table")
            yield StageBoard(id="board")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """A rep lands on their own deals; the filter line says so and ``x`` shows the team's."""
        actor = self.pilot.actor
        if actor.role is Role.REP:
            self.query_state = replace(self.query_state, owner=actor.login)

    @property
    def showing_board(self) -> bool:
        return self.query_one("#views", ContentSwitcher).current == "board"

    def reload(self) -> None:
        super().reload()
        self.load(self.query_state, self.showing_board)

    def load(self, query: DealQuery, board: bool) -> None:
        def read_choices() -> None:
            if self.choices is None:
                self.choices = self.pilot.read(filter_choices)

        def read_page() -> DealPage:
            read_choices()
            return self.pilot.read(list_deals, query)

        def read_board() -> tuple[list[BoardColumn], dict[str, list[Deal]]]:
            read_choices()
            columns = self.pilot.read(pipeline_board, query)
            deals = {
                column.stage.key: self.pilot.read(
                    list_deals,
                    replace(
                        query,
                        stage=column.stage.key,
                        sort="amount_minor",
                        descending=True,
                        offset=0,
                        limit=BOARD_DEALS,
                    ),
                ).deals
                for column in columns
                if column.count
            }
            return columns, deals

        if board:
            self.in_background(
                read_board, lambda shown: self._show_board(query, *shown), group="pipeline"
            )
        else:
            self.in_background(read_page, self._show_page, group="pipeline")

    def _show_page(self, page: DealPage) -> None:
        self.page = page
        labels = {stage.key: stage.label for stage in self.choices.stages} if self.choices else {}
        self.query_one(DealTable).show_page(
            page.deals, labels, page.query.sort, page.query.descending
        )
        pages = max(1, -(-page.total // page.query.limit)) if page.query.limit else 1
        number = page.query.offset // page.query.limit + 1 if page.query.limit else 1
        sort = (
            next(c.label for c in COLUMNS if c.key == page.query.sort)
            if page.query.sort in SORTABLE_COLUMNS
            else page.query.sort
        )
        self._show_header(
            _("{total} deals · page {number}/{pages} · by {sort}").format(
                total=page.total, number=number, pages=pages, sort=sort.lower()
            )
        )

    async def _show_board(
        self, query: DealQuery, columns: list[BoardColumn], deals: dict[str, list[Deal]]
    ) -> None:
        currency = next((d.currency for ds in deals.values() for d in ds), "EUR")
        board = self.query_one(StageBoard)
        await board.show(columns, deals, currency)
        if self.focused is None:
            board.action_column(1)
        total = sum(column.count for column in columns)
        self._show_header(_("{total} deals · board").format(total=total))

    def _show_header(self, detail: str) -> None:
        actor = self.pilot.actor
        self.query_one(TitleBar).show(
            self.TITLE or "", f"{actor.login} ({actor.role.value})", detail
        )
        line = describe_filters(self.query_state)
        if self.query_state != self._unfiltered():
            line += _("  (x: all open deals · f: change)")
        self.query_one("#filters", Static).update(line)

    def _unfiltered(self) -> DealQuery:
        """What ``x`` (clear filters) comes back to: the team's open deals, in this order."""
        return DealQuery(
            open_only=True,
            sort=self.query_state.sort,
            descending=self.query_state.descending,
            offset=self.query_state.offset,
            limit=PAGE_SIZE,
        )

    def set_query(self, query: DealQuery) -> None:
        self.query_state = query
        self.load(query, self.showing_board)

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_deal(int(event.row_key.value))

    @on(StageBoard.DealChosen)
    def open_card(self, event: StageBoard.DealChosen) -> None:
        self.open_deal(event.deal_id)

    def open_deal(self, deal_id: int) -> None:
        from pilot_tui.screens.deal import DealScreen

        self.app.push_screen(DealScreen(deal_id))

    @on(DataTable.HeaderSelected)
    def sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORTABLE_COLUMNS:
            same = key == self.query_state.sort
            descending = not self.query_state.descending if same else False
            self.set_query(replace(self.query_state, sort=key, descending=descending, offset=0))

    def action_sort(self) -> None:
        order = SORTABLE_COLUMNS
        current = order.index(self.query_state.sort) if self.query_state.sort in order else -1
        following = order[(current + 1) % len(order)]
        self.set_query(replace(self.query_state, sort=following, descending=False, offset=0))

    def action_reverse(self) -> None:
        self.set_query(
            replace(self.query_state, descending=not self.query_state.descending, offset=0)
        )

    def action_page(self, step: int) -> None:
        query = self.query_state
        total = self.page.total if self.page else 0
        offset = query.offset + step * query.limit
        if offset < 0 or offset >= total:
            self.notify(_("No more pages that way."), timeout=2)
            return
        self.set_query(replace(query, offset=offset))

    def action_toggle_board(self) -> None:
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.current = "table" if self.showing_board else "board"
        self.load(self.query_state, self.showing_board)
        if not self.showing_board:
            self.query_one(DealTable).focus()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = self.query_state.search or ""
        search.add_class("-open")
        search.focus()

    def action_close_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_class("-open"):
            search.remove_class("-open")
            self.query_one(DealTable).focus()

    @on(Input.Submitted, "#search")
    def apply_search(self, event: Input.Submitted) -> None:
        self.action_close_search()
        self.set_query(replace(self.query_state, search=event.value.strip() or None, offset=0))

    def action_filter(self) -> None:
        if self.choices is None:
            return

        def apply(query: DealQuery | None) -> None:
            if query is not None:
                self.set_query(replace(query, offset=0))

        self.app.push_screen(FilterScreen(self.query_state, self.choices), apply)

    def action_clear_filters(self) -> None:
        self.set_query(replace(self._unfiltered(), offset=0))
