"""The context every computation of core runs in: today, the working-day calendar, the
locale, the diagnostic thresholds.

The edge (a CLI command, an app session) makes one ``Context`` from the settings
(``Settings.context``) and passes it down; core takes it as a required argument and never
reads the settings, so two views of the same numbers cannot use two calendars.

Light on purpose (pydantic and the standard library): the app builds it before the engine
(pandas) is imported.
"""

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date

from pydantic import BaseModel, Field

from pilot_tui.core import clock
from pilot_tui.core.periods import Period, PeriodKind, pace, period_containing


class DiagnosticThresholds(BaseModel):
    """When a diagnostic rule calls a change real; each field documents itself and is a
    setting under ``[diagnostics]``."""

    baseline_weeks: int = 12
    """Weeks before the window that form the baseline."""
    rate_drop_points: float = 10.0
    """A rate 'dropped' when it is at least this many points lower than the baseline..."""
    rate_drop_p_value: float = 0.10
    """...and the two-proportion test gives a p-value below this."""
    min_events: int = 10
    """A rate on fewer events than this is 'too few to say'."""
    cycle_growth: float = 0.20
    """The cycle 'lengthened' when its median grew by at least this share."""
    rhythm_cv: float = 0.30
    """Weekly rhythm is 'irregular' when its coefficient of variation reaches this."""
    rep_spread_points: float = 25.0
    """Rep variability: best and worst rep at one stage differ by at least this many points."""
    slippage_share: float = 0.20
    """Slippage when at least this share of the deals due in the period were pushed."""
    hygiene_floor: float = 60.0
    """Hygiene is 'too poor to trust' below this score."""
    window_weeks: int = 4
    """Without ``--period``, diagnostics look at the last this many weeks up to today."""
    stable_points: float = 5.0
    """A rate is 'fine' when it is no more than this many points below its comparison."""
    new_opps_drop: float = 0.5
    """Thin top of funnel: new opportunities fell to at most this share of the usual pace
    (and a Poisson test says the fall is not chance, p below ``rate_drop_p_value``)."""
    cycle_window_weeks: int = 13
    """Cycle lengthening compares the deals won in the last this many weeks..."""
    cycle_baseline_weeks: int = 52
    """...with those won in this many weeks before (won deals are rarer than stage exits)."""
    variability_weeks: int = 13
    """Rep variability compares stage conversion per rep over this many weeks."""
    thin_coverage_default: float = 3.0
    """Coverage is 'thin' below 1 / win rate, or below this multiple when the rate is unknown."""
    weak_qualification_share: float = 0.30
    """Weak qualification: at least this share of the losses are late-stage losses for lack
    of fit or budget (and the share rose against the baseline)."""
    weak_qualification_reasons: list[str] = Field(default_factory=lambda: ["no fit", "no budget"])
    """Lost reasons that mean the deal should not have passed qualification."""
    next_step_floor: float = 0.80
    """Missing next steps: the share of open deals with a future next step is below the
    scope's 'next_step_coverage' quality objective, else below this."""
    stuck_min_deals: int = 3
    """Stuck deals: at least this many stuck deals..."""
    stuck_share: float = 0.10
    """...making at least this share of the open deals."""
    push_flag_count: int = 2
    """A deal whose close date was pushed (moved later) this many times is flagged at risk."""
    quiet_days: int = 14
    """A deal with nothing done or logged on it for more than this many days is flagged at
    risk."""
    coherence_floor: float = 0.70
    """Objectives and actions are incoherent when the planned activities cover less than
    this share of what the objectives need."""


class VerdictThresholds(BaseModel):
    """When the banner says AHEAD, ON PACE or BEHIND; a setting under
    ``[verdict]``."""

    ahead_at: float = 1.05
    """AHEAD when the forecast is at least this share of the target..."""
    behind_below: float = 0.95
    """...BEHIND when under this share; ON PACE in between, and whenever the forecast's
    range runs from under ``behind_below`` to ``ahead_at`` or more."""
    first_days: float = 0.15
    """Before this share of the period's working days, the banner leads with the forecast
    and last period's result: pace means nothing yet."""


@dataclass(frozen=True)
class Calendar:
    """Working days: Monday to Friday, minus the team's holidays."""

    holidays: frozenset[date] = frozenset()

    @classmethod
    def of(cls, holidays: Collection[date]) -> "Calendar":
        return cls(frozenset(holidays))

    def pace(self, period: Period, day: date) -> float:
        """Share (0..1) of ``period``'s working days elapsed by the end of ``day`` (the day
        itself counts); see ``periods.pace``."""
        return pace(period, day, self.holidays)


@dataclass(frozen=True)
class Context:
    """Today, the calendar, the locale and the diagnostic and verdict thresholds, made once at
    the edge.

    ``fixed_today`` is the day to compute for (``--today``); None follows ``clock.today()``
    at each call, so an app left open past midnight moves to the new day. ``Context()`` is
    English, no holidays, the default thresholds and the clock's day.
    """

    calendar: Calendar = Calendar()
    locale: str = "en"
    """The language and number format of the text callers make from core's values."""
    thresholds: DiagnosticThresholds = field(default_factory=DiagnosticThresholds)
    fixed_today: date | None = None
    verdict: VerdictThresholds = field(default_factory=VerdictThresholds)

    @property
    def today(self) -> date:
        """The day Pilot computes for."""
        return self.fixed_today if self.fixed_today is not None else clock.today()

    def as_of(self, day: date) -> "Context":
        """The same context computing for ``day`` (a report on a past week, a replay)."""
        return replace(self, fixed_today=day)

    def this_month(self) -> Period:
        """The month of today: what the verdict is about when no period is asked for."""
        return period_containing(self.today, PeriodKind.MONTH)
