"""The diagnostics on generated teams: every pattern the demo plants is found with the right
scope, on two demos; a healthy generated team raises nothing; every finding links playbook
entries that exist."""

from datetime import date

import pytest

from healthy_team import build_healthy_team
from pilot_tui.core.context import Context, DiagnosticThresholds
from pilot_tui.core.demo import DEFAULT_SEED, build_demo
from pilot_tui.core.diagnostics import RULE_IDS, Finding, diagnostic_window, run_diagnostics
from pilot_tui.core.metrics.state import Scope, parse_scope
from pilot_tui.core.periods import Period, parse_period
from pilot_tui.core.playbook import load_playbook
from pilot_tui.core.store import Store


def diagnose(
    store: Store,
    today: date,
    scope: Scope | None = None,
    period: Period | None = None,
    thresholds: DiagnosticThresholds | None = None,
) -> list[Finding]:
    """The findings of ``scope`` (default the team) over ``period`` (default the usual
    window) on ``today``."""
    context = Context(thresholds=thresholds or DiagnosticThresholds(), fixed_today=today)
    window = period or diagnostic_window(context)
    return run_diagnostics(store, context, scope or Scope(), window)


CASES = [(DEFAULT_SEED, date(2026, 11, 18)), (7, date(2027, 3, 1))]


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"seed{case[0]}-{case[1]}")
def demo_findings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> list[Finding]:
    seed, today = request.param
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, manager_login="mia", seed=seed, today=today)
    with Store.open(path) as store:
        return diagnose(store, today)


@pytest.mark.parametrize(
    ("rule", "scope"),
    [
        ("qualification_drop", "rep:dina"),
        ("cycle_lengthening", "segment:enterprise"),
        ("thin_top_of_funnel", "rep:bea"),
        ("stuck_deals", "team"),
        ("fragile_pipeline", "team"),
    ],
)
def test_each_planted_pattern_is_found_with_its_scope(
    demo_findings: list[Finding], rule: str, scope: str
) -> None:
    assert (rule, scope) in {(f.rule, f.scope) for f in demo_findings}


def test_the_planted_rep_patterns_point_at_the_right_reps_only(
    demo_findings: list[Finding],
) -> None:
    by_rule: dict[str, set[str]] = {f.rule: set() for f in demo_findings}
    for f in demo_findings:
        by_rule[f.rule].add(f.scope)
    assert {s for s in by_rule["qualification_drop"] if s.startswith("rep:")} == {"rep:dina"}
    assert "rep:bea" in by_rule["thin_top_of_funnel"]
    assert {s for s in by_rule["cycle_lengthening"] if s.startswith("segment:")} >= {
        "segment:enterprise"
    }


def test_findings_come_most_severe_first_and_link_existing_entries(
    demo_findings: list[Finding],
) -> None:
    ranks = [f.severity.rank for f in demo_findings]
    assert ranks == sorted(ranks)
    playbook = load_playbook()
    for finding in demo_findings:
        assert finding.playbook[0] == f"rule-{finding.rule}"
        for entry_id in finding.playbook:
            playbook.get(entry_id)  # raises NotFoundError for a broken link
        assert finding.evidence and finding.suggested_adjustments


def test_a_healthy_team_raises_no_finding(team_store: Store) -> None:
    today = date(2026, 11, 18)
    build_healthy_team(team_store, today)
    assert diagnose(team_store, today) == []
    for scope in ("rep:sam", "segment:enterprise", "offer:core"):
        assert diagnose(team_store, today, parse_scope(scope)) == []
    assert diagnose(team_store, today, period=parse_period("2026-10")) == []


def test_the_healthy_team_gives_every_rule_enough_to_judge(team_store: Store) -> None:
    """Silence must not come from too few events: with thresholds that any number crosses,
    every rule speaks (but fragile_pipeline, whose required coverage comes from the win rate,
    not from a threshold)."""
    today = date(2026, 11, 18)
    build_healthy_team(team_store, today)
    anything = DiagnosticThresholds(
        rate_drop_points=-100,
        rate_drop_p_value=2,
        new_opps_drop=10,
        cycle_growth=-1,
        rhythm_cv=-1,
        rep_spread_points=-100,
        slippage_share=0,
        hygiene_floor=101,
        stuck_min_deals=0,
        stuck_share=0,
        coherence_floor=2,
        next_step_floor=1.01,
        weak_qualification_share=-1,
    )
    fired = {f.rule for f in diagnose(team_store, today, thresholds=anything)}
    assert fired == set(RULE_IDS) - {"fragile_pipeline"}


def test_a_comparison_between_reps_names_them_and_no_rep_sees_it(
    demo_findings: list[Finding],
) -> None:
    from pilot_tui.core.diagnostics import visible_to
    from pilot_tui.core.models import Role, User

    spreads = [f for f in demo_findings if f.names_reps]
    assert spreads, "the demo plants a gap between reps"
    for f in spreads:
        assert len(f.names_reps) == 2 and all(login in f.title for login in f.names_reps)
        for login in f.names_reps:
            rep = User(login=login, name=login, role=Role.REP, team="north")
            assert f not in visible_to(rep, demo_findings)
