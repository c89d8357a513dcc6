"""A hand-made history for objective tests (today 2026-11-18, team north):
- won: 2026-07-15 ria €20,000; 2026-09-15 ria €20,000; 2026-09-20 sam €10,000;
  2026-10-10 sam €40,000; 2026-11-05 sam €10,000 → best past month 2026-10 (€40,000), won in
  November €10,000, average won size €20,000;
- lost: 5 deals of €14,000 in 2026-07..10 → win rate 5 / 10 = 50 % (10 closed deals: just
  enough for a rate);
- open: €30,000 (sam) and €10,000 (ria) expected by 2026-11-30, €50,000 in December; one of
  the three has a dated next step → next-step coverage 1/3;
- the 10 closed deals were created on 2026-06-01, the 3 open ones on 2026-10-01: mean size of
  the 13 new opportunities of the last 365 days €260,000 / 13 = €20,000;
- 30 calls done in 2026, 6 of them in the last 12 weeks (2026-09-03 and 2026-10-03), and a
  ritual action done in October (not a sales activity) → 6 / 3 = 2 activities per new
  opportunity over the last 12 weeks.
"""

from conftest import MANAGER
from pilot_tui.core.store import Store


def _deal(stage: str, owner: str, euros: int, **extra: object) -> dict[str, object]:
    return {
        "name": f"{stage} {owner} {euros}",
        "owner": owner,
        "stage": stage,
        "amount_minor": euros * 100,
        "created_on": "2026-06-01",
        **extra,
    }


def fill_objective_history(team_store: Store) -> None:
    """Add the deals and activities above to a team store (``conftest.make_team_store``)."""
    deals = [
        _deal("won", "ria", 20_000, closed_on="2026-07-15"),
        _deal("won", "ria", 20_000, closed_on="2026-09-15"),
        _deal("won", "sam", 10_000, closed_on="2026-09-20"),
        _deal("won", "sam", 40_000, closed_on="2026-10-10"),
        _deal("won", "sam", 10_000, closed_on="2026-11-05"),
        *[
            _deal("lost", "ria", 14_000, closed_on=f"2026-{m:02d}-01", lost_reason="price")
            for m in (7, 8, 9, 10, 10)
        ],
        _deal(
            "proposal",
            "sam",
            30_000,
            created_on="2026-10-01",
            expected_close="2026-11-28",
            next_step="Send contract",
            next_step_due="2026-11-25",
        ),
        _deal("discovery", "ria", 10_000, created_on="2026-10-01", expected_close="2026-11-30"),
        _deal("qualification", "sam", 50_000, created_on="2026-10-01", expected_close="2026-12-15"),
    ]
    with team_store.write(MANAGER) as writer:
        for deal in deals:
            writer.insert("deals", deal)
        for n in range(30):
            writer.insert(
                "activities",
                {
                    "owner": "sam" if n % 2 else "ria",
                    "kind": "call",
                    "title": f"call {n}",
                    "status": "done",
                    "done_at": f"2026-{1 + n % 10:02d}-03T10:00:00+00:00",
                },
            )
        writer.insert(
            "activities",
            {
                "owner": "sam",
                "kind": "action",
                "title": "Ritual follow-up",
                "status": "done",
                "done_at": "2026-10-20T10:00:00+00:00",
            },
        )
