"""Rules about what the pipeline can deliver: fragile pipeline (4), incoherent objectives (8)
and forecast slippage (11)."""

from pilot_tui.core.diagnostics.context import RuleContext
from pilot_tui.core.diagnostics.model import Adjustment, Evidence, Severity
from pilot_tui.core.diagnostics.registry import Fired, rule
from pilot_tui.core.diagnostics.rules.common import graded, pct
from pilot_tui.core.metrics.pipeline import coverage
from pilot_tui.core.metrics.quality import objectives_coherence, pushed_deals, slipped_deals
from pilot_tui.core.metrics.state import Scope
from pilot_tui.i18n import _

A = Adjustment


@rule(
    "fragile_pipeline",
    scopes=("team",),
    playbook=("kpi-coverage", "kpi-pipeline_needed", "stage-prospecting", "ritual-pipeline_review"),
    adjustments=(A.REFOCUS, A.ADD_FOLLOW_UP_RITUAL),
)
def fragile_pipeline(ctx: RuleContext, scope: Scope) -> Fired | None:
    """A good period, then too little pipeline for the next one.

    Pattern: the previous calendar period's won value reached its won-value target, and the
    current period's coverage (open pipeline due in it / what is left of its target) is
    below the required coverage, 1 / win rate over the last year (``thin_coverage_default``
    when the win rate is unknown). Needs both targets; silent once the target is reached.
    Why it matters: closing the big deals emptied the pipeline; without new deals now, the
    good period is followed by a bad one.
    Playbook: rule-fragile_pipeline, kpi-coverage, kpi-pipeline_needed, stage-prospecting,
    ritual-pipeline_review.
    """
    th = ctx.thresholds
    current = ctx.calendar_period
    before = ctx.window(scope, current.previous())
    if before.target is None or before.target <= 0 or before.won_in_window < before.target:
        return None
    measure = coverage(ctx.window(scope, current))
    if measure.value is None:
        return None
    required = measure.details["required"] or th.thin_coverage_default
    if measure.value >= required:
        return None
    return Fired(
        severity=Severity.HIGH if measure.value < required / 2 else Severity.MEDIUM,
        title=_(
            "{before} beat its target, but {current} has {cov:.1f}× coverage of {req:.1f}×"
        ).format(
            before=current.previous().label, current=current.label, cov=measure.value, req=required
        ),
        evidence=[
            Evidence(
                label=_("won in {period} / target").format(period=current.previous().label),
                value=before.won_in_window / before.target,
                unit="ratio",
                baseline=1.0,
            ),
            Evidence(
                label=_("coverage of {period}").format(period=current.label),
                value=measure.value,
                unit="ratio",
                n=measure.n,
                baseline=required,
            ),
            Evidence(
                label=_("open pipeline due in {period}").format(period=current.label),
                value=measure.details["due_pipeline"],
                unit="money",
                n=measure.n,
                baseline=measure.details["remaining_target"],
            ),
        ],
        explanation=_(
            "Last period's wins used up the pipeline: what is left to close this period "
            "cannot reach the target at the usual win rate. Open new deals now, on the "
            "priority offers and segments, and review the deals pushed to later."
        ),
    )


@rule(
    "incoherent_objectives",
    scopes=("team",),
    playbook=("kpi-objectives_coherence", "kpi-pipeline_needed", "ritual-objective_setting"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL, A.REFOCUS),
)
def incoherent_objectives(ctx: RuleContext, scope: Scope) -> Fired | None:
    """The activity plan cannot produce the pipeline the objectives need.

    Pattern: for the calendar period, activities done plus open activities planned until
    its end cover less than ``coherence_floor`` of what the objectives imply (the
    activities objective, or the pipeline needed / the usual deal size × the activities a
    new deal takes), or the new-opportunities objective is below the deals needed.
    Why it matters: a target with no plan to reach it is a wish; the gap shows now, not at
    the end of the period.
    Playbook: rule-incoherent_objectives, kpi-objectives_coherence, kpi-pipeline_needed,
    ritual-objective_setting.
    """
    th = ctx.thresholds
    measure = objectives_coherence(ctx.window(scope, ctx.calendar_period))
    details = measure.details
    short_opps = details["new_opps_objective_enough"] is False
    if measure.value is None or (measure.value >= th.coherence_floor and not short_opps):
        return None
    evidence = [
        Evidence(
            label=_("activities done or planned / activities needed"),
            value=measure.value,
            unit="share",
            n=details["planned"],
            baseline=th.coherence_floor,
        ),
        Evidence(label=_("activities needed"), value=details["needed"], unit="count"),
    ]
    if details["new_opps_objective"] is not None:
        evidence.append(
            Evidence(
                label=_("new-opportunities objective / new opportunities needed"),
                value=details["new_opps_objective"],
                unit="count",
                baseline=details["new_opps_needed"],
            )
        )
    gap = th.coherence_floor - measure.value
    return Fired(
        severity=Severity.HIGH if gap >= th.coherence_floor / 2 else Severity.MEDIUM,
        title=_("The plan covers {share} of the activities the objectives need").format(
            share=pct(measure.value)
        ),
        evidence=evidence,
        explanation=_(
            "At the usual deal size and activities per new deal, the activities done and "
            "planned cannot build the pipeline the target needs. Plan the missing activities "
            "now, or revise the objective with the team."
        ),
    )


@rule(
    "forecast_slippage",
    scopes=("team",),
    playbook=("kpi-pushed_deals", "kpi-slipped_deals", "ritual-pipeline_review"),
    adjustments=(A.REQUALIFY, A.ADD_FOLLOW_UP_RITUAL),
)
def forecast_slippage(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Many deals due in the window had their close date pushed.

    Pattern: of the deals whose expected close lay in the window (≥ ``min_events``), at
    least ``slippage_share`` were pushed later during it.
    Why it matters: close dates that keep moving make the forecast and coverage
    optimistic; a deal pushed twice is rarely won on the new date.
    Playbook: rule-forecast_slippage, kpi-pushed_deals, kpi-slipped_deals,
    ritual-pipeline_review.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    pushed = pushed_deals(window)
    share = pushed.details["share_of_due"]
    if pushed.n is None or pushed.n < th.min_events or share is None or share < th.slippage_share:
        return None
    slipped = slipped_deals(window)
    return Fired(
        severity=graded(share, th.slippage_share),
        title=_("{share} of the deals due were pushed").format(share=pct(share)),
        evidence=[
            Evidence(
                label=_("deals due in the window whose close date was pushed"),
                value=share,
                unit="share",
                n=pushed.n,
                baseline=th.slippage_share,
            ),
            Evidence(
                label=_("deals pushed twice or more"),
                value=float(pushed.details["pushed_twice_or_more"]),
                unit="count",
                n=int(pushed.value or 0),
            ),
            Evidence(
                label=_("deals slipped (date passed while open, or moved out)"),
                value=slipped.value,
                unit="count",
                n=slipped.n,
            ),
        ],
        explanation=_(
            "Close dates keep moving, so the forecast counts on deals that will not close "
            "when planned. Requalify each pushed deal: what event makes the new date real? "
            "Put the ones without an answer out of the commit."
        ),
        deal_ids=tuple(int(i) for i in slipped.details["deal_ids"]),
    )
