"""From a seed and a day to the demo's deals, reps, accounts and targets (still in memory)."""

from dataclasses import dataclass
from datetime import date
from itertools import count
from random import Random

from pilot_tui.core.demo import cast, plant
from pilot_tui.core.demo.simulate import Process, SimDeal, creation_days, new_deal
from pilot_tui.core.demo.timeline import Calendar
from pilot_tui.core.vocabulary import DEMO_SEED

DEFAULT_SEED = DEMO_SEED
DEFAULT_DEALS = 1500
"""Deals the default demo opens during its history (a few planted ones come on top)."""
HISTORY_MONTHS = 18
"""The history starts on the first day of the month this many months before the current one."""
WARM_UP_DAYS = 90
"""Deals are simulated from this long before the history so that it starts with a pipeline;
those closed before the history starts are dropped."""
SCALE_BOUNCES = 1.7
"""Back-and-forth moves per stay in the scale demo: about 10 stage changes per deal."""
DEALS_PER_SCALE_REP = 215
"""The scale demo adds reps so that each carries about as many deals as a default rep."""
TARGET_UPLIFT = 1.05
"""A rep's monthly target is their average won value per month, plus this uplift."""
TARGET_ROUNDING = 100_000
"""Targets are whole thousands of euros (in minor units)."""


@dataclass(frozen=True)
class DemoSpec:
    """How big a demo to make."""

    deals: int = DEFAULT_DEALS
    bounce_mean: float = 0.02
    """Mean back-and-forth stage moves per stay (a few reopened steps in the default demo)."""
    scale: bool = False

    @classmethod
    def for_scale(cls, deals: int) -> "DemoSpec":
        """A benchmark-sized demo: more reps, and about 10 stage changes per deal."""
        return cls(deals=deals, bounce_mean=SCALE_BOUNCES, scale=True)


@dataclass
class DemoData:
    """The demo in memory: everything the rows are made from."""

    calendar: Calendar
    history_start: int
    """Day the history (and the objectives) start: the first of a month."""
    reps: list[cast.RepProfile]
    accounts: list[tuple[str, str, str]]
    """(name, sector, segment)."""
    deals: list[SimDeal]
    targets: dict[str, int]
    """Each rep's monthly won-value target, minor units (the team's is their sum)."""


def demo_reps(manager_login: str, spec: DemoSpec) -> list[cast.RepProfile]:
    """The fixed reps (the spare one replaces a rep whose login is the manager's), plus more
    for the scale demo."""
    reps = [cast.SPARE_REP if r.login == manager_login else r for r in cast.REPS]
    if spec.scale:
        wanted = max(len(reps), round(spec.deals / DEALS_PER_SCALE_REP))
        reps += cast.extra_reps(wanted - len(reps), {manager_login})
    return reps


def history_start(calendar: Calendar) -> int:
    first = calendar.date(calendar.month_start(0))
    month_index = first.year * 12 + first.month - 1 - HISTORY_MONTHS
    return calendar.day_of(date(month_index // 12, month_index % 12 + 1, 1))


def generate(spec: DemoSpec, *, seed: int, today: date, manager_login: str) -> DemoData:
    """The whole demo history for ``seed``, ending yesterday evening of ``today``."""
    rng = Random(seed)
    calendar = Calendar(today)
    reps = demo_reps(manager_login, spec)
    start = history_start(calendar)
    process = Process(rng, calendar, {r.login: r.skill for r in reps}, spec.bounce_mean)

    account_count = max(160, spec.deals // 6)
    accounts: list[tuple[str, str, str]] = []
    by_segment: dict[str, list[str]] = {"smb": [], "enterprise": []}
    for name in cast.account_names(account_count):
        segment = "enterprise" if rng.random() < cast.ENTERPRISE_SHARE else "smb"
        accounts.append((name, cast.pick(rng, cast.SECTORS), segment))
        by_segment[segment].append(name)

    workdays = sum(1 for day in range(start, 0) if not calendar.is_weekend(day))
    base_rate = spec.deals / workdays / sum(r.volume for r in reps)
    ids = count(1)
    deals: list[SimDeal] = []
    for rep in reps:
        for day in creation_days(process, start - WARM_UP_DAYS, base_rate * rep.volume, rep.login):
            deal = new_deal(process, next(ids), rep.login, day, by_segment)
            process.live(deal)
            closed = deal.closed_on
            if closed is not None and closed < start:
                continue
            process.plan_close_dates(deal)
            deals.append(deal)

    planting = plant.Planting(ids=ids, accounts=by_segment)
    steady = [r.login for r in reps[: len(cast.REPS)] if r.login != cast.QUIET_REP]
    deals += plant.weak_qualification(process, planting)
    deals += plant.stuck_deals(process, planting, steady)
    targets = monthly_targets(deals, reps, calendar, start)
    team_target = sum(targets.values())
    deals += plant.good_last_month(process, planting, deals, team_target, steady)
    plant.cap_current_month(process, deals, team_target)
    deals += plant.hygiene_problems(process, planting, deals)
    plant.next_steps_and_forecast(process, deals)
    plant.thin_current_month(process, planting, deals, team_target)

    deals.sort(key=lambda d: (d.moves[0][0], d.id))
    for number, deal in enumerate(deals, start=1):
        deal.id = number
    return DemoData(calendar, start, reps, accounts, deals, targets)


def monthly_targets(
    deals: list[SimDeal], reps: list[cast.RepProfile], calendar: Calendar, start: int
) -> dict[str, int]:
    """Each rep's monthly won-value target (minor units): the mean of their own and the average
    rep's won value per month over the history's complete months before last month, plus
    ``TARGET_UPLIFT``, rounded to ``TARGET_ROUNDING``."""
    last_month = calendar.month_start(calendar.month_start(0) - 1)
    months = max(1, len(calendar.months(start, last_month - 1)))
    won: dict[str, int] = {r.login: 0 for r in reps}
    for deal in deals:
        closed = deal.closed_on
        if deal.stage == "won" and closed is not None and start <= closed < last_month:
            won[deal.owner] += deal.amount_minor or 0
    # Quotas are set half on the rep's own record and half on the team's average rep, as
    # managers do, so that one unlucky year does not give a rep a tiny target.
    average = sum(won.values()) / len(won)
    return {
        login: max(1, round((total + average) / 2 / months * TARGET_UPLIFT / TARGET_ROUNDING))
        * TARGET_ROUNDING
        for login, total in won.items()
    }
