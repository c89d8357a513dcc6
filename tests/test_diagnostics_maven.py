"""The diagnostics and hygiene on the real Maven CRM data: they run, each finding stands on
enough events and links entries that exist."""

from datetime import date

import pytest

from maven_loader import needs_maven
from pilot_tui.core.context import Context
from pilot_tui.core.diagnostics import diagnostic_window, run_diagnostics
from pilot_tui.core.hygiene import compute_hygiene
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.playbook import load_playbook
from pilot_tui.core.store import Store

pytestmark = needs_maven


@pytest.mark.parametrize("period", [None, "2017-06", "2017-Q3"])
def test_diagnostics_run_on_real_data(maven: Store, period: str | None) -> None:
    context = Context(fixed_today=date(2017, 9, 30))
    window = parse_period(period) if period else diagnostic_window(context)
    findings = run_diagnostics(maven, context, Scope(), window)
    playbook = load_playbook()
    for finding in findings:
        for entry_id in finding.playbook:
            playbook.get(entry_id)
        counted = [e.n for e in finding.evidence if e.n is not None and e.unit == "share"]
        assert all(n >= 10 for n in counted), finding


def test_hygiene_runs_on_real_data(maven: Store) -> None:
    summary = compute_hygiene(maven, today=date(2017, 9, 30))
    assert 0 <= summary.score <= 100
    assert len(summary.deals) == summary.open_deals - summary.clean_deals
