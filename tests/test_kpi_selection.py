"""KPI selection: at most 7, the three questions, noise kept only with a written reason."""

import pytest

from conftest import MANAGER, REP_SAM
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.kpi_selection import (
    DEFAULT_KPIS,
    kpi_selection,
    refuse_addition,
    set_kpi_selection,
    team_for,
)
from pilot_tui.core.metrics.catalog import BY_ID
from pilot_tui.core.store import Store


def test_the_answers_are_the_catalogs_and_the_defaults_are_not_noise() -> None:
    assert len(BY_ID) == 21
    assert not any(BY_ID[k].noise for k in DEFAULT_KPIS)
    noise = sorted(k for k, q in BY_ID.items() if q.noise)
    assert noise == [
        "hygiene_score",
        "pushed_deals",
        "skipped_stages",
        "weighted_pipeline",
        "win_rate_value",
    ]


def test_a_team_without_a_choice_sees_the_default_seven(team_store: Store) -> None:
    selection = kpi_selection(team_store, "north")
    assert selection.default
    assert [k.kpi for k in selection.kpis] == list(DEFAULT_KPIS)
    win_rate = selection.kpis[0]
    assert (win_rate.actionable, win_rate.anticipates, win_rate.drives_results, win_rate.noise) == (
        True,
        False,
        True,
        False,
    )


def test_set_replaces_the_selection_in_order(team_store: Store) -> None:
    set_kpi_selection(team_store, MANAGER, "north", ["coverage", "win_rate"])
    selection = set_kpi_selection(team_store, MANAGER, "north", ["stuck_deals", "coverage"])
    assert not selection.default
    assert [(k.kpi, k.position) for k in selection.kpis] == [("stuck_deals", 1), ("coverage", 2)]
    assert kpi_selection(team_store, "south").default


def test_more_than_seven_unknown_or_repeated_kpis_are_refused(team_store: Store) -> None:
    eight = [*DEFAULT_KPIS, "velocity"]
    with pytest.raises(ValidationError, match="between 1 and 7 KPIs .* 8 were given"):
        set_kpi_selection(team_store, MANAGER, "north", eight)
    with pytest.raises(ValidationError, match="'happiness' is not a KPI"):
        set_kpi_selection(team_store, MANAGER, "north", ["happiness"])
    with pytest.raises(ValidationError, match="win_rate is selected twice"):
        set_kpi_selection(team_store, MANAGER, "north", ["win_rate", "win_rate"])
    with pytest.raises(ValidationError, match="between 1 and 7"):
        set_kpi_selection(team_store, MANAGER, "north", [])
    assert kpi_selection(team_store, "north").default  # nothing was half-written


def test_a_noise_kpi_is_kept_only_with_a_written_reason(team_store: Store) -> None:
    with pytest.raises(
        ValidationError,
        match=r"^hygiene_score answers yes to only 1 of the three questions, so it is noise: "
        r"keep it only with a written reason\.$",
    ):
        set_kpi_selection(team_store, MANAGER, "north", ["win_rate", "hygiene_score"])
    with pytest.raises(ValidationError, match="reason was given for velocity"):
        set_kpi_selection(team_store, MANAGER, "north", ["win_rate"], why={"velocity": "because"})
    selection = set_kpi_selection(
        team_store,
        MANAGER,
        "north",
        ["win_rate", "hygiene_score"],
        why={"hygiene_score": "The CRM is new; we clean it up this quarter."},
    )
    kept = selection.kpis[1]
    assert (kept.kpi, kept.noise, kept.why) == (
        "hygiene_score",
        True,
        "The CRM is new; we clean it up this quarter.",
    )
    assert kpi_selection(team_store, "north").kpis[1].why == kept.why


def test_only_a_manager_sets_the_selection(team_store: Store) -> None:
    with pytest.raises(PermissionDeniedError):
        set_kpi_selection(team_store, REP_SAM, "north", ["win_rate"])


def test_an_addition_is_refused_when_full_repeated_or_unknown() -> None:
    refuse_addition(list(DEFAULT_KPIS)[:6], "velocity")  # room for a seventh
    with pytest.raises(ValidationError, match="Sales velocity would be KPI number 8"):
        refuse_addition(list(DEFAULT_KPIS), "velocity")
    with pytest.raises(ValidationError, match="Win rate is already selected"):
        refuse_addition(["win_rate"], "win_rate")
    with pytest.raises(ValidationError, match="'happiness' is not a KPI"):
        refuse_addition([], "happiness")


def test_the_team_a_user_chooses_for_is_theirs_else_the_dashboards_default() -> None:
    assert team_for(MANAGER) == "north"
    assert team_for(MANAGER.model_copy(update={"team": None})) == "team"
