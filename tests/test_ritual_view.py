"""What a ritual step shows, on the hand-checked fixture pipeline."""

from pathlib import Path

from conftest import MANAGER
from pilot_tui.core.context import Context
from pilot_tui.core.metrics import Scope, compute_snapshot
from pilot_tui.core.metrics.display import format_kpi
from pilot_tui.core.rituals import start_run
from pilot_tui.core.rituals.compare import COACHING_KPIS, Side, compare_rep_with_team
from pilot_tui.core.rituals.view import step_markdown
from pilot_tui.core.store import Store
from pipeline_fixture import pipeline_store

CONTEXT = Context()
"""Today is the tests' fixed clock; English, no holidays."""


def test_pipeline_review_steps_show_the_right_deals(store: Store) -> None:
    run = start_run(store, MANAGER, "pipeline_review")
    assert "No action from an earlier run to review" in step_markdown(run, CONTEXT)
    run.next()
    assert "**NO TARGET · won €5K" in step_markdown(run, CONTEXT)
    run.next()  # what changed in November's pipeline over the week: nothing
    assert "Pipeline due in 2026-11: €42.5K on 2026-11-11, €42.5K today." in (
        step_markdown(run, CONTEXT)
    )
    run.next()  # slipped: Acme (pushed twice) and Stark (once)
    slipped = step_markdown(run, CONTEXT)
    assert "2 deals:" in slipped
    assert "#1 Acme renewal — sam, proposal, €12.5K, 2026-11-30" in slipped
    run.next()  # stuck: Stark (29 d in qualification) and Globex (48 d in discovery)
    stuck = step_markdown(run, CONTEXT)
    assert stuck.index("Stark no amount") < stuck.index("Globex pilot")
    assert "Initech" not in stuck  # snoozed
    run.record_decision("Requalify Stark")
    assert step_markdown(run, CONTEXT).endswith("- decision: Requalify Stark")


def test_objective_setting_shows_the_periods_objectives_with_progress(store: Store) -> None:
    with store.write(MANAGER) as writer:
        writer.insert(
            "objectives",
            {
                "team": "north",
                "kind": "outcome",
                "metric": "won_value",
                "target": 1_000_000,
                "period": "2026-11",
            },
        )
    run = start_run(store, MANAGER, "objective_setting")
    run.next()  # the outcome step
    text = step_markdown(run, CONTEXT)
    # Won in November: Hooli's 500,000 minor units (€5,000) of 1,000,000 (€10,000).
    assert "| north | won_value | €10,000 | €5,000 (50%) |" in text
    run.next()  # predictive: none set
    assert "No predictive objective for 2026-11 yet" in step_markdown(run, CONTEXT)


def test_the_one_to_one_sets_the_rep_beside_their_team_with_the_engines_values(
    store: Store,
) -> None:
    compared = compare_rep_with_team(store, "sam")
    assert compared.team == Scope("team", "north") and compared.period == "2026-11"
    rows = {row.label: (row.rep, row.team) for row in compared.kpis}
    # November so far. Won: Hooli €5K (sam), created 07-01, won 11-05: 127 days; one close is
    # too few for a rate (Vandelay was lost in October).
    assert rows["Win rate"] == (Side("too few to say", 1), Side("too few to say", 1))
    assert rows["Average won deal size"] == (Side("€5K", 1), Side("€5K", 1))
    assert rows["Cycle length"] == (Side("127 d", 1), Side("127 d", 1))
    # Open deals with a dated next step not yet past: sam's Acme of his 3 (Globex and Stark
    # have none); the team adds Umbrella (tomorrow) but not Initech (due 11-10): 2 of 5.
    assert rows["Deals with a next step"] == (Side("33 %", 3), Side("40 %", 5))
    # Stuck: Globex (48 d in discovery) and Stark (29 d in qualification); Initech is snoozed.
    assert rows["Stuck deals"] == (Side("2", 3), Side("2", 5))
    # Every value is compute_snapshot's for that scope, in the order of COACHING_KPIS.
    for scope, side in (("rep:sam", 0), ("team:north", 1)):
        snapshot = compute_snapshot(store, scope)
        expected = [
            Side(format_kpi(k, k.value, snapshot.currency), k.n)
            for k in (snapshot.kpi(kpi_id) for kpi_id in COACHING_KPIS)
        ]
        assert [(row.rep, row.team)[side] for row in compared.kpis] == expected
    # Stage by stage, November's exits: sam's Acme left discovery, his Hooli left proposal;
    # ria's Initech left prospecting. Each is one exit: too few to say.
    stages = {row.label: (row.rep.n, row.team.n) for row in compared.stages}
    assert stages == {
        "prospecting": (0, 1),
        "qualification": (0, 0),
        "discovery": (1, 1),
        "proposal": (1, 1),
        "negotiation": (0, 0),
    }
    assert {row.rep.value for row in compared.stages} == {"too few to say"}


def test_the_vs_team_step_keeps_the_status_lines_and_adds_the_tables(store: Store) -> None:
    run = start_run(store, MANAGER, "coaching_1on1", subject="sam")
    run.go_to("vs_team")
    text = step_markdown(run, CONTEXT)
    assert "- sam: NO TARGET · won €5K" in text and "- team north: NO TARGET · won €5K" in text
    assert "| KPI | sam | n | team north | n |" in text
    assert "| Deals with a next step | 33 % | 3 | 40 % | 5 |" in text
    assert "| Conversion from | sam | n | team north | n |" in text
    assert "| discovery | too few to say | 1 | too few to say | 1 |" in text


def test_the_adjustments_step_lists_the_choices_and_what_was_chosen(store: Store) -> None:
    run = start_run(store, MANAGER, "conversion_analysis")
    run.go_to("adjustments")
    assert "0 of 3 chosen" in step_markdown(run, CONTEXT)
    assert "- Requalify the pipeline" in step_markdown(run, CONTEXT)
    run.choose_adjustment("requalify", "Every deal past discovery without a budget")
    text = step_markdown(run, CONTEXT)
    assert "1 of 3 chosen" in text
    assert text.endswith(
        "- adjustment: Requalify the pipeline: Every deal past discovery without a budget"
    )


def test_a_long_deal_list_says_how_many_it_leaves_out(tmp_path: Path) -> None:
    for store in pipeline_store(tmp_path, extra=15):  # 15 batch deals without a next step
        run = start_run(store, MANAGER, "pipeline_review")
        run.go_to("no_next_step")
        text = step_markdown(run, CONTEXT)
        assert "18 deals; the first 12:" in text
        assert text.count("\n- #") == 12
