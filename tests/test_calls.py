"""Forecast categories and calls: who may set or submit what, the roll-up, and call accuracy
on hand-made periods."""

import json
from datetime import UTC, date, datetime

import pytest

from conftest import ADMIN, MANAGER, REP_RIA, REP_SAM
from deal_builder import add_deal
from pilot_tui.cli import main
from pilot_tui.core import clock
from pilot_tui.core.calls import (
    call_accuracy,
    call_rollup,
    latest_calls,
    record_team_call,
    set_forecast_category,
    submit_call,
)
from pilot_tui.core.context import Context
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import get_deal

NOVEMBER = parse_period("2026-11")
TODAY = Context(fixed_today=date(2026, 11, 18))


def call_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM forecast_calls"))


def test_a_rep_submits_their_own_call_and_it_keeps_its_date(team_store: Store) -> None:
    call = submit_call(team_store, REP_SAM, NOVEMBER, 5000_00, 8000_00, "two deals in legal")
    assert (call.owner, call.team, call.commit, call.best_case) == (
        "sam",
        "north",
        5000_00,
        8000_00,
    )
    assert call.at == clock.now()
    clock.freeze(datetime(2026, 11, 19, 8, tzinfo=UTC))
    submit_call(team_store, REP_SAM, NOVEMBER, 4000_00, 8000_00, "one slipped")
    assert latest_calls(team_store, NOVEMBER)["sam"].commit == 4000_00
    assert call_count(team_store) == 2, "a new call never overwrites the earlier one"


def test_a_rep_cannot_submit_another_reps_call(team_store: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="sam is a rep and can only submit their own"):
        submit_call(team_store, REP_SAM, NOVEMBER, 1_00, 2_00, "for ria", owner="ria")
    with pytest.raises(PermissionDeniedError, match="Only a manager records the team"):
        record_team_call(team_store, REP_SAM, TODAY, NOVEMBER, 1_00, 2_00, "me", "north")
    assert call_count(team_store) == 0
    assert submit_call(
        team_store, MANAGER, NOVEMBER, 1_00, 2_00, "ria away", owner="ria"
    ).owner == ("ria")


def test_a_call_needs_a_best_case_at_least_its_commit_and_a_sentence(team_store: Store) -> None:
    with pytest.raises(ValidationError, match="best case cannot be below the commit"):
        submit_call(team_store, REP_SAM, NOVEMBER, 5_00, 4_00, "oops")
    with pytest.raises(ValidationError, match="2026-10 is over"):
        submit_call(team_store, REP_SAM, parse_period("2026-10"), 5_00, 6_00, "late")
    with pytest.raises(ValidationError, match="--note"):
        submit_call(team_store, REP_SAM, NOVEMBER, 5_00, 6_00, "  ")
    assert call_count(team_store) == 0


