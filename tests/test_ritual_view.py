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
