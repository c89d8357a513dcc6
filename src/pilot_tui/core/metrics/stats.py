"""Small statistics: quantiles, rates that refuse tiny samples, and two-proportion tests."""

import math
from dataclasses import dataclass

import numpy as np

MIN_EVENTS = 10
"""A rate on fewer events than this is 'too few to say' (DESIGN §4)."""


@dataclass(frozen=True)
class Rate:
    """``successes`` out of ``n``; ``value`` is None when there are too few to say."""

    successes: int
    n: int
    value: float | None
    too_few: bool


def rate(successes: int, n: int, min_events: int = MIN_EVENTS) -> Rate:
    too_few = n < min_events
    value = None if too_few or n == 0 else successes / n
    return Rate(int(successes), int(n), value, too_few)


def quantile(values: np.ndarray, q: float) -> float | None:
    """Linear-interpolated quantile (as pandas and DuckDB's quantile_cont); None when empty."""
    clean = values[~np.isnan(values)] if values.dtype.kind == "f" else values
    if clean.size == 0:
        return None
    return float(np.quantile(clean, q))


def two_proportion_p_value(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled z-test that two rates differ; None when untestable."""
    if n1 == 0 or n2 == 0:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / spread
    return math.erfc(abs(z) / math.sqrt(2))


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval of a rate (95 % by default); None for n = 0."""
    if n == 0:
        return None
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def coefficient_of_variation(counts: np.ndarray) -> float | None:
    """Population standard deviation over mean; None when the mean is zero."""
    if counts.size == 0 or counts.mean() == 0:
        return None
    return float(counts.std() / counts.mean())
