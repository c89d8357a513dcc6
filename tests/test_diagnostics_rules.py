"""Each diagnostic rule on tiny hand-made pipelines: one that makes it fire, one that does not,
and one with too few events to say (today = Wednesday 2026-11-18; the default window is
2026-10-22..2026-11-18 and its baseline 2026-07-30..2026-10-21)."""

from datetime import date, timedelta

import pytest

from conftest import ADMIN
from deal_builder import add_activity, build, push, set_objective
from pilot_tui.core.context import Context
from pilot_tui.core.diagnostics import Finding, diagnostic_window, run_diagnostics
from pilot_tui.core.metrics.state import parse_scope
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)
AS_OF_TODAY = Context(fixed_today=TODAY)


def findings(store: Store, rule: str, scope: str = "team") -> list[Finding]:
    window = diagnostic_window(AS_OF_TODAY)
    return run_diagnostics(store, AS_OF_TODAY, parse_scope(scope), window, rule_ids=[rule])


def scopes(store: Store, rule: str, scope: str = "team") -> list[str]:
    return [f.scope for f in findings(store, rule, scope)]


def day(value: date, offset: int = 0) -> str:
    return (value + timedelta(days=offset)).isoformat()


def qualification_exits(store: Store, on: str, forward: int, lost: int, owner: str = "sam") -> None:
    """``forward`` + ``lost`` deals that left qualification on ``on``."""
    exit_day = date.fromisoformat(on)
    start = [("prospecting", day(exit_day, -6)), ("qualification", day(exit_day, -3))]
    paths = [[*start, ("discovery", on)]] * forward + [[*start, ("lost", on)]] * lost
    build(store, *paths, owner=owner)


# 1. qualification_drop -------------------------------------------------------------------


def test_qualification_drop_fires_for_the_rep_whose_qualification_fell(
    team_store: Store,
) -> None:
    qualification_exits(team_store, "2026-09-15", forward=10, lost=0)
    qualification_exits(team_store, "2026-11-05", forward=3, lost=7)
    qualification_exits(team_store, "2026-09-15", forward=8, lost=2, owner="ria")
    qualification_exits(team_store, "2026-11-05", forward=8, lost=2, owner="ria")
    [team, sam] = findings(team_store, "qualification_drop")
    assert (team.scope, sam.scope) == ("team", "rep:sam")
    evidence = sam.evidence[0]
    assert (evidence.value, evidence.n, evidence.baseline, evidence.baseline_n) == pytest.approx(
        (0.3, 10, 1.0, 10)
    )
    assert sam.severity == "high"  # 70 points ≥ twice the 10-point threshold
    assert sam.playbook[0] == "rule-qualification_drop"


def test_qualification_drop_says_when_other_stages_fell_too(team_store: Store) -> None:
    qualification_exits(team_store, "2026-09-15", forward=10, lost=0)
    qualification_exits(team_store, "2026-11-05", forward=3, lost=7)
    later = [("prospecting", "2026-08-01"), ("discovery", "2026-08-10")]
    build(team_store, *[[*later, ("proposal", "2026-09-20")]] * 10)
    build(team_store, *[[*later, ("lost", "2026-11-06")]] * 10)
    [team] = findings(team_store, "qualification_drop", "rep:sam")
    assert [e.label for e in team.evidence] == [
        "deals leaving qualification that moved forward",
        "deals leaving prospecting that moved forward",
        "deals leaving discovery that moved forward",
    ]
    assert "discovery too" in team.explanation


def test_qualification_drop_stays_silent_within_ten_points(team_store: Store) -> None:
    qualification_exits(team_store, "2026-09-15", forward=9, lost=1)
    qualification_exits(team_store, "2026-11-05", forward=9, lost=2)
    assert findings(team_store, "qualification_drop") == []


def test_qualification_drop_needs_ten_exits_on_each_side(team_store: Store) -> None:
    qualification_exits(team_store, "2026-09-15", forward=10, lost=0)
    qualification_exits(team_store, "2026-11-05", forward=0, lost=9)
    assert findings(team_store, "qualification_drop") == []


