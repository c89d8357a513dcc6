"""The dashboard's data seam and the audit summary, on the fixture pipeline."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MANAGER, REP_SAM, make_team_store
from pilot_tui.core.dashboard import Verdict, build_dashboard
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import deal_history, update_deal
from pilot_tui.core.store.pipeline import audit_summary
from pipeline_fixture import fill_pipeline


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = make_team_store(tmp_path / "dash.db")
    fill_pipeline(store)
    yield store
    store.close()


def test_team_dashboard_cards_funnel_stuck_and_overdue(store: Store) -> None:
    data = build_dashboard(store, MANAGER)
    assert data.rep is None and data.verdict.verdict is Verdict.NO_TARGET
    cards = {card.kpi: card.value for card in data.kpis}
    # Open: 2,000 + 0 + 8,000 + 12,500 + 30,000; weighted 100 + 0 + 2,000 + 6,250 + 27,000.
    assert cards == {
        "pipeline_value": "€52,500",
        "weighted_pipeline": "€35,350",
        "open_deals": "5",
        "next_step_coverage": "40%",  # Acme and Umbrella, of 5
        "stuck_deals": "2",
    }
    assert all(card.change is None and card.sparkline == () for card in data.kpis)
    assert [(row.stage, row.count) for row in data.funnel] == [
        ("prospecting", 1),
        ("qualification", 1),
        ("discovery", 1),
        ("proposal", 1),
        ("negotiation", 1),
    ]
    assert [deal.name for deal in data.stuck] == ["Stark no amount", "Globex pilot"]
    assert [action.title for action in data.actions] == ["Update the CRM", "Call the CFO"]
    assert data.own_deals == [] and data.reps == ["ria", "sam"]


def test_rep_dashboard_is_their_deals_and_open_actions(store: Store) -> None:
    data = build_dashboard(store, REP_SAM, "sam")
    cards = {card.kpi: card.value for card in data.kpis}
    assert cards["pipeline_value"] == "€20,500" and cards["open_deals"] == "3"
    assert cards["next_step_coverage"] == "33%"  # Acme only; Globex and Stark have none
    assert [deal.name for deal in data.own_deals] == [
        "Stark no amount",
        "Acme renewal",
        "Globex pilot",
    ]
    assert [action.title for action in data.actions] == ["Call the CFO"]


def test_audit_summary_names_changed_fields_without_bookkeeping(store: Store) -> None:
    update_deal(
        store, MANAGER, 1, {"stage": "negotiation", "amount_minor": 1_300_000}, expected_version=1
    )
    created, updated = deal_history(store, 1).audit
    assert audit_summary(created) == "created"
    assert audit_summary(updated) == (
        "amount_minor: 1250000 → 1300000; stage: proposal → negotiation"
    )


def test_app_core_modules_do_not_import_textual() -> None:
    probe = (
        "import sys, pilot_tui.core.dashboard, pilot_tui.core.money, "
        "pilot_tui.core.store.pipeline, pilot_tui.core.store.activities; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