def test_the_owner_or_a_manager_sets_a_deals_category_audited(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        deal = add_deal(w, [("proposal", "2026-11-10")], owner="ria", forecast_category="pipeline")
        closed = add_deal(w, [("prospecting", "2026-11-01"), ("won", "2026-11-05")], owner="ria")
    with pytest.raises(PermissionDeniedError, match="deal .* belongs to ria"):
        set_forecast_category(team_store, REP_SAM, deal, "commit", expected_version=None)
    assert get_deal(team_store, deal).forecast_category == "pipeline"
    set_forecast_category(team_store, REP_RIA, deal, "best_case", expected_version=None)
    set_forecast_category(team_store, MANAGER, deal, "commit", expected_version=None)
    assert get_deal(team_store, deal).forecast_category == "commit"
    audited = team_store.rows(
        "SELECT actor, after_json FROM audit WHERE entity = 'deals' AND entity_id = ? "
        "AND op = 'update' ORDER BY id",
        (str(deal),),
    )
    assert [(a["actor"], json.loads(a["after_json"])["forecast_category"]) for a in audited] == [
        ("ria", "best_case"),
        ("mia", "commit"),
    ]
    with pytest.raises(ValidationError, match="not a forecast category"):
        set_forecast_category(team_store, MANAGER, deal, "maybe", expected_version=None)
    with pytest.raises(ValidationError, match="is closed"):
        set_forecast_category(team_store, MANAGER, closed, "commit", expected_version=None)


def test_the_rollup_sums_calls_beside_commit_deals_and_pilots_forecast(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        add_deal(w, [("prospecting", "2026-11-02"), ("won", "2026-11-06")], amount=1000_00)
        add_deal(
            w,
            [("negotiation", "2026-11-10")],
            amount=3000_00,
            expected_close="2026-11-25",
            forecast_category="commit",
        )
        add_deal(
            w,
            [("proposal", "2026-11-10")],
            owner="ria",
            amount=2000_00,
            expected_close="2026-11-26",
            forecast_category="best_case",
        )
    submit_call(team_store, REP_SAM, NOVEMBER, 3500_00, 4000_00, "the big one closes")
    rollup = call_rollup(team_store, TODAY, NOVEMBER, "north")
    sam, ria = (next(r for r in rollup.reps if r.login == who) for who in ("sam", "ria"))
    assert (sam.won, sam.commit_deals, sam.best_case_deals) == (1000_00, 4000_00, 4000_00)
    assert (ria.call, ria.commit_deals, ria.best_case_deals) == (None, 0, 2000_00)
    assert rollup.missing_calls == ["ria"]
    assert (rollup.calls_commit, rollup.calls_best_case) == (3500_00, 4000_00)
    assert rollup.commit_deals == 4000_00 and rollup.best_case_deals == 6000_00
    assert rollup.forecast_low <= rollup.forecast <= rollup.forecast_high
    assert rollup.gap_calls_to_forecast == 3500_00 - rollup.forecast
    assert rollup.gap_commit_deals_to_calls == 500_00
    team = record_team_call(team_store, MANAGER, TODAY, NOVEMBER, 3000_00, 6000_00, "ria", "north")
    assert team.judgment == "lowered" and team.owner is None
    assert call_rollup(team_store, TODAY, NOVEMBER, "north").gap_team_call_to_forecast == (
        3000_00 - rollup.forecast
    )


def _call_on(store: Store, when: datetime, period: str, who: str, commit: int) -> None:
    clock.freeze(when)
    owner = {"sam": REP_SAM, "ria": REP_RIA}.get(who)
    if owner is None:
        record_team_call(store, MANAGER, TODAY, parse_period(period), commit, commit, "x", "north")
    else:
        submit_call(store, owner, parse_period(period), commit, commit, "because")


def test_call_accuracy_judges_the_last_call_before_each_period_ended(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        for owner, day, amount in (
            ("sam", "2026-10-08", 1000_00),
            ("sam", "2026-10-30", 500_00),
            ("ria", "2026-10-15", 1000_00),
        ):
            add_deal(w, [("prospecting", "2026-09-01"), ("won", day)], owner=owner, amount=amount)
    october = datetime(2026, 10, 2, 9, tzinfo=UTC)
    _call_on(team_store, datetime(2026, 9, 1, 9, tzinfo=UTC), "2026-09", "sam", 1000_00)
    _call_on(team_store, october, "2026-10", "sam", 1000_00)
    _call_on(team_store, datetime(2026, 10, 20, 9, tzinfo=UTC), "2026-10", "sam", 2000_00)
    with pytest.raises(ValidationError, match="is over"):  # too late to call October
        _call_on(team_store, datetime(2026, 11, 2, 9, tzinfo=UTC), "2026-10", "sam", 1500_00)
    _call_on(team_store, october, "2026-10", "ria", 1000_00)
    _call_on(team_store, october, "2026-10", "team", 3000_00)
    _call_on(team_store, datetime(2026, 11, 3, 9, tzinfo=UTC), "2026-11", "sam", 9_00)
    accuracy = call_accuracy(team_store, TODAY, NOVEMBER, "north", periods=3)
    assert accuracy.periods == ["2026-08", "2026-09", "2026-10"]
    judged = {(r.period, r.owner): (r.commit, r.won, r.ratio) for r in accuracy.results}
    assert judged == {
        ("2026-09", "sam"): (1000_00, 0, 0.0),
        ("2026-10", "sam"): (2000_00, 1500_00, 0.75),
        ("2026-10", "ria"): (1000_00, 1000_00, 1.0),
        ("2026-10", None): (3000_00, 2500_00, pytest.approx(2500 / 3000)),
    }
    assert accuracy.mean_abs_error["sam"] == pytest.approx((1 + 0.25) / 2)
    assert accuracy.mean_abs_error["ria"] == 0
    assert accuracy.mean_abs_error["team"] == pytest.approx(500 / 3000)


def test_pilot_call_commands(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(team_store.path), "--today", "2026-11-18", "--period", "2026-11"]
    submit = ["call", "submit", *base, "--commit", "5k", "--best-case", "8k", "--note", "n"]
    assert main([*submit, "--as", "sam", "--owner", "ria"]) == 1
    assert "can only submit their own call" in capsys.readouterr().err
    assert call_count(team_store) == 0
    assert main([*submit, "--as", "sam", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["commit"] == 5000_00
    assert main(["call", "list", *base, "--as", "ria", "--json"]) == 0
    assert [c["owner"] for c in json.loads(capsys.readouterr().out)] == ["sam"]
    team = ["call", "team", *base, "--as", "mia"]
    assert main([*team, "--commit", "4k", "--best-case", "9k"]) == 1
    assert "--reason" in capsys.readouterr().err
    assert main([*team, "--commit", "4k", "--best-case", "9k", "--reason", "cautious"]) == 0
    out = capsys.readouterr().out
    assert "Team call (lowered" in out and "No call yet from: ria" in out
    assert main(["call", "accuracy", *base, "--as", "mia"]) == 0
    assert "No call was made" in capsys.readouterr().out
