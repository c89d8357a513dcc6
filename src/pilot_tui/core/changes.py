"""What changed in the open pipeline between two days: a waterfall that adds up exactly.

The pipeline on a day is the scope's open deals as they stood at the end of that day
(``state.known_on``: stage, expected close, amount and owner from the history tables), and,
with a period, only those expected to close within it. Each deal in the pipeline on either
day is counted once, with the contribution that makes the sum exact:

- in the pipeline on both days: its amount on the end day minus its amount on the start day;
- only on the start day: minus its start amount (it was won, lost or left the period);
- only on the end day: plus its end amount (new, reopened, or pulled into the period).

So ``start_open_amount + Σ group amounts == end_open_amount``, in minor units, always. A deal
without an amount counts 0. A deal in the pipeline on neither day (created and won within
the interval, or never due in the period) changes nothing and is not listed.

Which group a deal lands in when several things happened to it follows ``KINDS``' priority:
a deal that left the pipeline is won, lost or pushed out (by its end state); one that
entered is new (created after the start day), reopened (closed on the start day) or pulled
in; one in it on both days is amount down, amount up, advanced or moved back, the first
that applies (so the stage groups always sum to 0: moving a deal does not change the
pipeline's value). Each listed deal carries all its changes, whatever its group.
"""

from datetime import date, timedelta

import numpy as np
import pandas as pd
from pydantic import BaseModel

from pilot_tui.core.context import Context
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.frames import Frames, day_number, from_day_number
from pilot_tui.core.metrics.state import Scope, known_on, scoped
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import deal_names
from pilot_tui.core.store.rituals import last_run_day
from pilot_tui.i18n import _

KINDS = (
    "new",
    "reopened",
    "pulled_in",
    "advanced",
    "moved_back",
    "amount_up",
    "amount_down",
    "pushed_out",
    "won",
    "lost",
)
"""Group kinds in waterfall order: what added to the pipeline, then what moved within it,
then what left it."""

LABELS = {
    "new": _("new"),
    "reopened": _("reopened"),
    "pulled_in": _("pulled into the period"),
    "advanced": _("advanced"),
    "moved_back": _("moved back"),
    "amount_up": _("amount up"),
    "amount_down": _("amount down"),
    "pushed_out": _("pushed out"),
    "won": _("won"),
    "lost": _("lost"),
}
"""What each kind is called in text."""

DEFAULT_DAYS = 7
"""Without a date or a past pipeline review, changes are counted over this many days."""


class DealChange(BaseModel):
    """One deal in the waterfall: how it stood on each day (None: not existing, or unknown)
    and what it adds to the pipeline (minor units)."""

    id: int
    name: str | None = None
    owner: str | None
    stage_from: str | None
    stage_to: str | None
    close_from: date | None
    close_to: date | None
    amount_from: int | None
    amount_to: int | None
    contribution: int


class ChangeGroup(BaseModel):
    kind: str
    label: str
    count: int
    amount: int
    """Σ contributions of its deals, minor units."""
    deals: list[DealChange]
    """Largest contribution (in absolute value) first."""


class PipelineChanges(BaseModel):
    """The waterfall from ``since`` to ``until``; ``start_open_amount + Σ groups.amount ==
    end_open_amount``."""

    scope: str
    period: str | None
    """The period whose due pipeline is followed (None: every open deal)."""
    since: date
    until: date
    currency: str
    start_open_amount: int
    end_open_amount: int
    start_deals: int
    end_deals: int
    unchanged: int
    """Deals in the pipeline on both days with the same stage and amount."""
    groups: list[ChangeGroup]
    """One per kind of ``KINDS``, in that order, empty ones included."""


