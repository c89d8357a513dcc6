"""A finding as Markdown: every number with its n and baseline."""

from pilot_tui.core.diagnostics.model import Adjustment, Evidence, Finding, Severity
from pilot_tui.core.diagnostics.text import finding_markdown


def test_a_finding_reads_with_its_evidence_adjustments_and_playbook() -> None:
    finding = Finding(
        rule="qualification_drop",
        severity=Severity.HIGH,
        scope="rep:dina",
        title="Qualification conversion fell for dina",
        evidence=[
            Evidence(
                label="qualification conversion",
                value=0.1,
                unit="share",
                n=20,
                baseline=0.69,
                baseline_n=42,
                p_value=0.00001,
            ),
            Evidence(label="open pipeline", value=4_821_300, unit="money"),
        ],
        explanation="Deals stop after the first calls.",
        playbook=["rule-qualification_drop", "stage-qualification"],
        suggested_adjustments=[Adjustment.REVISE_STEP],
        deal_ids=[4, 9],
    )
    text = finding_markdown(finding, "EUR")
    assert text.splitlines()[0] == "## Qualification conversion fell for dina"
    assert "| qualification conversion | 10 % | 20 | 69 % (n=42) | 0.000 |" in text
    assert "| open pipeline | €48.2K | — | — | — |" in text
    assert "- Revise a step of the process" in text
    assert "**Deals concerned:** #4, #9" in text
    assert text.endswith("**Playbook:** rule-qualification_drop, stage-qualification")
