"""Figures of one scope over one calendar period, read from the snapshot's own windows.

Objectives (progress), the SMART check and the derivation use these, so they cannot disagree
with the dashboard. Money is in minor units.
"""

from datetime import date

from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.rhythm import done_activities_in_window
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import Period, date_range
from pilot_tui.core.store import Store

PERIOD_FIGURES = ("won_value", "new_opps", "activities")
"""Figures that add up over a period (the metrics of outcome and means objectives)."""
BEST_OF_PERIODS = 12
"""'Achievable' compares with the best of this many previous periods of the same kind."""


def period_window(store: Store, scope: Scope, period: Period, today: date) -> Window:
    """``period`` for ``scope`` seen on ``today`` (a past period on its last day)."""
    return make_window(frames_for(store), scope, period, today)


def today_window(store: Store, scope: Scope, today: date) -> Window:
    """The day ``today`` alone: its open deals and next steps are today's."""
    return period_window(store, scope, date_range(today, today), today)


def period_figure(w: Window, metric: str) -> float:
    """From the window's start to its end (or ``as_of`` if earlier): ``won_value`` = won
    value (minor units), ``new_opps`` = deals created, ``activities`` = sales activities done
    (ritual actions left out). ``KeyError`` for another metric."""
    if metric == "won_value":
        return w.won_in_window
    if metric == "new_opps":
        return float(len(w.created_in_window))
    if metric == "activities":
        return float(done_activities_in_window(w))
    raise KeyError(metric)


def best_past_period(
    store: Store, scope: Scope, metric: str, period: Period, today: date
) -> tuple[float, str]:
    """The highest ``period_figure`` over the ``BEST_OF_PERIODS`` complete periods of
    ``period``'s kind before the one in progress on ``today`` (or before ``period``, if it is
    already over), and that period's label; the earliest wins a tie. (0.0, label of the
    earliest) when nothing happened."""
    frames = frames_for(store)
    past = period
    while past.end >= today:
        past = past.previous()
    best, label = 0.0, ""
    for _step in range(BEST_OF_PERIODS):
        value = period_figure(make_window(frames, scope, past, today), metric)
        if value >= best:
            best, label = value, past.label
        past = past.previous()
    return best, label
