"""The weekly one-pager and HTML rendering."""

from datetime import date

from conftest import MANAGER, REP_SAM
from pilot_tui.core.actions import create_action
from pilot_tui.core.reports import to_html, weekly_report
from pilot_tui.core.rituals import start_run
from pilot_tui.core.store import Store


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
    mine = weekly_report(team_store, REP_SAM, findings=[])
    assert "1 open action, 0 overdue." in mine and "Send deck" not in mine
    assert "No findings." in mine


def test_html_escapes_what_users_typed() -> None:
    page = to_html("# <script>alert(1)</script>\n\n| a |\n|---|\n| <i>x</i> |\n", "A <title>")
    assert "<title>A &lt;title&gt;</title>" in page
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in page
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td>" in page
    assert "<script>" not in page
