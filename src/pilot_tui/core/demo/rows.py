"""The demo in memory turned into table rows (generators, so the scale demo streams them)."""

from collections.abc import Iterator
from random import Random
from typing import Any

from pilot_tui.core.demo import cast
from pilot_tui.core.demo.generate import DemoData
from pilot_tui.core.demo.simulate import LOST, OPEN_STAGES, WON
from pilot_tui.core.demo.timeline import TICKS_PER_DAY, work_tick

Row = dict[str, Any]
_POSITION = {stage: i for i, stage in enumerate((*OPEN_STAGES, WON))}
FOLLOW_UP_DROPPED = 0.3
"""Share of lost deals whose planned follow-up was dropped when they were lost."""


def deal_rows(data: DemoData) -> Iterator[Row]:
    cal = data.calendar
    labels = {key: label for key, label, *_rest in cast.OFFERS}
    for d in data.deals:
        closed = d.closed_on
        yield {
            "id": d.id,
            "name": f"{d.account} - {labels[d.offer]}",
            "account": d.account,
            "owner": d.owner,
            "segment": d.segment,
            "offer": d.offer,
            "amount_minor": d.amount_minor,
            "currency": "EUR",
            "stage": d.stage,
            "forecast_category": d.forecast_category,
            "created_on": cal.iso_day(d.created),
            "expected_close": cal.iso_day(d.expected_close),
            "closed_on": None if closed is None else cal.iso_day(closed),
            "next_step": d.next_step,
            "next_step_due": None if d.next_step_due is None else cal.iso_day(d.next_step_due),
            "lost_reason": d.lost_reason,
            "snoozed_until": None if d.snoozed_until is None else cal.iso_day(d.snoozed_until),
            "snooze_reason": d.snooze_reason,
            "version": 1,
            "updated_at": cal.iso_tick(d.last_tick),
            "updated_by": d.owner,
        }


def stage_change_rows(data: DemoData) -> Iterator[Row]:
    iso = data.calendar.iso_tick
    for d in data.deals:
        for tick, from_stage, to_stage in d.moves:
            yield {
                "deal_id": d.id,
                "from_stage": from_stage,
                "to_stage": to_stage,
                "at": iso(tick),
                "by": d.owner,
            }


def close_date_change_rows(data: DemoData) -> Iterator[Row]:
    cal = data.calendar
    for d in data.deals:
        for tick, old, new in d.pushes:
            yield {
                "deal_id": d.id,
                "old": cal.iso_day(old),
                "new": cal.iso_day(new),
                "at": cal.iso_tick(tick),
                "by": d.owner,
            }


def activity_rows(data: DemoData, rng: Random) -> Iterator[Row]:
    """Done activities when a deal moves forward into a stage, the next step of each open
    deal as an open activity (overdue when its date passed), dropped follow-ups of some lost
    deals, and a few tasks of each rep that belong to no deal."""
    cal = data.calendar
    for d in data.deals:
        reached = -1
        for tick, _from_stage, to_stage in d.moves:
            # One meeting per stage reached for the first time; won/lost and steps back to a
            # stage seen before make no new activity.
            position = _POSITION.get(to_stage, -1)
            if to_stage == WON or position <= reached:
                continue
            reached = position
            yield _activity(
                d.id,
                d.owner,
                cast.ACTIVITY_KINDS[to_stage],
                cast.ACTIVITY_TITLES[to_stage],
                cal.iso_day(tick // TICKS_PER_DAY),
                cal.iso_tick(tick),
                "done",
                cal.iso_tick(tick),
            )
        if d.is_open and d.next_step is not None and d.next_step_due is not None:
            yield _activity(
                d.id,
                d.owner,
                cast.ACTIVITY_KINDS[d.stage],
                d.next_step,
                cal.iso_day(d.next_step_due),
                None,
                "open",
                cal.iso_tick(d.last_tick),
            )
        elif d.stage == LOST and rng.random() < FOLLOW_UP_DROPPED:
            closed = d.moves[-1][0]
            yield _activity(
                d.id,
                d.owner,
                "call",
                "Follow-up call",
                cal.iso_day(closed // TICKS_PER_DAY + 3),
                None,
                "dropped",
                cal.iso_tick(closed),
            )
    for rep in data.reps:
        for offset, (title, status) in zip(
            (-20, 5, -4), zip(cast.OWN_TASKS, ("done", "open", "open"), strict=True), strict=True
        ):
            created = work_tick(rng, cal.workday_before(min(offset, 0) - 7))
            due = cal.workday(offset) if offset > 0 else cal.workday_before(offset)
            done_at = cal.iso_tick(work_tick(rng, due)) if status == "done" else None
            yield _activity(
                None,
                rep.login,
                "task",
                title,
                cal.iso_day(due),
                done_at,
                status,
                cal.iso_tick(created),
            )


def _activity(
    deal_id: int | None,
    owner: str,
    kind: str,
    title: str,
    due: str,
    done_at: str | None,
    status: str,
    created_at: str,
) -> Row:
    return {
        "deal_id": deal_id,
        "owner": owner,
        "kind": kind,
        "title": title,
        "due": due,
        "done_at": done_at,
        "status": status,
        "created_at": created_at,
        "version": 1,
        "updated_at": done_at or created_at,
        "updated_by": owner,
    }


def objective_rows(data: DemoData, team: str, manager: str) -> Iterator[Row]:
    """A won-value target per rep and for the team (the sum of the reps') for every month of
    the history, this month and next month; this month also gets the other kinds."""
    cal = data.calendar
    next_month = cal.next_month_start(0)
    # Set a few days before the history starts, at 09:00.
    stamp = cal.iso_tick((data.history_start - 3) * TICKS_PER_DAY + 9 * 6)
    team_target = sum(data.targets.values())
    common = {
        "team": team,
        "kind": "outcome",
        "metric": "won_value",
        "version": 1,
        "updated_at": stamp,
        "updated_by": manager,
    }
    for period, _first, _end in cal.months(data.history_start, next_month):
        yield {
            **common,
            "owner": None,
            "target": team_target,
            "period": period,
            "rationale": "Sum of the reps' monthly targets.",
        }
        for rep in data.reps:
            yield {
                **common,
                "owner": rep.login,
                "target": data.targets[rep.login],
                "period": period,
                "rationale": "Own record and team average, plus 5 %.",
            }
    period = cal.month_key(0)
    extra: list[tuple[str | None, str, str, float]] = [
        (None, "quality", "next_step_coverage", 0.9),
        (None, "predictive", "pipeline_value", 3 * team_target),
    ]
    for rep in data.reps:
        extra.append((rep.login, "means", "new_opps", 10))
        extra.append((rep.login, "means", "activities", 40))
    for owner, kind, metric, target in extra:
        yield {
            **common,
            "owner": owner,
            "kind": kind,
            "metric": metric,
            "target": target,
            "period": period,
            "rationale": None,
        }