def _pipeline(frames: Frames, day: int, period: Period | None) -> pd.DataFrame:
    """The scope's deals on ``day`` indexed by id: stage, expected close, amount (minor
    units, NaN unknown), owner, and ``inside``: open (and due in ``period``) then."""
    deals = known_on(frames, day).deals
    inside = np.asarray(frames.stages.is_open[deals["stage"].to_numpy()], dtype=bool)
    if period is not None:
        expected = deals["expected_close"].to_numpy(dtype=float)
        inside &= (expected >= day_number(period.start)) & (expected <= day_number(period.end))
    return pd.DataFrame(
        {
            "stage": deals["stage"].to_numpy(dtype=np.int64),
            "close": deals["expected_close"].to_numpy(dtype=float),
            "amount": np.round(deals["amount"].to_numpy(dtype=float)),
            "owner": deals["owner"].to_numpy(dtype=object),
            "inside": inside,
        },
        index=deals["id"].to_numpy(),
    )


def _kinds(joined: pd.DataFrame, frames: Frames) -> np.ndarray:
    """The group of each row of ``joined`` (start columns suffixed ``_0``, end ``_1``; a deal
    absent on the start day has NaN there), '' for an unchanged deal."""
    stages = frames.stages
    existed = ~np.isnan(joined["stage_0"].to_numpy(dtype=float))
    s0 = np.where(existed, joined["stage_0"].to_numpy(dtype=float), 0).astype(np.int64)
    s1 = joined["stage_1"].to_numpy(dtype=np.int64)
    was_in = joined["inside_0"].to_numpy(dtype=bool)
    is_in = joined["inside_1"].to_numpy(dtype=bool)
    delta = joined["contribution"].to_numpy()
    rank = stages.rank
    both = was_in & is_in
    conditions = [
        both & (delta < 0),
        both & (delta > 0),
        both & (rank[s1] > rank[s0]),
        both & (rank[s1] < rank[s0]),
        was_in & ~is_in & stages.is_won[s1],
        was_in & ~is_in & stages.is_lost[s1],
        was_in & ~is_in,
        ~was_in & ~existed,
        ~was_in & ~stages.is_open[s0],
        ~was_in,
    ]
    chosen = ["amount_down", "amount_up", "advanced", "moved_back", "won", "lost"]
    chosen += ["pushed_out", "new", "reopened", "pulled_in"]
    return np.asarray(np.select(conditions, chosen, default=""), dtype=object)


def pipeline_changes(
    frames: Frames,
    scope: Scope,
    since: date,
    until: date,
    period: Period | None = None,
) -> PipelineChanges:
    """The waterfall of ``scope``'s open pipeline from the end of ``since`` to the end of
    ``until`` (see the module's docstring); ``period``: follow only deals expected to close
    in it. The scope's deals are those it has today (a rep's deals: those they own now).
    Raises ``ValidationError`` when ``since`` is not before ``until``."""
    if since >= until:
        raise ValidationError(
            _("The start day {since} must be before {until}.").format(since=since, until=until)
        )
    mine = scoped(frames, scope)
    start = _pipeline(mine, day_number(since), period)
    end = _pipeline(mine, day_number(until), period)
    joined = start.add_suffix("_0").join(end.add_suffix("_1"), how="right")
    joined["inside_0"] = joined.index.isin(start.index[start["inside"].to_numpy()])
    joined = joined[joined["inside_0"].to_numpy() | joined["inside_1"].to_numpy(dtype=bool)]
    a0 = np.nan_to_num(joined["amount_0"].to_numpy(dtype=float))
    a1 = np.nan_to_num(joined["amount_1"].to_numpy(dtype=float))
    was_in = joined["inside_0"].to_numpy(dtype=bool)
    is_in = joined["inside_1"].to_numpy(dtype=bool)
    joined["contribution"] = (np.where(is_in, a1, 0) - np.where(was_in, a0, 0)).astype(np.int64)
    joined["kind"] = _kinds(joined, frames)
    keys = frames.stages.keys
    groups: dict[str, list[DealChange]] = {kind: [] for kind in KINDS}
    listed = joined[joined["kind"].to_numpy() != ""]
    for deal_id, row in zip(listed.index, listed.itertuples(index=False), strict=True):
        groups[str(row.kind)].append(
            DealChange(
                id=int(deal_id),
                owner=None if pd.isna(row.owner_1) else str(row.owner_1),
                stage_from=None if pd.isna(row.stage_0) else keys[int(row.stage_0)],
                stage_to=keys[int(row.stage_1)],
                close_from=_day(row.close_0),
                close_to=_day(row.close_1),
                amount_from=_amount(row.amount_0),
                amount_to=_amount(row.amount_1),
                contribution=int(row.contribution),
            )
        )
    return PipelineChanges(
        scope=scope.label,
        period=period.label if period is not None else None,
        since=since,
        until=until,
        currency=frames.currency,
        start_open_amount=int(np.where(was_in, a0, 0).sum()),
        end_open_amount=int(np.where(is_in, a1, 0).sum()),
        start_deals=int(was_in.sum()),
        end_deals=int(is_in.sum()),
        unchanged=len(joined) - len(listed),
        groups=[
            ChangeGroup(
                kind=kind,
                label=LABELS[kind],
                count=len(deals),
                amount=sum(d.contribution for d in deals),
                deals=sorted(deals, key=lambda d: (-abs(d.contribution), d.id)),
            )
            for kind, deals in groups.items()
        ],
    )


