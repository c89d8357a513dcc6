"""`pilot actions`, `pilot kpi-selection`, `pilot report` as a user types them."""

import json
from datetime import date

from conftest import MANAGER, Pilot
from pilot_tui.core.rituals import start_run
from pilot_tui.core.store import Store


def test_actions_add_list_close_with_json(pilot: Pilot) -> None:
    code, out, _ = pilot(
        "mia", "actions", "add", "Call Acme", "--owner", "sam", "--due", "2026-11-10", "--json"
    )
    assert code == 0
    late = json.loads(out)
    assert (late["owner"], late["due"], late["overdue"], late["version"]) == (
        "sam",
        "2026-11-10",
        True,
        1,
    )
    pilot("mia", "actions", "add", "Send deck", "--owner", "ria", "--due", "2026-11-30")
    pilot("sam", "actions", "add", "Update CRM", "--due", "2026-11-25")

    code, out, _ = pilot("sam", "actions", "--json")
    assert [(a["title"], a["overdue"]) for a in json.loads(out)] == [
        ("Call Acme", True),
        ("Update CRM", False),
    ]
    code, out, _ = pilot("mia", "actions", "--overdue", "--json")
    assert [a["title"] for a in json.loads(out)] == ["Call Acme"]
    code, out, _ = pilot("mia", "actions", "--mine", "--json")
    assert json.loads(out) == []
    code, out, _ = pilot("mia", "actions", "--owner", "ria", "--json")
    assert [a["title"] for a in json.loads(out)] == ["Send deck"]

    code, _, err = pilot("ria", "actions", "done", str(late["id"]))
    assert code == 1 and err.startswith("pilot: ria is a rep and can only change their own")
    code, out, _ = pilot("sam", "actions", "reschedule", str(late["id"]), "--due", "2026-11-21")
    assert code == 0 and out == f"Action {late['id']} is now due 2026-11-21.\n"
    code, _, err = pilot("sam", "actions", "done", str(late["id"]), "--expected-version", "1")
    assert code == 1 and "was changed by sam" in err
    code, out, _ = pilot("sam", "actions", "done", str(late["id"]), "--json")
    assert json.loads(out)["status"] == "done"
    code, out, _ = pilot("sam", "actions", "--all", "--json")
    assert [a["status"] for a in json.loads(out)] == ["open", "done"]
    code, out, _ = pilot("mia", "actions", "drop", "2", "--reason", "deck not needed")
    assert code == 0 and out == "Action 2 is dropped.\n"
    code, out, _ = pilot("sam", "actions")
    assert "Update CRM" in out and "Call Acme" not in out


