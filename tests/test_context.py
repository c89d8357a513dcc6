"""One context made at the edge: with holidays set, `pilot status`, the dashboard (its data
and its screen) and the ritual steps give the same pace and expected-to-date; core never
reads the settings.

The month: November 2026 has 21 working days; on Wednesday the 18th, 13 are gone. With
holidays on Wednesday the 11th, Saturday the 14th (a weekend day: no effect) and Friday the
20th, the month has 19 working days and 12 are gone: pace 12/19 (63 %), and against a
€10,000 target, €10,000 × 12/19 = €6,315.79 expected to date (without the holidays:
13/21, 62 %, €6,190.48).
"""

import json
from datetime import date
from pathlib import Path

import pytest

from app_harness import run_async, settle
from conftest import MANAGER
from deal_builder import build, set_objective, won
from pilot_tui.app import Session, make_app
from pilot_tui.cli import main
from pilot_tui.config import Settings
from pilot_tui.core.context import Calendar, Context, DiagnosticThresholds
from pilot_tui.core.dashboard import build_dashboard
from pilot_tui.core.forecast import compute_status, status_line, status_why
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.rituals import start_run
from pilot_tui.core.rituals.view import step_markdown
from pilot_tui.core.store import Store
from pilot_tui.screens.dashboard import DashboardScreen

HOLIDAYS = [date(2026, 11, 11), date(2026, 11, 14), date(2026, 11, 20)]
PACE = 12 / 19
EXPECTED = 631_579
"""round(1,000,000 minor units × 12 / 19)."""
PACE_TEXT = "€6.3K expected by today"
"""The line shows the expected-to-date (€6.2K without the holidays)."""


@pytest.fixture
def november(team_store: Store) -> Store:
    """A €10,000 team target for November 2026 and €4,000 won on the 3rd."""
    set_objective(team_store, 1_000_000)
    build(team_store, won("2026-10-01", "2026-11-03"), amount=400_000)
    return team_store


def holiday_context(store: Store) -> Context:
    return Settings(db=store.path, holidays=HOLIDAYS).context()


def test_status_json_counts_the_holidays(
    november: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PILOT_HOLIDAYS", json.dumps([d.isoformat() for d in HOLIDAYS]))
    args = ["--db", str(november.path), "--as", "mia", "--today", "2026-11-18"]
    assert main([*args, "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pace"] == pytest.approx(PACE)
    assert status["expected_to_date"] == EXPECTED
    assert PACE_TEXT in status["line"]


def test_the_dashboard_data_counts_the_same_holidays(november: Store) -> None:
    context = holiday_context(november)
    data = build_dashboard(november, context, MANAGER, Scope(), context.this_month())
    assert data.forecast is not None and data.forecast.expected_to_date == EXPECTED
    status = compute_status(november, context, Scope(), context.this_month())
    assert status.pace == pytest.approx(PACE)
    assert data.verdict.why == status_why(status, context.locale)
    assert PACE_TEXT in data.verdict.why


def test_the_ritual_verdict_step_counts_the_same_holidays(november: Store) -> None:
    context = holiday_context(november)
    run = start_run(november, MANAGER, "pipeline_review")
    run.next()  # the verdict
    status = compute_status(november, context, Scope(), context.this_month())
    assert status.expected_to_date == EXPECTED
    text = step_markdown(run, context)
    assert f"**{status_line(status, context.locale)}**" in text
    assert PACE_TEXT in text


def test_without_holidays_the_same_month_has_21_working_days(november: Store) -> None:
    """The control: the figures above are the holidays' doing."""
    status = compute_status(november, Context(), Scope(), Context().this_month())
    assert status.pace == pytest.approx(13 / 21)
    assert status.expected_to_date == 619_048


@run_async
async def test_the_dashboard_screen_uses_the_apps_context(november: Store) -> None:
    app = make_app(Session(Settings(db=november.path, holidays=HOLIDAYS), november, MANAGER))
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DashboardScreen) and screen.data is not None
        assert screen.data.forecast is not None
        assert screen.data.forecast.expected_to_date == EXPECTED
        assert PACE_TEXT in screen.data.verdict.why


def test_settings_make_one_context() -> None:
    thresholds = DiagnosticThresholds(window_weeks=6)
    settings = Settings(
        db=Path("team.db"),
        holidays=HOLIDAYS,
        locale="fr",
        today=date(2026, 11, 18),
        diagnostics=thresholds,
    )
    context = settings.context()
    assert context.calendar == Calendar(frozenset(HOLIDAYS))
    assert (context.locale, context.thresholds, context.today) == (
        "fr",
        thresholds,
        date(2026, 11, 18),
    )
    assert context.as_of(date(2026, 10, 2)).this_month().label == "2026-10"


def test_a_context_without_a_fixed_day_follows_the_clock() -> None:
    """An app left open past midnight computes for the new day (the tests' clock: 11-18)."""
    assert Context().today == date(2026, 11, 18)
