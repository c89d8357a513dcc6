"""Import a CRM export from the app: choose a file, read the dry run, confirm, follow progress."""

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Checkbox,
    Footer,
    Input,
    Label,
    MarkdownViewer,
    OptionList,
    ProgressBar,
    Select,
)
from textual.widgets.option_list import Option

from pilot_tui.core.errors import PilotError
from pilot_tui.core.models import Role
from pilot_tui.core.text import md_text
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from pilot_tui.core.importers.run import MappingNeededError

PRESETS = ("salesforce", "hubspot", "pipedrive", "generic")
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
READY = _("ctrl+r dry run · ctrl+s import")


def export_files(folder: Path) -> list[Path]:
    """The files in ``folder`` that can hold a CRM export, by name."""
    try:
        return sorted(
            p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in CSV_SUFFIXES
        )
    except OSError:
        return []


def work_dir() -> Path:
    """Where the screen's dry runs write their proposals and reports (created on demand)."""
    from pilot_tui import locations

    folder = locations.import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ImportScreen(PilotScreen):
    """`ctrl+r` reads the file and shows what would change; `ctrl+s` imports it for real."""

    TITLE = _("Import")
    # The list when there are exports to pick, else the path field (``on_mount``): letters
    # typed in a field stay there and never reach the screen's or the app's keys.
    AUTO_FOCUS = "#import-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "preview", _("Dry run"), id="import.preview"),
        Binding("ctrl+s", "confirm", _("Import"), id="import.confirm"),
        Binding("escape", "leave_field", _("Leave the field"), show=False, id="import.leave"),
    ]
    DEFAULT_CSS = """
    ImportScreen #import-body { height: 1fr; }
    ImportScreen #import-files { width: 1fr; min-width: 26; }
    ImportScreen #import-list { height: 1fr; border: none; }
    ImportScreen #import-side { width: 2fr; }
    ImportScreen #import-form { height: auto; }
    ImportScreen #import-form Horizontal { height: 1; }
    ImportScreen #import-form Label { width: 10; }
    ImportScreen #import-form Input { width: 1fr; }
    ImportScreen #import-status { height: auto; width: 1fr; color: $text-muted; }
    ImportScreen #import-status.-error { color: $error; }
    ImportScreen ProgressBar { height: 1; }
    """

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()
        self.plan: object | None = None
        """The last dry run's plan; only a previewed file can be imported."""

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with Horizontal(id="import-body"):
            with Vertical(id="import-files"):
                yield Label(_("Exports in {folder}").format(folder=self.folder.name or "/"))
                yield OptionList(
                    *(Option(p.name, id=str(p)) for p in export_files(self.folder)),
                    id="import-list",
                )
            with Vertical(id="import-side"):
                with Vertical(id="import-form"):
                    with Horizontal():
                        yield Label(_("File"))
                        yield Input(
                            placeholder=_("path of a CSV export"), compact=True, id="import-path"
                        )
                    with Horizontal():
                        yield Label(_("Mapping"))
                        yield Input(
                            placeholder=_("optional mapping .toml"),
                            compact=True,
                            id="import-mapping",
                        )
                    with Horizontal():
                        yield Label(_("Preset"))
                        yield Select(
                            [(p, p) for p in PRESETS],
                            prompt=_("recognise"),
                            compact=True,
                            id="import-preset",
                        )
                    with Horizontal():
                        yield Checkbox(_("skip bad rows"), compact=True, id="import-skip")
                        yield Checkbox(_("create users"), compact=True, id="import-users")
                yield Label(READY, id="import-status")
                yield ProgressBar(show_eta=False, id="import-progress")
                yield MarkdownViewer("", id="import-plan", show_table_of_contents=False)
        yield Footer(compact=True, show_command_palette=False)

    def action_leave_field(self) -> None:
        """Back to the list of exports, where d, p, u… work again."""
        self.query_one("#import-list", OptionList).focus()

    def on_mount(self) -> None:
        if not self.query_one("#import-list", OptionList).option_count:
            self.query_one("#import-path", Input).focus()
        if self.pilot.actor.role is Role.REP:
            self._status(
                _("Importing needs the manager or admin role; {login} is a rep.").format(
                    login=self.pilot.actor.login
                ),
                error=True,
            )

    @on(OptionList.OptionSelected, "#import-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.option.id)
        self.action_preview()

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        self.action_preview()

    def _ready(self) -> None:
        """The status before any dry run (after a failure the app has described)."""
        self._status(READY)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Label)
        status.update(text)
        status.set_class(error, "-error")

    def _inputs(self) -> tuple[Path, Path | None, str | None, bool, bool]:
        path = Path(self.query_one("#import-path", Input).value.strip()).expanduser()
        mapping_text = self.query_one("#import-mapping", Input).value.strip()
        preset = self.query_one("#import-preset", Select).value
        return (
            path,
            Path(mapping_text).expanduser() if mapping_text else None,
            preset if isinstance(preset, str) else None,
            self.query_one("#import-skip", Checkbox).value,
            self.query_one("#import-users", Checkbox).value,
        )

    def action_preview(self) -> None:
        self.plan = None
        if not self.query_one("#import-path", Input).value.strip():
            self._status(_("Choose a file first."), error=True)
            return
        self._status(_("Reading…"))
        self.preview(*self._inputs())

    def preview(
        self, path: Path, mapping: Path | None, preset: str | None, skip: bool, users: bool
    ) -> None:
        from pilot_tui.core.importers.mapping import ImportMapping, load_mapping
        from pilot_tui.core.importers.reading import MEGABYTE
        from pilot_tui.core.importers.run import (
            BadRowsError,
            ImportOptions,
            MappingNeededError,
            prepare_import,
        )
        from pilot_tui.core.importers.summary import plan_markdown

        def read() -> tuple[object, str]:
            options = ImportOptions(
                preset=preset,
                mapping=load_mapping(mapping) if mapping else ImportMapping(),
                skip_bad=skip,
                create_users=users,
                work_dir=work_dir(),
                max_bytes=self.pilot.settings.import_max_mb * MEGABYTE,
            )
            plan = self.pilot.read(prepare_import, self.pilot.actor, [path], options)
            return plan, plan_markdown(plan)

        def refused(error: PilotError) -> None:
            if isinstance(error, MappingNeededError):
                self._propose_mapping(error)
                return
            bad = error.bad[:20] if isinstance(error, BadRowsError) else []
            self._show_plan(
                None, "\n".join(f"- {md_text(row.describe())}" for row in bad), str(error)
            )

        self.in_background(
            read,
            lambda planned: self._show_plan(*planned, ""),
            group="import",
            refused=refused,
            failed=self._ready,
        )

    def _propose_mapping(self, error: "MappingNeededError") -> None:
        """The dry run needs a mapping: say so in the app's words and put the proposal Pilot
        wrote (under its data directory) in the Mapping field, ready for the next dry run."""
        self.query_one("#import-mapping", Input).value = str(error.proposal)
        self._show_plan(
            None,
            "",
            _(
                "Nothing was imported: Pilot does not know how to read {what}. It wrote a "
                "proposed mapping to {path} and put it in the Mapping field: edit that file "
                "(a text editor), then press ctrl+r for a new dry run."
            ).format(what=error.missing, path=error.proposal),
        )

    def _show_plan(self, plan: object | None, text: str, error: str) -> None:
        self.plan = plan
        self.query_one("#import-plan", MarkdownViewer).document.update(text)
        if error:
            self._status(error, error=True)
        else:
            self._status(_("Dry run: nothing written yet. ctrl+s imports this file."))

    def action_confirm(self) -> None:
        if self.plan is None:
            self._status(_("Run the dry run (ctrl+r) and read it before importing."), error=True)
            return
        self._status(_("Importing…"))
        self.apply(self.plan)

    def apply(self, plan: object) -> None:
        from pilot_tui.core.importers.run import ImportPlan, apply_import

        assert isinstance(plan, ImportPlan)
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(name: str, done: int, total: int) -> None:
            self.pilot.call_from_thread(bar.update, total=total, progress=done)

        def imported(_result: object) -> None:
            self.plan = None
            files = ", ".join(f.path.name for f in plan.files)
            self._status(
                _("Imported {files}; the other screens refresh by themselves.").format(files=files)
            )
            self.pilot.data_changed()

        self.in_background(
            lambda: self.pilot.write(apply_import, self.pilot.actor, plan, progress),
            imported,
            group="import",
            refused=lambda error: self._status(str(error), error=True),
            failed=self._ready,
        )