def test_kpi_selection_show_and_set(pilot: Pilot) -> None:
    code, out, _ = pilot("sam", "kpi-selection", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["default"] and shown["team"] == "north"
    assert len(shown["kpis"]) == 7
    code, _, err = pilot("mia", "kpi-selection", "set", "win_rate", "weighted_pipeline")
    assert code == 1
    assert err == (
        "pilot: weighted_pipeline answers yes to only 1 of the three questions, so it is "
        "noise: keep it only with a written reason.\n"
    )
    code, out, _ = pilot(
        "mia",
        "kpi-selection",
        "set",
        "win_rate",
        "weighted_pipeline",
        "--why",
        "weighted_pipeline=The board asks for it every month.",
        "--json",
    )
    assert code == 0
    chosen = json.loads(out)
    assert [(k["kpi"], k["noise"], k["why"]) for k in chosen["kpis"]] == [
        ("win_rate", False, None),
        ("weighted_pipeline", True, "The board asks for it every month."),
    ]
    code, _, err = pilot("sam", "kpi-selection", "set", "win_rate")
    assert code == 1 and "Only a manager" in err


def test_report_ritual_and_weekly(team_store: Store, pilot: Pilot) -> None:
    run = start_run(team_store, MANAGER, "pipeline_review")
    run.next()
    run.record_decision("Push <b>Acme</b> to December", subject="deal:3")
    run.add_action("Call Acme's CFO", "sam", date(2026, 11, 20))
    minutes = run.finish({"verdict": "ON PACE"})

    code, out, _ = pilot("sam", "report", "ritual", str(run.id))
    assert code == 0 and out == minutes
    code, out, _ = pilot("sam", "report", "ritual", str(run.id), "--format", "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<h1>Weekly pipeline review — 2026-11-18</h1>" in out
    assert "Push &lt;b&gt;Acme&lt;/b&gt; to December" in out and "<b>Acme" not in out

    code, out, _ = pilot("mia", "report", "weekly")
    assert code == 0
    assert out.splitlines()[0] == "# Weekly report — 2026-W47 (2026-11-16 to 2026-11-22)"
    for line in (
        # The verdict and the team's KPIs are the status line's and the snapshot's numbers.
        "NO TARGET · won €0 at 62 % of the month · forecast €0 · set a won-value objective "
        "to get a verdict · data 100/100",
        "| KPI | value | n | change |",
        "| Win rate | too few to say | 0 | too few to say |",
        "1 open action, 0 overdue.",
        "- #1 Call Acme's CFO — due 2026-11-20",
        # The diagnostics ran: with no deal at all, no rule has enough to say.
        "No findings.",
        # User text is literal Markdown: the tag shows as typed, never as HTML.
        f"- 2026-11-18 Weekly pipeline review #{run.id}, Verdict — Decision (deal:3): "
        "Push \\<b\\>Acme\\</b\\> to December",
    ):
        assert line in out.splitlines()
    code, out, _ = pilot("ria", "report", "weekly", "--week", "2026-W46")
    assert "No open action." in out and "No decision recorded this week." in out


def test_objectives_add_list_derive_delete(pilot: Pilot) -> None:
    code, out, _ = pilot(
        "mia", "objectives", "add", "won_value", "50000", "--period", "2026-12", "--json"
    )
    assert code == 0
    added = json.loads(out)
    assert (added["objective"]["target"], added["objective"]["team"]) == (5_000_000, "north")
    assert [letter["status"] for letter in added["smart"]["letters"]] == [
        "pass",
        "pass",
        "unknown",
        "unknown",
        "pass",
    ]
    code, out, _ = pilot(
        "mia",
        "objectives",
        "add",
        "next_step_coverage",
        "80%",
        "--period",
        "2026-10",
        "--owner",
        "sam",
        "--dry-run",
    )
    assert (
        out.splitlines()[0]
        == "Not saved (dry run): next_step_coverage 80 % for rep sam in 2026-10."
    )
    assert "✗ T time-bound: the period 2026-10 ended on 2026-10-31." in out
    code, out, _ = pilot("sam", "objectives", "--all", "--json")
    listed = json.loads(out)
    assert [(o["id"], o["current"], o["progress"], o["smart_passes"]) for o in listed] == [
        (added["objective"]["id"], 0.0, 0.0, True)
    ]
    code, out, _ = pilot("sam", "objectives", "derive", str(listed[0]["id"]), "--json")
    assert json.loads(out)["remaining_minor"] == 5_000_000
    code, _, err = pilot("sam", "objectives", "delete", str(listed[0]["id"]))
    assert code == 1 and "Only a manager" in err
    code, out, _ = pilot("mia", "objectives", "delete", str(listed[0]["id"]))
    assert code == 0 and json.loads(pilot("mia", "objectives", "--all", "--json")[1]) == []


def test_rituals_and_runs(team_store: Store, pilot: Pilot) -> None:
    code, out, _ = pilot("sam", "rituals", "--json")
    assert [r["id"] for r in json.loads(out)] == [
        "pipeline_review",
        "conversion_analysis",
        "actions_checkin",
        "coaching_1on1",
        "objective_setting",
    ]
    start_run(team_store, MANAGER, "coaching_1on1", subject="sam")
    team = start_run(team_store, MANAGER, "pipeline_review")
    code, out, _ = pilot("ria", "rituals", "runs", "--json")
    assert [(r["id"], r["status"], r["step"]) for r in json.loads(out)] == [
        (team.id, "running", "close_loop")
    ]
    assert len(json.loads(pilot("sam", "rituals", "runs", "--json")[1])) == 2


def test_what_a_user_typed_prints_as_typed_brackets_included(pilot: Pilot) -> None:
    """Rich markup is off for user text: '[v2]' is part of the title, not a style."""
    pilot("mia", "actions", "add", "Send the deck [v2]", "--owner", "sam", "--due", "2026-11-10")
    code, out, _ = pilot("sam", "actions")
    assert code == 0 and "Send the deck [v2]" in out
