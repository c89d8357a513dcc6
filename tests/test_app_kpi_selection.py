"""Choosing the dashboard's KPIs in the app: toggle, the limit of 7, noise kept only with a
reason, save (refused saves keep the selection being edited), reps read only."""

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from app_harness import SnapCompare, build_app, pressing, run_async, settle, top
from conftest import MANAGER, REP_SAM
from pilot_tui.app import PilotApp
from pilot_tui.core.kpi_selection import DEFAULT_KPIS, kpi_selection
from pilot_tui.core.metrics.catalog import CATALOG
from pilot_tui.core.store import Store
from pilot_tui.screens.dashboard import DashboardScreen
from pilot_tui.screens.kpi_selection import KpiSelectionScreen
from pilot_tui.screens.text_prompt import TextPromptScreen
from pilot_tui.widgets.keyed_table import KeyedTable

SIZE = (120, 40)


def notices(app: PilotApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def status(app: PilotApp) -> str:
    return str(app.screen.query_one("#kpi-status", Static).render())


async def open_selection(pilot: Pilot[None]) -> KpiSelectionScreen:
    await settle(pilot)
    await pilot.press("K")
    await settle(pilot)
    screen = top(pilot.app, KpiSelectionScreen)
    return screen


async def toggle(pilot: Pilot[None], kpi: str, key: str = "space") -> None:
    """Put the cursor on ``kpi`` and press ``key``."""
    table = pilot.app.screen.query_one(KeyedTable)
    table.move_cursor(row=[k.id for k in CATALOG].index(kpi))
    await pilot.press(key)
    await settle(pilot)


@run_async
async def test_every_kpi_with_its_three_answers_and_the_defaults_selected(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        table = screen.query_one(KeyedTable)
        assert table.row_count == len(CATALOG)
        rows = {
            str(table.get_row_at(i)[1]): [str(cell) for cell in table.get_row_at(i)]
            for i in range(table.row_count)
        }
        assert rows["Win rate"] == ["● 1", "Win rate", "yes", "no", "yes", "", ""]
        assert rows["CRM hygiene"] == ["○", "CRM hygiene", "yes", "no", "no", "noise", ""]
        assert "7 of 7 selected · the defaults: none chosen yet" in status(app)
        detail = str(screen.query_one("#kpi-detail", Static).render())
        assert detail.startswith("Stage conversion · deals that left a stage in the window")


@run_async
async def test_toggle_save_and_the_dashboard_follows(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        await toggle(pilot, "win_rate")
        await toggle(pilot, "cycle_length", "enter")
        assert "5 of 7 selected · changed: ctrl+s saves" in status(app)
        await toggle(pilot, "pipeline_needed")
        kept = [k for k in DEFAULT_KPIS if k not in ("win_rate", "cycle_length")]
        assert screen.kpis == [*kept, "pipeline_needed"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "6 of 7 selected" in status(app) and "changed" not in status(app)
        await pilot.press("d")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and dashboard.data is not None
        assert [card.kpi for card in dashboard.data.kpis][-1] == "pipeline_needed"
    saved = kpi_selection(store, "north")
    assert not saved.default
    assert [k.kpi for k in saved.kpis] == [
        "coverage",
        "new_opps_per_week",
        "avg_won_size",
        "next_step_coverage",
        "stuck_deals",
        "pipeline_needed",
    ]


@run_async
async def test_an_eighth_kpi_is_refused_with_a_sentence(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        await toggle(pilot, "stage_conversion")
        assert screen.kpis == list(DEFAULT_KPIS)
        assert notices(app)[-1] == (
            "Stage conversion would be KPI number 8: a dashboard shows at most 7 (fewer "
            "numbers, more actions), so unselect one first."
        )


@run_async
async def test_noise_is_kept_only_with_a_written_reason(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        await toggle(pilot, "stuck_deals")  # room for one more
        await toggle(pilot, "hygiene_score")
        prompt = top(app, TextPromptScreen)
        assert prompt.title_text == "CRM hygiene is noise (1 of 3 yes): why keep it?"
        await pilot.press("enter")  # no reason: not selected
        await settle(pilot)
        assert "hygiene_score" not in screen.kpis
        assert notices(app)[-1] == (
            "CRM hygiene was not selected: noise stays only with a written reason."
        )
        await toggle(pilot, "hygiene_score")
        app.screen.query_one("#prompt-text", Input).value = "The board reads it monthly"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.kpis[-1] == "hygiene_score"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = {k.kpi: k.why for k in kpi_selection(store, "north").kpis}
    assert saved["hygiene_score"] == "The board reads it monthly"


@run_async
async def test_a_refused_save_keeps_the_selection_being_edited(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        for kpi in DEFAULT_KPIS:
            await toggle(pilot, kpi)
        assert screen.kpis == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.kpis == [] and screen.dirty
        assert notices(app)[-1] == (
            "Pick between 1 and 7 KPIs (fewer numbers, more actions); 0 were given."
        )
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.kpis == list(DEFAULT_KPIS) and not screen.dirty
    assert kpi_selection(store, "north").default


@run_async
async def test_a_rep_reads_the_selection_but_cannot_change_it(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_selection(pilot)
        assert "read only: a manager chooses" in status(app)
        for action in ("toggle_kpi", "why", "save", "revert"):
            assert not screen.check_action(action, ())
        await toggle(pilot, "win_rate")
        await toggle(pilot, "win_rate", "enter")
        assert screen.kpis == list(DEFAULT_KPIS)
        titles = [title for title, _run, _help in app.screen_commands(screen)]
        assert "KPI selection: Select" not in titles


@run_async
async def test_the_dashboard_opens_the_selection(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, KpiSelectionScreen)
        titles = [title for title, _run, _help in app.screen_commands(app.screen)]
        assert {"Pilot: Objectives", "Pilot: KPI selection", "KPI selection: Save"} <= set(titles)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_kpi_selection_snapshots(
    size: tuple[int, int], store: Store, snap_compare: SnapCompare
) -> None:
    keys = ["K", "down", "down", "space"]  # unselect the win rate
    assert snap_compare(build_app(store, MANAGER), terminal_size=size, run_before=pressing(keys))
