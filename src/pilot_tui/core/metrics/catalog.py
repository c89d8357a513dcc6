"""The KPI catalog: what each KPI is, how it is computed, and whether it is worth watching.

A KPI is worth a place on the dashboard when it answers yes to at least two of three
questions: can the team act on it, does it anticipate rather than record, does it drive
results directly. Fewer than two yes: it is flagged as noise.
"""

from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, computed_field

from pilot_tui.core.metrics import conversion, cycle, pipeline, quality, rhythm
from pilot_tui.core.metrics.window import Measure, Window
from pilot_tui.i18n import _


class Direction(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


class Unit(StrEnum):
    SHARE = "share"
    """0..1, shown as a percentage."""
    MONEY = "money"
    """Minor units (cents) of the database's currency."""
    MONEY_PER_DAY = "money_per_day"
    DAYS = "days"
    COUNT = "count"
    PER_WEEK = "per_week"
    RATIO = "ratio"
    """A multiple, shown as 2.4×."""
    SCORE = "score"
    """0..100."""


class KpiDefinition(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    unit: Unit
    formula: str
    direction: Direction
    actionable: bool
    anticipates: bool
    drives_results: bool
    rate: bool = False
    """A rate estimated from events: too few to say under 10, and tested for change."""
    average: bool = False
    """A mean or median over cases (deals won, stays in a stage): its value stands on any n,
    but a change is claimed only with at least 10 cases on each side."""
    historical: bool = True
    """Its value for a past period can be rebuilt from the history tables."""

    @property
    def yes(self) -> int:
        """How many of the three questions it answers yes to."""
        return sum((self.actionable, self.anticipates, self.drives_results))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def noise(self) -> bool:
        """Fewer than two yes to the three questions."""
        return self.yes < 2


def _kpi(
    kpi_id: str,
    name: str,
    unit: Unit,
    formula: str,
    direction: Direction,
    questions: tuple[bool, bool, bool],
    *,
    rate: bool = False,
    average: bool = False,
    historical: bool = True,
) -> KpiDefinition:
    actionable, anticipates, drives = questions
    return KpiDefinition(
        id=kpi_id,
        name=name,
        unit=unit,
        formula=formula,
        direction=direction,
        actionable=actionable,
        anticipates=anticipates,
        drives_results=drives,
        rate=rate,
        average=average,
        historical=historical,
    )


HIGHER, LOWER = Direction.HIGHER_BETTER, Direction.LOWER_BETTER

CATALOG: tuple[KpiDefinition, ...] = (
    _kpi(
        "stage_conversion",
        _("Stage conversion"),
        Unit.SHARE,
        _("deals that left a stage in the window: moved forward / (moved forward + lost)"),
        HIGHER,
        (True, True, True),
        rate=True,
    ),
    _kpi(
        "funnel",
        _("Cumulative funnel"),
        Unit.SHARE,
        _("deals created in the window that reached each stage / deals created; value = won"),
        HIGHER,
        (True, True, False),
        rate=True,
    ),
    _kpi(
        "win_rate",
        _("Win rate"),
        Unit.SHARE,
        _("won / (won + lost), deals closed in the window, by count"),
        HIGHER,
        (True, False, True),
        rate=True,
    ),
    _kpi(
        "win_rate_value",
        _("Win rate by value"),
        Unit.SHARE,
        _("won value / (won + lost value), deals closed in the window"),
        HIGHER,
        (False, False, True),
        rate=True,
    ),
    _kpi(
        "avg_won_size",
        _("Average won deal size"),
        Unit.MONEY,
        _("mean amount of the deals won in the window"),
        HIGHER,
        (True, False, True),
        average=True,
    ),
    _kpi(
        "pipeline_value",
        _("Open pipeline"),
        Unit.MONEY,
        _("sum of the amounts of open deals"),
        HIGHER,
        (True, True, False),
    ),
    _kpi(
        "weighted_pipeline",
        _("Weighted pipeline"),
        Unit.MONEY,
        _("sum of amount × probability (deal's own, else its stage's) over open deals"),
        HIGHER,
        (False, True, False),
    ),
    _kpi(
        "cycle_length",
        _("Cycle length"),
        Unit.DAYS,
        _("median days from creation to won, deals won in the window (p75 beside it)"),
        LOWER,
        (True, False, True),
        average=True,
    ),
    _kpi(
        "stage_duration",
        _("Time in stage"),
        Unit.DAYS,
        _("median and p75 days spent in each stage, measured at each exit in the window"),
        LOWER,
        (True, True, False),
        average=True,
    ),
    _kpi(
        "velocity",
        _("Sales velocity"),
        Unit.MONEY_PER_DAY,
        _("open deals × win rate × average won size / median cycle (last 365 days)"),
        HIGHER,
        (False, True, True),
    ),
    _kpi(
        "coverage",
        _("Pipeline coverage"),
        Unit.RATIO,
        _("open pipeline expected to close in the period / (target − won so far)"),
        HIGHER,
        (True, True, True),
    ),
    _kpi(
        "pipeline_needed",
        _("Pipeline needed"),
        Unit.MONEY,
        _("max(0, (target − won) / win rate − open pipeline due in the period)"),
        LOWER,
        (True, True, True),
    ),
    _kpi(
        "stuck_deals",
        _("Stuck deals"),
        Unit.COUNT,
        _("open deals longer in their stage than its rot days (else the stage's p75), not snoozed"),
        LOWER,
        (True, True, False),
    ),
    _kpi(
        "slipped_deals",
        _("Slipped deals"),
        Unit.COUNT,
        _("open deals whose close date in the window has passed, or was moved past its end"),
        LOWER,
        (True, True, False),
    ),
    _kpi(
        "pushed_deals",
        _("Pushed deals"),
        Unit.COUNT,
        _("deals whose expected close was moved later during the window"),
        LOWER,
        (False, True, False),
    ),
    _kpi(
        "new_opps_per_week",
        _("New opportunities per week"),
        Unit.PER_WEEK,
        _("deals created per week over the last 8 complete weeks (CV < 0.3 = stable)"),
        HIGHER,
        (True, True, True),
    ),
    _kpi(
        "activities_per_week",
        _("Activities per week"),
        Unit.PER_WEEK,
        _(
            "calls, emails, meetings and tasks done per week over the last 8 complete weeks "
            "(CV < 0.3 = stable)"
        ),
        HIGHER,
        (True, True, False),
    ),
    _kpi(
        "next_step_coverage",
        _("Deals with a next step"),
        Unit.SHARE,
        _("open deals with a next step due today or later / open deals"),
        HIGHER,
        (True, True, False),
        historical=False,
    ),
    _kpi(
        "skipped_stages",
        _("Skipped stages"),
        Unit.SHARE,
        _("open deals that jumped over a stage / open deals"),
        LOWER,
        (True, False, False),
    ),
    _kpi(
        "objectives_coherence",
        _("Objectives–actions coherence"),
        Unit.SHARE,
        _(
            "min(1, activities done or planned in the period / activities the objectives and "
            "the pipeline needed imply)"
        ),
        HIGHER,
        (True, True, False),
        historical=False,
    ),
    _kpi(
        "hygiene_score",
        _("CRM hygiene"),
        Unit.SCORE,
        _("weighted share of hygiene checks passed by open deals, 0–100"),
        HIGHER,
        (True, False, False),
        historical=False,
    ),
)

BY_ID: dict[str, KpiDefinition] = {k.id: k for k in CATALOG}

DEFAULT_DASHBOARD: tuple[str, ...] = (
    "win_rate",
    "coverage",
    "cycle_length",
    "new_opps_per_week",
    "avg_won_size",
    "next_step_coverage",
    "stuck_deals",
)


def _hygiene(w: Window) -> Measure:
    # core.hygiene builds on this package's modules: importing it at the top would be circular.
    from pilot_tui.core.hygiene import hygiene_report

    report = hygiene_report(w)
    return Measure(
        report.score, report.open_deals, report.clean_deals, details={"problems": report.problems}
    )


COMPUTE: dict[str, Callable[[Window], Measure]] = {
    "stage_conversion": conversion.stage_conversion,
    "funnel": conversion.funnel,
    "win_rate": conversion.win_rate,
    "win_rate_value": conversion.win_rate_value,
    "avg_won_size": pipeline.avg_won_size,
    "pipeline_value": pipeline.pipeline_value,
    "weighted_pipeline": pipeline.weighted_pipeline,
    "cycle_length": cycle.cycle_length,
    "stage_duration": cycle.stage_duration,
    "velocity": pipeline.velocity,
    "coverage": pipeline.coverage,
    "pipeline_needed": pipeline.pipeline_needed,
    "stuck_deals": cycle.stuck_deals,
    "slipped_deals": quality.slipped_deals,
    "pushed_deals": quality.pushed_deals,
    "new_opps_per_week": rhythm.new_opps_per_week,
    "activities_per_week": rhythm.activities_per_week,
    "next_step_coverage": quality.next_step_coverage,
    "skipped_stages": quality.skipped_stages,
    "objectives_coherence": quality.objectives_coherence,
    "hygiene_score": _hygiene,
}
"""How each KPI is computed from a window."""
