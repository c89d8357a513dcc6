"""The playbook: browse by kind, search, read an entry, follow its links."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Markdown, MarkdownViewer, OptionList
from textual.widgets.option_list import Option

from pilot_tui.core.playbook import Entry, Playbook, load_playbook
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.widgets.titlebar import TitleBar

LINK_PREFIX = "playbook:"


class PlaybookScreen(PilotScreen):
    """Entries grouped by kind on the left, the open one on the right; `/` searches."""

    TITLE = _("Playbook")
    AUTO_FOCUS = "#entries"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", _("Search"), key_display="/", id="playbook.search"),
        Binding("escape", "back", _("Back"), show=False, id="playbook.back"),
    ]
    DEFAULT_CSS = """
    PlaybookScreen #playbook-body { height: 1fr; }
    PlaybookScreen #playbook-side { width: 2fr; min-width: 28; }
    PlaybookScreen #entries { height: 1fr; border: none; }
    PlaybookScreen #playbook-search { display: none; }
    PlaybookScreen #playbook-search.-open { display: block; }
    PlaybookScreen #entry { width: 3fr; }
    """

    def __init__(self, entry_id: str | None = None) -> None:
        super().__init__()
        self.opening = entry_id
        self.playbook: Playbook | None = None
        self.listed: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with Horizontal(id="playbook-body"):
            with Vertical(id="playbook-side"):
                yield Input(placeholder=_("search the playbook"), id="playbook-search")
                yield OptionList(id="entries")
            yield MarkdownViewer("", id="entry", show_table_of_contents=False)
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        if self.playbook is None:
            self.load()

    def load(self) -> None:
        team_entries = self.pilot.settings.team_playbooks
        self.in_background(lambda: load_playbook(team_entries), self._loaded, group="playbook")

    def _loaded(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._list(playbook.list_entries())
        if self.opening:
            self.open_entry(self.opening)

    def _list(self, entries: list[Entry], *, grouped: bool = True) -> None:
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        self.listed = []
        kind = None
        for entry in entries:
            if grouped and entry.kind is not kind:
                kind = entry.kind
                options.add_option(Option(f"── {kind.value.replace('_', ' ')} ──", disabled=True))
                self.listed.append(entry)  # keeps indexes aligned; never selectable
            team = " " + _("(team)") if entry.from_team else ""
            options.add_option(Option(f"{entry.title}{team}", id=entry.id))
            self.listed.append(entry)

    @on(OptionList.OptionHighlighted, "#entries")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show(event.option.id)

    def open_entry(self, entry_id: str) -> None:
        """Show ``entry_id`` and highlight it in the list (the whole list if it is filtered)."""
        if self.playbook is None or self.playbook.find(entry_id) is None:
            self.notify(
                _("There is no playbook entry '{id}'.").format(id=entry_id), severity="warning"
            )
            return
        options = self.query_one("#entries", OptionList)
        try:
            index = options.get_option_index(entry_id)
        except Exception:  # filtered out by a search: list everything again
            self._list(self.playbook.list_entries())
            index = options.get_option_index(entry_id)
        options.highlighted = index
        self._show(entry_id)

    def _show(self, entry_id: str) -> None:
        if self.playbook is None:
            return
        entry = self.playbook.get(entry_id)
        related = ""
        if entry.related:
            links = ", ".join(f"[{rid}]({LINK_PREFIX}{rid})" for rid in entry.related)
            related = "\n\n---\n\n" + _("**Related:** {links}").format(links=links)
        self.query_one("#entry", MarkdownViewer).document.update(
            f"# {entry.title}\n\n{entry.body}{related}"
        )

    @on(Markdown.LinkClicked)
    def _follow(self, event: Markdown.LinkClicked) -> None:
        if event.href.startswith(LINK_PREFIX):
            event.prevent_default()
            self.open_entry(event.href.removeprefix(LINK_PREFIX))

    def action_search(self) -> None:
        search = self.query_one("#playbook-search", Input)
        search.add_class("-open")
        search.focus()

    @on(Input.Submitted, "#playbook-search")
    @on(Input.Changed, "#playbook-search")
    def _search(self, event: Input.Changed | Input.Submitted) -> None:
        if self.playbook is None:
            return
        text = event.value.strip()
        if not text:
            self._list(self.playbook.list_entries())
            return
        hits = [hit.entry for hit in self.playbook.search(text)]
        self._list(hits, grouped=False)
        if isinstance(event, Input.Submitted) and hits:
            options = self.query_one("#entries", OptionList)
            options.focus()
            options.highlighted = 0
            self._show(hits[0].id)

    def action_back(self) -> None:
        search = self.query_one("#playbook-search", Input)
        if search.has_focus:
            search.remove_class("-open")
            self.query_one("#entries", OptionList).focus()
        elif len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()
