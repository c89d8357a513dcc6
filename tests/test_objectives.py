"""SMART check letter by letter, derivation outcome → pipeline → activity, progress, CRUD,
on the hand-made history of ``objective_history`` (its docstring has the figures)."""

import json
from datetime import date

import pytest

from conftest import MANAGER, REP_SAM
from objective_history import fill_objective_history
from pilot_tui.core import clock
from pilot_tui.core.derivation import derive
from pilot_tui.core.errors import ConflictError, PermissionDeniedError, ValidationError
from pilot_tui.core.metrics import Scope
from pilot_tui.core.objectives import (
    check_draft,
    create_objective,
    delete_objective,
    derivation_for,
    get_objective,
    list_objectives,
    objective_statuses,
    parse_target,
    progress,
    starting_draft,
    update_objective,
)
from pilot_tui.core.periods import parse_calendar_period
from pilot_tui.core.smart import ObjectiveDraft, SmartCheck, smart_check
from pilot_tui.core.store import Store


@pytest.fixture
def history(team_store: Store) -> Store:
    fill_objective_history(team_store)
    return team_store


def _team(metric: str, kind: str, target: float, period: str = "2026-11") -> ObjectiveDraft:
    return ObjectiveDraft(kind=kind, metric=metric, target=target, period=period, team="north")


def _letters(check: SmartCheck) -> dict[str, tuple[str, str]]:
    return {c.letter: (c.status, f"{c.name}: {c.reason}") for c in check.letters}


def test_outcome_within_reach_of_history_but_not_of_the_pipeline(history: Store) -> None:
    letters = _letters(smart_check(history, _team("won_value", "outcome", 5_000_000)))
    assert letters == {
        "S": ("pass", "specific: won_value for team north."),
        "M": ("pass", "measurable: the target €50,000 is an amount of money."),
        "A": (
            "pass",
            "achievable: the target is 1.2× the best month of the last 12 "
            "(2026-10: €40,000); the limit is 1.5×.",
        ),
        "R": (
            "fail",
            "realistic: open pipeline due by 2026-11-30 (€40,000) × win rate 50 % (n=10) = "
            "€20,000, against €40,000 still to win; €40,000 of new pipeline is needed.",
        ),
        "T": ("pass", "time-bound: 2026-11 ends on 2026-11-30, in 12 days."),
    }


def test_outcome_far_above_the_best_month_is_not_achievable(history: Store) -> None:
    letters = _letters(smart_check(history, _team("won_value", "outcome", 9_200_000)))
    assert letters["A"] == (
        "fail",
        "achievable: the target is 2.3× the best month of the last 12 (2026-10: €40,000); "
        "the limit is 1.5×.",
    )


def test_outcome_the_open_pipeline_covers_is_realistic(history: Store) -> None:
    letters = _letters(smart_check(history, _team("won_value", "outcome", 3_000_000)))
    assert letters["R"] == (
        "pass",
        "realistic: open pipeline due by 2026-11-30 (€40,000) × win rate 50 % (n=10) = "
        "€20,000, against €20,000 still to win.",
    )


def test_derivation_from_the_outcome_target(history: Store) -> None:
    d = derive(history, Scope("team", "north"), 5_000_000, parse_calendar_period("2026-11"))
    assert (d.won_minor, d.remaining_minor, d.open_due_minor) == (1_000_000, 4_000_000, 4_000_000)
    assert (d.win_rate, d.closed_deals, d.avg_won_minor) == (0.5, 10, 2_000_000)
    assert d.pipeline_to_cover_minor == 8_000_000  # (5M − 1M) / 50 %
    assert d.pipeline_needed_minor == 4_000_000  # 8M − 4M already due this month
    assert d.new_opps_needed == 2  # 4M / 2M mean new opportunity size
    assert d.weeks_left == pytest.approx(13 / 7)  # 18..30 November inclusive
    assert d.weekly_new_opps == pytest.approx(2 * 7 / 13)
    assert d.activities_per_opportunity == 2  # 6 calls / 3 new opportunities in 12 weeks
    assert d.weekly_activities == pytest.approx(4 * 7 / 13)


