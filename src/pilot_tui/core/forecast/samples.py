"""A period seen at one elapsed point: what was open then, described as the forecast learns
it, and what the period went on to bring (DESIGN §5).

One ``Sample`` per (scope, period, day) holds plain arrays, so the learning over twelve past
periods and the backtest over six are sums over arrays, and both reuse the same samples. They
are cached per loaded frames (the cache's token changes with every write).
"""

import threading
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.frames import Frames, from_day_number
from pilot_tui.core.metrics.pipeline import crm_probability
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope, scoped
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import Period, pace

AGED_DAYS = 30
"""A deal in its stage for longer than this is 'aged' (one of the learnt features)."""
DUE_IN, DUE_LATER, DUE_PAST = 0, 1, 2
"""Expected close within the rest of the period; after it or unknown; already passed."""
MIN_TYPICAL = 3
"""Won deals an offer or a segment needs before its own median values unknown amounts."""


@dataclass(frozen=True)
class Sample:
    """One period seen on ``day``. Arrays run over the deals open that day. Money in minor
    units; ``actual`` and ``won_by_end`` are only meaningful once the period has ended."""

    label: str
    day: date
    won: float
    """Won in the period by ``day``."""
    elapsed: float
    """Share of the period's working days elapsed by ``day`` (0..1)."""
    stage: np.ndarray
    due: np.ndarray
    """``DUE_IN``, ``DUE_LATER`` or ``DUE_PAST``."""
    aged: np.ndarray
    pushed: np.ndarray
    """The expected close had been moved later at least once."""
    amount: np.ndarray
    """The deal's amount, an unknown one valued at the typical won size (see ``unknown``)."""
    unknown: np.ndarray
    crm: np.ndarray
    """amount × the CRM probability for deals expected to close in the period, else 0."""
    won_by_end: np.ndarray
    new_won: float
    """Value of deals created after ``day`` and won by the period's end..."""
    new_created: float
    """...of all those created after ``day`` in the period."""
    actual: float
    """Won in the whole period (``won`` + open deals won by the end + ``new_won``)."""

    @property
    def unknown_amounts(self) -> int:
        return int(self.unknown.sum())


def as_of_date(w: Window) -> date:
    return from_day_number(w.as_of)


def replay_day(period: Period, today: date, past: Period) -> date:
    """The day of ``past`` at the same elapsed share of its calendar days as ``today`` is of
    ``period`` (the 18th of a 30-day month → the 18th of a 31-day one)."""
    share = (min(today, period.end) - period.start).days / period.days
    return past.start + timedelta(days=int(share * past.days))


def first_wins(frames: Frames) -> pd.DataFrame:
    """Every move into a won stage (deal_id, day), plus the closing day of won deals that
    have no such move recorded."""
    changes = frames.changes
    won_codes = frames.stages.is_won
    moves = changes.loc[won_codes[changes["to_code"].to_numpy()], ["deal_id", "day"]]
    deals = frames.deals
    won_now = won_codes[deals["stage"].to_numpy()] & ~deals["id"].isin(moves["deal_id"]).to_numpy()
    recorded = pd.DataFrame(
        {"deal_id": deals["id"].to_numpy()[won_now], "day": deals["closed"].to_numpy()[won_now]}
    )
    wins: pd.DataFrame = pd.concat([moves, recorded], ignore_index=True)
    return wins