# 2. thin_top_of_funnel -------------------------------------------------------------------


def closed_deals_created(store: Store, owner: str, first: date, count: int, every: int) -> None:
    """``count`` deals created every ``every`` days from ``first``, closed 20 days later,
    won and lost in turn."""
    paths = []
    for k in range(count):
        created = first + timedelta(days=every * k)
        outcome = "won" if k % 2 == 0 else "lost"
        paths.append([("prospecting", day(created)), (outcome, day(created, 20))])
    build(store, *paths, owner=owner)


def test_thin_top_of_funnel_fires_for_the_rep_who_stopped_opening_deals(
    team_store: Store,
) -> None:
    closed_deals_created(team_store, "sam", date(2026, 7, 30), count=24, every=3)
    closed_deals_created(team_store, "ria", date(2026, 7, 30), count=12, every=7)
    build(team_store, *[[("prospecting", "2026-11-02")]] * 4, owner="ria")
    found = {f.scope: f for f in findings(team_store, "thin_top_of_funnel")}
    assert "rep:sam" in found and "rep:ria" not in found
    sam = found["rep:sam"]
    assert sam.evidence[0].value == 0 and sam.evidence[0].baseline == pytest.approx(8.0)
    assert sam.evidence[0].p_value == pytest.approx(2.718281828**-8)


def test_thin_top_of_funnel_stays_silent_when_conversion_is_poor(team_store: Store) -> None:
    closed_deals_created(team_store, "ria", date(2026, 7, 30), count=24, every=3)
    lost = [
        [("prospecting", day(date(2026, 7, 30), 3 * k)), ("lost", "2026-09-30")] for k in range(24)
    ]
    build(team_store, *lost, owner="sam")
    assert "rep:sam" not in scopes(team_store, "thin_top_of_funnel")


def test_thin_top_of_funnel_needs_ten_deals_in_the_baseline(team_store: Store) -> None:
    closed_deals_created(team_store, "sam", date(2026, 7, 30), count=9, every=9)
    closed_deals_created(team_store, "ria", date(2026, 7, 30), count=12, every=7)
    assert "rep:sam" not in scopes(team_store, "thin_top_of_funnel")


# 3. cycle_lengthening --------------------------------------------------------------------


def won_with_cycle(store: Store, closed_from: date, count: int, days: int, **fields: str) -> None:
    paths = [
        [("prospecting", day(closed_from, 2 * k - days)), ("won", day(closed_from, 2 * k))]
        for k in range(count)
    ]
    build(store, *paths, **fields)


def test_cycle_lengthening_fires_for_the_segment_that_slowed(team_store: Store) -> None:
    won_with_cycle(team_store, date(2026, 1, 5), 10, 20, segment="enterprise")
    won_with_cycle(team_store, date(2026, 9, 1), 10, 30, segment="enterprise")
    won_with_cycle(team_store, date(2026, 1, 5), 10, 20, segment="smb")
    won_with_cycle(team_store, date(2026, 9, 1), 10, 21, segment="smb")
    found = {f.scope: f for f in findings(team_store, "cycle_lengthening")}
    assert "segment:enterprise" in found and "segment:smb" not in found
    evidence = found["segment:enterprise"].evidence[0]
    assert (evidence.value, evidence.n, evidence.baseline, evidence.baseline_n) == (30, 10, 20, 10)


def test_cycle_lengthening_stays_silent_under_twenty_percent(team_store: Store) -> None:
    won_with_cycle(team_store, date(2026, 1, 5), 10, 20)
    won_with_cycle(team_store, date(2026, 9, 1), 10, 23)
    assert findings(team_store, "cycle_lengthening") == []


def test_cycle_lengthening_needs_ten_won_deals_on_each_side(team_store: Store) -> None:
    won_with_cycle(team_store, date(2026, 1, 5), 10, 20)
    won_with_cycle(team_store, date(2026, 9, 1), 9, 40)
    assert findings(team_store, "cycle_lengthening") == []


# 4. fragile_pipeline ---------------------------------------------------------------------


