"""The demo's sales process: deals are created, move through the stages at realistic speeds,
win or lose, and get their close dates pushed — all in memory, in demo days and ticks.

Each deal's whole life is drawn first and cut at today: whatever has not happened by yesterday
evening leaves the deal open in the stage it had reached, so open deals have the ages and
stage times a real pipeline has.
"""

from dataclasses import dataclass, field
from math import exp
from random import Random

from pilot_tui.core.demo import cast
from pilot_tui.core.demo.timeline import TICKS_PER_DAY, WORK_END, WORK_START, Calendar, work_tick

OPEN_STAGES = ("prospecting", "qualification", "discovery", "proposal", "negotiation")
WON = "won"
LOST = "lost"
QUALIFICATION = 1
"""Index of 'qualification' in OPEN_STAGES."""

ADVANCE = (0.76, 0.72, 0.70, 0.68, 0.74)
"""Baseline chance of leaving each open stage forward (the last one: negotiation → won)."""
SKIP = (0.0, 0.06, 0.04, 0.03, 0.0)
"""Chance that a forward move skips the next stage (qualification → proposal, …)."""
MEDIAN_DAYS = (7.0, 8.0, 12.0, 11.0, 8.0)
"""Median calendar days spent in each open stage, small-business deals."""
DURATION_SIGMA = 0.4
"""Spread (log-normal sigma) of the time spent in a stage."""
ENTERPRISE_SLOWER = 1.5
"""Enterprise deals spend this much longer in every stage."""
SLOWDOWN = 2.2
"""Pattern 2: recent enterprise deals spend this much longer in proposal and negotiation."""
SLOWDOWN_SINCE = -200
"""Pattern 2: from this day on (stage entered), the slowdown applies."""
DROP_WINDOW_DAYS = 28
"""Pattern 1: the window (last 4 weeks) in which the drop rep's qualification weakens."""
DROP_ADVANCE = 0.20
"""Pattern 1: her chance of qualifying a deal forward inside that window."""
QUIET_SINCE = -35
"""Pattern 3: from this day on, the quiet rep opens few deals..."""
QUIET_FACTOR = 0.05
"""...at this share of her usual rate."""
MEDIAN_AMOUNT_EUR = {"smb": 9_000.0, "enterprise": 48_000.0}
AMOUNT_SIGMA = 0.5
PLANNED_CYCLE_DAYS = {"smb": 40, "enterprise": 65}
"""What a rep types as the expected close when creating a deal: created + about this."""


@dataclass(slots=True)
class SimDeal:
    """One demo deal's whole life, in demo ticks and days."""

    id: int
    owner: str
    segment: str
    offer: str
    account: str
    amount_minor: int | None
    moves: list[tuple[int, str | None, str]]
    """(tick, from_stage, to_stage); the first one enters 'prospecting' at creation."""
    expected_close: int = 0
    pushes: list[tuple[int, int, int]] = field(default_factory=list)
    """(tick, old expected close day, new expected close day)."""
    lost_reason: str | None = None
    next_step: str | None = None
    next_step_due: int | None = None
    forecast_category: str | None = None
    snoozed_until: int | None = None
    snooze_reason: str | None = None

    @property
    def created(self) -> int:
        return self.moves[0][0] // TICKS_PER_DAY

    @property
    def stage(self) -> str:
        return self.moves[-1][2]

    @property
    def is_open(self) -> bool:
        return self.moves[-1][2] not in (WON, LOST)

    @property
    def closed_on(self) -> int | None:
        return None if self.is_open else self.moves[-1][0] // TICKS_PER_DAY

    @property
    def last_tick(self) -> int:
        """The latest recorded event (move or push) of this deal."""
        last = self.moves[-1][0]
        return max(last, self.pushes[-1][0]) if self.pushes else last