def typical_won_size(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Per deal, the median won amount over the 365 days up to ``as_of`` of its offer, else
    its segment (each needs ``MIN_TYPICAL`` wins), else the scope's; 0 with no win at all."""
    closed = w.closed_trailing
    won = closed[w.won_mask(closed) & closed["amount"].notna().to_numpy()]
    amounts = won["amount"].to_numpy(dtype=float)
    typical = np.full(len(deals), float(np.median(amounts)) if amounts.size else 0.0)
    for column in ("segment", "offer"):  # the offer, more specific, applied last
        stats = won.groupby(won[column].astype(object), observed=True)["amount"].agg(
            ["median", "size"]
        )
        medians: pd.Series = stats.loc[stats["size"] >= MIN_TYPICAL, "median"]
        mapped = deals[column].astype(object).map(medians).to_numpy(dtype=float)
        typical = np.where(np.isnan(mapped), typical, mapped)
    return typical


def sample_of(w: Window, wins: pd.DataFrame, elapsed: float) -> Sample:
    """The sample of ``w``'s period on ``w.as_of``; ``wins`` from ``first_wins``."""
    deals = w.open_deals
    day = w.as_of
    ids = deals["id"].to_numpy()
    expected = deals["expected_close"].to_numpy(dtype=float)
    due = np.where(expected < day, DUE_PAST, np.where(expected <= w.end, DUE_IN, DUE_LATER)).astype(
        np.int64
    )
    moves = w.frames.close_changes
    moves = moves[(moves["day"].to_numpy() <= day) & (moves["new"] > moves["old"]).to_numpy()]
    amount = deals["amount"].to_numpy(dtype=float)
    unknown = np.isnan(amount)
    if unknown.any():
        amount = np.where(unknown, typical_won_size(w, deals), amount)
    in_period = (expected >= w.start) & (expected <= w.end)
    crm = np.where(in_period, amount * crm_probability(w, deals), 0.0)
    crm = np.where(unknown, 0.0, crm)  # a CRM counts an unknown amount as nothing
    later = wins[(wins["day"].to_numpy() > day) & (wins["day"].to_numpy() <= w.end)]
    won_by_end = np.isin(ids, later["deal_id"].to_numpy())
    all_deals = w.frames.deals
    created = all_deals["created"].to_numpy()
    new_ids = all_deals["id"].to_numpy()[(created > day) & (created <= w.end)]
    new_amounts = all_deals.set_index("id")["amount"]
    new_won_ids = np.intersect1d(new_ids, later["deal_id"].to_numpy())
    new_won = float(np.nansum(new_amounts.reindex(new_won_ids).to_numpy(dtype=float)))
    new_created = float(np.nansum(new_amounts.reindex(new_ids).to_numpy(dtype=float)))
    raw = np.nan_to_num(deals["amount"].to_numpy(dtype=float))
    won = w.won_in_window
    return Sample(
        label=w.period.label,
        day=as_of_date(w),
        won=won,
        elapsed=elapsed,
        stage=deals["stage"].to_numpy(dtype=np.int64),
        due=due,
        aged=(day - deals["entered"].to_numpy(dtype=float)) > AGED_DAYS,
        pushed=np.isin(ids, moves["deal_id"].to_numpy()),
        amount=amount,
        unknown=unknown,
        crm=crm,
        won_by_end=won_by_end,
        new_won=new_won,
        new_created=new_created,
        actual=won + float(raw[won_by_end].sum()) + new_won,
    )


class _Samples:
    """Samples of the frames last used, per scope, period, day and holidays; cleared when
    the frames change (every write gives new frames)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frames: Frames | None = None
        self._scoped: dict[str, tuple[Frames, pd.DataFrame]] = {}
        self._samples: dict[tuple[str, str, date, frozenset[date]], Sample] = {}

    def _scope(self, frames: Frames, scope: Scope) -> tuple[Frames, pd.DataFrame]:
        """The scoped frames and their wins (``first_wins``); call with the lock held."""
        if self._frames is not frames:
            self._frames = frames
            self._scoped.clear()
            self._samples.clear()
        if scope.label not in self._scoped:
            within = scoped(frames, scope)
            self._scoped[scope.label] = (within, first_wins(within))
        return self._scoped[scope.label]

    def past(
        self, frames: Frames, scope: Scope, period: Period, day: date, holidays: frozenset[date]
    ) -> Sample:
        """The sample of ``period`` seen on the past ``day``, replayed from history."""
        with self._lock:
            within, wins = self._scope(frames, scope)
            key = (scope.label, period.label, day, holidays)
            cached = self._samples.get(key)
            if cached is None:
                w = make_window(frames, scope, period, day, within=within)
                w.current = False  # rebuild the state from history: the deals table is today's
                cached = self._samples[key] = sample_of(w, wins, pace(period, day, holidays))
            return cached

    def current(self, frames: Frames, w: Window, holidays: frozenset[date]) -> Sample:
        """The sample of ``w`` (a window of ``frames``) as it stands on its ``as_of``."""
        with self._lock:
            _within, wins = self._scope(frames, w.scope)
        return sample_of(w, wins, pace(w.period, min(w.period.end, as_of_date(w)), holidays))


SAMPLES = _Samples()
