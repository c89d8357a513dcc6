"""One vocabulary of adjustments for diagnostics and rituals; older runs' keys still read;
the conversion analysis offers each with the current findings that suggest it."""

import re
from pathlib import Path

import pytest

from conftest import MANAGER
from pilot_tui.core import diagnostics
from pilot_tui.core.adjustments import Adjustment
from pilot_tui.core.context import Context
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.rituals import start_run
from pilot_tui.core.rituals.run import insert_item
from pilot_tui.core.rituals.view import AdjustmentChoice, adjustment_choices, step_markdown
from pilot_tui.core.store import Store
from test_diagnostics_rules import open_deals

CONTEXT = Context()
"""Today is the tests' fixed clock; English, no holidays."""

DOC = Path(__file__).parents[1] / "docs" / "diagnostics-json.md"


def test_diagnostics_and_rituals_share_one_vocabulary() -> None:
    assert diagnostics.Adjustment is Adjustment
    assert [a.label for a in Adjustment] == [
        "Change the pitch",
        "Revise a step of the process",
        "Strengthen training",
        "Add a follow-up ritual",
        "Requalify the pipeline",
        "Refocus on priority offers or segments",
    ]


def test_the_json_documentation_lists_the_vocabulary_keys() -> None:
    row = next(line for line in DOC.read_text().splitlines() if "`suggested_adjustments`" in line)
    documented = re.findall(r"`([a-z_]+)`", row.split("|")[3])
    assert documented == [a.value for a in Adjustment]


def test_former_ritual_keys_read_as_todays_adjustments() -> None:
    assert Adjustment("add_ritual") is Adjustment.ADD_FOLLOW_UP_RITUAL
    assert Adjustment.parse("refocus") is Adjustment.REFOCUS
    with pytest.raises(ValidationError, match="'magic' is not an adjustment; use one of change_"):
        Adjustment.parse("magic")


def test_a_run_stored_with_former_keys_still_shows_and_counts(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "conversion_analysis")
    run.go_to("adjustments")
    with team_store.write(MANAGER) as writer:  # as the ritual engine stored them before
        for key, text in (("add_ritual", "Add a follow-up ritual: weekly"), ("refocus", "SMB")):
            insert_item(writer, run.id, "adjustments", subject=f"adjustment:{key}", decision=text)
    chosen = [c.adjustment for c in adjustment_choices(run, CONTEXT) if c.chosen]
    assert chosen == [Adjustment.ADD_FOLLOW_UP_RITUAL, Adjustment.REFOCUS]
    assert "2 of 3 chosen" in step_markdown(run, CONTEXT)
    run.choose_adjustment("requalify", "")
    with pytest.raises(ValidationError, match="at most 3 adjustments"):
        run.choose_adjustment("change_pitch", "")
    minutes = run.finish()
    assert "- Adjustment: Add a follow-up ritual: weekly\n- Adjustment: SMB\n" in minutes


def test_a_new_choice_is_stored_under_todays_key(team_store: Store) -> None:
    run = start_run(team_store, MANAGER, "conversion_analysis")
    run.go_to("adjustments")
    assert run.choose_adjustment("refocus", "").subject == "adjustment:refocus_priorities"


def test_the_adjustments_step_says_which_findings_suggest_each(team_store: Store) -> None:
    open_deals(team_store, stuck=3, fresh=7)  # stuck_deals: requalify, add a follow-up ritual
    run = start_run(team_store, MANAGER, "conversion_analysis")
    run.go_to("adjustments")
    choices = {c.adjustment: c for c in adjustment_choices(run, CONTEXT)}
    stuck = next(
        f
        for f in diagnostics.run_diagnostics(
            team_store, CONTEXT, Scope(), diagnostics.diagnostic_window(CONTEXT)
        )
        if f.rule == "stuck_deals"
    )
    assert stuck.title in choices[Adjustment.REQUALIFY].suggested_by
    assert choices[Adjustment.CHANGE_PITCH].suggested_by == ()
    assert choices[Adjustment.CHANGE_PITCH].suggestion() == ""
    text = step_markdown(run, CONTEXT)
    assert "- Change the pitch\n" in text
    assert f"- **Requalify the pipeline** — suggested by: {stuck.title}" in text


def test_a_suggestion_names_two_findings_and_counts_the_rest() -> None:
    choice = AdjustmentChoice(Adjustment.REVISE_STEP, ("A", "B (rep:dina)", "C"), chosen=True)
    assert choice.suggestion() == "suggested by: A; B (rep:dina) and 1 more"
