"""The planted patterns and hygiene problems, added on top of the simulated history.

Each function either adds scripted deals (whose stage path is written out, not drawn) or
adjusts simulated ones, always through the same ``Process`` random stream, so the result stays
a pure function of the seed and today.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pilot_tui.core.demo import cast
from pilot_tui.core.demo.simulate import (
    DROP_WINDOW_DAYS,
    LOST,
    OPEN_STAGES,
    WON,
    Process,
    SimDeal,
    new_deal,
)
from pilot_tui.core.demo.timeline import TICKS_PER_DAY, work_tick
from pilot_tui.core.store.stages import DEFAULT_STAGES

ROT_DAYS = {s.key: s.rot_days or 0 for s in DEFAULT_STAGES}
WEAK_QUALIFICATION_DEALS = 8
"""Pattern 1: extra deals of the drop rep that leave qualification in the last 4 weeks..."""
WEAK_QUALIFICATION_LOST = 6
"""...of which this many are lost."""
STUCK_STAGES = (2, 3, 4, 1, 3, 2)
"""Pattern 4: the stage (index in OPEN_STAGES) of each planted stuck deal."""
SNOOZED_STAGES = (3, 2)
"""Stuck-looking deals that are snoozed, hence not stuck."""
GOOD_MONTH_MARGIN = 1.10
"""Pattern 5: last month's won value reaches at least this multiple of its target."""
CURRENT_MONTH_WON_CAP = 0.45
"""Pattern 5: won so far this month stays under this share of the month's target..."""
THIN_COVERAGE = 0.5
"""...and the open pipeline due this month under this share of (target − won) / win rate."""
PAST_DUE_DEALS = 6
NO_AMOUNT_DEALS = 4


@dataclass
class Planting:
    """Deal ids handed out so far, and deals that later adjustments must leave alone."""

    ids: Iterator[int]
    accounts: dict[str, list[str]]
    protected: set[int] = field(default_factory=set)
    """Planted deals: hygiene problems are not planted on top of them."""
    past_due: set[int] = field(default_factory=set)
    """Deals planted past their expected close, which must stay so."""


def scripted_deal(
    process: Process,
    planting: Planting,
    owner: str,
    segment: str,
    path: Iterable[tuple[int, str]],
    *,
    amount_factor: float = 1.0,
) -> SimDeal:
    """A deal that follows ``path``: (day, stage entered) pairs, the first being its creation
    in 'prospecting'; days must increase."""
    steps = list(path)
    deal = new_deal(
        process, next(planting.ids), owner, steps[0][0], planting.accounts, segment=segment
    )
    if deal.amount_minor is not None and amount_factor != 1.0:
        deal.amount_minor = round(deal.amount_minor * amount_factor / 10_000) * 10_000
    for day, stage in steps[1:]:
        deal.moves.append((work_tick(process.rng, day), deal.moves[-1][2], stage))
    if deal.stage == LOST:
        deal.lost_reason = process.lost_reason(owner, OPEN_STAGES.index(steps[-2][1]), steps[-1][0])
    process.plan_close_dates(deal)
    planting.protected.add(deal.id)
    return deal


def backwards_path(process: Process, segment: str, last_day: int, stages: int) -> list[int]:
    """Days on which a deal entered stages 0..stages-1 and then moved on at ``last_day``,
    walking back from ``last_day`` with the process's stage durations."""
    days = [last_day]
    for stage in reversed(range(stages)):
        spent = max(2, round(process.duration_days(segment, stage, days[0] - 30)))
        days.insert(0, process.calendar.workday_before(days[0] - spent))
    return days


