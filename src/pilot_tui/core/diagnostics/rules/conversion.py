"""Rules about where deals are won and lost: qualification drop (1), thin top of funnel (2),
weak qualification (5) and rep variability (10)."""

import numpy as np

from pilot_tui.core.diagnostics.context import RuleContext
from pilot_tui.core.diagnostics.model import Adjustment, Evidence, Severity
from pilot_tui.core.diagnostics.registry import Fired, rule
from pilot_tui.core.diagnostics.rules.common import (
    compare_rates,
    graded,
    pct,
    qualification_code,
    stage_counts,
)
from pilot_tui.core.metrics.breakdowns import created_between, lost_in_window
from pilot_tui.core.metrics.conversion import stage_conversion, trailing_win_rate, win_rate
from pilot_tui.core.metrics.frames import day_number
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.stats import poisson_lower_tail, two_proportion_p_value
from pilot_tui.core.periods import date_range
from pilot_tui.i18n import _

A = Adjustment


@rule(
    "qualification_drop",
    scopes=("team", "rep"),
    playbook=(
        "stage-qualification",
        "bant",
        "meddic",
        "discovery-questions",
        "kpi-stage_conversion",
    ),
    adjustments=(A.REVISE_STEP, A.STRENGTHEN_TRAINING, A.REQUALIFY),
)
def qualification_drop(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Conversion out of qualification dropped against the baseline.

    Pattern: among deals that left qualification in the window, the share that moved forward
    is ``rate_drop_points`` lower than in the ``baseline_weeks`` before, two-proportion
    p < ``rate_drop_p_value``, with ``min_events`` exits on each side. The other stages
    (with enough exits) are shown beside it; when one of them dropped too, the explanation
    says the problem is wider than qualification.
    Why it matters: prospecting still fills the funnel; deals die at the first real
    conversation, so the problem is discovery and qualification, not volume.
    Playbook: rule-qualification_drop, stage-qualification, bant, meddic,
    discovery-questions, kpi-stage_conversion.
    """
    th = ctx.thresholds
    stages = ctx.frames.stages
    code = qualification_code(stages)
    if code is None:
        return None
    key = stages.keys[code]
    now = stage_conversion(ctx.window(scope)).details
    base = stage_conversion(ctx.window(scope, ctx.baseline)).details
    changes = {
        k: compare_rates(*stage_counts(now, k), *stage_counts(base, k), th)
        for k in (stages.keys[c] for c in stages.open_codes)
    }
    change = changes[key]
    if not change.moved or change.value is None or change.baseline is None:
        return None
    gap = (change.baseline - change.value) * 100
    also = [k for k, c in changes.items() if k != key and c.moved]
    explanation = _(
        "Deals still come in, but fewer get past the first qualifying conversation: "
        "{points:.0f} points lower than in the {weeks} weeks before. Look at discovery and "
        "at the qualification criteria, not at prospecting volume."
    ).format(points=gap, weeks=th.baseline_weeks)
    if also:
        explanation += " " + _(
            "Conversion fell at {stages} too: the problem is wider than qualification."
        ).format(stages=", ".join(also))
    return Fired(
        severity=graded(gap, th.rate_drop_points),
        title=_("Qualification conversion dropped from {before} to {now}").format(
            before=pct(change.baseline), now=pct(change.value)
        ),
        evidence=[
            Evidence(
                label=_("deals leaving {stage} that moved forward").format(stage=k),
                value=c.value,
                unit="share",
                n=c.n,
                baseline=c.baseline,
                baseline_n=c.base_n,
                p_value=c.p_value,
            )
            for k, c in sorted(changes.items(), key=lambda item: item[0] != key)
            if k == key or min(c.n, c.base_n) >= th.min_events
        ],
        explanation=explanation,
    )


@rule(
    "thin_top_of_funnel",
    scopes=("team", "rep"),
    playbook=("stage-prospecting", "kpi-new_opps_per_week", "ritual-objective_setting"),
    adjustments=(A.ADD_FOLLOW_UP_RITUAL, A.REFOCUS),
)
def thin_top_of_funnel(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Few new opportunities entering while deals still convert well.

    Pattern: deals created in the window are at most ``new_opps_drop`` of the pace of the
    ``baseline_weeks`` before (at least ``min_events`` created then), and a Poisson test
    says so low a count is not chance (p < ``rate_drop_p_value``); the win rate over the
    baseline and window (≥ ``min_events`` closed) is within ``stable_points`` of the team's
    over the last year.
    Why it matters: conversion is fine, so results will fall for lack of volume a cycle
    later; the fix is earlier in the funnel (prospecting time, targets of new deals).
    Playbook: rule-thin_top_of_funnel, stage-prospecting, kpi-new_opps_per_week,
    ritual-objective_setting.
    """
    th = ctx.thresholds
    window = ctx.window(scope)
    baseline = ctx.baseline
    now = created_between(window, window.start, window.as_of)
    before = created_between(window, day_number(baseline.start), day_number(baseline.end))
    if before < th.min_events:
        return None
    expected = before * (window.as_of - window.start + 1) / baseline.days
    p_value = poisson_lower_tail(now, expected)
    if now > th.new_opps_drop * expected or p_value >= th.rate_drop_p_value:
        return None
    span = win_rate(ctx.window(scope, date_range(baseline.start, ctx.as_of)))
    team = ctx.scope if ctx.scope.kind == "team" else Scope()
    team_rate = trailing_win_rate(ctx.window(team))
    if span.value is None or team_rate is None:
        return None
    if (team_rate - span.value) * 100 > th.stable_points:
        return None
    weekly = 7 / baseline.days * before
    return Fired(
        severity=Severity.HIGH if now <= th.new_opps_drop * expected / 2 else Severity.MEDIUM,
        title=_(
            "Few new opportunities: {now} in the window against about {usual:.0f} usually"
        ).format(now=now, usual=expected),
        evidence=[
            Evidence(
                label=_("new opportunities in the window"),
                value=float(now),
                unit="count",
                n=now,
                baseline=round(expected, 1),
                baseline_n=before,
                p_value=p_value,
            ),
            Evidence(
                label=_("usual new opportunities per week"),
                value=round(weekly, 2),
                unit="per_week",
                n=before,
            ),
            Evidence(
                label=_("win rate over the baseline and window (team over the last year)"),
                value=span.value,
                unit="share",
                n=span.n,
                baseline=team_rate,
            ),
        ],
        explanation=_(
            "Deals that enter still convert as well as the team's, but too few enter: the "
            "problem is earlier than the funnel. Protect prospecting time and set a weekly "
            "new-opportunity objective, or results will drop a cycle from now."
        ),
    )


@rule(
    "weak_qualification",
    scopes=("team", "rep"),
    playbook=("stage-qualification", "bant", "meddic", "kpi-win_rate", "follow-up-after-loss"),
    adjustments=(A.REQUALIFY, A.REVISE_STEP, A.STRENGTHEN_TRAINING),
)
def weak_qualification(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Many late-stage losses for lack of fit or budget.

    Pattern: among the deals lost in the window (≥ ``min_events``), the share lost after
    qualification with a reason in ``weak_qualification_reasons`` reaches
    ``weak_qualification_share`` and rose by ``rate_drop_points`` against the baseline
    (two-proportion p < ``rate_drop_p_value``, ≥ ``min_events`` losses then).
    Why it matters: deals that never fitted were carried to proposal and beyond, costing
    the team its most expensive time and inflating the pipeline and the forecast.
    Playbook: rule-weak_qualification, stage-qualification, bant, meddic, kpi-win_rate,
    follow-up-after-loss.
    """
    th = ctx.thresholds
    stages = ctx.frames.stages
    code = qualification_code(stages)
    if code is None:
        return None
    reasons = {r.casefold() for r in th.weak_qualification_reasons}

    counts = []
    for period in (ctx.period, ctx.baseline):
        lost = lost_in_window(ctx.window(scope, period))
        from_code = lost["from_code"].to_numpy()
        late = (from_code >= 0) & (stages.rank[np.maximum(from_code, 0)] > stages.rank[code])
        unfit = np.array(
            [isinstance(r, str) and r.strip().casefold() in reasons for r in lost["lost_reason"]],
            dtype=bool,
        )
        counts.append((int((late & unfit).sum()), len(lost)))
    (k, n), (base_k, base_n) = counts
    change = compare_rates(k, n, base_k, base_n, th, rise=True)
    if not change.moved or change.value is None or change.value < th.weak_qualification_share:
        return None
    return Fired(
        severity=graded(change.value, th.weak_qualification_share),
        title=_("{share} of losses came late, for lack of fit or budget").format(
            share=pct(change.value)
        ),
        evidence=[
            Evidence(
                label=_("lost deals lost after qualification for lack of fit or budget"),
                value=change.value,
                unit="share",
                n=n,
                baseline=change.baseline,
                baseline_n=base_n,
                p_value=change.p_value,
            )
        ],
        explanation=_(
            "Deals that never fitted went through qualification and died at proposal or "
            "negotiation. Tighten the qualification exit criteria (budget, fit, decision "
            "maker) and requalify the open late-stage deals now."
        ),
    )


@rule(
    "rep_variability",
    scopes=("team",),
    playbook=("kpi-stage_conversion", "ritual-coaching_1on1", "ritual-conversion_analysis"),
    adjustments=(A.STRENGTHEN_TRAINING, A.REVISE_STEP),
    across=True,
)
def rep_variability(ctx: RuleContext, scope: Scope) -> Fired | None:
    """Reps convert very differently at one stage.

    Pattern: over the last ``variability_weeks`` weeks, at some open stage, the best and
    the worst rep's exit-based conversion (each with ≥ ``min_events`` exits) differ by
    ``rep_spread_points`` or more, two-proportion p < ``rate_drop_p_value``; the stage with
    the widest gap is reported.
    Why it matters: the same process works for some and not others; what the best do at
    that stage can be written down and taught.
    Playbook: rule-rep_variability, the stage's guide, kpi-stage_conversion,
    ritual-coaching_1on1, ritual-conversion_analysis.
    """
    th = ctx.thresholds
    span = ctx.trailing(th.variability_weeks)
    stages = ctx.frames.stages
    per_rep = {
        rep.value: stage_conversion(ctx.window(rep, span)).details for rep in ctx.sub_scopes("rep")
    }
    widest: tuple[float, str, tuple[str, int, int], tuple[str, int, int], float] | None = None
    for code in stages.open_codes:
        key = stages.keys[code]
        rows = []
        for login, details in per_rep.items():
            forward, n = stage_counts(details, key)
            if n >= th.min_events:
                rows.append((str(login), forward, n))
        if len(rows) < 2:
            continue
        rows.sort(key=lambda r: (r[1] / r[2], r[0]))
        worst, best = rows[0], rows[-1]
        gap = (best[1] / best[2] - worst[1] / worst[2]) * 100
        p_value = two_proportion_p_value(best[1], best[2], worst[1], worst[2])
        if gap < th.rep_spread_points or p_value is None or p_value >= th.rate_drop_p_value:
            continue
        if widest is None or gap > widest[0]:
            widest = (gap, key, best, worst, p_value)
    if widest is None:
        return None
    gap, key, best, worst, p_value = widest
    team_forward, team_n = stage_counts(stage_conversion(ctx.window(scope, span)).details, key)
    return Fired(
        severity=graded(gap, th.rep_spread_points),
        title=_("At {stage}, {best} converts {gap:.0f} points better than {worst}").format(
            stage=key, best=best[0], worst=worst[0], gap=gap
        ),
        evidence=[
            Evidence(
                label=_("best rep ({login}) at {stage}").format(login=best[0], stage=key),
                value=best[1] / best[2],
                unit="share",
                n=best[2],
                baseline=team_forward / team_n if team_n else None,
                baseline_n=team_n,
            ),
            Evidence(
                label=_("worst rep ({login}) at {stage}").format(login=worst[0], stage=key),
                value=worst[1] / worst[2],
                unit="share",
                n=worst[2],
                baseline=best[1] / best[2],
                baseline_n=best[2],
                p_value=p_value,
            ),
        ],
        explanation=_(
            "The same stage works for some reps and not for others. Ask {best} what they do "
            "at {stage} (questions, material, exit criteria), write it into the stage guide "
            "and coach the others on it."
        ).format(best=best[0], stage=key),
        extra_playbook=(f"stage-{key}",),
        names_reps=(best[0], worst[0]),
    )
