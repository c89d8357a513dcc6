"""Risk flags of open deals, each with its reason in words: what a manager looks for when
inspecting a deal before the forecast call.

Flags (``FLAGS``): the expected close has passed; the close date was pushed (moved later)
at least ``push_flag_count`` times; no next step, or one overdue; stuck in the stage longer
than its rot days (else the stage's p75, as the stuck-deals KPI); the amount was cut (lower
today than at its highest, from the amount history); a commit deal still in an early stage
(default p(win) below ``EARLY_BELOW``); no activity done or logged on the deal for
``quiet_days`` days. Computed as of a day, on the as-of frames, for every open deal at once.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
from pydantic import BaseModel

from pilot_tui.core.context import Context
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.cycle import days_in_stage, stuck_thresholds
from pilot_tui.core.metrics.frames import Frames, from_day_number
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.money import format_money
from pilot_tui.core.store import Store
from pilot_tui.i18n import _, ngettext

FLAGS = (
    "close_date_past",
    "pushed",
    "no_next_step",
    "next_step_overdue",
    "stuck",
    "amount_cut",
    "early_commit",
    "quiet",
)
EARLY_BELOW = 0.5
"""A stage whose default p(win) is below this is early: a commit deal there is a risk."""


class RiskFlag(BaseModel):
    kind: str
    """One of ``FLAGS``."""
    reason: str
    """The flag in words, with its numbers ('pushed 3 times, last on 2026-11-12')."""


class DealRisks(BaseModel):
    id: int
    owner: str | None
    stage: str
    flags: list[RiskFlag]


def _days(n: float) -> str:
    return ngettext("{n} day", "{n} days", int(n)).format(n=int(n))


def _flags(w: Window, context: Context) -> dict[int, list[RiskFlag]]:
    """The flags of every open deal of ``w`` (deal id → flags, in ``FLAGS`` order)."""
    deals = w.open_deals
    frames = w.frames
    stages = frames.stages
    today = w.as_of
    ids = deals["id"].to_numpy()
    found: dict[int, list[RiskFlag]] = {int(i): [] for i in ids}

    def add(mask: np.ndarray, kind: str, reason: Callable[[int], str]) -> None:
        for row in np.flatnonzero(mask):
            found[int(ids[row])].append(RiskFlag(kind=kind, reason=reason(int(row))))

    expected = deals["expected_close"].to_numpy(dtype=float)
    add(
        expected < today,
        "close_date_past",
        lambda r: _("expected to close on {day}, {n} ago").format(
            day=from_day_number(expected[r]), n=_days(today - expected[r])
        ),
    )
    pushes = frames.close_changes
    pushes = pushes[pushes["new"].to_numpy() > pushes["old"].to_numpy()]
    counts = pushes.groupby("deal_id").size().reindex(ids, fill_value=0).to_numpy()
    last_push = pushes.groupby("deal_id")["day"].max().reindex(ids).to_numpy(dtype=float)
    limit = context.thresholds.push_flag_count
    add(
        counts >= limit,
        "pushed",
        lambda r: ngettext(
            "close date pushed {n} time, last on {day}",
            "close date pushed {n} times, last on {day}",
            int(counts[r]),
        ).format(n=int(counts[r]), day=from_day_number(last_push[r])),
    )
    has_step = deals["next_step"].to_numpy(dtype=bool)
    due = deals["next_step_due"].to_numpy(dtype=float)
    add(~has_step, "no_next_step", lambda r: _("no next step"))
    add(
        has_step & (due < today),
        "next_step_overdue",
        lambda r: _("next step overdue since {day}").format(day=from_day_number(due[r])),
    )
    stage = deals["stage"].to_numpy()
    in_stage = days_in_stage(w, deals)
    threshold = stuck_thresholds(w)[stage]
    snoozed = deals["snoozed_until"].to_numpy(dtype=float) > today
    add(
        (in_stage > threshold) & ~snoozed,
        "stuck",
        lambda r: _("in {stage} for {n} (stuck after {limit})").format(
            stage=stages.keys[stage[r]], n=_days(in_stage[r]), limit=_days(threshold[r])
        ),
    )
    amount = deals["amount"].to_numpy(dtype=float)
    peak = _peak_amounts(frames, ids, amount)
    add(
        amount < peak,
        "amount_cut",
        lambda r: _("amount cut from {peak} to {now}").format(
            peak=format_money(peak[r], frames.currency, compact=True, locale=context.locale),
            now=format_money(amount[r], frames.currency, compact=True, locale=context.locale),
        ),
    )
    early = stages.default_probability[stage] < EARLY_BELOW
    category = deals["forecast_category"].to_numpy(dtype=object)
    add(
        (category == "commit") & early,
        "early_commit",
        lambda r: _("in commit but still in {stage}").format(stage=stages.keys[stage[r]]),
    )
    last = _last_activity(frames, ids, deals["created"].to_numpy(dtype=float))
    quiet = context.thresholds.quiet_days
    add(
        today - last > quiet,
        "quiet",
        lambda r: _("no activity for {n}").format(n=_days(today - last[r])),
    )
    return found


def _peak_amounts(frames: Frames, ids: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Each deal's highest known amount: today's, or a higher one its history recorded."""
    history = frames.amount_changes
    if not len(history):
        return amount
    deal = history["deal_id"].to_numpy()
    values = pd.Series(
        np.r_[history["old"].to_numpy(dtype=float), history["new"].to_numpy(dtype=float)]
    )
    peak = values.groupby(np.r_[deal, deal]).max().reindex(ids).to_numpy(dtype=float)
    return np.asarray(np.fmax(amount, peak), dtype=float)


def _last_activity(frames: Frames, ids: np.ndarray, created: np.ndarray) -> np.ndarray:
    """The last day something was done or logged on each deal (else its creation day)."""
    activities = frames.activities
    activities = activities[activities["deal_id"].isin(ids)]
    days = np.fmax(
        activities["done"].to_numpy(dtype=float), activities["created"].to_numpy(dtype=float)
    )
    last = pd.Series(days).groupby(activities["deal_id"].to_numpy()).max()
    return np.asarray(np.fmax(last.reindex(ids).to_numpy(dtype=float), created), dtype=float)


def risk_flags(
    store: Store, context: Context, scope: Scope | None = None, deal_ids: list[int] | None = None
) -> list[DealRisks]:
    """The open deals of ``scope`` (only ``deal_ids`` when given) with their risk flags as of
    ``context.today``, most flags first; a closed or unknown deal is left out."""
    frames = frames_for(store)
    w = make_window(frames, scope or Scope(), context.this_month(), context.today)
    found = _flags(w, context)
    deals = w.open_deals
    keys = frames.stages.keys
    owner = dict(zip(deals["id"].to_numpy().tolist(), deals["owner"].astype(str), strict=True))
    stage = dict(
        zip(deals["id"].to_numpy().tolist(), deals["stage"].to_numpy().tolist(), strict=True)
    )
    wanted = found if deal_ids is None else {i: found[i] for i in deal_ids if i in found}
    rows = [
        DealRisks(
            id=deal_id,
            owner=owner[deal_id],
            stage=keys[stage[deal_id]],
            flags=flags,
        )
        for deal_id, flags in wanted.items()
    ]
    return sorted(rows, key=lambda d: (-len(d.flags), d.id))
