"""Rules about time: cycle lengthening (3) and stuck deals (6)."""

import numpy as np

from pilot_tui.core.diagnostics.context import RuleContext, weeks_before
from pilot_tui.core.diagnostics.model import Adjustment, Evidence
from pilot_tui.core.diagnostics.registry import Fired, rule
from pilot_tui.core.diagnostics.rules.common import graded
from pilot_tui.core.hygiene import no_recent_activity
from pilot_tui.core.metrics.cycle import cycle_length, stage_stays, stuck_deals
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.stats import median_test_p_value, quantile
from pilot_tui.core.metrics.window import Window
from pilot_tui.i18n import _

A = Adjustment


def _growth(now: float | None, n: int, base: float | None, base_n: int, min_n: int) -> float | None:
    """Relative growth of a median, None when either side has too few deals or no days."""
    if now is None or base is None or min(n, base_n) < min_n or base <= 0:
        return None
    return now / base - 1


Slower = tuple[float, str, float, int, float, int, float]
"""(growth, stage, median now, n, median before, n, median-test p)."""


def _slower_stages(ctx: RuleContext, now_w: Window, base_w: Window) -> list[Slower]:
    """Open stages whose median stay grew by ``cycle_growth`` or more, with ``min_events``
    stays each side and Mood's median test p < ``rate_drop_p_value`` / the number of open
    stages (several stages are compared at once, so a bare 20 % would often be chance); the
    slowest first."""
    th = ctx.thresholds
    days, codes = stage_stays(now_w)
    base_days, base_codes = stage_stays(base_w)
    stages = ctx.frames.stages
    slower: list[Slower] = []
    for code in stages.open_codes:
        a, b = days[codes == code], base_days[base_codes == code]
        now, before = quantile(a, 0.5), quantile(b, 0.5)
        growth = _growth(now, a.size, before, b.size, th.min_events)
        p_value = median_test_p_value(a, b)
        if growth is None or growth < th.cycle_growth or p_value is None:
            continue
        if p_value < th.rate_drop_p_value / len(stages.open_codes):
            assert now is not None and before is not None
            slower.append((growth, stages.keys[code], now, a.size, before, b.size, p_value))
    slower.sort(key=lambda s: -s[0])
    return slower


@rule(
    "cycle_lengthening",
    scopes=("team", "segment"),
    playbook=("kpi-cycle_length", "kpi-stage_duration", "pitch-structure", "objection-handling"),
    adjustments=(A.CHANGE_PITCH, A.REVISE_STEP, A.ADD_FOLLOW_UP_RITUAL),
)
def cycle_lengthening(ctx: RuleContext, scope: Scope) -> Fired | None:
    """The sales cycle, or the time spent in one stage, lengthened.

    Pattern: the median days created → won of the deals won in the last
    ``cycle_window_weeks`` weeks is ``cycle_growth`` or more above that of the
    ``cycle_baseline_weeks`` weeks before, with ``min_events`` won deals on each side; else,
    the same for the median stay in one open stage (``min_events`` exits each side).
    Why it matters: a longer cycle means less urgency or more friction in the pitch; the
    same pipeline brings less this period and the forecast slips.
    Playbook: rule-cycle_lengthening, kpi-cycle_length, kpi-stage_duration,
    pitch-structure, objection-handling (and the stage's guide for one stage).
    """
    th = ctx.thresholds
    recent = ctx.trailing(th.cycle_window_weeks)
    before = weeks_before(recent, th.cycle_baseline_weeks)
    now_w, base_w = ctx.window(scope, recent), ctx.window(scope, before)
    now, base = cycle_length(now_w), cycle_length(base_w)
    growth = _growth(now.value, now.n or 0, base.value, base.n or 0, th.min_events)
    slower = _slower_stages(ctx, now_w, base_w)
    stage_evidence = [
        Evidence(
            label=_("median days in {stage}").format(stage=key),
            value=a,
            unit="days",
            n=n,
            baseline=b,
            baseline_n=base_n,
            p_value=p_value,
        )
        for _g, key, a, n, b, base_n, p_value in slower
    ]
    if growth is not None and growth >= th.cycle_growth:
        return Fired(
            severity=graded(growth, th.cycle_growth),
            title=_(
                "The sales cycle lengthened by {growth:.0f} %: {now:g} days against {base:g}"
            ).format(
                growth=growth * 100, now=round(now.value or 0, 1), base=round(base.value or 0, 1)
            ),
            evidence=[
                Evidence(
                    label=_("median days created → won"),
                    value=now.value,
                    unit="days",
                    n=now.n,
                    baseline=base.value,
                    baseline_n=base.n,
                ),
                *stage_evidence,
            ],
            explanation=_(
                "Deals won in the last {weeks} weeks took longer than those of the year "
                "before. Look where the time goes (the stages listed), at urgency in the "
                "pitch and at what buyers wait for between steps."
            ).format(weeks=th.cycle_window_weeks),
            extra_playbook=tuple(f"stage-{s[1]}" for s in slower[:1]),
        )
    if not slower:
        return None
    stage_growth, key = slower[0][:2]
    return Fired(
        severity=graded(stage_growth, th.cycle_growth),
        title=_("Deals spend {growth:.0f} % longer in {stage}").format(
            growth=stage_growth * 100, stage=key
        ),
        evidence=stage_evidence,
        explanation=_(
            "One stage slowed down while the rest held. Check what the buyer waits for there "
            "(material, approvals, a meeting) and revise that step."
        ),
        extra_playbook=(f"stage-{key}",),
    )