def test_means_quality_and_predictive_checked_against_the_outcome(history: Store) -> None:
    no_outcome = _letters(smart_check(history, _team("new_opps", "means", 3)))
    assert no_outcome["R"] == (
        "unknown",
        "realistic: there is no outcome objective to check it against.",
    )
    create_objective(history, MANAGER, _team("won_value", "outcome", 5_000_000))
    enough = _letters(smart_check(history, _team("new_opps", "means", 3)))
    assert enough["R"] == (
        "pass",
        "realistic: the outcome objective (€50,000) needs 2; this target is 3.",
    )
    assert enough["A"] == (
        "pass",
        "achievable: the target is 0.3× the best month of the last 12 (2026-06: 10); "
        "the limit is 1.5×.",
    )
    too_few = _letters(smart_check(history, _team("activities", "means", 3)))
    assert too_few["R"] == (
        "fail",
        "realistic: the outcome objective (€50,000) needs 4; this target is 3.",
    )
    pipeline = _letters(smart_check(history, _team("pipeline_value", "predictive", 5_000_000)))
    assert pipeline["R"] == (
        "fail",
        "realistic: the outcome objective (€50,000) needs €80,000; this target is €50,000.",
    )
    assert pipeline["A"] == (
        "pass",
        "achievable: the target is 0.6× today's open pipeline (€90,000); the limit is 1.5×.",
    )
    reachable = _letters(smart_check(history, _team("next_step_coverage", "quality", 0.5)))
    assert reachable["A"] == (
        "pass",
        "achievable: the target 50 % is +17 points from today's 33 % (n=3); the limit is +25.",
    )
    stretch = _letters(smart_check(history, _team("next_step_coverage", "quality", 0.7)))
    assert stretch["A"] == (
        "fail",
        "achievable: the target 70 % is +37 points from today's 33 % (n=3); the limit is +25.",
    )


def test_specific_measurable_and_time_bound_failures(history: Store) -> None:
    unknown = _letters(smart_check(history, _team("happiness", "outcome", 10)))
    assert (
        unknown["S"][0] == "fail"
        and "'happiness' is not a metric Pilot measures" in (unknown["S"][1])
    )
    assert unknown["A"][0] == "unknown" and unknown["R"][0] == "unknown"
    wrong_kind = _letters(smart_check(history, _team("new_opps", "outcome", 10)))
    assert wrong_kind["S"] == ("fail", "specific: new_opps is a means metric, not a outcome one.")
    nobody = ObjectiveDraft(kind="means", metric="new_opps", target=3, period="2026-11")
    assert _letters(smart_check(history, nobody))["S"] == (
        "fail",
        "specific: it names neither a rep nor a team.",
    )
    assert _letters(smart_check(history, _team("new_opps", "means", 0)))["M"] == (
        "fail",
        "measurable: the target 0 is not a count above zero.",
    )
    assert _letters(smart_check(history, _team("next_step_coverage", "quality", 1.5)))["M"] == (
        "fail",
        "measurable: the target 1.5 is not a share between 0 and 1 above zero.",
    )
    assert _letters(smart_check(history, _team("new_opps", "means", 3, "2026-10")))["T"] == (
        "fail",
        "time-bound: the period 2026-10 ended on 2026-10-31.",
    )
    assert _letters(smart_check(history, _team("new_opps", "means", 3, "someday")))["T"] == (
        "fail",
        "time-bound: 'someday' is not a month, ISO week or quarter.",
    )


def test_a_rep_objective_uses_the_reps_own_history(history: Store) -> None:
    sam = ObjectiveDraft(
        kind="outcome", metric="won_value", target=4_000_000, period="2026-Q4", owner="sam"
    )
    letters = _letters(smart_check(history, sam))
    # Sam's best quarter before 2026-Q4 is 2026-Q3: €10,000 → 4×.
    assert letters["A"] == (
        "fail",
        "achievable: the target is 4.0× the best quarter of the last 12 (2026-Q3: €10,000); "
        "the limit is 1.5×.",
    )


