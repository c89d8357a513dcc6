"""The store's tables as pandas frames, loaded once per change of the database.

Days are numbers (days since 1970-01-01, float with NaN for a missing date) so that every
duration is a vectorised subtraction. Stages are small integer codes (their rank in pipeline
order). ``core.store.frames_sql`` reads the columns; this module shapes them and adds what each
deal's history says.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from pilot_tui.core.store import Store
from pilot_tui.core.store.frames_sql import (
    ALL,
    Rows,
    change_token,
    read_activities,
    read_changes,
    read_close_changes,
    read_deals,
    read_field_changes,
    read_objectives,
    read_stages,
    read_users,
)

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01."""
    return (day - EPOCH).days


def from_day_number(number: float) -> date:
    return EPOCH + timedelta(days=int(number))


@dataclass(frozen=True)
class StageTable:
    """Stages in pipeline order; a stage's code is its index here."""

    frame: pd.DataFrame
    """key, label, position, kind, default_probability, rot_days (NaN when unset)."""

    @property
    def keys(self) -> list[str]:
        return [str(k) for k in self.frame["key"]]

    @property
    def kinds(self) -> np.ndarray:
        return self.frame["kind"].to_numpy(dtype=object)

    @property
    def is_open(self) -> np.ndarray:
        return np.asarray(self.kinds == "open", dtype=bool)

    @property
    def is_won(self) -> np.ndarray:
        return np.asarray(self.kinds == "won", dtype=bool)

    @property
    def is_lost(self) -> np.ndarray:
        return np.asarray(self.kinds == "lost", dtype=bool)

    @property
    def open_codes(self) -> list[int]:
        return [int(c) for c in np.flatnonzero(self.is_open)]

    @property
    def rank(self) -> np.ndarray:
        """Progress of each stage: open stages 0..m-1 in order, won m, lost -1."""
        rank = np.full(len(self.frame), -1, dtype=np.int64)
        rank[self.is_open] = np.arange(int(self.is_open.sum()))
        rank[self.is_won] = int(self.is_open.sum())
        return rank

    @property
    def default_probability(self) -> np.ndarray:
        return self.frame["default_probability"].to_numpy(dtype=float)

    @property
    def rot_days(self) -> np.ndarray:
        return self.frame["rot_days"].to_numpy(dtype=float)

    def code(self, key: str) -> int:
        return self.keys.index(key)


@dataclass(frozen=True)
class Frames:
    """Everything the metrics read, as of one state of the database."""

    stages: StageTable
    deals: pd.DataFrame
    """id, owner, segment, offer, forecast_category, account, lost_reason, amount (minor
    units, NaN when unknown), probability, stage (code), created (NaN when the source gave no
    creation day: time-based figures leave such deals out), recorded (the day the deal is
    known from: its creation day, else the stand-in day an import stored), expected_close,
    closed, next_step (bool), next_step_due, snoozed_until (only when a reason is given),
    entered (day the current stage was entered)."""
    changes: pd.DataFrame
    """id, deal_id, from_code (-1 for a deal's entry), to_code, day, stay (days spent in
    from_code, NaN when its entry is unknown); sorted by deal_id, day, id."""
    close_changes: pd.DataFrame
    """id, deal_id, old, new, day."""
    amount_changes: pd.DataFrame
    """id, deal_id, old, new (minor units, NaN when unknown), day."""
    owner_changes: pd.DataFrame
    """id, deal_id, old, new (logins), day."""
    activities: pd.DataFrame
    """id, deal_id (NaN when none), owner, kind ('call', 'email', 'meeting', 'task', 'action'),
    status ('open', 'done', 'dropped'), due, done, created and updated (days; NaN when not
    recorded)."""
    objectives: pd.DataFrame
    """owner, team, kind, metric, target, period."""
    users: pd.DataFrame
    """login, team, role, active, deactivated (see ``store.frames_sql.read_users``)."""
    currency: str = "EUR"
    token: tuple[int, ...] = ()
    """What the frames were loaded from (audit high-water mark and row counts)."""
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Values derived from these frames (see ``remembered``); a copy made by ``replace``
    starts empty."""

    def restrict(self, deal_ids: np.ndarray, owners: set[str] | None) -> "Frames":
        """The same frames limited to some deals (and activities of some owners or deals)."""
        keep_deal = self.deals["id"].isin(deal_ids)
        activities = self.activities
        if owners is not None:
            activities = activities[activities["owner"].isin(owners)]
        else:
            activities = activities[activities["deal_id"].isin(deal_ids)]
        return replace(
            self,
            deals=self.deals[keep_deal],
            changes=self.changes[self.changes["deal_id"].isin(deal_ids)],
            close_changes=self.close_changes[self.close_changes["deal_id"].isin(deal_ids)],
            amount_changes=self.amount_changes[self.amount_changes["deal_id"].isin(deal_ids)],
            owner_changes=self.owner_changes[self.owner_changes["deal_id"].isin(deal_ids)],
            activities=activities,
        )


_T = TypeVar("_T")
MEMO_SIZE = 4
"""Derived values kept per frames: the views as of the few days a screen asks for again and
again (this period, the previous one); each past day's view holds a copy of the history, so
a backtest's many days are not all kept."""


