"""The actions a ritual step puts up for a decision, per owner; those decided are greyed."""

from itertools import groupby

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pilot_tui.core.rituals.decisions import ListedAction
from pilot_tui.core.text import clean_line


class ActionList(OptionList):
    """One line an action under its owner's name; only the actions waiting for a decision
    can be highlighted. The screen's keys act on ``highlighted_action``."""

    DEFAULT_CSS = """
    ActionList, ActionList:focus {
        height: 1fr; border: none; padding: 0 1; background-tint: $foreground 0%;
    }
    ActionList > .option-list--option-disabled { color: $text-muted; }
    """

    def __init__(self, widget_id: str) -> None:
        super().__init__(id=widget_id)
        self.listed: dict[str, ListedAction] = {}

    def show(self, listed: list[ListedAction], *, fresh: bool) -> None:
        """List ``listed`` (grouped by owner, in the order given), highlighting the first
        action waiting when ``fresh``. Else the highlight stays on the same action while it
        waits; once decided, it moves on to the action now in its place (the next one
        waiting), so deciding one after another walks down the list."""
        kept, place = (None, 0) if fresh else (self.highlighted_action, self.highlighted or 0)
        self.listed = {str(item.action.id): item for item in listed}
        self.clear_options()
        for owner, owned in groupby(listed, key=lambda item: item.action.owner):
            self.add_option(
                Option(Content.styled(clean_line(owner), "bold $foreground"), disabled=True)
            )
            for item in owned:
                line = Content(f"  {clean_line(item.line())}")
                waiting = item.outcome is None
                self.add_option(Option(line, id=str(item.action.id), disabled=not waiting))
        waiting_at = [
            i for i in range(self.option_count) if not self.get_option_at_index(i).disabled
        ]
        if kept is not None and str(kept.action.id) in self.listed:
            index = self.get_option_index(str(kept.action.id))
            if index in waiting_at:
                place = index
        after = [i for i in waiting_at if i >= place]
        self.highlighted = after[0] if after else (waiting_at[-1] if waiting_at else None)

    @property
    def highlighted_action(self) -> ListedAction | None:
        """The highlighted action (one that waits), or ``None``."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled or option.id is None else self.listed.get(option.id)
