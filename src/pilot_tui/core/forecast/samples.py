"""A period seen at one elapsed point: what was open then, described as the forecast learns
it, and what the period went on to bring.

One ``Sample`` per (scope, period, day) holds plain arrays, so the learning over twelve past
periods and the backtest over six are sums over arrays, and both reuse the same samples. They
are remembered with the loaded frames (a write gives new frames).
"""

import threading
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from pilot_tui.core.context import Calendar
from pilot_tui.core.metrics.frames import Frames, day_number, from_day_number, remembered
from pilot_tui.core.metrics.pipeline import crm_probability
from pilot_tui.core.metrics.state import Scope, known_on, scoped
from pilot_tui.core.metrics.window import TRAILING_DAYS, Window
from pilot_tui.core.periods import Period

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


def win_days(frames: Frames) -> pd.DataFrame:
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


_UNREAD = (
    "first_skip",
    "account",
    "lost_reason",
    "next_step",
    "next_step_due",
    "snoozed_until",
)


@dataclass(frozen=True)
class History:
    """A scope's frames prepared for replays: changes grouped by deal, every win dated."""

    frames: Frames
    wins: pd.DataFrame
    """``win_days``."""
    change_deals: np.ndarray
    """The changes' deal ids, sorted (the changes are in this order)."""

    @classmethod
    def of(cls, frames: Frames) -> "History":
        deal = frames.changes["deal_id"].to_numpy()
        changes = frames.changes
        if deal.size and bool((deal[1:] < deal[:-1]).any()):
            # Each deal's changes are one block in time order: a stable sort keeps that.
            changes = changes.iloc[np.argsort(deal, kind="stable")]
        # Columns no replay reads (the funnel's per-stage days, next steps...): not copied by
        # every filter of every replay.
        unread = [c for c in frames.deals.columns if c.startswith("reach_") or c in _UNREAD]
        deals = frames.deals.drop(columns=unread)
        return cls(
            replace(frames, deals=deals, changes=changes),
            win_days(frames),
            changes["deal_id"].to_numpy(),
        )

    def around(self, period: Period) -> Frames:
        """The frames limited to the deals that can matter to ``period``: recorded by its
        end and not closed before it began (a replay then reads a tenth of the history)."""
        deals = self.frames.deals
        closed = deals["closed"].to_numpy(dtype=float)
        keep = (deals["recorded"].to_numpy(dtype=float) <= day_number(period.end)) & ~(
            closed < day_number(period.start)
        )
        ids = np.sort(deals["id"].to_numpy()[keep])
        starts = np.searchsorted(self.change_deals, ids, side="left")
        counts = np.searchsorted(self.change_deals, ids, side="right") - starts
        rows = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return replace(
            self.frames,
            deals=deals[keep],
            changes=self.frames.changes.iloc[rows],
            close_changes=self._of(self.frames.close_changes, ids),
            amount_changes=self._of(self.frames.amount_changes, ids),
            owner_changes=self._of(self.frames.owner_changes, ids),
            activities=self.frames.activities.iloc[0:0],  # a replay reads no activity
        )

    @staticmethod
    def _of(history: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
        return history[history["deal_id"].isin(ids).to_numpy()]

    def typical_won_size(self, day: int, deals: pd.DataFrame) -> np.ndarray:
        """Per deal, the median amount of the deals won in the 365 days up to ``day`` in its
        offer, else its segment (each needs ``MIN_TYPICAL`` wins), else the scope's; 0
        without any win."""
        days = self.wins["day"].to_numpy()
        recent = self.wins["deal_id"].to_numpy()[(days > day - TRAILING_DAYS) & (days <= day)]
        pool = self.frames.deals
        won = pool[pool["id"].isin(recent).to_numpy() & pool["amount"].notna().to_numpy()]
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


def sample_of(w: Window, history: History, elapsed: float) -> Sample:
    """The sample of ``w``'s period on ``w.as_of`` (``w`` over ``history``'s deals)."""
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
        amount = np.where(unknown, history.typical_won_size(day, deals), amount)
    in_period = (expected >= w.start) & (expected <= w.end)
    crm = np.where(in_period & ~unknown, amount * crm_probability(w, deals), 0.0)
    wins = history.wins
    later = wins[(wins["day"].to_numpy() > day) & (wins["day"].to_numpy() <= w.end)]
    won_by_end = np.isin(ids, later["deal_id"].to_numpy())
    all_deals = history.frames.deals  # w's frames hold only what was recorded by its day
    created = all_deals["created"].to_numpy()
    new = all_deals[(created > day) & (created <= w.end)]
    new_amount = np.nan_to_num(new["amount"].to_numpy(dtype=float))
    new_won = float(new_amount[np.isin(new["id"].to_numpy(), later["deal_id"].to_numpy())].sum())
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
        new_created=float(new_amount.sum()),
        actual=won + float(raw[won_by_end].sum()) + new_won,
    )


def _replays(frames: Frames) -> dict[Any, Any]:
    """The histories and samples computed for ``frames``: they live as long as the frames
    (a write gives new frames)."""
    return remembered(frames, "forecast replays", dict)


_lock = threading.Lock()


def history(frames: Frames, scope: Scope) -> History:
    """``scope``'s history in ``frames``, prepared once."""
    with _lock:
        memo = _replays(frames)
        key = ("history", scope.label)
        if key not in memo:
            memo[key] = History.of(scoped(frames, scope))
        found: History = memo[key]
        return found


def past_sample(
    frames: Frames, scope: Scope, period: Period, day: date, calendar: Calendar
) -> Sample:
    """The sample of ``period`` seen on the past ``day``, from what was recorded by then."""
    seen = history(frames, scope)
    with _lock:
        memo = _replays(frames)
        key = ("sample", scope.label, period.label, day, calendar.holidays)
        if key not in memo:
            number = day_number(day)
            w = Window(
                frames=known_on(seen.around(period), number),
                scope=scope,
                period=period,
                start=day_number(period.start),
                end=day_number(period.end),
                as_of=number,
                current=False,
            )
            memo[key] = sample_of(w, seen, calendar.pace(period, day))
        found: Sample = memo[key]
        return found


def current_sample(frames: Frames, w: Window, calendar: Calendar) -> Sample:
    """The sample of ``w`` (a window of ``frames``) as it stands on its ``as_of``."""
    return sample_of(w, history(frames, w.scope), calendar.pace(w.period, as_of_date(w)))
