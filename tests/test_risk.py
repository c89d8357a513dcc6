"""Risk flags of open deals: each flag on a hand-made deal, with its reason in words."""

import json
from datetime import date
from typing import Any

import pytest

from conftest import ADMIN
from deal_builder import add_deal, push, reprice
from pilot_tui.cli import main
from pilot_tui.core.context import Context, DiagnosticThresholds
from pilot_tui.core.risk import risk_flags
from pilot_tui.core.store import Store

TODAY = Context(fixed_today=date(2026, 11, 18))
FRESH = [("proposal", "2026-11-16")]
"""Entered its stage two days before today: not stuck, not quiet."""
CLEAN: dict[str, Any] = {
    "expected_close": "2026-11-28",
    "next_step": "call",
    "next_step_due": "2026-11-20",
}


def flags_of(store: Store, deal_id: int, context: Context = TODAY) -> dict[str, str]:
    found = risk_flags(store, context, deal_ids=[deal_id])
    return {flag.kind: flag.reason for flag in found[0].flags} if found else {}


def test_a_clean_deal_has_no_flag(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        deal = add_deal(w, FRESH, **CLEAN)
    assert flags_of(team_store, deal) == {}


def test_close_date_past(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        deal = add_deal(w, FRESH, **{**CLEAN, "expected_close": "2026-11-10"})
    assert flags_of(team_store, deal) == {
        "close_date_past": "expected to close on 2026-11-10, 8 days ago"
    }


def test_pushed_twice_but_not_a_date_pulled_in(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        deal = add_deal(w, FRESH, **CLEAN)
        push(w, deal, "2026-11-20", "2026-11-10", "2026-11-16")  # pulled in: not a push
        push(w, deal, "2026-11-10", "2026-11-25", "2026-11-16")
        once = add_deal(w, FRESH, **CLEAN)
        push(w, once, "2026-11-20", "2026-11-28", "2026-11-17")
    assert flags_of(team_store, once) == {}
    push_count = DiagnosticThresholds(push_flag_count=1)
    assert flags_of(team_store, deal, Context(thresholds=push_count, fixed_today=TODAY.today)) == {
        "pushed": "close date pushed 1 time, last on 2026-11-16"
    }
    with team_store.write(ADMIN) as w:
        push(w, deal, "2026-11-25", "2026-11-28", "2026-11-17")
    assert flags_of(team_store, deal) == {"pushed": "close date pushed 2 times, last on 2026-11-17"}


def test_no_next_step_and_overdue_next_step(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        none = add_deal(w, FRESH, expected_close="2026-11-28")
        late = add_deal(w, FRESH, **{**CLEAN, "next_step_due": "2026-11-15"})
    assert flags_of(team_store, none) == {"no_next_step": "no next step"}
    assert flags_of(team_store, late) == {"next_step_overdue": "next step overdue since 2026-11-15"}


def test_stuck_beyond_the_stages_rot_days_unless_snoozed(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        stuck = add_deal(w, [("negotiation", "2026-11-01")], **CLEAN)
        snoozed = add_deal(
            w,
            [("negotiation", "2026-11-01")],
            **CLEAN,
            snoozed_until="2026-11-25",
            snooze_reason="buyer on leave",
        )
        w.insert(
            "activities",
            {
                "deal_id": stuck,
                "owner": "sam",
                "kind": "call",
                "title": "check in",
                "status": "done",
                "done_at": "2026-11-17T10:00:00+00:00",
                "created_at": "2026-11-17T10:00:00+00:00",
            },
        )
    assert flags_of(team_store, stuck) == {
        "stuck": "in negotiation for 17 days (stuck after 14 days)"
    }
    assert "stuck" not in flags_of(team_store, snoozed)


def test_amount_cut_below_its_highest(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        cut = add_deal(w, FRESH, **CLEAN, amount=800_00)
        reprice(w, cut, 1000_00, 1200_00, "2026-11-05")
        reprice(w, cut, 1200_00, 800_00, "2026-11-12")
        raised = add_deal(w, FRESH, **CLEAN, amount=1200_00)
        reprice(w, raised, 1000_00, 1200_00, "2026-11-05")
    assert flags_of(team_store, cut) == {"amount_cut": "amount cut from €1.2K to €800"}
    assert flags_of(team_store, raised) == {}


def test_commit_deal_in_an_early_stage(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        early = add_deal(w, [("qualification", "2026-11-16")], **CLEAN, forecast_category="commit")
        late = add_deal(w, FRESH, **CLEAN, forecast_category="commit")
    assert flags_of(team_store, early) == {"early_commit": "in commit but still in qualification"}
    assert flags_of(team_store, late) == {}


def test_no_activity_for_more_than_the_quiet_days(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        quiet = add_deal(w, [("prospecting", "2026-11-01")], **CLEAN)
        w.insert(
            "activities",
            {
                "deal_id": quiet,
                "owner": "sam",
                "kind": "email",
                "title": "intro",
                "status": "done",
                "done_at": "2026-11-03T10:00:00+00:00",
                "created_at": "2026-11-02T10:00:00+00:00",
            },
        )
    found = flags_of(team_store, quiet)
    assert found["quiet"] == "no activity for 15 days"
    loose = Context(thresholds=DiagnosticThresholds(quiet_days=15), fixed_today=TODAY.today)
    assert "quiet" not in flags_of(team_store, quiet, loose)


def test_a_closed_deal_has_no_flags(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        closed = add_deal(w, [("prospecting", "2026-10-01"), ("won", "2026-10-05")])
    assert risk_flags(team_store, TODAY, deal_ids=[closed]) == []


def test_pilot_deals_show_and_risks(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    with team_store.write(ADMIN) as w:
        deal = add_deal(w, FRESH, expected_close="2026-11-10")
        add_deal(w, FRESH, **CLEAN)
    base = ["--db", str(team_store.path), "--as", "mia", "--today", "2026-11-18"]
    assert main(["deals", "show", str(deal), *base]) == 0
    text = capsys.readouterr().out
    assert "expected to close on 2026-11-10, 8 days ago" in text and "no next step" in text
    assert main(["deals", "risks", *base, "--json"]) == 0
    at_risk = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in at_risk] == [deal]
    assert {f["kind"] for f in at_risk[0]["flags"]} == {"close_date_past", "no_next_step"}
