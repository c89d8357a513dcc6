"""Findings: why the numbers move, with the evidence and the playbook entry that helps."""

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, MarkdownViewer, OptionList
from textual.widgets.option_list import Option

from pilot_tui.core.actions import ActionLinks
from pilot_tui.core.diagnostics import Finding, diagnostic_window, run_diagnostics, visible_to
from pilot_tui.core.diagnostics.text import finding_markdown
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.models import Role
from pilot_tui.core.playbook import Playbook, load_playbook
from pilot_tui.core.store import Store
from pilot_tui.i18n import _
from pilot_tui.screens.action_form import open_action_form, say_created
from pilot_tui.screens.base import PilotScreen
from pilot_tui.widgets.titlebar import TitleBar

SEVERITY_MARKS = {"high": "▲▲", "medium": "▲ ", "low": "· "}


class FindingsScreen(PilotScreen):
    """Findings most severe first; the highlighted one's evidence and playbook entry beside."""

    TITLE = _("Findings")
    AUTO_FOCUS = "#findings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "new_action", _("New action"), id="findings.action"),
        Binding("c", "copy", _("Copy"), id="findings.copy"),
    ]
    DEFAULT_CSS = """
    FindingsScreen #findings-body { height: 1fr; }
    FindingsScreen #findings { width: 2fr; min-width: 30; border: none; }
    FindingsScreen #finding-detail { width: 3fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[Finding] = []
        self.currency = "EUR"
        self.playbook: Playbook | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with Horizontal(id="findings-body"):
            yield OptionList(id="findings")
            yield MarkdownViewer("", id="finding-detail", show_table_of_contents=False)
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        settings, context = self.pilot.settings, self.pilot.context

        def read() -> tuple[list[Finding], str, Playbook]:
            findings = visible_to(
                self.pilot.actor,
                self.pilot.read(run_diagnostics, context, Scope(), diagnostic_window(context)),
            )
            currency = self.pilot.read(Store.currency)
            return findings, currency, self.playbook or load_playbook(settings.team_playbooks)

        self.in_background(
            read,
            lambda loaded: self._show(*loaded),
            group="findings",
            loading=self.query_one("#findings-body"),
        )

    def _show(self, findings: list[Finding], currency: str, playbook: Playbook) -> None:
        self.findings, self.currency, self.playbook = findings, currency, playbook
        options = self.query_one("#findings", OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(f"{SEVERITY_MARKS.get(f.severity.value, '  ')} {f.title} · {f.scope}")
            for f in findings
        )
        if not findings:
            options.add_option(Option(_("Nothing to report: no rule fired."), disabled=True))
            self._detail("")
            return
        options.highlighted = min(highlighted or 0, len(findings) - 1)
        self._show_detail(options.highlighted)

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        finding = self._finding(index)
        if finding is None:
            return
        text = finding_markdown(finding, self.currency)
        if self.playbook is not None and finding.playbook:
            entry = self.playbook.find(finding.playbook[0])
            if entry is not None:
                text += "\n\n---\n\n" + _("# Playbook: {title}").format(title=entry.title)
                text += "\n\n" + entry.body
        self._detail(text)

    def _detail(self, text: str) -> None:
        self.query_one("#finding-detail", MarkdownViewer).document.update(text)

    def _finding(self, index: int | None = None) -> Finding | None:
        if index is None:
            index = self.query_one("#findings", OptionList).highlighted
        if index is None or not 0 <= index < len(self.findings):
            return None
        return self.findings[index]

    def action_new_action(self) -> None:
        finding = self._finding()
        if finding is None:
            return
        actor = self.pilot.actor
        kind, _sep, key = finding.scope.partition(":")
        owner = key if kind == "rep" and actor.role is not Role.REP else actor.login
        links = ActionLinks(
            finding=finding.rule, playbook=finding.playbook[0] if finding.playbook else None
        )

        open_action_form(
            self, finding.title, owner, links, lambda action: say_created(self, action)
        )

    def action_copy(self) -> None:
        finding = self._finding()
        if finding is not None:
            self.app.copy_to_clipboard(finding_markdown(finding, self.currency))
            self.notify(_("Finding copied to the clipboard."))