def weak_qualification(process: Process, planting: Planting) -> list[SimDeal]:
    """Pattern 1: deals of the drop rep that left qualification in the last 4 weeks, mostly
    lost for lack of fit or budget (on top of her weakened odds in the simulation)."""
    cal = process.calendar
    deals: list[SimDeal] = []
    for k in range(WEAK_QUALIFICATION_DEALS):
        exit_day = cal.workday_before(-2 - (k * (DROP_WINDOW_DAYS - 6)) // WEAK_QUALIFICATION_DEALS)
        days = backwards_path(process, "smb", exit_day, 2)
        outcome = LOST if k < WEAK_QUALIFICATION_LOST else OPEN_STAGES[2]
        path = [(days[0], OPEN_STAGES[0]), (days[1], OPEN_STAGES[1]), (days[2], outcome)]
        deals.append(scripted_deal(process, planting, cast.QUALIFICATION_DROP_REP, "smb", path))
    return deals


def stuck_deals(process: Process, planting: Planting, owners: list[str]) -> list[SimDeal]:
    """Pattern 4: open deals sitting in their stage well past its rot days; the last ones are
    snoozed with a reason, so they must not count as stuck."""
    cal = process.calendar
    deals: list[SimDeal] = []
    stages = STUCK_STAGES + SNOOZED_STAGES
    for k, stage in enumerate(stages):
        entered = cal.workday_before(-(ROT_DAYS[OPEN_STAGES[stage]] + 12 + 6 * k))
        days = backwards_path(process, "enterprise" if k % 2 else "smb", entered, stage)
        path = [(day, OPEN_STAGES[i]) for i, day in enumerate(days)]
        deal = scripted_deal(
            process, planting, owners[k % len(owners)], "enterprise" if k % 2 else "smb", path
        )
        if k >= len(STUCK_STAGES):
            deal.snoozed_until = cal.workday(14 + 9 * (k - len(STUCK_STAGES)))
            deal.snooze_reason = cast.SNOOZE_REASONS[k % len(cast.SNOOZE_REASONS)]
        deals.append(deal)
    return deals


def won_in(deals: Iterable[SimDeal], first_day: int, end_day: int, owner: str | None = None) -> int:
    """Won value (minor units) of deals closed won in [first_day, end_day)."""
    return sum(
        d.amount_minor or 0
        for d in deals
        if d.stage == WON
        and first_day <= d.moves[-1][0] // TICKS_PER_DAY < end_day
        and (owner is None or d.owner == owner)
    )


def good_last_month(
    process: Process,
    planting: Planting,
    deals: list[SimDeal],
    team_target: int,
    owners: list[str],
) -> list[SimDeal]:
    """Pattern 5 (first half): big enterprise wins land last month until its won value
    reaches ``GOOD_MONTH_MARGIN`` × the team target."""
    cal = process.calendar
    this_month = cal.month_start(0)
    last_month = cal.month_start(this_month - 1)
    won = won_in(deals, last_month, this_month)
    added: list[SimDeal] = []
    for k in range(60):
        if won >= GOOD_MONTH_MARGIN * team_target:
            break
        won_day = cal.workday_before(process.rng.randint(last_month + 1, this_month - 1))
        if won_day < last_month:
            won_day = cal.workday(last_month)
        days = backwards_path(process, cast.SLOW_SEGMENT, won_day, len(OPEN_STAGES))
        path = [(day, OPEN_STAGES[i]) for i, day in enumerate(days[:-1])] + [(won_day, WON)]
        deal = scripted_deal(
            process, planting, owners[k % len(owners)], cast.SLOW_SEGMENT, path, amount_factor=1.8
        )
        deal.offer = cast.OFFERS[0][0]
        won += deal.amount_minor or 0
        added.append(deal)
    return added


def cap_current_month(process: Process, deals: list[SimDeal], team_target: int) -> None:
    """Pattern 5 (second half): this month's wins so far stay under a share of the target;
    the latest small-business wins beyond it are still in negotiation, pushed to next month."""
    cal = process.calendar
    this_month = cal.month_start(0)
    next_month = cal.next_month_start(0)
    won = won_in(deals, this_month, 0)
    recent = [d for d in deals if d.stage == WON and d.moves[-1][0] // TICKS_PER_DAY >= this_month]
    recent.sort(key=lambda d: (d.segment == cast.SLOW_SEGMENT, -d.moves[-1][0], d.id))
    for deal in recent:
        if won <= CURRENT_MONTH_WON_CAP * team_target:
            break
        tick, _from, _to = deal.moves.pop()
        won -= deal.amount_minor or 0
        old = deal.expected_close
        deal.expected_close = cal.workday(next_month + process.rng.randint(3, 20))
        deal.pushes.append((max(tick, deal.last_tick + 1), old, deal.expected_close))


def hygiene_problems(process: Process, planting: Planting, deals: list[SimDeal]) -> list[SimDeal]:
    """Deals past their expected close, deals without an amount, and one duplicated deal."""
    rng = process.rng
    cal = process.calendar
    candidates = [d for d in deals if d.is_open and d.id not in planting.protected]
    past_due = [d for d in candidates if not d.pushes and d.created <= -30][:PAST_DUE_DEALS]
    for deal in past_due:
        deal.expected_close = cal.workday_before(-rng.randint(3, 18))
        planting.protected.add(deal.id)
        planting.past_due.add(deal.id)
    early = [d for d in candidates if d.stage in OPEN_STAGES[:2] and d.id not in planting.protected]
    for deal in early[:NO_AMOUNT_DEALS]:
        deal.amount_minor = None
        planting.protected.add(deal.id)
    original = next((d for d in early[NO_AMOUNT_DEALS:] if d.created <= -5), None)
    if original is None:  # only a tiny --deals demo has no early-stage deal left to copy
        return []
    copy_day = cal.workday_before(min(-1, original.created + rng.randint(1, 3)))
    duplicate = SimDeal(
        id=next(planting.ids),
        owner=original.owner,
        segment=original.segment,
        offer=original.offer,
        account=original.account,
        amount_minor=original.amount_minor,
        moves=[(work_tick(rng, copy_day), None, OPEN_STAGES[0])],
        expected_close=original.expected_close,
    )
    planting.protected.update((original.id, duplicate.id))
    return [duplicate]


def next_steps_and_forecast(process: Process, deals: list[SimDeal]) -> None:
    """Next steps on open deals (some missing, some overdue) and forecast categories."""
    rng = process.rng
    cal = process.calendar
    for deal in deals:
        stage = deal.stage
        if stage == WON:
            deal.forecast_category = "commit"
            continue
        if stage == LOST:
            continue
        roll = rng.random()
        if roll >= 0.12:
            deal.next_step = cast.pick(rng, cast.NEXT_STEPS[stage])
            overdue = roll < 0.22
            offset = -rng.randint(1, 12) if overdue else rng.randint(1, 14)
            deal.next_step_due = cal.workday_before(offset) if overdue else cal.workday(offset)
        roll = rng.random()
        if roll < 0.03:
            deal.forecast_category = "omitted"
        elif stage == "negotiation":
            deal.forecast_category = "commit" if roll < 0.6 else "best_case"
        elif stage == "proposal":
            deal.forecast_category = "best_case" if roll < 0.5 else "pipeline"
        elif roll < 0.5:
            deal.forecast_category = "pipeline"


def win_rate(deals: Iterable[SimDeal], first_day: int) -> float:
    """Won / (won + lost) by count among deals closed from ``first_day`` to yesterday."""
    won = lost = 0
    for deal in deals:
        closed = deal.closed_on
        if closed is not None and closed >= first_day:
            if deal.stage == WON:
                won += 1
            else:
                lost += 1
    return won / (won + lost) if won + lost else 0.0


def thin_current_month(
    process: Process, planting: Planting, deals: list[SimDeal], team_target: int
) -> None:
    """Pattern 5 (end): reps pushed the biggest deals due by month end to next month, leaving
    the open pipeline due by month end (overdue deals included) under ``THIN_COVERAGE`` ×
    (target − won) / win rate."""
    rng = process.rng
    cal = process.calendar
    next_month = cal.next_month_start(0)
    won = won_in(deals, cal.month_start(0), 0)
    rate = win_rate(deals, -365) or 0.2
    needed = max(0, team_target - won) / rate
    due = [d for d in deals if d.is_open and d.expected_close < next_month]
    pipeline = sum(d.amount_minor or 0 for d in due)
    # Planted past-due deals stay past due (a hygiene finding); any other deal may be pushed,
    # the biggest first, as reps do when a month will not close.
    movable = [d for d in due if d.id not in planting.past_due]
    movable.sort(key=lambda d: (-(d.amount_minor or 0), d.id))
    for deal in movable:
        if pipeline <= THIN_COVERAGE * needed:
            break
        at = max(deal.last_tick + 1, work_tick(rng, cal.workday_before(-rng.randint(1, 10))))
        new = cal.workday(next_month + rng.randint(2, 25))
        deal.pushes.append((at, deal.expected_close, new))
        deal.expected_close = new
        pipeline -= deal.amount_minor or 0