def good_october_thin_november(store: Store, october_target: float) -> None:
    build(store, *[[("negotiation", "2026-10-01"), ("won", "2026-10-20")]] * 2, amount=1000_00)
    build(store, [("proposal", "2026-11-02")], amount=1000_00, expected_close="2026-11-25")
    set_objective(store, october_target, period="2026-10")


def test_fragile_pipeline_fires_after_a_good_month_with_thin_coverage(team_store: Store) -> None:
    good_october_thin_november(team_store, 2000_00)
    set_objective(team_store, 10_000_00, period="2026-11")
    [finding] = findings(team_store, "fragile_pipeline")
    coverage = finding.evidence[1]
    # 1,000 due / 10,000 left; the win rate is unknown (2 closed deals): 3× is required.
    assert (coverage.value, coverage.baseline) == pytest.approx((0.1, 3.0))
    assert finding.severity == "high"


def test_fragile_pipeline_stays_silent_after_a_missed_month(team_store: Store) -> None:
    good_october_thin_november(team_store, 5000_00)
    set_objective(team_store, 10_000_00, period="2026-11")
    assert findings(team_store, "fragile_pipeline") == []


def test_fragile_pipeline_needs_a_target_for_this_month(team_store: Store) -> None:
    good_october_thin_november(team_store, 2000_00)
    assert findings(team_store, "fragile_pipeline") == []


# 5. weak_qualification -------------------------------------------------------------------


def losses(store: Store, on: str, count: int, stage: str, reason: str) -> None:
    path = [("prospecting", "2026-06-01"), (stage, "2026-06-10"), ("lost", on)]
    build(store, *[path] * count, lost_reason=reason)


def test_weak_qualification_fires_on_late_losses_for_lack_of_budget(team_store: Store) -> None:
    losses(team_store, "2026-09-10", 10, "qualification", "no budget")
    losses(team_store, "2026-11-05", 6, "proposal", "no budget")
    losses(team_store, "2026-11-05", 4, "qualification", "timing")
    team, sam = findings(team_store, "weak_qualification")
    assert (team.scope, sam.scope) == ("team", "rep:sam")
    assert (team.evidence[0].value, team.evidence[0].baseline) == pytest.approx((0.6, 0.0))
    assert (team.evidence[0].n, team.evidence[0].baseline_n) == (10, 10)


def test_weak_qualification_ignores_late_losses_to_competitors(team_store: Store) -> None:
    losses(team_store, "2026-09-10", 10, "qualification", "no budget")
    losses(team_store, "2026-11-05", 6, "proposal", "competitor")
    losses(team_store, "2026-11-05", 4, "qualification", "timing")
    assert findings(team_store, "weak_qualification") == []


def test_weak_qualification_needs_ten_losses_in_the_window(team_store: Store) -> None:
    losses(team_store, "2026-09-10", 10, "qualification", "no budget")
    losses(team_store, "2026-11-05", 6, "proposal", "no fit")
    assert findings(team_store, "weak_qualification") == []


# 6. stuck_deals --------------------------------------------------------------------------


def open_deals(store: Store, stuck: int, fresh: int, **fields: str) -> list[int]:
    """Prospecting deals: ``stuck`` entered 30 days ago (rot days 14), ``fresh`` 2 days ago."""
    old = [[("prospecting", day(TODAY, -30))]] * stuck
    new = [[("prospecting", day(TODAY, -2))]] * fresh
    return build(store, *old, *new, **fields)


def test_stuck_deals_fires_with_three_stuck_of_ten(team_store: Store) -> None:
    ids = open_deals(team_store, stuck=3, fresh=7)
    [finding] = findings(team_store, "stuck_deals")
    assert finding.evidence[0].value == 3 and finding.evidence[0].n == 10
    assert finding.deal_ids == ids[:3]


def test_snoozed_deals_are_neither_stuck_nor_rotting(team_store: Store) -> None:
    open_deals(team_store, stuck=0, fresh=7)
    open_deals(team_store, stuck=3, fresh=0, snoozed_until="2026-12-01", snooze_reason="budget")
    assert findings(team_store, "stuck_deals") == []


