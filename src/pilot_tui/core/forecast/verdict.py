"""AHEAD / ON PACE / BEHIND from the forecast, its range and the target, and the pipeline
still needed, from the same win-before-end probabilities as the forecast."""

from pilot_tui.core.context import VerdictThresholds
from pilot_tui.core.forecast.learning import TimingTable
from pilot_tui.core.verdict import Verdict

MIN_NEW_RATE = 0.05
"""Under this share of new pipeline won before the end, no amount of it closes the gap in
time: pipeline needed is not given (it would read billions)."""


def verdict_for(
    forecast: float,
    target: float | None,
    thresholds: VerdictThresholds,
    low: float | None = None,
    high: float | None = None,
) -> Verdict:
    """AHEAD at ≥ ``ahead_at`` × target, BEHIND under ``behind_below`` × target, else ON PACE;
    ON PACE too when the range [low, high] runs across the whole band (the forecast cannot
    tell); NO TARGET without one."""
    if target is None or target <= 0:
        return Verdict.NO_TARGET
    band_low, band_high = thresholds.behind_below * target, thresholds.ahead_at * target
    if low is not None and high is not None and low < band_low and high >= band_high:
        return Verdict.ON_PACE
    if forecast >= band_high:
        return Verdict.AHEAD
    return Verdict.BEHIND if forecast < band_low else Verdict.ON_PACE


def pipeline_needed(forecast: float, target: float | None, table: TimingTable) -> float | None:
    """New pipeline to create now to reach the target: (target − forecast) ÷ the share of the
    value created after this point of past periods that was won before their end (the same
    learning as the forecast's). 0 when the forecast covers the target; None without a
    target, or when new pipeline rarely closes within the period (under ``MIN_NEW_RATE``)."""
    if target is None:
        return None
    if forecast >= target:
        return 0.0
    rate = table.new_rate
    return None if rate < MIN_NEW_RATE else (target - forecast) / rate
