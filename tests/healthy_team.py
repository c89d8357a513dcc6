"""A healthy team, generated: four reps who each open three deals every week for 67 weeks,
move them one stage every five days, win three in five, keep a dated next step on every open
deal and log an activity at every step, with targets met last month and well covered this
month. Nothing in it should trouble a diagnostic rule."""

from datetime import date, timedelta
from typing import Any

from conftest import ADMIN
from deal_builder import set_objective
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.pipeline import coverage
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store

REPS = ("sam", "ria", "tom", "uma")
"""sam and ria come with the team store; tom and uma are added."""
WEEKS = 67
STAGE_DAYS = 5
OPEN_PATH = ("prospecting", "qualification", "discovery", "proposal", "negotiation")
AMOUNT = 1000_00


def _path(index: int) -> tuple[list[str], str | None]:
    """Stages a rep's ``index``-th deal goes through, and its lost reason: of every five,
    three are won, one lost at proposal to a competitor, one lost in qualification."""
    if index % 5 == 3:
        return [*OPEN_PATH[:4], "lost"], "competitor"
    if index % 5 == 4:
        return [*OPEN_PATH[:2], "lost"], "no fit"
    return [*OPEN_PATH, "won"], None


def build_healthy_team(store: Store, today: date) -> None:
    """Fill ``store`` (a team store: ada, mia, sam, ria) with the healthy history to ``today``."""
    deals: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS)
    for rep_number, rep in enumerate(REPS):
        index = 0
        for week in range(WEEKS + 1):
            for weekday in range(3):
                created = first_monday + timedelta(weeks=week, days=weekday)
                if created >= today:
                    continue
                deal_id = len(deals) + 1
                stages, reason = _path(index)
                reached = [
                    (stage, created + timedelta(days=STAGE_DAYS * k))
                    for k, stage in enumerate(stages)
                    if created + timedelta(days=STAGE_DAYS * k) < today
                ]
                stage, last_day = reached[-1]
                closed = stage in ("won", "lost")
                deals.append(
                    {
                        "id": deal_id,
                        "name": f"{rep} deal {index}",
                        "owner": rep,
                        "segment": ("smb", "enterprise")[(index + rep_number) % 2],
                        "offer": ("core", "analytics")[index % 2],
                        "stage": stage,
                        "amount_minor": AMOUNT,
                        "created_on": created.isoformat(),
                        "closed_on": last_day.isoformat() if closed else None,
                        "expected_close": (
                            last_day if closed else created + timedelta(days=30)
                        ).isoformat(),
                        "lost_reason": reason if stage == "lost" else None,
                        "next_step": None if closed else "call",
                        "next_step_due": None if closed else (today + timedelta(3)).isoformat(),
                    }
                )
                previous = None
                for to_stage, on in reached:
                    changes.append(
                        {
                            "deal_id": deal_id,
                            "from_stage": previous,
                            "to_stage": to_stage,
                            "at": f"{on.isoformat()}T10:00:00+00:00",
                        }
                    )
                    previous = to_stage
                    if to_stage in OPEN_PATH:
                        activities.append(
                            {
                                "deal_id": deal_id,
                                "owner": rep,
                                "kind": "call",
                                "title": "call",
                                "status": "done",
                                "done_at": f"{on.isoformat()}T11:00:00+00:00",
                            }
                        )
                index += 1
    with store.write(ADMIN) as writer:
        for login in REPS[2:]:
            writer.insert(
                "users",
                {"login": login, "name": login.title(), "role": "rep", "team": "north"},
            )
        for key in ("smb", "enterprise"):
            writer.insert("segments", {"key": key, "label": key})
        for key in ("core", "analytics"):
            writer.insert("offers", {"key": key, "label": key, "priority": 1})
        writer.bulk_insert("deals", deals, note="healthy team")
        writer.bulk_insert("stage_changes", changes, note="healthy team")
        writer.bulk_insert("activities", activities, note="healthy team")
    _targets(store, today)


def _targets(store: Store, today: date) -> None:
    """Last month's target 90 % of what was won; this month's such that the pipeline due
    covers twice the required coverage."""
    frames = frames_for(store)
    month = parse_period(today.isoformat()[:7])
    last = make_window(frames, Scope(), month.previous(), today)
    set_objective(store, round(0.9 * last.won_in_window), period=month.previous().label)
    now = coverage(make_window(frames, Scope(), month, today))
    due, required = now.details["due_pipeline"], now.details["required"]
    won = make_window(frames, Scope(), month, today).won_in_window
    set_objective(store, round(won + due / (2 * required)), period=month.label)