def remembered(frames: Frames, key: Any, make: Callable[[], _T]) -> _T:
    """``make()``, computed once per ``frames`` and ``key`` (the oldest dropped beyond
    ``MEMO_SIZE``). Two threads asking at once may both compute it: same value."""
    memo = frames.memo
    if key in memo:
        value: _T = memo[key]
        return value
    value = make()
    if len(memo) >= MEMO_SIZE:
        memo.pop(next(iter(memo)), None)
    memo[key] = value
    return value


def load_stages(store: Store) -> StageTable:
    return StageTable(read_stages(store))


def load_deals(store: Store, stages: StageTable, rows: Rows = ALL) -> pd.DataFrame:
    return categorised(read_deals(store, stages.keys, rows))


TEXT_COLUMNS = ("owner", "segment", "offer", "forecast_category")
"""Deal columns held as categories: filtering a frame copies small codes, not strings."""


def categorised(deals: pd.DataFrame) -> pd.DataFrame:
    return deals.astype({column: "category" for column in TEXT_COLUMNS})


def load_changes(store: Store, stages: StageTable, rows: Rows = ALL) -> pd.DataFrame:
    changes = read_changes(store, stages.keys, rows)
    # A change into a stage that no longer exists cannot be placed in the pipeline.
    return with_stays(changes[changes["to_code"].to_numpy() >= 0])


def with_stays(changes: pd.DataFrame) -> pd.DataFrame:
    """Sort changes by deal and time and add ``stay``: days spent in ``from_code``."""
    ordered = changes.sort_values(["deal_id", "day", "id"], kind="stable", ignore_index=True)
    deal = ordered["deal_id"].to_numpy()
    day = ordered["day"].to_numpy(dtype=float)
    stay = np.full(len(ordered), np.nan)
    if len(ordered) > 1:
        same = deal[1:] == deal[:-1]
        stay[1:] = np.where(same, day[1:] - day[:-1], np.nan)
    return ordered.assign(stay=stay)


def load_close_changes(store: Store, rows: Rows = ALL) -> pd.DataFrame:
    return read_close_changes(store, rows)


