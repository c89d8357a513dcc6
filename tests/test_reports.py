"""The weekly one-pager, the ritual snapshot it prints, and HTML rendering."""

import json
from datetime import date

from conftest import MANAGER, REP_SAM
from pilot_tui.core.actions import create_action
from pilot_tui.core.context import Context
from pilot_tui.core.kpi_selection import set_kpi_selection
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.reports import to_html, weekly_report
from pilot_tui.core.rituals import ritual_snapshot, start_run
from pilot_tui.core.store import Store

WEEK = parse_period("2026-W47")
"""The week of the tests' fixed clock."""


def test_weekly_report_fills_every_section_from_inputs_and_the_store(team_store: Store) -> None:
    late = create_action(team_store, MANAGER, title="Call Acme", owner="sam", due=date(2026, 11, 9))
    create_action(team_store, MANAGER, title="Send deck", owner="ria", due=date(2026, 11, 30))
    checkin = start_run(team_store, MANAGER, "actions_checkin")
    checkin.next()
    checkin.decide_action(late.id, "rescheduled", due=date(2026, 11, 20))
    checkin.record_note("Notes are not decisions")
    checkin.finish()
    private = start_run(team_store, MANAGER, "coaching_1on1", subject="sam")
    _ = private.next(), private.record_decision("Private to the 1:1")

    report = weekly_report(
        team_store,
        MANAGER,
        WEEK,
        verdict="BEHIND: forecast €80,000 against a €100,000 target (80 %).",
        kpis=[
            {"id": "win_rate", "value": "31 % (n=42)"},
            {"name": "Coverage | open", "value": "2.1×"},
        ],
        findings=[
            {
                "title": "Conversion drops at qualification",
                "severity": "high",
                "explanation": "41 % vs 58 % over the last 12 weeks.",
            }
        ],
    )
    assert report == (
        f"""# Weekly report — 2026-W47 (2026-11-16 to 2026-11-22)

## Verdict

BEHIND: forecast €80,000 against a €100,000 target (80 %).

## KPIs

| KPI | value |
|---|---|
| win_rate | 31 % (n=42) |
| Coverage \\| open | 2.1× |

## Findings

- **Conversion drops at qualification** (high) — 41 % vs 58 % over the last 12 weeks.

## Open and overdue actions

2 open actions, 0 overdue.

### ria

- #2 Send deck — due 2026-11-30

### sam

- #{late.id} Call Acme — due 2026-11-20

## Decisions of the week

- 2026-11-18 Priority actions check-in #{checkin.id}, Open and overdue actions by owner — \
#{late.id} Call Acme — sam — rescheduled to 2026-11-20
"""
    )
    mine = weekly_report(team_store, REP_SAM, WEEK, findings=[])
    assert "1 open action, 0 overdue." in mine and "Send deck" not in mine
    assert "No findings." in mine


def test_html_escapes_what_users_typed() -> None:
    page = to_html("# <script>alert(1)</script>\n\n| a |\n|---|\n| <i>x</i> |\n", "A <title>")
    assert "<title>A &lt;title&gt;</title>" in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td>" in page
    assert "<script>" not in page


def test_ritual_snapshot_is_the_status_verdict_and_the_teams_selected_kpis(
    team_store: Store,
) -> None:
    with team_store.write(MANAGER) as writer:
        writer.insert(
            "objectives",
            {
                "kind": "outcome",
                "metric": "won_value",
                "target": 1_000_000,
                "period": "2026-11",
                "team": "north",
            },
        )
        writer.insert(
            "deals",
            {
                "name": "Acme",
                "owner": "sam",
                "stage": "won",
                "amount_minor": 1_200_000,
                "created_on": "2026-10-01",
                "closed_on": "2026-11-05",
            },
        )
    set_kpi_selection(team_store, MANAGER, "north", ["avg_won_size", "win_rate"])
    context = Context(fixed_today=date(2026, 11, 18))
    snapshot = ritual_snapshot(team_store, context, Scope("team", "north"), parse_period("2026-11"))
    # €12,000 won against a €10,000 target, nothing open: forecast 120 % → AHEAD.
    assert (snapshot["verdict"], snapshot["target"], snapshot["won"]) == (
        "AHEAD",
        1_000_000,
        1_200_000,
    )
    assert snapshot["line"].startswith("AHEAD · won €12K, €6.2K expected by today")
    assert snapshot["kpis"] == [
        {
            "id": "avg_won_size",
            "name": "Average won deal size",
            "value": "€12K",
            "raw": 1_200_000.0,
            "n": 1,
            "change": "n=1, too few to compare",  # nothing won in October to compare with
        },
        {
            "id": "win_rate",
            "name": "Win rate",
            "value": "too few to say",  # one closed deal, 10 needed
            "raw": None,
            "n": 1,
            "change": "too few to say",
        },
    ]
    run = start_run(team_store, MANAGER, "pipeline_review")
    run.go_to(run.steps[-1].id)
    run.finish(snapshot)
    assert run.state.snapshot == json.loads(json.dumps(snapshot))
