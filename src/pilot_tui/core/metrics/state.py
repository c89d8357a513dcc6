"""Scopes, and the frames as they stood on a given day: every figure as of a day reads only
what had been recorded by then (past periods, ``--today``, the backtest)."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.frames import Frames, categorised, per_deal, remembered, run_ends
from pilot_tui.core.store.scopes import scope_value_exists
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.core.store import Store

SCOPE_KINDS = ("team", "rep", "segment", "offer")

_UNKNOWN = {
    "team": _("There is no team '{value}' in this database."),
    "rep": _("There is no rep '{value}' in this database (see 'pilot users list')."),
    "segment": _("There is no segment '{value}' in this database."),
    "offer": _("There is no offer '{value}' in this database."),
}


@dataclass(frozen=True)
class Scope:
    """Whose numbers: the team (optionally a named team), one rep, a segment or an offer."""

    kind: str = "team"
    value: str | None = None

    @property
    def label(self) -> str:
        return self.kind if self.value is None else f"{self.kind}:{self.value}"

    def __str__(self) -> str:
        return self.label


def parse_scope(text: str | None) -> Scope:
    """Parse 'team', 'team:NAME', 'rep:LOGIN', 'segment:KEY' or 'offer:KEY'."""
    value = (text or "team").strip()
    kind, _sep, rest = value.partition(":")
    if kind not in SCOPE_KINDS or (kind != "team" and not rest.strip()):
        raise ValidationError(
            _("'{text}' is not a scope; use team, rep:LOGIN, segment:KEY or offer:KEY.").format(
                text=text
            )
        )
    return Scope(kind, rest.strip() or None)


def known_scope(store: "Store", scope: Scope) -> Scope:
    """``scope`` when the database knows the team, rep, segment or offer it names; else
    ``ValidationError`` with one sentence (a typo must not read as an empty, on-target scope)."""
    if scope.value is None:
        return scope
    if scope_value_exists(store, scope.kind, scope.value):
        return scope
    raise ValidationError(_UNKNOWN[scope.kind].format(value=scope.value))


def scoped(frames: Frames, scope: Scope) -> Frames:
    """The frames limited to ``scope``: its deals, their history, and the activities of its
    reps (team, rep) or of its deals (segment, offer)."""
    if scope.kind == "team" and scope.value is None:
        return frames
    deals = frames.deals
    owners: set[str] | None = None
    if scope.kind == "team":
        users = frames.users
        owners = set(users.loc[users["team"] == scope.value, "login"])
        mask = deals["owner"].isin(owners)
    elif scope.kind == "rep":
        owners = {str(scope.value)}
        mask = deals["owner"] == scope.value
    else:
        mask = deals[scope.kind] == scope.value
    return frames.restrict(deals.loc[mask, "id"].to_numpy(), owners)


def last_recorded(frames: Frames) -> float:
    """The latest day anything was recorded in ``frames`` (a creation, a close, a stage,
    close-date or field change, an activity created, done or edited); -inf when empty. As of
    this day or later, the frames are the state itself."""

    def latest() -> float:
        days = [
            frames.deals["recorded"],
            frames.deals["closed"],
            frames.changes["day"],
            frames.close_changes["day"],
            frames.amount_changes["day"],
            frames.owner_changes["day"],
            frames.activities["created"],
            frames.activities["done"],
            frames.activities["updated"],
        ]
        return max(
            (float(np.nanmax(d.to_numpy(dtype=float), initial=-np.inf)) for d in days),
            default=-np.inf,
        )

    return remembered(frames, "last_recorded", latest)


def known_on(frames: Frames, day: int) -> Frames:
    """The frames as they stood at the end of ``day``: only what had been recorded by then.

    ``frames`` themselves when nothing was recorded after ``day`` (no copy). Otherwise:
    deals created by then, with the stage, entry day, closing day, expected close, amount
    and owner they had (from ``stage_changes``, ``close_date_changes`` and
    ``field_changes``); the funnel and skip days of later changes unknown; the history rows
    up to that day; activities created by then, open if they were done or dropped later.
    Fields without history (next step, snooze, probability, forecast category) keep their
    present values.
    """
    if day >= last_recorded(frames):
        return frames
    return remembered(frames, ("known_on", day), lambda: _known_on(frames, day))


def _known_on(frames: Frames, day: int) -> Frames:
    changes = frames.changes
    known = changes["day"].to_numpy() <= day
    return replace(
        frames,
        deals=_deals_on(frames, day, known),
        changes=changes[known],
        close_changes=_until(frames.close_changes, day),
        amount_changes=_until(frames.amount_changes, day),
        owner_changes=_until(frames.owner_changes, day),
        activities=_activities_on(frames.activities, day),
    )


def _until(history: pd.DataFrame, day: int) -> pd.DataFrame:
    return history[history["day"].to_numpy() <= day]


def _deals_on(frames: Frames, day: int, known: np.ndarray) -> pd.DataFrame:
    """The deals that existed at the end of ``day``, as they stood (see ``known_on``)."""
    deals = frames.deals
    deals = deals[deals["recorded"].to_numpy() <= day]
    changes = frames.changes
    last = run_ends(changes, known, last=True)
    ids = deals["id"].to_numpy()
    to_code = per_deal(last, "to_code", ids)
    changed_day = per_deal(last, "day", ids)
    before_later = per_deal(run_ends(changes, ~known, last=False), "from_code", ids)
    current_stage = deals["stage"].to_numpy(dtype=float)
    # No change known by then: the stage left by the next change, else today's stage.
    fallback = np.where(np.isnan(before_later) | (before_later < 0), current_stage, before_later)
    stage = np.where(np.isnan(to_code), fallback, to_code).astype(np.int64)
    closed_kind = ~frames.stages.is_open[stage]
    entered = np.where(np.isnan(changed_day), deals["created"].to_numpy(), changed_day)
    closed_now = deals["closed"].to_numpy(dtype=float)
    closed = np.where(closed_kind, np.where(np.isnan(changed_day), closed_now, changed_day), np.nan)
    # A deal closed with no change known by then closes on its closed_on, if that has come.
    closed = np.where(closed_kind & ~(closed <= day), np.nan, closed)
    # Not closed yet then: the stage left by the next change, else (no history at all) the
    # first open stage.
    reopened = closed_kind & np.isnan(closed)
    known_next = ~np.isnan(before_later) & (before_later >= 0)
    first_open = frames.stages.open_codes[0] if frames.stages.open_codes else 0
    stage = np.where(reopened, np.where(known_next, before_later, first_open), stage).astype(
        np.int64
    )
    columns: dict[str, np.ndarray] = {
        "stage": stage,
        "entered": entered,
        "closed": closed,
        "expected_close": _value_on(
            frames.close_changes, day, ids, deals["expected_close"].to_numpy(dtype=float)
        ),
        "amount": _value_on(frames.amount_changes, day, ids, deals["amount"].to_numpy(dtype=float)),
        "owner": _value_on(frames.owner_changes, day, ids, deals["owner"].to_numpy(dtype=object)),
    }
    # A stage first reached, or skipped, after the day was not reached or skipped then.
    for name in deals.columns:
        if name == "first_skip" or name.startswith("reach_"):
            later = deals[name].to_numpy(dtype=float)
            columns[name] = np.where(later <= day, later, np.nan)
    return categorised(deals.assign(**columns))


def _value_on(history: pd.DataFrame, day: int, ids: np.ndarray, now: np.ndarray) -> np.ndarray:
    """A deal field on ``day`` from its change history (deal_id, old, new, day, id): the old
    value of its first change after that day, else its present value ``now``."""
    after = history[history["day"].to_numpy() > day]
    if not len(after):
        return now
    first = after.sort_values(["deal_id", "day", "id"], kind="stable").drop_duplicates(
        "deal_id", keep="first"
    )
    old = first.set_index("deal_id")["old"]
    changed = np.isin(ids, old.index.to_numpy())
    return np.where(changed, old.reindex(ids).to_numpy(), now)


def _activities_on(activities: pd.DataFrame, day: int) -> pd.DataFrame:
    """Activities created by ``day`` (or of unknown creation), open on it unless done (or
    dropped) by then."""
    activities = activities[~(activities["created"].to_numpy() > day)]
    status = activities["status"]
    done = activities["done"].to_numpy(dtype=float)
    later = (status.eq("done").to_numpy() & (done > day)) | (
        status.eq("dropped").to_numpy() & (activities["updated"].to_numpy() > day)
    )
    if not later.any():
        return activities
    return activities.assign(
        status=status.mask(later, "open"), done=np.where(done > day, np.nan, done)
    )


def state_at(frames: Frames, day: int, *, current: bool = False) -> pd.DataFrame:
    """The deals as they stood at the end of ``day`` (see ``known_on``); ``current``: the
    caller knows nothing was recorded after ``day``."""
    return frames.deals if current else known_on(frames, day).deals


def scoped_each(frames: Frames, kind: str) -> dict[str, Frames]:
    """``scoped(frames, Scope(kind, value))`` for every value of the deals' ``kind`` ('rep':
    their owner; 'segment', 'offer'), in one pass over each table instead of one per value
    (a team of hundreds of reps). Rows keep their order, as ``scoped`` keeps it. A rep's
    frames also keep only the rep's objectives (``objective_total`` reads no other)."""
    deals = frames.deals
    keys = deals["owner" if kind == "rep" else kind].to_numpy(dtype=object)
    of_deal = pd.Series(keys, index=deals["id"].to_numpy())

    def split(table: pd.DataFrame, by: pd.Series | np.ndarray) -> dict[str, pd.DataFrame]:
        values = by.to_numpy(dtype=object) if isinstance(by, pd.Series) else by
        known = pd.notna(values)
        groups = table[known].groupby(values[known], sort=False)
        return {str(value): part for value, part in groups}

    parts = {
        "deals": split(deals, keys),
        "changes": split(frames.changes, frames.changes["deal_id"].map(of_deal)),
        **{
            name: split(getattr(frames, name), getattr(frames, name)["deal_id"].map(of_deal))
            for name in ("close_changes", "amount_changes", "owner_changes")
        },
        "activities": split(
            frames.activities,
            frames.activities["owner"]
            if kind == "rep"
            else frames.activities["deal_id"].map(of_deal),
        ),
    }
    if kind == "rep":  # a rep's own objectives are all a rep's window reads
        parts["objectives"] = split(frames.objectives, frames.objectives["owner"])
    return {
        value: replace(
            frames,
            **{
                name: groups.get(value, getattr(frames, name).iloc[0:0])
                for name, groups in parts.items()
            },
        )
        for value in parts["deals"]
    }
