"""What one KPI computation looks at: the scoped frames, the window and the day's state."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.frames import Frames
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import Period

TRAILING_DAYS = 365
"""History used for win probabilities, cycle and deal size in forward-looking figures."""


def same_elapsed_point(period: Period, day: date, earlier: Period) -> date:
    """The day of ``earlier`` as far into it as ``day`` is into ``period``, in calendar days
    (Nov 18 → Oct 18; a week's Wednesday → the previous Wednesday), clipped to ``earlier``'s
    last day (Mar 30 → Feb 28). A ``day`` on or after ``period``'s last day maps to
    ``earlier``'s last day, so a month ending on the 30th still meets the 31st before it."""
    if day >= period.end:
        return earlier.end
    return min(earlier.start + timedelta(days=(day - period.start).days), earlier.end)


@dataclass
class Measure:
    """A KPI's computed figure before it meets the catalog and the previous period."""

    value: float | None
    n: int | None = None
    successes: int | None = None
    too_few: bool = False
    details: dict[str, Any] = field(default_factory=dict)


def unknown_amounts(deals: pd.DataFrame) -> int:
    """How many of ``deals`` have no known amount: sums of amounts leave them out and say so
    (``details['amount_unknown']``)."""
    return int(np.isnan(deals["amount"].to_numpy(dtype=float)).sum())


@dataclass
class Window:
    """A period seen from the day ``as_of`` (both as day numbers), over the scoped frames as
    they stood that day (``state.known_on``): nothing recorded later is in them.

    ``current`` is true when nothing was recorded after ``as_of``: fields without history
    (next steps, snoozes) are then as they stood too. ``target`` is the won-value target in
    minor units, or None.
    """

    frames: Frames
    scope: Scope
    period: Period
    start: int
    end: int
    as_of: int
    current: bool
    target: float | None = None

    @property
    def state(self) -> pd.DataFrame:
        """Deals as of ``as_of``."""
        return self.frames.deals

    @cached_property
    def open_deals(self) -> pd.DataFrame:
        state = self.state
        open_mask = np.asarray(self.frames.stages.is_open[state["stage"].to_numpy()], dtype=bool)
        return state[open_mask]

    @property
    def known_changes(self) -> pd.DataFrame:
        """Stage changes that had happened by ``as_of``."""
        return self.frames.changes

    @cached_property
    def window_changes(self) -> pd.DataFrame:
        """Stage changes in the window, up to ``as_of``."""
        changes = self.frames.changes
        day = changes["day"].to_numpy()
        return changes[(day >= self.start) & (day <= min(self.end, self.as_of))]

    def closed_between(self, start: float, end: float) -> pd.DataFrame:
        """Deals won or lost (as of ``as_of``) with a closing day in ``[start, end]``."""
        state = self.state
        closed = state["closed"].to_numpy()
        return state[(closed >= start) & (closed <= end)]

    @cached_property
    def closed_in_window(self) -> pd.DataFrame:
        return self.closed_between(self.start, self.end)

    @cached_property
    def closed_trailing(self) -> pd.DataFrame:
        """Deals closed in the 365 days up to ``as_of``."""
        return self.closed_between(self.as_of - TRAILING_DAYS + 1, self.as_of)

    @cached_property
    def created_in_window(self) -> pd.DataFrame:
        """Deals created in the window, by ``as_of``: the period's new opportunities."""
        state = self.state
        created = state["created"].to_numpy()
        return state[(created >= self.start) & (created <= self.end)]

    def won_mask(self, deals: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.frames.stages.is_won[deals["stage"].to_numpy()], dtype=bool)

    def lost_mask(self, deals: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.frames.stages.is_lost[deals["stage"].to_numpy()], dtype=bool)

    @cached_property
    def won_in_window(self) -> float:
        """Won value in the window so far, in minor units."""
        closed = self.closed_in_window
        return float(np.nansum(closed["amount"].to_numpy()[self.won_mask(closed)]))

    @cached_property
    def due_open(self) -> pd.DataFrame:
        """Open deals expected to close in the period (expected close within it). Deals whose
        date passed before the period are left out: they are a hygiene problem (past expected
        close) that lowers the data quality score, not pipeline to count on."""
        deals = self.open_deals
        expected = deals["expected_close"].to_numpy()
        return deals[(expected >= self.start) & (expected <= self.end)]

    @cached_property
    def due_open_value(self) -> float:
        """Σ amount of ``due_open``, in minor units (deals without an amount count 0)."""
        return float(np.nansum(self.due_open["amount"].to_numpy()))