def test_without_history_achievable_and_realistic_are_unknown(team_store: Store) -> None:
    letters = _letters(smart_check(team_store, _team("won_value", "outcome", 1_000_000)))
    assert letters["A"] == ("unknown", "achievable: no history to compare the target with.")
    assert letters["R"] == (
        "unknown",
        "realistic: 0 deals closed in the last 12 months: too few to know the win rate "
        "(10 needed).",
    )
    assert smart_check(team_store, _team("won_value", "outcome", 1_000_000)).passes


def test_save_stores_the_check_edit_rechecks_delete_removes(history: Store) -> None:
    objective = create_objective(history, MANAGER, _team("won_value", "outcome", 9_200_000))
    stored = json.loads(objective.smart_check_json or "{}")
    assert [letter["status"] for letter in stored["letters"]] == [
        "pass",
        "pass",
        "fail",
        "fail",
        "pass",
    ]
    assert objective.smart is not None and not objective.smart.passes
    edited = update_objective(
        history, MANAGER, objective.id, {"target": 3_000_000}, expected_version=1
    )
    assert edited.smart is not None and edited.smart.passes and edited.version == 2
    with pytest.raises(ConflictError):
        update_objective(history, MANAGER, objective.id, {"target": 1}, expected_version=1)
    with pytest.raises(PermissionDeniedError):
        create_objective(history, REP_SAM, _team("new_opps", "means", 3))
    with pytest.raises(ValidationError, match="not a period"):
        create_objective(history, MANAGER, _team("new_opps", "means", 3, "November"))
    assert [o.id for o in list_objectives(history, period="2026-11")] == [objective.id]
    delete_objective(history, MANAGER, objective.id, expected_version=2)
    assert list_objectives(history) == []


def test_progress_counts_from_the_periods_start_to_today(history: Store) -> None:
    won = create_objective(history, MANAGER, _team("won_value", "outcome", 5_000_000))
    p = progress(history, won)
    assert (p.current, p.target, p.ratio, p.unit) == (1_000_000, 5_000_000, 0.2, "money")
    coverage = create_objective(history, MANAGER, _team("next_step_coverage", "quality", 0.5))
    assert progress(history, coverage).current == pytest.approx(1 / 3)
    sam = create_objective(
        history,
        MANAGER,
        ObjectiveDraft(
            kind="predictive", metric="pipeline_value", target=1, period="2026-11", owner="sam"
        ),
    )
    assert progress(history, sam).current == 8_000_000
    assert derivation_for(history, get_objective(history, won.id)).pipeline_needed_minor == (
        4_000_000
    )
    with pytest.raises(ValidationError, match="Only a won-value objective"):
        derivation_for(history, coverage)


def test_proposals_derived_from_the_outcome(history: Store) -> None:
    from pilot_tui.core.objectives import propose_from_outcome

    outcome = create_objective(history, MANAGER, _team("won_value", "outcome", 5_000_000))
    proposed = propose_from_outcome(history, outcome)
    assert [(d.kind, d.metric, d.target, d.team, d.period) for d in proposed] == [
        ("predictive", "pipeline_value", 8_000_000, "north", "2026-11"),
        ("means", "new_opps", 2, "north", "2026-11"),
        ("means", "activities", 4, "north", "2026-11"),
        ("quality", "next_step_coverage", 0.55, "north", "2026-11"),  # 1/3 + 20 points, to 5 %
    ]
    # Each proposal is consistent with the outcome it came from.
    for draft in proposed:
        assert _letters(smart_check(history, draft))["R"][0] == "pass"


def test_a_team_without_its_own_outcome_is_checked_against_its_reps_outcomes(
    history: Store,
) -> None:
    for owner, target in (("sam", 3_000_000), ("ria", 2_000_000)):
        create_objective(
            history,
            MANAGER,
            ObjectiveDraft(
                kind="outcome",
                metric="won_value",
                target=target,
                period="2026-11",
                owner=owner,
                team="north",
            ),
        )
    # €30,000 + €20,000: the dashboard's target for the team, so the same €50,000 as above.
    assert _letters(smart_check(history, _team("new_opps", "means", 3)))["R"] == (
        "pass",
        "realistic: the outcome objective (€50,000) needs 2; this target is 3.",
    )


