"""`pilot playbook list|show|search` end to end through `main`."""

import json
from pathlib import Path

import pytest

from pilot_tui.cli import main


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps at $COLUMNS; keep ids and titles on one line."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("PILOT_TEAM_PLAYBOOKS", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["playbook", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_entry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "stage-prospecting" in out and "rule-poor_hygiene" in out
    assert "Objection handling" in out


def test_list_by_kind_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--kind", "ritual", "--json")
    rows = json.loads(out)
    assert code == 0
    assert sorted(r["id"] for r in rows) == [
        "ritual-actions_checkin",
        "ritual-coaching_1on1",
        "ritual-conversion_analysis",
        "ritual-objective_setting",
        "ritual-pipeline_review",
    ]
    assert {r["kind"] for r in rows} == {"ritual"}


def test_show_renders_the_page_with_inline_links_and_related(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "stage-proposal")
    assert code == 0
    assert "Proposal — stage guide" in out
    assert "Enters the stage when" in out and "##" not in out  # rendered, not raw Markdown
    assert "Negotiation (stage-negotiation)" in out
    assert "Related" in out and "pitch-structure Pitch structure" in out


def test_show_json_carries_the_markdown_body(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "bant", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["id"] == "bant" and data["kind"] == "qualification"
    assert data["body"].startswith("BANT is the quick test")


def test_show_an_unknown_id_suggests_close_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "medic")
    assert code == 1 and out == ""
    assert err == "pilot: There is no playbook entry 'medic'; did you mean meddic?\n"


def test_search_lists_the_best_hit_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "silent", "prospect", "--json")
    assert code == 0
    assert json.loads(out)[0]["id"] == "follow-up-silent-prospect"
    code, out, _ = run(capsys, "search", "silent", "prospect")
    assert code == 0
    lines = [line for line in out.splitlines() if "follow-up" in line or "stage-" in line]
    assert "follow-up-silent-prospect" in lines[0]


def test_search_without_a_match_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search", "xylophone") == (0, "No playbook entry matches 'xylophone'.\n", "")


def test_the_team_directory_setting_overrides_a_shipped_entry(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "bant.md").write_text(
        "---\nid: bant\ntitle: Our BANT\nkind: qualification\nrelated: [meddic]\n---\n"
        "Budget comes last in our calls.\n"
    )
    monkeypatch.setenv("PILOT_TEAM_PLAYBOOKS", str(tmp_path))
    code, out, _ = run(capsys, "show", "bant")
    assert code == 0 and "Our BANT" in out and "Budget comes last" in out
    code, out, _ = run(capsys, "list", "--kind", "qualification")
    assert "Our BANT (team)" in out


def test_a_malformed_team_entry_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "bad.md").write_text("---\nid: bad\ntitle: Bad\nkind: nonsense\n---\nText.\n")
    monkeypatch.setenv("PILOT_TEAM_PLAYBOOKS", str(tmp_path))
    code, out, err = run(capsys, "list")
    assert code == 1 and out == ""
    assert err.startswith(
        f"pilot: The playbook entry {tmp_path / 'bad.md'} is not valid: "
        "the kind 'nonsense' is not one of"
    )
    assert err.count("\n") == 1