def load_field_changes(store: Store, rows: Rows = ALL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The amount changes and the owner changes (see ``Frames``)."""
    return read_field_changes(store, rows)


def load_activities(store: Store, rows: Rows = ALL) -> pd.DataFrame:
    return read_activities(store, rows)


def run_ends(changes: pd.DataFrame, mask: np.ndarray, *, last: bool) -> pd.DataFrame:
    """Per deal, its last (or first) change among the rows where ``mask`` holds.

    Relies on each deal's changes being contiguous and in time order (``with_stays`` sorts
    them; the cache's refresh appends a deal's whole history as one block)."""
    rows = np.flatnonzero(mask)
    deal = changes["deal_id"].to_numpy()[rows]
    if last:
        ends = np.r_[deal[1:] != deal[:-1], True] if rows.size else np.empty(0, dtype=bool)
    else:
        ends = np.r_[True, deal[1:] != deal[:-1]] if rows.size else np.empty(0, dtype=bool)
    return changes.iloc[rows[ends]]


def per_deal(values: pd.DataFrame, column: str, ids: np.ndarray) -> np.ndarray:
    """``values[column]`` (one row per deal) aligned on ``ids``, NaN where a deal has none."""
    series = pd.Series(values[column].to_numpy(dtype=float), index=values["deal_id"].to_numpy())
    return np.asarray(series.reindex(ids).to_numpy(dtype=float), dtype=float)


def reach_column(rank: int) -> str:
    """The deals column holding the day a deal first reached progress ``rank`` or beyond."""
    return f"reach_{rank}"


def with_deal_facts(deals: pd.DataFrame, changes: pd.DataFrame, stages: StageTable) -> pd.DataFrame:
    """Add what each deal's history says, whatever the window:

    - ``entered``: the day of its last stage change, else its creation day;
    - ``first_skip``: the day it first moved past an open stage without entering it (NaN if
      never);
    - ``reach_<r>`` for each progress rank r of the open stages and won: the day it first
      entered a stage of that rank or a later one (NaN if never) — the cumulative funnel.

    One pass of ``np.minimum.reduceat`` over each deal's contiguous run of changes.
    """
    ids = deals["id"].to_numpy()
    rank = stages.rank
    deal = changes["deal_id"].to_numpy()
    day = changes["day"].to_numpy(dtype=float)
    facts: dict[str, np.ndarray] = {}
    if len(changes):
        starts = np.flatnonzero(np.r_[True, deal[1:] != deal[:-1]])
        ends = np.r_[starts[1:] - 1, len(deal) - 1]
        to_rank = rank[changes["to_code"].to_numpy()]

        def first_day(mask: np.ndarray) -> np.ndarray:
            return np.asarray(np.minimum.reduceat(np.where(mask, day, np.inf), starts))

        facts["entered"] = day[ends]
        facts["first_skip"] = first_day(skip_mask(changes, rank))
        for progress in range(int(rank.max()) + 1):
            facts[reach_column(progress)] = first_day(to_rank >= progress)
        run_ids = deal[starts]
    else:
        run_ids = np.empty(0, dtype=np.int64)
        facts = {"entered": np.empty(0), "first_skip": np.empty(0)}
        facts |= {reach_column(r): np.empty(0) for r in range(int(rank.max(initial=-1)) + 1)}
    table = pd.DataFrame(facts, index=run_ids).replace(np.inf, np.nan).reindex(ids)
    entered = table["entered"].to_numpy(dtype=float)
    table["entered"] = np.where(np.isnan(entered), deals["created"].to_numpy(), entered)
    return deals.assign(**{name: table[name].to_numpy(dtype=float) for name in table.columns})


def skip_mask(changes: pd.DataFrame, rank: np.ndarray) -> np.ndarray:
    """Changes that move forward past an open stage (entering the pipeline is not a skip)."""
    if rank.size == 0 or len(changes) == 0:
        return np.zeros(len(changes), dtype=bool)
    from_code = changes["from_code"].to_numpy()
    from_rank = rank[np.maximum(from_code, 0)]
    to_rank = rank[changes["to_code"].to_numpy()]
    return np.asarray((from_code >= 0) & (from_rank >= 0) & (to_rank > from_rank + 1), dtype=bool)


def load_frames(store: Store) -> Frames:
    """Read every table the metrics need, in one read transaction."""
    with store.snapshot():
        stages = load_stages(store)
        changes = load_changes(store, stages)
        deals = with_deal_facts(load_deals(store, stages), changes, stages)
        amount_changes, owner_changes = load_field_changes(store)
        return Frames(
            stages=stages,
            deals=deals,
            changes=changes,
            close_changes=load_close_changes(store),
            amount_changes=amount_changes,
            owner_changes=owner_changes,
            activities=load_activities(store),
            objectives=load_objectives(store),
            users=load_users(store),
            currency=store.currency(),
            token=change_token(store),
        )


def load_objectives(store: Store) -> pd.DataFrame:
    return read_objectives(store)


def load_users(store: Store) -> pd.DataFrame:
    return read_users(store)
