"""`pilot diagnose` and `pilot hygiene` as a user types them, the engine's scopes and order,
the hygiene summary and duplicate check, and the small statistics the rules rest on."""

import json
import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from deal_builder import build
from pilot_tui.cli import main
from pilot_tui.core.context import Context, DiagnosticThresholds
from pilot_tui.core.diagnostics import (
    Finding,
    RuleContext,
    default_window,
    diagnostic_window,
    rules_catalog,
    run_diagnostics,
    scopes_for,
)
from pilot_tui.core.hygiene import compute_hygiene
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.stats import (
    chi_square_upper_tail,
    dispersion_p_value,
    median_test_p_value,
    poisson_lower_tail,
)
from pilot_tui.core.store import Store
from test_diagnostics_rules import open_deals, qualification_exits

TODAY = date(2026, 11, 18)


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--as", "mia", "--today", "2026-11-18", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_diagnose_json_holds_the_window_baseline_and_findings(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    open_deals(team_store, stuck=3, fresh=7)
    code, out, err = run(capsys, team_store.path, "diagnose", "--json", "--rule", "stuck_deals")
    assert code == 0, err
    data = json.loads(out)
    assert data["period"]["label"] == "2026-10-22..2026-11-18"
    assert (data["baseline"]["start"], data["baseline"]["end"]) == ("2026-07-30", "2026-10-21")
    [finding] = data["findings"]
    assert sorted(finding) == sorted(Finding.model_fields)
    assert finding["rule"] == "stuck_deals" and finding["severity"] == "high"
    assert finding["suggested_adjustments"] == ["add_follow_up_ritual", "requalify"]
    assert sorted(finding["evidence"][0]) == [
        "baseline",
        "baseline_n",
        "label",
        "n",
        "p_value",
        "unit",
        "value",
    ]


