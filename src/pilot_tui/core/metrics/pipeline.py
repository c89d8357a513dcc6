"""Deal size, open pipeline, weighted pipeline, velocity, coverage and pipeline needed.

Money is in minor units (cents) of the database's currency, as floats for vectorised sums.
"""

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.conversion import trailing_win_rate
from pilot_tui.core.metrics.cycle import cycle_days
from pilot_tui.core.metrics.stats import quantile
from pilot_tui.core.metrics.window import Measure, Window, unknown_amounts


def won_amounts(w: Window, closed: pd.DataFrame) -> np.ndarray:
    amount = closed["amount"].to_numpy()[w.won_mask(closed)]
    return np.asarray(amount[~np.isnan(amount)], dtype=float)


def mean_won_amount(w: Window, closed: pd.DataFrame) -> float | None:
    """Mean amount of the won deals among ``closed`` (None when none has an amount)."""
    amounts = won_amounts(w, closed)
    return float(amounts.mean()) if amounts.size else None


def avg_won_size(w: Window) -> Measure:
    """Mean amount of the deals won in the window (deals without an amount left out)."""
    closed = w.closed_in_window
    return Measure(
        mean_won_amount(w, closed),
        int(won_amounts(w, closed).size),
        details={"amount_unknown": unknown_amounts(closed[w.won_mask(closed)])},
    )


def crm_probability(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Each deal's own probability, else its stage's default probability."""
    own = deals["probability"].to_numpy(dtype=float)
    default = w.frames.stages.default_probability[deals["stage"].to_numpy()]
    return np.where(np.isnan(own), default, own)


def pipeline_value(w: Window) -> Measure:
    """Sum of the amounts of the deals open on ``as_of`` (those with an unknown amount are
    counted in n and in ``details['amount_unknown']``, not in the sum)."""
    deals = w.open_deals
    return Measure(
        float(np.nansum(deals["amount"].to_numpy())),
        len(deals),
        details={"amount_unknown": unknown_amounts(deals)},
    )


def weighted_pipeline(w: Window) -> Measure:
    """Σ amount × p over open deals, p = the deal's probability, else its stage's default."""
    deals = w.open_deals
    weighted = deals["amount"].to_numpy() * crm_probability(w, deals)
    return Measure(
        float(np.nansum(weighted)), len(deals), details={"amount_unknown": unknown_amounts(deals)}
    )


def velocity(w: Window) -> Measure:
    """(open deals × win rate × average won size) / median cycle length, in minor units per
    day. Win rate, size and cycle come from the 365 days up to ``as_of`` so the figure does
    not swing with a thin window; a cycle under one day counts as one day."""
    closed = w.closed_trailing
    win = trailing_win_rate(w)
    size = mean_won_amount(w, closed)
    cycle = quantile(cycle_days(w, closed), 0.5)
    n_open = len(w.open_deals)
    details = {
        "open_deals": n_open,
        "win_rate": win,
        "avg_won_size": size,
        "cycle_median_days": cycle,
    }
    if win is None or size is None or cycle is None:
        return Measure(None, n_open, details=details)
    return Measure(n_open * win * size / max(cycle, 1.0), n_open, details=details)


def remaining_target(w: Window) -> float | None:
    return None if w.target is None else w.target - w.won_in_window


def coverage(w: Window) -> Measure:
    """Open pipeline expected to close in the period / (target − won so far).

    None without a target, or once the target is reached (nothing left to cover). Details
    carry the required coverage, 1 / win rate over the last 365 days.
    """
    due = w.due_open_value
    remaining = remaining_target(w)
    win = trailing_win_rate(w)
    details = {
        "due_pipeline": due,
        "remaining_target": remaining,
        "required": None if not win else 1 / win,
    }
    value = None if remaining is None or remaining <= 0 else due / remaining
    return Measure(value, len(w.due_open), details=details)


def pipeline_needed(w: Window) -> Measure:
    """max(0, (target − won) / win rate − open pipeline due in the period), in minor units.

    The win rate is by count over the 365 days up to ``as_of``; None without a target or
    without enough closed deals to know the win rate.
    """
    remaining = remaining_target(w)
    win = trailing_win_rate(w)
    due = w.due_open_value
    details = {"due_pipeline": due, "remaining_target": remaining, "win_rate": win}
    if remaining is None:
        return Measure(None, details=details)
    if remaining <= 0:
        return Measure(0.0, details=details)
    if not win:
        return Measure(None, details=details)
    return Measure(max(0.0, remaining / win - due), details=details)
