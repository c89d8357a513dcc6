"""The Import screen: dry run, confirm, progress, refusals — keys and fields as a user would."""

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Label, MarkdownViewer

from app_harness import SnapCompare, build_app, pressing, run_async, settle
from conftest import ADMIN, REP_SAM
from pilot_tui.core.store import Store
from pilot_tui.screens.import_screen import ImportScreen

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def _status(app: App[Any]) -> str:
    return str(app.screen.query_one("#import-status", Label).render())


async def open_import(pilot: Pilot[None]) -> None:
    """From the dashboard to the Import screen, as a user gets there (`m`)."""
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)


@run_async
async def test_dry_run_then_import_a_pipedrive_export(store: Store) -> None:
    before = store.scalar("SELECT count(*) FROM deals")
    app = build_app(store, ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(FIXTURES / "pipedrive-deals.csv")
        app.screen.query_one("#import-users", Checkbox).value = True
        await pilot.press("ctrl+r")
        await settle(pilot)
        plan = app.screen.query_one("#import-plan", MarkdownViewer).document.source
        assert "| pipedrive-deals.csv | deals | added" in plan
        assert "Dry run: nothing written yet" in _status(app)
        assert store.scalar("SELECT count(*) FROM deals") == before  # a dry run writes nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Imported pipedrive-deals.csv" in _status(app)
    assert store.scalar("SELECT count(*) FROM deals WHERE source = 'pipedrive'") > 0


@run_async
async def test_import_needs_a_dry_run_and_says_why_a_file_is_refused(
    store: Store, tmp_path: Path
) -> None:
    app = build_app(store, ADMIN)
    junk = tmp_path / "notes.csv"
    junk.write_text("")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        await pilot.press("ctrl+s")
        assert "Run the dry run" in _status(app)
        app.screen.query_one("#import-path", Input).value = str(junk)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "empty" in _status(app).lower()
        assert app.screen.query_one("#import-path", Input).value == str(junk)


@run_async
async def test_a_rep_has_no_import_key(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        assert not isinstance(app.screen, ImportScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_import_screen_snapshot(
    size: tuple[int, int], store: Store, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)  # the file tree lists the working directory

    assert snap_compare(build_app(store, ADMIN), terminal_size=size, run_before=pressing(["m"]))


@run_async
async def test_the_apps_keys_work_on_the_import_screen_and_escape_leaves_a_field(
    store: Store,
) -> None:
    app = build_app(store, ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        field = app.screen.query_one("#import-path", Input)
        field.focus()
        await pilot.press("d")  # typed into the field: it is a path
        assert field.value == "d" and isinstance(app.screen, ImportScreen)
        await pilot.press("escape", "p")
        await settle(pilot)
        assert app.current_mode == "pipeline"
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("u")  # back on the list it left, so keys reach the app
        await settle(pilot)
        assert app.current_mode == "rituals"


@run_async
async def test_with_no_export_to_pick_typing_goes_into_the_path_field(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no export in the working directory
    app = build_app(store, ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        field = app.screen.query_one("#import-path", Input)
        assert app.focused is field
        await pilot.press(*"fan")  # f, a, n are keys elsewhere: here they are a path
        await settle(pilot)
        assert field.value == "fan" and isinstance(app.screen, ImportScreen)


@run_async
async def test_a_mapping_is_proposed_under_pilots_data_dir_in_the_apps_words(
    store: Store, tmp_path: Path
) -> None:
    from pilot_tui import locations

    (tmp_path / "exports").mkdir()
    export = tmp_path / "exports" / "deals.csv"
    export.write_text("Id,Name,Owner,Stage,Amount\n1,A,sam,Tasting,100\n", encoding="utf-8")
    app = build_app(store, ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot)
        app.screen.query_one("#import-path", Input).value = str(export)
        await pilot.press("ctrl+r")
        await settle(pilot)
        proposal = locations.import_dir() / "deals.mapping.toml"
        status = _status(app)
        assert "Tasting" in status and str(proposal) in status and "ctrl+r" in status
        assert "--mapping" not in status
        assert proposal.is_file() and app.screen.query_one("#import-mapping", Input).value == str(
            proposal
        )
    assert [p.name for p in export.parent.iterdir()] == ["deals.csv"]  # nothing beside it
