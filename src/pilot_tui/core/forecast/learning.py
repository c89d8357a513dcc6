"""What the team's history says an open deal brings before the period ends.

From past periods seen at the same elapsed point (``Sample``), the share of the deals then open
that were won by that period's end, per group of what was known of them: stage, expected close
(in the period, later or unknown, already passed), aged in stage, pushed. A thin group is
shrunk toward its stage's rate and a stage toward the scope's:
``p = (wins + SHRINK × p_parent) / (deals + SHRINK)`` (empirical Bayes with a prior worth
``SHRINK`` deals).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pilot_tui.core.forecast.samples import Sample

SHRINK = 10.0
"""The parent rate weighs as much as this many deals of the group's own history."""
LEARNING_PERIODS = 12
"""Past periods the forecast learns from..."""
HALF_LIFE = 3.0
"""...each weighing half as much as the period ``HALF_LIFE`` periods more recent: a team
changes, and last quarter says more about this month than last year does."""
RECENCY = 0.5
_DUE_KINDS = 3


def group_key(
    stage: np.ndarray, due: np.ndarray, aged: np.ndarray, pushed: np.ndarray
) -> np.ndarray:
    """One integer per combination of the learnt features."""
    keys: np.ndarray = ((stage * _DUE_KINDS + due) * 2 + aged.astype(np.int64)) * 2 + pushed.astype(
        np.int64
    )
    return keys


@dataclass(frozen=True)
class TimingTable:
    """Learnt p(won before the period ends | features), and what deals not created yet bring
    (means over the learning periods). ``periods`` = 0: nothing learnt."""

    stage_rate: np.ndarray
    """Per stage code, shrunk toward ``scope_rate``."""
    group_rate: np.ndarray
    """Per ``group_key``, shrunk toward its stage's rate."""
    group_n: np.ndarray
    """Deals behind each group (weighted by value, see ``learn``)."""
    scope_rate: float
    new_business: float
    """Value created after the elapsed point and won by the end, per period."""
    new_rate: float
    """The share of the value created after the elapsed point that was won by the end."""
    periods: int
    deals: int

    def probability(self, sample: Sample) -> np.ndarray:
        """p(won before the end) of each deal open in ``sample``."""
        if not self.periods:
            return np.zeros(len(sample.stage))
        rates: np.ndarray = self.group_rate[
            group_key(sample.stage, sample.due, sample.aged, sample.pushed)
        ]
        return rates


def shrunk(wins: np.ndarray, deals: np.ndarray, parent: np.ndarray | float) -> np.ndarray:
    """(wins + SHRINK × parent) / (deals + SHRINK), elementwise."""
    rates: np.ndarray = (wins + SHRINK * parent) / (deals + SHRINK)
    return rates


def learn(samples: Sequence[Sample], stage_count: int) -> TimingTable:
    """The timing table from ``samples`` (past periods, most recent first, all ended before
    the day it serves).

    Each deal weighs its amount over the mean amount (a deal of average size counts 1), so the
    rates are shares of value: big deals, slower to close, do not borrow small deals' speed.
    """
    groups = stage_count * _DUE_KINDS * 4
    created = sum(s.new_created for s in samples)
    new_rate = sum(s.new_won for s in samples) / created if created else 0.0
    stage = np.concatenate([s.stage for s in samples]) if samples else np.zeros(0, np.int64)
    if not stage.size:
        return TimingTable(
            np.zeros(stage_count), np.zeros(groups), np.zeros(groups), 0.0, 0.0, 0.0, 0, 0
        )
    amount = np.concatenate([s.amount for s in samples])
    mean = float(amount.mean())
    recency = np.array([RECENCY ** (k / HALF_LIFE) for k in range(len(samples))])
    weight = (amount / mean if mean > 0 else np.ones(amount.size)) * np.repeat(
        recency, [len(s.stage) for s in samples]
    )
    won = np.concatenate([s.won_by_end for s in samples]) * weight
    key = group_key(
        stage,
        np.concatenate([s.due for s in samples]),
        np.concatenate([s.aged for s in samples]),
        np.concatenate([s.pushed for s in samples]),
    )
    scope_rate = float(won.sum() / weight.sum())
    stage_rate = shrunk(
        np.bincount(stage, weights=won, minlength=stage_count),
        np.bincount(stage, weights=weight, minlength=stage_count),
        scope_rate,
    )
    group_n = np.bincount(key, weights=weight, minlength=groups)
    parent = np.repeat(stage_rate, _DUE_KINDS * 4)
    group_rate = shrunk(np.bincount(key, weights=won, minlength=groups), group_n, parent)
    return TimingTable(
        stage_rate=stage_rate,
        group_rate=group_rate,
        group_n=group_n,
        scope_rate=scope_rate,
        new_business=float(np.average([s.new_won for s in samples], weights=recency)),
        new_rate=new_rate,
        periods=len(samples),
        deals=int(stage.size),
    )
