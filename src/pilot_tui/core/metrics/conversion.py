"""Stage conversion (exit-based), cumulative funnel and win rates."""

import numpy as np

from pilot_tui.core.metrics.frames import reach_column
from pilot_tui.core.metrics.stats import MIN_EVENTS, Rate, rate
from pilot_tui.core.metrics.window import Measure, Window, unknown_amounts


def stage_conversion(w: Window) -> Measure:
    """Among deals that left an open stage during the window, the share that moved forward
    (to a later open stage or won) rather than lost; backward moves count as neither.

    A deal that left a stage several times in the window counts once, by its last exit. A
    stage a deal skipped was never entered and so never left. Value: the share over every
    stage; details: per stage ``{stage, forward, n, value, too_few}``.
    """
    stages = w.frames.stages
    changes = w.window_changes
    from_code = changes["from_code"].to_numpy()
    exits = changes[(from_code >= 0) & stages.is_open[np.maximum(from_code, 0)]]
    exits = exits.drop_duplicates(["deal_id", "from_code"], keep="last")
    rank = stages.rank
    from_rank = rank[exits["from_code"].to_numpy()]
    to_rank = rank[exits["to_code"].to_numpy()]
    lost = stages.is_lost[exits["to_code"].to_numpy()]
    forward = to_rank > from_rank
    counted = forward | lost
    per_stage = []
    for code in stages.open_codes:
        at = exits["from_code"].to_numpy() == code
        part = rate(int((forward & at).sum()), int((counted & at).sum()))
        per_stage.append(
            {
                "stage": stages.keys[code],
                "forward": part.successes,
                "n": part.n,
                "value": part.value,
                "too_few": part.too_few,
            }
        )
    total = rate(int(forward.sum()), int(counted.sum()))
    return Measure(total.value, total.n, total.successes, total.too_few, {"stages": per_stage})


def funnel(w: Window) -> Measure:
    """Cohort = deals created in the window; for each stage, the share of the cohort that
    reached it or a later one (by ``as_of``). Value: the share that reached won."""
    stages = w.frames.stages
    cohort = w.created_in_window
    n = len(cohort)
    steps = []
    for code in [*stages.open_codes, *np.flatnonzero(stages.is_won)[:1]]:
        reached_on = cohort[reach_column(int(stages.rank[code]))].to_numpy()
        part = rate(int((reached_on <= w.as_of).sum()), n)
        steps.append(
            {
                "stage": stages.keys[code],
                "reached": part.successes,
                "n": n,
                "value": part.value,
                "too_few": part.too_few,
            }
        )
    won = steps[-1]
    return Measure(won["value"], n, won["reached"], n < MIN_EVENTS, {"steps": steps})


def win_rate(w: Window) -> Measure:
    """Won / (won + lost) among deals closed in the window, by count."""
    closed = w.closed_in_window
    won = w.won_mask(closed)
    result = rate(int(won.sum()), int((won | w.lost_mask(closed)).sum()))
    return Measure(result.value, result.n, result.successes, result.too_few)


def win_rate_value(w: Window) -> Measure:
    """Won value / (won + lost value) among deals closed in the window with a known amount
    (minor units). n is the number of those deals; deals whose amount is unknown are counted
    in ``details['amount_unknown']``. None under 10 such deals, or when the won or the lost
    deals all have an unknown amount (a ratio of one side only would read 100 % or 0 %)."""
    closed = w.closed_in_window
    amount = closed["amount"].to_numpy(dtype=float)
    known = ~np.isnan(amount)
    won = w.won_mask(closed)
    lost = w.lost_mask(closed)
    n = int(((won | lost) & known).sum())
    won_value = float(amount[won & known].sum())
    total = won_value + float(amount[lost & known].sum())
    too_few = n < MIN_EVENTS
    one_side = bool((won & ~known).any() and not (won & known).any()) or bool(
        (lost & ~known).any() and not (lost & known).any()
    )
    value = None if too_few or one_side or total == 0 else won_value / total
    return Measure(
        value,
        n,
        None,
        too_few,
        {
            "won_value": won_value,
            "closed_value": total,
            "won": int(won.sum()),
            "amount_unknown": unknown_amounts(closed[won | lost]),
        },
    )


def trailing_win(w: Window) -> Rate:
    """Won out of won + lost, deals closed in the 365 days up to ``as_of``, by count; its
    value is None under 10 closed deals."""
    closed = w.closed_trailing
    won = w.won_mask(closed)
    return rate(int(won.sum()), int((won | w.lost_mask(closed)).sum()))


def trailing_win_rate(w: Window) -> float | None:
    """Win rate by count over the 365 days up to ``as_of``; None under 10 closed deals."""
    return trailing_win(w).value
