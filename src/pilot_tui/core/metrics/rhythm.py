"""Rhythm: weekly counts of new opportunities and completed activities over 8 weeks."""

from datetime import timedelta

import numpy as np

from pilot_tui.core.metrics.frames import day_number, from_day_number
from pilot_tui.core.metrics.stats import coefficient_of_variation
from pilot_tui.core.metrics.window import Measure, Window
from pilot_tui.core.periods import PeriodKind, period_containing

RHYTHM_WEEKS = 8
STABLE_CV = 0.3


def rhythm_weeks(w: Window) -> list[tuple[str, int]]:
    """The 8 complete ISO weeks ending on or before the window's last day seen (its end, or
    ``as_of`` if earlier): (label, first day number) oldest first."""
    last = from_day_number(min(w.end, w.as_of))
    week = period_containing(last, PeriodKind.WEEK)
    if last != week.end:
        week = week.previous()
    weeks = []
    for back in range(RHYTHM_WEEKS - 1, -1, -1):
        start = week.start - timedelta(weeks=back)
        weeks.append((period_containing(start, PeriodKind.WEEK).label, day_number(start)))
    return weeks


def weekly_rhythm(w: Window, days: np.ndarray) -> Measure:
    """Mean count per week of events on ``days`` over the rhythm weeks, with the weekly
    counts, their coefficient of variation and ``stable`` (CV < 0.3) in details."""
    weeks = rhythm_weeks(w)
    edges = np.array([start for _label, start in weeks] + [weeks[-1][1] + 7], dtype=float)
    counts, _edges = np.histogram(days[~np.isnan(days)], bins=edges)
    # np.histogram closes its last bin on the right; weeks are half-open [monday, next monday).
    counts[-1] -= int((days == edges[-1]).sum())
    cv = coefficient_of_variation(counts)
    return Measure(
        float(counts.mean()),
        int(counts.sum()),
        details={
            "weeks": [
                {"week": label, "count": int(c)}
                for (label, _s), c in zip(weeks, counts, strict=True)
            ],
            "cv": cv,
            "stable": None if cv is None else cv < STABLE_CV,
        },
    )


def new_opps_per_week(w: Window) -> Measure:
    """New opportunities (deals created) per week over the 8 rhythm weeks."""
    return weekly_rhythm(w, w.state["created"].to_numpy(dtype=float))


SALES_ACTIVITY_KINDS = ("call", "email", "meeting", "task")
"""Activities that count as selling effort. Ritual actions (kind 'action') are the meetings'
follow-ups: the call a rep logs for one is counted once, as the call."""


def sales_activity_mask(w: Window) -> np.ndarray:
    return np.asarray(w.frames.activities["kind"].isin(SALES_ACTIVITY_KINDS), dtype=bool)


def done_activity_days(w: Window) -> np.ndarray:
    """Days on which sales activities were done, up to ``as_of`` (ritual actions left out)."""
    activities = w.frames.activities
    done = activities["done"].to_numpy(dtype=float)
    status = activities["status"].to_numpy()
    return np.asarray(done[sales_activity_mask(w) & (status == "done") & (done <= w.as_of)])


def done_activities_in_window(w: Window) -> int:
    """Sales activities done from the window's start to its end (or ``as_of`` if earlier)."""
    done = done_activity_days(w)
    return int(((done >= w.start) & (done <= w.end)).sum())


def activities_per_week(w: Window) -> Measure:
    """Completed sales activities per week over the 8 rhythm weeks."""
    return weekly_rhythm(w, done_activity_days(w))