def test_stuck_deals_needs_ten_open_deals(team_store: Store) -> None:
    open_deals(team_store, stuck=3, fresh=2)
    assert findings(team_store, "stuck_deals") == []


# 7. missing_next_steps -------------------------------------------------------------------


def with_next_steps(store: Store, dated: int, without: int) -> None:
    build(
        store,
        *[[("prospecting", day(TODAY, -2))]] * dated,
        next_step="call",
        next_step_due=day(TODAY, 3),
    )
    build(store, *[[("prospecting", day(TODAY, -2))]] * without)


def test_missing_next_steps_fires_below_eighty_percent(team_store: Store) -> None:
    with_next_steps(team_store, dated=7, without=3)
    [finding] = findings(team_store, "missing_next_steps")
    assert (finding.evidence[0].value, finding.evidence[0].baseline) == (0.7, 0.8)


def test_missing_next_steps_follows_the_quality_objective(team_store: Store) -> None:
    with_next_steps(team_store, dated=9, without=1)
    assert findings(team_store, "missing_next_steps") == []
    set_objective(team_store, 0.95, kind="quality", metric="next_step_coverage")
    [finding] = findings(team_store, "missing_next_steps")
    assert finding.evidence[0].baseline == 0.95


def test_missing_next_steps_needs_ten_open_deals(team_store: Store) -> None:
    with_next_steps(team_store, dated=0, without=9)
    assert findings(team_store, "missing_next_steps") == []


# 8. incoherent_objectives ----------------------------------------------------------------


def activities_done(store: Store, count: int) -> None:
    with store.write(ADMIN) as writer:
        for k in range(count):
            add_activity(writer, day(date(2026, 11, 2), k % 14))


def test_incoherent_objectives_fires_when_the_plan_falls_short(team_store: Store) -> None:
    set_objective(team_store, 40, kind="means", metric="activities")
    activities_done(team_store, 10)
    [finding] = findings(team_store, "incoherent_objectives")
    assert finding.evidence[0].value == pytest.approx(10 / 40)


def test_incoherent_objectives_stays_silent_when_the_plan_covers_it(team_store: Store) -> None:
    set_objective(team_store, 40, kind="means", metric="activities")
    activities_done(team_store, 30)
    assert findings(team_store, "incoherent_objectives") == []


def test_incoherent_objectives_needs_an_objective(team_store: Store) -> None:
    activities_done(team_store, 1)
    assert findings(team_store, "incoherent_objectives") == []


# 9. irregular_rhythm ---------------------------------------------------------------------

RHYTHM_MONDAYS = [date(2026, 9, 21) + timedelta(weeks=k) for k in range(8)]
"""The 8 complete weeks before 2026-11-18: Monday 2026-09-21 to Sunday 2026-11-15."""


def weekly_new_deals(store: Store, counts: list[int]) -> None:
    paths = []
    for monday, count in zip(RHYTHM_MONDAYS, counts, strict=True):
        paths += [[("prospecting", monday.isoformat())]] * count
    build(store, *paths, next_step="call", next_step_due=day(TODAY, 3))


def test_irregular_rhythm_fires_on_bursts_of_new_deals(team_store: Store) -> None:
    weekly_new_deals(team_store, [10, 0, 10, 0, 10, 0, 10, 0])
    [finding] = findings(team_store, "irregular_rhythm", "rep:sam")
    assert finding.evidence[0].value == pytest.approx(1.0)  # CV of 10, 0, 10, 0, …
    assert finding.evidence[0].n == 40


def test_irregular_rhythm_stays_silent_on_a_steady_week(team_store: Store) -> None:
    weekly_new_deals(team_store, [5, 4, 6, 5, 5, 4, 6, 5])
    assert findings(team_store, "irregular_rhythm") == []


def test_irregular_rhythm_ignores_what_chance_makes_of_few_deals(team_store: Store) -> None:
    # CV 0.75, but a deal and a half a week varies that much by luck alone: the
    # index-of-dispersion test (p ≈ 0.46) says so.
    weekly_new_deals(team_store, [3, 0, 1, 2, 0, 3, 1, 2])
    assert findings(team_store, "irregular_rhythm") == []


