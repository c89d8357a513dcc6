"""The one-line bar at the top of every screen: where you are and who you are."""

from textual.widgets import Static


class TitleBar(Static):
    """``Pilot · <place> · <detail>`` on the left; the user on the right."""

    DEFAULT_CSS = """
    TitleBar {
        height: 1; width: 1fr; background: $primary; color: $text; text-style: bold;
        padding: 0 1;
    }
    """

    def show(self, place: str, user: str, detail: str = "") -> None:
        parts = ["Pilot", place] + ([detail] if detail else [])
        left = " · ".join(parts)
        width = max(self.size.width - 2, len(left) + len(user) + 1)
        self.update(left + " " * (width - len(left) - len(user)) + user)
