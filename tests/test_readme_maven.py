"""The README's Maven walkthrough, run as written (its database moved into tmp_path): it ends
with a verdict against the target it sets, and a second target for the same team and quarter
is refused."""

import json
import shlex
from pathlib import Path

import pytest

from maven_loader import needs_maven
from pilot_tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
README_DB = "/tmp/maven.db"


def _walkthrough() -> list[list[str]]:
    """The `pilot …` lines of the README's Maven section, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Importing the Maven sample CRM", 1)[1].split("\n## ", 1)[0]
    return [
        shlex.split(line, comments=True)[1:]
        for line in section.splitlines()
        if line.startswith("pilot ")
    ]


@needs_maven
def test_readme_maven_walkthrough_ends_with_a_verdict_on_the_target_it_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)  # the README's paths are relative to the checkout
    db = str(tmp_path / "maven.db")
    steps = [[db if arg == README_DB else arg for arg in step] for step in _walkthrough()]
    assert all(db in step for step in steps)
    (add,) = [step for step in steps if "objectives" in step]
    status = steps[-1]
    assert status.index("status") < status.index("--period")  # it ends with the verdict
    assert steps.index(add) < len(steps) - 1  # set before it
    for step in steps:
        assert main(step) == 0, step
    capsys.readouterr()
    assert main([*status, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["scope"], data["period"]["label"], data["target"]) == (
        "team:Melvin Marxen",
        "2017-Q4",
        750_000_00,
    )
    assert data["verdict"] in ("AHEAD", "ON PACE", "BEHIND")
    again = [arg if arg != "750000" else "800000" for arg in add]
    assert main(again) == 1
    assert capsys.readouterr().err == (
        "pilot: Team Melvin Marxen already has a won-value target for 2017-Q4: $750,000 "
        "(objective #1); edit it instead.\n"
    )
