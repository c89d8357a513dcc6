"""What a rep is shown and refused (issue 17): findings about themselves and the team only."""

from pilot_tui.core.diagnostics import Finding, Severity, visible_to
from pilot_tui.core.models import Role, User

BEA = User(login="bea", name="Bea", role=Role.REP, team="north")
DINA = User(login="dina", name="Dina", role=Role.REP, team="north")
MIA = User(login="mia", name="Mia", role=Role.MANAGER, team="north")


def finding(scope: str, *names: str) -> Finding:
    return Finding(
        rule="r",
        severity=Severity.MEDIUM,
        scope=scope,
        title=f"{scope} {names}",
        evidence=[],
        explanation="",
        playbook=[],
        suggested_adjustments=[],
        names_reps=list(names),
    )


FINDINGS = [
    finding("team"),
    finding("segment:enterprise"),
    finding("rep:bea"),
    finding("rep:dina"),
    finding("team", "bea", "dina"),  # "bea converts 46 points better than dina"
]


def test_a_rep_sees_findings_about_the_team_and_themselves_not_named_colleagues() -> None:
    assert [f.scope for f in visible_to(BEA, FINDINGS)] == ["team", "segment:enterprise", "rep:bea"]
    assert [f.scope for f in visible_to(DINA, FINDINGS)] == [
        "team",
        "segment:enterprise",
        "rep:dina",
    ]


def test_a_manager_sees_every_finding() -> None:
    assert visible_to(MIA, FINDINGS) == FINDINGS
