"""Rules about the team's habits and its data: missing next steps (7), irregular rhythm (9)
and poor CRM hygiene (12)."""

import numpy as np
import pandas as pd

from pilot_tui.core.diagnostics.context import RuleContext
from pilot_tui.core.diagnostics.model import Adjustment, Evidence, Severity
from pilot_tui.core.diagnostics.registry import Fired, rule
from pilot_tui.core.diagnostics.rules.common import pct
from pilot_tui.core.hygiene import CHECKS, hygiene_report
from pilot_tui.core.metrics.quality import next_step_coverage
from pilot_tui.core.metrics.rhythm import activities_per_week, new_opps_per_week
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.stats import dispersion_p_value
from pilot_tui.core.models import overdue_mask
from pilot_tui.i18n import _

A = Adjustment


def share_objective(
    objectives: pd.DataFrame, scope: Scope, period: str, metric: str
) -> float | None:
    """A quality objective (a share) of the rep, or of the team itself (its owner empty);
    None when unset. Shares are not summed over reps as money objectives are."""
    rows = objectives[
        (objectives["period"] == period)
        & (objectives["kind"] == "quality")
        & (objectives["metric"] == metric)
    ]
    if scope.kind == "rep":
        rows = rows[rows["owner"] == scope.value]
    elif scope.kind == "team":
        rows = rows[rows["owner"].isna()]
        if scope.value is not None:
            rows = rows[rows["team"] == scope.value]
    else:
        return None
    return float(rows["target"].iloc[-1]) if len(rows) else None


@rule(
    "missing_next_steps",
    scopes=("team",),
    playbook=("kpi-next_step_coverage", "ritual-actions_checkin", "follow-up-first-meeting"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL,),
)
def missing_next_steps(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Too many open deals without a dated next step (the quality objective is breached).

    Pattern: today, among ≥ ``min_events`` open deals, the share with a next step due today
    or later is below the scope's 'next_step_coverage' quality objective for the calendar
    period, else below ``next_step_floor``. Overdue open actions are shown beside it.
    Only for a window that includes today (next steps have no history).
    Why it matters: a deal without a dated next step is drifting; the buyer decides when it
    moves, and the forecast cannot trust it.
    Playbook: rule-missing_next_steps, kpi-next_step_coverage, ritual-actions_checkin,
    follow-up-first-meeting.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    if not window.current:
        return None
    measure = next_step_coverage(window)
    if measure.value is None or (measure.n or 0) < th.min_events:
        return None
    objective = share_objective(
        ctx.frames.objectives, scope, ctx.calendar_period.label, "next_step_coverage"
    )
    floor = th.next_step_floor if objective is None else objective
    if measure.value >= floor:
        return None
    activities = window.frames.activities
    open_ones = activities["status"].to_numpy() == "open"
    overdue = int(
        overdue_mask(
            activities["status"].to_numpy(), activities["due"].to_numpy(), window.as_of
        ).sum()
    )
    return Fired(
        severity=Severity.HIGH if measure.value < floor - 0.2 else Severity.MEDIUM,
        title=_("Only {share} of open deals have a dated next step").format(
            share=pct(measure.value)
        ),
        evidence=[
            Evidence(
                label=_("open deals with a next step due today or later"),
                value=measure.value,
                unit="share",
                n=measure.n,
                baseline=floor,
            ),
            Evidence(
                label=_("open activities overdue"),
                value=float(overdue),
                unit="count",
                n=int(open_ones.sum()),
            ),
        ],
        explanation=_(
            "Deals without a dated next step drift and are the first to slip. In the next "
            "check-in, give each one a next step with a date, or close it."
        ),
    )


@rule(
    "irregular_rhythm",
    scopes=("team", "rep"),
    playbook=("kpi-new_opps_per_week", "kpi-activities_per_week", "ritual-actions_checkin"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL,),
)
def irregular_rhythm(ctx: RuleContext, scope: Scope) -> Fired | None:
    """New opportunities or activities come in bursts rather than every week.

    Pattern: over the 8 complete weeks before the window's end, the weekly counts of new
    opportunities or of completed activities (≥ ``min_events`` in all) have a coefficient
    of variation of ``rhythm_cv`` or more, and an index-of-dispersion test says they are
    more uneven than chance (p < ``rate_drop_p_value``): a rep with two deals a week varies
    that much by luck alone.
    Why it matters: bursts of prospecting make bursts of pipeline and lumpy results; a
    steady weekly rhythm is what makes a period predictable.
    Playbook: rule-irregular_rhythm, kpi-new_opps_per_week, kpi-activities_per_week,
    ritual-actions_checkin.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    evidence = []
    for label, measure in (
        (_("weekly new opportunities, coefficient of variation"), new_opps_per_week(window)),
        (_("weekly completed activities, coefficient of variation"), activities_per_week(window)),
    ):
        counts = np.array([w["count"] for w in measure.details["weeks"]], dtype=float)
        cv = measure.details["cv"]
        if (measure.n or 0) < th.min_events or cv is None or cv < th.rhythm_cv:
            continue
        p_value = dispersion_p_value(counts)
        if p_value is None or p_value >= th.rate_drop_p_value:
            continue
        evidence.append(
            Evidence(
                label=label,
                value=cv,
                unit="ratio",
                n=measure.n,
                baseline=th.rhythm_cv,
                p_value=p_value,
            )
        )
    if not evidence:
        return None
    return Fired(
        severity=Severity.MEDIUM if len(evidence) == 2 else Severity.LOW,
        title=_("Irregular weekly rhythm: {what}").format(
            what=", ".join(e.label.split(",")[0] for e in evidence)
        ),
        evidence=evidence,
        explanation=_(
            "Weeks alternate between bursts and gaps. Block the same prospecting and "
            "follow-up time every week and check it in the weekly actions check-in."
        ),
    )


@rule(
    "poor_hygiene",
    scopes=("team",),
    playbook=("kpi-hygiene_score", "ritual-pipeline_review"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL,),
)
def poor_hygiene(ctx: RuleContext, scope: Scope) -> Fired | None:
    """The CRM is too poorly kept to trust the numbers.

    Pattern: today, over ≥ ``min_events`` open deals, the hygiene score (weighted share of
    hygiene checks passed) is below ``hygiene_floor``. Only for a window that includes
    today. The failing checks are the evidence.
    Why it matters: the forecast, coverage and every rate above rest on these records; the
    verdict's data quality is this score.
    Playbook: rule-poor_hygiene, kpi-hygiene_score, ritual-pipeline_review.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    if not window.current:
        return None
    report = hygiene_report(window)
    if report.open_deals < th.min_events or report.score >= th.hygiene_floor:
        return None
    labels = {c.id: c.label for c in CHECKS}
    return Fired(
        severity=Severity.HIGH if report.score < th.hygiene_floor - 20 else Severity.MEDIUM,
        title=_("CRM hygiene {score:.0f}/100: too poor to trust the numbers").format(
            score=report.score
        ),
        evidence=[
            Evidence(
                label=_("hygiene score"),
                value=round(report.score, 1),
                unit="score",
                n=report.open_deals,
                baseline=th.hygiene_floor,
            ),
            *(
                Evidence(label=labels[check], value=float(count), unit="count", n=report.open_deals)
                for check, count in report.problems.items()
                if count
            ),
        ],
        explanation=_(
            "Many open deals are past their close date, without a next step, an amount or "
            "recent activity. Clean them in the next pipeline review (pilot hygiene lists "
            "them) before acting on the forecast."
        ),
        deal_ids=tuple(int(i) for i in report.flags.index[report.flags.any(axis=1)]),
    )
