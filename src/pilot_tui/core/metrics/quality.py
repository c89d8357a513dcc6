"""Quality of the pipeline: next steps, skipped stages, slipped and pushed close dates, and
the coherence of the activity plan with the objectives."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.pipeline import pipeline_needed
from pilot_tui.core.metrics.rhythm import (
    done_activities_in_window,
    done_activity_days,
    sales_activity_mask,
)
from pilot_tui.core.metrics.targets import objective_total
from pilot_tui.core.metrics.window import TRAILING_DAYS, Measure, Window

PLAN_BASIS_DAYS = 84
"""Activities per new opportunity are learnt over the last 12 weeks."""


def future_next_step_mask(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """A next step is written and due on or after ``as_of``."""
    due = deals["next_step_due"].to_numpy()
    return np.asarray(deals["next_step"].to_numpy(dtype=bool) & (due >= w.as_of), dtype=bool)


def next_step_coverage(w: Window) -> Measure:
    """Share of open deals with a future next step (n = open deals)."""
    deals = w.open_deals
    covered = int(future_next_step_mask(w, deals).sum())
    return Measure(covered / len(deals) if len(deals) else None, len(deals), covered)


def skipped_mask(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Deals that had skipped a stage by ``as_of`` (see ``frames.skip_mask``)."""
    return np.asarray(deals["first_skip"].to_numpy() <= w.as_of, dtype=bool)


def skipped_stages(w: Window) -> Measure:
    """Share of open deals that skipped a stage (n = open deals)."""
    deals = w.open_deals
    skipped = int(skipped_mask(w, deals).sum())
    return Measure(skipped / len(deals) if len(deals) else None, len(deals), skipped)


def _window_pushes(w: Window) -> pd.DataFrame:
    pushes = w.frames.close_changes
    day = pushes["day"].to_numpy()
    return pushes[(day >= w.start) & (day <= w.end) & (day <= w.as_of)]


def slipped_deals(w: Window) -> Measure:
    """Deals that slipped in the window: still open with an expected close in the window that
    has passed (before ``as_of``), or whose close date moved from inside the window to after
    its end during the window. n = deals due in the window."""
    deals = w.open_deals
    expected = deals["expected_close"].to_numpy()
    passed = deals["id"].to_numpy()[(expected >= w.start) & (expected < w.as_of)]
    pushes = _window_pushes(w)
    old, new = pushes["old"].to_numpy(), pushes["new"].to_numpy()
    moved_out = pushes["deal_id"].to_numpy()[(old >= w.start) & (old <= w.end) & (new > w.end)]
    slipped = np.union1d(passed, moved_out)
    return Measure(
        float(slipped.size),
        _due_count(w),
        details={
            "passed": int(passed.size),
            "moved_out": int(np.unique(moved_out).size),
            "deal_ids": [int(i) for i in slipped[:50]],
        },
    )


def _due_count(w: Window) -> int:
    """Deals whose expected close lay in the window, now or before a push out of it."""
    state = w.state
    expected = state["expected_close"].to_numpy()
    due_now = state["id"].to_numpy()[(expected >= w.start) & (expected <= w.end)]
    pushes = _window_pushes(w)
    old = pushes["old"].to_numpy()
    was_due = pushes["deal_id"].to_numpy()[(old >= w.start) & (old <= w.end)]
    return int(np.union1d(due_now, was_due).size)


def pushed_deals(w: Window) -> Measure:
    """Deals whose expected close was moved later during the window (each deal once; the
    number of pushes and the share of the deals due in the window that were pushed are in
    details)."""
    pushes = _window_pushes(w)
    later = pushes[pushes["new"].to_numpy() > pushes["old"].to_numpy()]
    per_deal = later.groupby("deal_id").size()
    due = _due_count(w)
    old = later["old"].to_numpy()
    pushed_due = np.unique(later["deal_id"].to_numpy()[(old >= w.start) & (old <= w.end)])
    return Measure(
        float(len(per_deal)),
        due,
        details={
            "pushes": int(per_deal.sum()),
            "pushed_twice_or_more": int((per_deal >= 2).sum()),
            "share_of_due": pushed_due.size / due if due else None,
        },
    )


@dataclass(frozen=True)
class OpportunityPlan:
    """What the pipeline needed asks of new opportunities and sales activity."""

    pipeline_needed: float | None
    """Minor units (see ``pipeline.pipeline_needed``)."""
    mean_new_opp_size: float | None
    """Mean amount of the deals created in the 365 days up to ``as_of``, minor units."""
    new_opps_needed: float | None
    """pipeline needed / mean new opportunity size."""
    activities_per_new_opp: float | None
    """Sales activities done / deals created, over the 12 weeks up to ``as_of``."""


def opportunity_plan(w: Window) -> OpportunityPlan:
    """New opportunities and activities per new opportunity the window's target asks for;
    a figure that needs an unknown one (no target, too few closed deals, no deal or activity
    history) is None."""
    needed_money = pipeline_needed(w).value
    created = w.state["created"].to_numpy()
    amounts = w.state["amount"].to_numpy()[created > w.as_of - TRAILING_DAYS]
    mean_size = float(np.nanmean(amounts)) if np.isfinite(amounts).any() else None
    basis_start = w.as_of - PLAN_BASIS_DAYS
    opps_basis = int((created > basis_start).sum())
    done = done_activity_days(w)
    return OpportunityPlan(
        pipeline_needed=needed_money,
        mean_new_opp_size=mean_size,
        new_opps_needed=(
            needed_money / mean_size if needed_money is not None and mean_size else None
        ),
        activities_per_new_opp=(
            int((done > basis_start).sum()) / opps_basis if opps_basis else None
        ),
    )


def objectives_coherence(w: Window) -> Measure:
    """Can the activity plan produce what the objectives need? (0..1, 1 = coherent.)

    needed = max(the 'activities' means objective, new opportunities needed × activities per
    new opportunity) (see ``opportunity_plan``). planned = sales activities done in the window
    + open ones due from ``as_of`` to the window's end. Value = min(1, planned / needed);
    1 when nothing is needed; None when there is neither a target nor an activities
    objective to compare with. Details hold every term, and whether the 'new_opps' means
    objective reaches the new opportunities needed.
    """
    scope, label = w.scope, w.period.label
    objectives = w.frames.objectives
    activities_goal = objective_total(objectives, scope, label, "means", "activities")
    opps_goal = objective_total(objectives, scope, label, "means", "new_opps")
    plan = opportunity_plan(w)
    opps_needed, per_opp = plan.new_opps_needed, plan.activities_per_new_opp
    implied = opps_needed * per_opp if opps_needed is not None and per_opp is not None else None
    activities = w.frames.activities
    due = activities["due"].to_numpy()
    still_open = sales_activity_mask(w) & (activities["status"].to_numpy() == "open")
    planned = done_activities_in_window(w) + int(
        (still_open & (due >= w.as_of) & (due <= w.end)).sum()
    )
    candidates = [v for v in (activities_goal, implied) if v is not None]
    needed = max(candidates) if candidates else None
    details = {
        "planned": planned,
        "needed": needed,
        "activities_objective": activities_goal,
        "new_opps_needed": opps_needed,
        "activities_per_new_opp": per_opp,
        "new_opps_objective": opps_goal,
        "new_opps_objective_enough": None
        if opps_goal is None or opps_needed is None
        else opps_goal >= opps_needed,
    }
    if needed is None:
        return Measure(None, planned, details=details)
    value = 1.0 if needed <= 0 else min(1.0, planned / needed)
    return Measure(value, planned, details=details)
