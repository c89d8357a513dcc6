"""What a ritual step shows, on the hand-checked fixture pipeline."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MANAGER
from pilot_tui.core.rituals import start_run
from pilot_tui.core.rituals.view import step_markdown
from pilot_tui.core.store import Store
from pipeline_fixture import pipeline_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    yield from pipeline_store(tmp_path)


def test_pipeline_review_steps_show_the_right_deals(store: Store) -> None:
    run = start_run(store, MANAGER, "pipeline_review")
    assert "No action from an earlier run to review" in step_markdown(run)
    run.next()
    assert "**NO TARGET · won €5K" in step_markdown(run)
    run.next()  # slipped: Acme (pushed twice) and Stark (once)
    slipped = step_markdown(run)
    assert "2 deals; the first 2:" in slipped
    assert "#1 Acme renewal — sam, proposal, €12.5K, 2026-11-30" in slipped
    run.next()  # stuck: Stark (29 d in qualification) and Globex (48 d in discovery)
    stuck = step_markdown(run)
    assert stuck.index("Stark no amount") < stuck.index("Globex pilot")
    assert "Initech" not in stuck  # snoozed
    run.record_decision("Requalify Stark")
    assert step_markdown(run).endswith("- decision: Requalify Stark")


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
    text = step_markdown(run)
    # Won in November: Hooli's 500,000 of 1,000,000.
    assert "| north | won_value | 1e+06 | 50% |" in text
    run.next()  # predictive: none set
    assert "No predictive objective for 2026-11 yet" in step_markdown(run)