@rule(
    "stuck_deals",
    scopes=("team",),
    playbook=("kpi-stuck_deals", "ritual-pipeline_review", "follow-up-silent-prospect"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL, A.REQUALIFY),
)
def stuck(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Deals stuck in their stage, or rotting without activity.

    Pattern: on the window's last day, among ≥ ``min_events`` open deals, at least
    ``stuck_min_deals`` deals making ``stuck_share`` of them are stuck (longer in their
    stage than its rot days, else its p75) or had no activity for the stage's rot days;
    deals snoozed (with a reason) past that day are neither.
    Why it matters: stuck deals inflate the pipeline and the forecast; each needs a decision
    — a next step that moves it, or closing it lost.
    Playbook: rule-stuck_deals, kpi-stuck_deals, ritual-pipeline_review,
    follow-up-silent-prospect.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    measure = stuck_deals(window)
    deals = window.open_deals
    n = len(deals)
    if n < th.min_events:
        return None
    stuck_ids = [int(i) for i in measure.details["deal_ids"]]
    snoozed = deals["snoozed_until"].to_numpy() > window.as_of
    rotting = deals["id"].to_numpy()[no_recent_activity(window, deals) & ~snoozed]
    concerned = sorted(set(stuck_ids) | {int(i) for i in rotting})
    worst = max(int(measure.value or 0), int(rotting.size))
    share = worst / n
    if worst < th.stuck_min_deals or share < th.stuck_share:
        return None
    per_stage = {k: v for k, v in measure.details["stages"].items() if v}
    return Fired(
        severity=graded(share, th.stuck_share),
        title=_("{stuck} deals stuck, {rotting} without activity, of {n} open").format(
            stuck=int(measure.value or 0), rotting=int(rotting.size), n=n
        ),
        evidence=[
            Evidence(
                label=_("stuck deals"),
                value=float(measure.value or 0),
                unit="count",
                n=n,
                baseline=float(np.ceil(max(th.stuck_min_deals, th.stuck_share * n))),
            ),
            Evidence(
                label=_("deals without activity for their stage's rot days"),
                value=float(rotting.size),
                unit="count",
                n=n,
            ),
            *(
                Evidence(label=_("stuck in {stage}").format(stage=k), value=float(v), unit="count")
                for k, v in per_stage.items()
            ),
        ],
        explanation=_(
            "These deals sit in their stage past its rot days or without any activity. Go "
            "through them in the pipeline review: set a next step that moves each one, snooze "
            "it with a reason, or close it lost."
        ),
        deal_ids=tuple(concerned),
    )
