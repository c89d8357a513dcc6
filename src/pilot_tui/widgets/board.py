"""The board: one column per stage with its count, amount and weighted amount, and its deals."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pilot_tui.core.models import Deal
from pilot_tui.core.money import format_money
from pilot_tui.core.store.pipeline import BoardColumn
from pilot_tui.i18n import _, ngettext
from pilot_tui.widgets.keyed_table import user_text


class StageBoard(Horizontal):
    """Columns of deals by stage; ←/→ move between columns, enter opens a deal."""

    BINDINGS = [
        Binding("left", "column(-1)", _("Previous stage"), show=False, id="board.left"),
        Binding("right", "column(1)", _("Next stage"), show=False, id="board.right"),
    ]
    DEFAULT_CSS = """
    StageBoard { height: 1fr; }
    StageBoard > Vertical { width: 1fr; min-width: 15; border: round $panel; }
    StageBoard > Vertical:focus-within { border: round $primary; }
    StageBoard .board-head { height: 4; padding: 0 1; background: $boost; }
    StageBoard OptionList, StageBoard OptionList:focus { height: 1fr; border: none; padding: 0; }
    StageBoard .board-head { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class DealChosen(Message):
        def __init__(self, deal_id: int) -> None:
            super().__init__()
            self.deal_id = deal_id

    def compose(self) -> ComposeResult:
        yield from ()

    async def show(
        self, columns: list[BoardColumn], deals: dict[str, list[Deal]], currency: str
    ) -> None:
        """Rebuild the columns (stage key → top deals); focus stays on the same column."""
        focused = self.screen.focused
        focused_stage = (
            focused.parent.id if isinstance(focused, OptionList) and focused.parent else None
        )
        highlighted = {
            str(column.id): options.highlighted
            for column in self.query("StageBoard > Vertical")
            for options in column.query(OptionList)
        }
        await self.remove_children()
        for column in columns:
            amount = format_money(column.amount_minor, currency, compact=True)
            weighted = format_money(column.weighted_minor, currency, compact=True)
            head = Static(
                f"[b]{column.stage.label}[/b]\n"
                + ngettext("{count} deal", "{count} deals", column.count).format(count=column.count)
                + f"\n{amount}\n"
                + _("wtd {amount}").format(amount=weighted),
                classes="board-head",
            )
            cards = deals.get(column.stage.key, [])
            options = OptionList(
                *[
                    Option(
                        user_text(d.name[:18])
                        + f"\n {format_money(d.amount_minor, d.currency, compact=True)}",
                        id=str(d.id),
                    )
                    for d in cards
                ]
            )
            column_id = f"col-{column.stage.key}"
            previous = highlighted.get(column_id)
            if previous is not None and cards:
                options.highlighted = min(previous, len(cards) - 1)
            await self.mount(Vertical(head, options, id=column_id))
        target = self.query(f"#{focused_stage} OptionList") if focused_stage else None
        if target:
            target.first().focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.DealChosen(int(event.option.id)))

    def action_column(self, step: int) -> None:
        lists = list(self.query(OptionList))
        if not lists:
            return
        focused = self.screen.focused
        index = lists.index(focused) if focused in lists else -1
        lists[(index + step) % len(lists)].focus()