def test_diagnose_prints_findings_for_people(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    open_deals(team_store, stuck=3, fresh=7)
    code, out, _err = run(capsys, team_store.path, "diagnose", "--period", "2026-11")
    assert code == 0
    assert "3 deals stuck" in out and "rule-stuck_deals" in out and "Requalify the pipeline" in out
    assert "findings:" in out


def test_diagnose_says_so_when_nothing_fires(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, team_store.path, "diagnose")
    assert code == 0 and "No finding" in out


def test_an_unknown_rule_is_one_sentence(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, team_store.path, "diagnose", "--rule", "nope")
    assert code == 1 and err.startswith("pilot: Unknown rule nope;")


def test_hygiene_json_and_table(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    fields = {"expected_close": "2026-12-20", "next_step": "call", "next_step_due": "2026-11-20"}
    [clean] = build(team_store, [("prospecting", "2026-11-16")], **fields)
    [bad] = build(team_store, [("prospecting", "2026-11-16")], amount=None, **fields)
    code, out, _err = run(capsys, team_store.path, "hygiene", "--json")
    data = json.loads(out)
    assert (data["open_deals"], data["clean_deals"]) == (2, 1)
    assert data["score"] == pytest.approx(round(100 * (1 + 8 / 9) / 2, 1))
    [deal] = data["deals"]
    assert (deal["id"], deal["problems"], deal["amount"]) == (bad, ["missing_amount"], None)
    assert [c["id"] for c in data["checks"]][-1] == "duplicate"
    code, out, _err = run(capsys, team_store.path, "hygiene")
    assert code == 0 and "no amount" in out and f"#{bad}" in out and f"#{clean}" not in out


def test_scopes_a_rule_scans_under_a_team_and_under_a_rep(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-11-02")], segment="smb")
    build(team_store, [("prospecting", "2026-11-02")], owner="ria", segment="enterprise")
    rules = {r.id: r for r in rules_catalog()}
    frames = frames_for(team_store)
    window = default_window(TODAY, 4)
    team = RuleContext(frames, Scope(), window, TODAY, DiagnosticThresholds())
    assert [s.label for s in scopes_for(rules["qualification_drop"], team)] == [
        "team",
        "rep:ria",
        "rep:sam",
    ]
    assert [s.label for s in scopes_for(rules["cycle_lengthening"], team)] == [
        "team",
        "segment:enterprise",
        "segment:smb",
    ]
    assert [s.label for s in scopes_for(rules["rep_variability"], team)] == ["team"]
    rep = RuleContext(frames, Scope("rep", "sam"), window, TODAY, DiagnosticThresholds())
    assert [s.label for s in scopes_for(rules["cycle_lengthening"], rep)] == ["rep:sam"]
    assert scopes_for(rules["rep_variability"], rep) == []


def test_findings_are_sorted_by_severity_then_rule_order(team_store: Store) -> None:
    qualification_exits(team_store, "2026-09-15", forward=20, lost=0)
    qualification_exits(team_store, "2026-11-05", forward=12, lost=2)  # 14 points: medium
    open_deals(team_store, stuck=5, fresh=5)  # stuck: high
    context = Context(fixed_today=TODAY)
    found = run_diagnostics(
        team_store,
        context,
        Scope(),
        diagnostic_window(context),
        rule_ids=["qualification_drop", "stuck_deals"],
    )
    assert [(f.rule, f.scope, f.severity.value) for f in found] == [
        ("stuck_deals", "team", "high"),
        ("qualification_drop", "team", "medium"),
        ("qualification_drop", "rep:sam", "medium"),
    ]


def test_a_bad_period_is_one_sentence(
    team_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, team_store.path, "diagnose", "--period", "november")
    assert code == 1 and err.startswith("pilot: 'november' is not a period;")


def test_a_deal_entered_twice_for_one_account_is_a_duplicate(team_store: Store) -> None:
    fields = {"expected_close": "2026-12-20", "next_step": "call", "next_step_due": "2026-11-20"}
    [first] = build(
        team_store, [("prospecting", "2026-11-02")], account="Acme", offer="core", **fields
    )
    [again] = build(
        team_store, [("prospecting", "2026-11-10")], account=" acme ", offer="core", **fields
    )
    [other_offer] = build(
        team_store, [("prospecting", "2026-11-10")], account="Acme", offer="x", **fields
    )
    [much_later] = build(
        team_store, [("prospecting", "2026-11-17")], account="Acme", offer="x", **fields
    )
    summary = compute_hygiene(team_store, today=TODAY)
    flagged = {d.id for d in summary.deals if "duplicate" in d.problems}
    assert flagged == {again, much_later}
    assert first not in flagged and other_offer not in flagged


def test_small_statistics_match_textbook_values() -> None:
    assert poisson_lower_tail(0, 8.0) == pytest.approx(math.exp(-8))
    assert poisson_lower_tail(2, 8.0) == pytest.approx(math.exp(-8) * (1 + 8 + 32))
    assert chi_square_upper_tail(14.067, 7) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_upper_tail(3.841, 1) == pytest.approx(0.05, abs=1e-4)
    assert chi_square_upper_tail(2.0, 2) == pytest.approx(math.exp(-1))
    assert dispersion_p_value(np.array([5.0] * 8)) == pytest.approx(1.0)
    assert dispersion_p_value(np.zeros(8)) is None
    # Everything in a exceeds the pooled median, nothing in b: 10/10 against 0/10.
    p = median_test_p_value(np.arange(20.0, 30.0), np.arange(0.0, 10.0))
    assert p == pytest.approx(math.erfc(math.sqrt(20) / math.sqrt(2)))


def test_diagnose_lists_its_rules(team_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, team_store.path, "diagnose", "--rules", "--json")
    rules = json.loads(out)
    assert code == 0 and [r["id"] for r in rules] == [r.id for r in rules_catalog()]
    variability = next(r for r in rules if r["id"] == "rep_variability")
    assert variability["across_reps"] and variability["playbook"][0] == "rule-rep_variability"
    code, out, _err = run(capsys, team_store.path, "diagnose", "--rules")
    assert code == 0 and "qualification_drop" in out and "across reps" in out


def test_thresholds_come_from_the_settings(
    team_store: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_deals(team_store, stuck=3, fresh=7)
    args = ("diagnose", "--json", "--rule", "stuck_deals")
    assert len(json.loads(run(capsys, team_store.path, *args)[1])["findings"]) == 1
    monkeypatch.setenv("PILOT_DIAGNOSTICS__STUCK_SHARE", "0.5")
    assert json.loads(run(capsys, team_store.path, *args)[1])["findings"] == []