def test_irregular_rhythm_needs_ten_events_in_eight_weeks(team_store: Store) -> None:
    weekly_new_deals(team_store, [3, 0, 3, 0, 3, 0, 0, 0])
    assert findings(team_store, "irregular_rhythm") == []


# 10. rep_variability ---------------------------------------------------------------------


def test_rep_variability_fires_when_reps_differ_by_25_points(team_store: Store) -> None:
    qualification_exits(team_store, "2026-10-01", forward=10, lost=0)
    qualification_exits(team_store, "2026-10-01", forward=3, lost=7, owner="ria")
    [finding] = findings(team_store, "rep_variability")
    assert finding.scope == "team"
    assert "sam" in finding.title and "ria" in finding.title and "qualification" in finding.title
    assert "stage-qualification" in finding.playbook


def test_rep_variability_stays_silent_under_25_points(team_store: Store) -> None:
    qualification_exits(team_store, "2026-10-01", forward=10, lost=0)
    qualification_exits(team_store, "2026-10-01", forward=8, lost=2, owner="ria")
    assert findings(team_store, "rep_variability") == []


def test_rep_variability_needs_ten_exits_per_rep(team_store: Store) -> None:
    qualification_exits(team_store, "2026-10-01", forward=10, lost=0)
    qualification_exits(team_store, "2026-10-01", forward=0, lost=9, owner="ria")
    assert findings(team_store, "rep_variability") == []
    assert findings(team_store, "rep_variability", "rep:sam") == []  # a team-only rule


# 11. forecast_slippage -------------------------------------------------------------------


def due_deals(store: Store, due: int, pushed: int) -> None:
    ids = build(store, *[[("proposal", "2026-10-01")]] * due, expected_close="2026-11-10")
    with store.write(ADMIN) as writer:
        for deal_id in ids[:pushed]:
            push(writer, deal_id, "2026-11-10", "2026-12-10", "2026-11-05")
            writer.conn.execute(
                "UPDATE deals SET expected_close = '2026-12-10' WHERE id = ?", (deal_id,)
            )


def test_forecast_slippage_fires_when_a_fifth_of_due_deals_were_pushed(team_store: Store) -> None:
    due_deals(team_store, due=10, pushed=3)
    [finding] = findings(team_store, "forecast_slippage")
    assert (finding.evidence[0].value, finding.evidence[0].n) == pytest.approx((0.3, 10))


def test_forecast_slippage_stays_silent_with_one_push_in_ten(team_store: Store) -> None:
    due_deals(team_store, due=10, pushed=1)
    assert findings(team_store, "forecast_slippage") == []


def test_forecast_slippage_needs_ten_deals_due(team_store: Store) -> None:
    due_deals(team_store, due=5, pushed=3)
    assert findings(team_store, "forecast_slippage") == []


# 12. poor_hygiene ------------------------------------------------------------------------


def test_poor_hygiene_fires_below_sixty(team_store: Store) -> None:
    ids = build(
        team_store,
        *[[("prospecting", day(TODAY, -2))]] * 10,
        amount=None,
        expected_close=day(TODAY, -1),
    )
    [finding] = findings(team_store, "poor_hygiene")
    # Each deal: past expected close (2), no next step (2), no amount (1) of 9.
    assert finding.evidence[0].value == pytest.approx(100 * 4 / 9, abs=0.05)
    assert finding.deal_ids == ids


def test_poor_hygiene_stays_silent_on_clean_deals(team_store: Store) -> None:
    build(
        team_store,
        *[[("prospecting", day(TODAY, -2))]] * 10,
        expected_close=day(TODAY, 20),
        next_step="call",
        next_step_due=day(TODAY, 3),
    )
    assert findings(team_store, "poor_hygiene") == []


def test_poor_hygiene_needs_ten_open_deals(team_store: Store) -> None:
    build(team_store, *[[("prospecting", day(TODAY, -2))]] * 9, amount=None)
    assert findings(team_store, "poor_hygiene") == []