def _amount(value: object) -> int | None:
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else int(number)


def _day(value: object) -> date | None:
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else from_day_number(number)


def default_since(context: Context, last_review: date | None) -> date:
    """The day changes are counted from when none is given: the last pipeline review before
    today, else ``DEFAULT_DAYS`` ago."""
    today = context.today
    if last_review is not None and last_review < today:
        return last_review
    return today - timedelta(days=DEFAULT_DAYS)


def changes_since(
    store: Store,
    context: Context,
    scope: Scope,
    since: date | None = None,
    period: Period | None = None,
) -> PipelineChanges:
    """``pipeline_changes`` of ``store`` up to ``context.today``, from ``since`` (default:
    ``default_since``), with each deal's name."""
    today = context.today
    start = since or default_since(context, last_run_day(store, "pipeline_review", today))
    changes = pipeline_changes(frames_for(store), scope, start, today, period)
    names = deal_names(store, [d.id for g in changes.groups for d in g.deals])
    for group in changes.groups:
        for deal in group.deals:
            deal.name = names.get(deal.id)
    return changes


class WaterfallBar(BaseModel):
    """One bar of the waterfall as text: ``offset`` blank characters then ``length`` block
    characters (a step that changes nothing has length 0 and marks its place at ``offset``)."""

    label: str
    count: int
    amount: int
    """The pipeline's value (the start and end bars) or the step's Σ contributions."""
    offset: int
    length: int
    kind: str
    """'total' (start, end), 'up', 'down' or 'flat'."""


def waterfall_bars(changes: PipelineChanges, width: int) -> list[WaterfallBar]:
    """The start, each non-empty group from the running total, and the end, scaled so that
    the highest running total is ``width`` characters."""
    steps = [g for g in changes.groups if g.count]
    running = [changes.start_open_amount]
    for group in steps:
        running.append(running[-1] + group.amount)
    scale = width / max(*running, changes.end_open_amount, 1)

    def at(value: int) -> int:
        return round(max(value, 0) * scale)

    def total(label: str, count: int, amount: int) -> WaterfallBar:
        return WaterfallBar(
            label=label, count=count, amount=amount, offset=0, length=at(amount), kind="total"
        )

    bars = [
        total(
            _("start ({day})").format(day=changes.since),
            changes.start_deals,
            changes.start_open_amount,
        )
    ]
    for group, before in zip(steps, running, strict=False):
        after = before + group.amount
        low, high = min(before, after), max(before, after)
        kind = "up" if group.amount > 0 else "down" if group.amount < 0 else "flat"
        length = max(at(high) - at(low), 1) if group.amount else 0
        bars.append(
            WaterfallBar(
                label=group.label,
                count=group.count,
                amount=group.amount,
                offset=at(low) if group.amount else at(before),
                length=length,
                kind=kind,
            )
        )
    bars.append(
        total(
            _("end ({day})").format(day=changes.until), changes.end_deals, changes.end_open_amount
        )
    )
    return bars
