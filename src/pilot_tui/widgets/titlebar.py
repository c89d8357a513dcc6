"""The one-line bar at the top of every screen: where you are and who you are."""

from textual.widget import Widget


class TitleBar(Widget):
    """``Pilot · <place> · <detail>`` on the left; the user on the right.

    Laid out when drawn, so ``show`` works before the bar has a size (the first frame)."""

    DEFAULT_CSS = """
    TitleBar {
        height: 1; width: 1fr; background: $primary; color: $text; text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.left = "Pilot"
        self.user = ""
        self.shown = False

    def show(self, place: str, user: str, detail: str = "") -> None:
        self.left = " · ".join(["Pilot", place] + ([detail] if detail else []))
        self.user = user
        self.shown = True
        self.refresh()

    def render(self) -> str:
        width = max(self.content_size.width, len(self.left) + len(self.user) + 1)
        return self.left + " " * (width - len(self.left) - len(self.user)) + self.user
