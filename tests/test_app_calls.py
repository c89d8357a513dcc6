"""The forecast call screen: a rep submits a call through the form; a refused one keeps what
was typed and says why."""

from textual.widgets import Input, Static

from app_harness import build_app, run_async, settle, top
from conftest import REP_SAM
from pilot_tui.core.store import Store
from pilot_tui.screens.calls import CallForm, CallsScreen
from pilot_tui.widgets.keyed_table import KeyedTable


async def _fill(form: CallForm, commit: str, best: str, note: str) -> None:
    form.query_one("#call-commit", Input).value = commit
    form.query_one("#call-best", Input).value = best
    form.query_one("#call-note", Input).value = note


@run_async
async def test_a_rep_submits_a_call_and_sees_it_in_the_rollup(store: Store) -> None:
    async with build_app(store, REP_SAM).run_test(size=(120, 40)) as pilot:
        await pilot.press("F", "s")
        await settle(pilot)
        form = top(pilot.app, CallForm)
        await _fill(form, "9k", "8k", "two renewals")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        error = str(form.query_one("#call-error", Static).render())
        assert "best case cannot be below the commit" in error
        assert form.query_one("#call-commit", Input).value == "9k"
        form.query_one("#call-best", Input).value = "12k"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = top(pilot.app, CallsScreen)
        table = screen.query_one(KeyedTable)
        sam = table.get_row("sam")
        assert (str(sam[1]), str(sam[2])) == ("€9K", "€12K")
    row = store.rows("SELECT owner, commit_minor, best_case_minor, note FROM forecast_calls")
    assert row == [
        {
            "owner": "sam",
            "commit_minor": 9000_00,
            "best_case_minor": 12000_00,
            "note": "two renewals",
        }
    ]
