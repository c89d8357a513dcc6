"""Scopes, and the deals as they stood on a given day (for past periods and the backtest)."""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.frames import Frames, per_deal, run_ends
from pilot_tui.i18n import _

SCOPE_KINDS = ("team", "rep", "segment", "offer")


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


def state_at(frames: Frames, day: int, *, current: bool) -> pd.DataFrame:
    """The deals that existed on ``day`` with their stage, entry day, closing day and expected
    close as of the end of that day.

    ``current`` means nothing has happened since ``day``: the deals table is the answer. For a
    past day the stage comes from the last stage change on or before it, and the expected
    close from the close-date changes after it (their ``old`` value). Fields without history
    (amount, next step, snooze) keep their present values.
    """
    deals = frames.deals
    deals = deals[deals["created"].to_numpy() <= day]
    if current:
        return deals
    changes = frames.changes
    known = changes["day"].to_numpy() <= day
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
    expected = deals["expected_close"].to_numpy(dtype=float)
    pushes = frames.close_changes
    after = pushes[pushes["day"].to_numpy() > day].sort_values(["deal_id", "day", "id"])
    first_after = after.drop_duplicates("deal_id", keep="first").set_index("deal_id")["old"]
    if len(first_after):
        mask = np.isin(ids, first_after.index.to_numpy())
        expected = np.where(mask, first_after.reindex(ids).to_numpy(dtype=float), expected)
    return deals.assign(stage=stage, entered=entered, closed=closed, expected_close=expected)


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
        "close_changes": split(frames.close_changes, frames.close_changes["deal_id"].map(of_deal)),
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
