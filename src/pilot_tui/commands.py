"""The command palette: every screen and every action of the current screen, searchable."""

from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from pilot_tui.app import PilotApp


class PilotCommands(Provider):
    """Lists the screens (go to), the current screen's actions and the app's, by binding."""

    def _entries(self) -> list[tuple[str, object, str]]:
        app = cast("PilotApp", self.app)
        return list(app.screen_commands(self.screen))

    async def discover(self) -> Hits:
        for title, callback, help_text in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]