def test_derivation_carries_the_coverage_kpi_and_what_it_requires(history: Store) -> None:
    d = derivation_for(history, _team("won_value", "outcome", 5_000_000))
    # €40,000 open and due / €40,000 still to win; 1 / 50 % win rate.
    assert (d.coverage, d.required_coverage) == (1.0, 2.0)
    reached = derivation_for(history, _team("won_value", "outcome", 800_000))
    assert (reached.remaining_minor, reached.coverage) == (0, None)


@pytest.mark.parametrize(
    ("metric", "text", "target"),
    [
        ("won_value", "50,000", 5_000_000),
        ("won_value", "1234.5", 123_450),
        ("new_opps", "12", 12),
        ("next_step_coverage", "80%", 0.8),
        ("next_step_coverage", "80", 0.8),
        ("next_step_coverage", "0.8", 0.8),
    ],
)
def test_a_typed_target_in_the_metrics_unit(metric: str, text: str, target: float) -> None:
    assert parse_target(metric, text) == pytest.approx(target)


@pytest.mark.parametrize("text", ["lots", "", "nan", "sNaN", "inf", "1e999"])
def test_a_target_that_is_not_a_number_is_one_sentence(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a number"):
        parse_target("won_value", text)


def test_checking_a_draft_saves_nothing(history: Store) -> None:
    checked = check_draft(history, _team("won_value", "outcome", 5_000_000))
    assert not checked.smart.passes and checked.currency == "EUR"
    assert checked.derivation is not None and checked.derivation.remaining_minor == 4_000_000
    assert check_draft(history, _team("new_opps", "means", 3)).derivation is None
    assert (
        check_draft(history, _team("won_value", "outcome", 5_000_000, "2026-13")).derivation is None
    )
    assert list_objectives(history) == []


def test_statuses_list_each_objective_with_progress_and_derivation(history: Store) -> None:
    outcome = create_objective(history, MANAGER, _team("won_value", "outcome", 5_000_000))
    create_objective(history, MANAGER, _team("new_opps", "means", 3))
    statuses = objective_statuses(history, period="2026-11")
    assert [(s.objective.id, s.progress.ratio) for s in statuses][0] == (outcome.id, 0.2)
    assert statuses[0].description == "won_value €50,000 for team north in 2026-11"
    assert statuses[0].derivation == derivation_for(history, outcome)
    assert statuses[1].derivation is None
    assert objective_statuses(history, period="2026-10") == []


def test_objective_setting_starts_from_what_the_outcome_implies(history: Store) -> None:
    blank = starting_draft(history, kind="means", period="2026-11", owner=None, team="north")
    assert (blank.metric, blank.target) == ("new_opps", 0)
    create_objective(history, MANAGER, _team("won_value", "outcome", 5_000_000))
    for kind, target in (("predictive", 8_000_000), ("means", 2)):
        draft = starting_draft(history, kind=kind, period="2026-11", owner=None, team="north")
        assert draft.target == target, kind
    # sam has no outcome objective of his own: nothing to derive from.
    sam = starting_draft(history, kind="means", period="2026-11", owner="sam", team="north")
    assert (sam.owner, sam.target) == ("sam", 0)


@pytest.mark.parametrize(
    ("today", "reason"),
    [
        (date(2026, 11, 29), "time-bound: 2026-11 ends on 2026-11-30, in 1 day."),
        (date(2026, 11, 30), "time-bound: 2026-11 ends today (2026-11-30)."),
    ],
)
def test_time_bound_reads_right_on_the_last_days(history: Store, today: date, reason: str) -> None:
    clock.freeze(None)
    clock.set_today(today)
    check = smart_check(history, _team("won_value", "outcome", 50_000_000))
    assert _letters(check)["T"] == ("pass", reason)
