"""Cycle length, time spent in each stage, and stuck deals."""

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.stats import quantile
from pilot_tui.core.metrics.window import Measure, Window


def cycle_days(w: Window, closed: pd.DataFrame) -> np.ndarray:
    """Days from creation to closing of the won deals among ``closed`` (deals whose creation
    day is unknown left out)."""
    won = closed[w.won_mask(closed)]
    days = np.asarray(won["closed"].to_numpy() - won["created"].to_numpy(), dtype=float)
    return np.asarray(days[~np.isnan(days)], dtype=float)


def cycle_length(w: Window) -> Measure:
    """Median days created → won over the deals won in the window (p75 in details); a deal
    created and won the same day counts 0 days."""
    days = cycle_days(w, w.closed_in_window)
    return Measure(quantile(days, 0.5), int(days.size), details={"p75": quantile(days, 0.75)})


def stage_duration(w: Window) -> Measure:
    """Days spent in a stage, measured on each exit from an open stage during the window
    (entry = the deal's previous stage change). Value: the median over all stays; details:
    median and p75 per stage."""
    stages = w.frames.stages
    days, codes = stage_stays(w)
    per_stage = []
    for code in stages.open_codes:
        mine = days[codes == code]
        per_stage.append(
            {
                "stage": stages.keys[code],
                "n": int(mine.size),
                "median": quantile(mine, 0.5),
                "p75": quantile(mine, 0.75),
            }
        )
    return Measure(quantile(days, 0.5), int(days.size), details={"stages": per_stage})


def stage_stays(w: Window) -> tuple[np.ndarray, np.ndarray]:
    """Each stay in an open stage that ended in the window (days, and the stage's code)."""
    stages = w.frames.stages
    changes = w.window_changes
    from_code = changes["from_code"].to_numpy()
    stays = changes[(from_code >= 0) & ~np.isnan(changes["stay"].to_numpy())]
    stays = stays[stages.is_open[stays["from_code"].to_numpy()]]
    return stays["stay"].to_numpy(dtype=float), stays["from_code"].to_numpy()


def stuck_thresholds(w: Window) -> np.ndarray:
    """Days in a stage after which a deal is stuck, per stage code: the stage's rot_days,
    else the p75 of the stays in that stage known by ``as_of`` (NaN: no threshold)."""
    stages = w.frames.stages
    thresholds = stages.rot_days.copy()
    missing = np.flatnonzero(np.isnan(thresholds) & stages.is_open)
    if missing.size:
        changes = w.known_changes
        p75 = changes.groupby("from_code")["stay"].quantile(0.75)
        thresholds[missing] = p75.reindex(missing).to_numpy(dtype=float)
    return thresholds


def days_in_stage(w: Window, deals: pd.DataFrame) -> np.ndarray:
    return np.asarray(w.as_of - deals["entered"].to_numpy(), dtype=float)


def stuck_mask(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Open deals in their stage longer than its threshold, unless snoozed past ``as_of``."""
    threshold = stuck_thresholds(w)[deals["stage"].to_numpy()]
    snoozed = deals["snoozed_until"].to_numpy() > w.as_of
    return np.asarray((days_in_stage(w, deals) > threshold) & ~snoozed, dtype=bool)


def stuck_deals(w: Window) -> Measure:
    """Number of open deals stuck on ``as_of`` (n = open deals; per-stage counts in details)."""
    deals = w.open_deals
    stuck = stuck_mask(w, deals)
    codes = deals["stage"].to_numpy()[stuck]
    stages = w.frames.stages
    per_stage = {stages.keys[c]: int((codes == c).sum()) for c in stages.open_codes}
    return Measure(
        float(stuck.sum()),
        len(deals),
        details={
            "stages": per_stage,
            "deal_ids": [int(i) for i in deals["id"].to_numpy()[stuck][:50]],
        },
    )