@dataclass
class Process:
    """The rules of the demo's sales process, with the planted patterns built in."""

    rng: Random
    calendar: Calendar
    skills: dict[str, float]
    bounce_mean: float = 0.02
    """Mean back-and-forth moves (stage → previous → stage) per stay in a stage."""

    def duration_days(self, segment: str, stage: int, entered: int) -> float:
        """Days a deal of ``segment`` entering ``stage`` on day ``entered`` stays there
        (a draw; pattern 2 slows recent enterprise proposals and negotiations)."""
        median = MEDIAN_DAYS[stage]
        if segment == "enterprise":
            median *= ENTERPRISE_SLOWER
        if segment == cast.SLOW_SEGMENT and stage >= 3 and entered >= SLOWDOWN_SINCE:
            median *= SLOWDOWN
        return median * self.rng.lognormvariate(0.0, DURATION_SIGMA)

    def advance_chance(self, owner: str, stage: int, exit_day: int) -> float:
        """Chance that ``owner``'s deal leaving ``stage`` on ``exit_day`` moves forward."""
        if self._weak_qualification(owner, stage, exit_day):
            return DROP_ADVANCE
        return min(0.95, ADVANCE[stage] * self.skills.get(owner, 1.0))

    def _weak_qualification(self, owner: str, stage: int, exit_day: int) -> bool:
        """Pattern 1: the drop rep qualifying a deal inside the last 4 weeks."""
        return (
            stage == QUALIFICATION
            and owner == cast.QUALIFICATION_DROP_REP
            and exit_day >= -DROP_WINDOW_DAYS
        )

    def lost_reason(self, owner: str, stage: int, exit_day: int) -> str:
        if stage <= QUALIFICATION:
            weak = self._weak_qualification(owner, stage, exit_day)
            reasons = cast.LOST_REASONS_WEAK_QUALIFICATION if weak else cast.LOST_REASONS_EARLY
            return cast.pick(self.rng, reasons)
        return cast.pick(self.rng, cast.LOST_REASONS_LATE)

    def amount_minor(self, segment: str, offer_factor: float) -> int:
        euros = MEDIAN_AMOUNT_EUR[segment] * offer_factor * exp(self.rng.gauss(0.0, AMOUNT_SIGMA))
        return max(5, round(euros / 100)) * 100 * 100

    def live(self, deal: SimDeal, *, start_stage: int = 0) -> None:
        """Play the deal's life from its last move until it closes or today cuts it off."""
        rng = self.rng
        stage = start_stage
        tick = deal.moves[-1][0]
        while True:
            entered = tick // TICKS_PER_DAY
            days = max(1, round(self.duration_days(deal.segment, stage, entered)))
            exit_day = self.calendar.workday(entered + days)
            if exit_day >= 0:
                return
            exit_tick = work_tick(rng, exit_day)
            if stage >= 1 and self.bounce_mean:
                self._bounce(deal, stage, tick, exit_tick)
            if rng.random() < self.advance_chance(deal.owner, stage, exit_day):
                stage += 2 if rng.random() < SKIP[stage] else 1
                to = WON if stage >= len(OPEN_STAGES) else OPEN_STAGES[stage]
            else:
                to = LOST
                deal.lost_reason = self.lost_reason(deal.owner, stage, exit_day)
            deal.moves.append((exit_tick, deal.moves[-1][2], to))
            tick = exit_tick
            if to in (WON, LOST):
                return

    def _bounce(self, deal: SimDeal, stage: int, entered_tick: int, exit_tick: int) -> None:
        """Back-and-forth moves to the previous stage while the deal sits in ``stage``."""
        whole = int(self.bounce_mean)
        count = whole + (1 if self.rng.random() < self.bounce_mean - whole else 0)
        room = exit_tick - entered_tick - 1
        count = min(count, room // 2)
        if count <= 0:
            return
        here, previous = OPEN_STAGES[stage], OPEN_STAGES[stage - 1]
        ticks = sorted(self.rng.sample(range(entered_tick + 1, exit_tick), 2 * count))
        for back, forth in zip(ticks[::2], ticks[1::2], strict=True):
            deal.moves.append((back, here, previous))
            deal.moves.append((forth, previous, here))

    def plan_close_dates(self, deal: SimDeal) -> None:
        """The expected close typed at creation, and the pushes made each time it passed."""
        rng = self.rng
        created = deal.created
        expected = created + round(PLANNED_CYCLE_DAYS[deal.segment] * rng.uniform(0.6, 1.1))
        closed = deal.closed_on
        end = -1 if closed is None else closed
        diligent = rng.random() >= 0.12
        while diligent and expected <= end and len(deal.pushes) < 6:
            at = self.calendar.workday(expected + rng.randint(0, 5))
            if at > end:
                break
            new = at + rng.randint(10, 40)
            deal.pushes.append(
                (at * TICKS_PER_DAY + rng.randrange(WORK_START, WORK_END), expected, new)
            )
            expected = new
            diligent = rng.random() >= 0.08
        # A closed deal's close date is the day it closed, as CRMs set it.
        deal.expected_close = expected if closed is None else closed


def new_deal(
    process: Process,
    deal_id: int,
    owner: str,
    created: int,
    accounts: dict[str, list[str]],
    *,
    segment: str | None = None,
) -> SimDeal:
    """A deal entering 'prospecting' on day ``created``, with its segment, offer and amount."""
    rng = process.rng
    if segment is None:
        segment = "enterprise" if rng.random() < cast.ENTERPRISE_SHARE else "smb"
    roll = rng.random()
    offer, factor = cast.OFFERS[-1][0], cast.OFFERS[-1][4]
    for key, _label, _priority, share, offer_factor in cast.OFFERS:
        if roll < share:
            offer, factor = key, offer_factor
            break
        roll -= share
    names = accounts[segment]
    return SimDeal(
        id=deal_id,
        owner=owner,
        segment=segment,
        offer=offer,
        account=names[rng.randrange(len(names))],
        amount_minor=process.amount_minor(segment, factor),
        moves=[(work_tick(rng, created), None, OPEN_STAGES[0])],
    )


def creation_days(
    process: Process, first_day: int, rate_per_workday: float, owner: str
) -> list[int]:
    """The days on which ``owner`` opens deals from ``first_day`` to yesterday (a day may
    repeat); a Poisson count per working day, thinned for the quiet rep lately (pattern 3)."""
    rng = process.rng
    days: list[int] = []
    threshold = exp(-rate_per_workday)
    quiet = owner == cast.QUIET_REP
    for day in range(first_day, 0):
        if process.calendar.is_weekend(day):
            continue
        # Knuth's Poisson draw: cheap for the small rates of one rep's day.
        product = rng.random()
        while product > threshold:
            if not (quiet and day >= QUIET_SINCE and rng.random() >= QUIET_FACTOR):
                days.append(day)
            product *= rng.random()
    return days
