"""Small statistics: quantiles, rates that refuse tiny samples, and two-proportion tests."""

import math
from dataclasses import dataclass

import numpy as np

MIN_EVENTS = 10
"""A rate on fewer events than this is 'too few to say' rather than a value."""


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


def poisson_lower_tail(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu): how likely a count this low is when ``mu`` is usual."""
    if mu <= 0:
        return 1.0
    term = math.exp(-mu)
    total = term
    for i in range(1, max(0, k) + 1):
        term *= mu / i
        total += term
    return min(1.0, total) if k >= 0 else 0.0


def chi_square_upper_tail(x: float, df: int) -> float:
    """P(X ≥ x) for X ~ χ²(df) (regularized upper incomplete gamma, by its series)."""
    if x <= 0:
        return 1.0
    a, half = df / 2, x / 2
    term = total = 1.0 / a
    n = 1
    while term > total * 1e-12 and n < 10_000:
        term *= half / (a + n)
        total += term
        n += 1
    lower = math.exp(a * math.log(half) - half - math.lgamma(a)) * total
    return max(0.0, min(1.0, 1.0 - lower))


def dispersion_p_value(counts: np.ndarray) -> float | None:
    """p-value of the index-of-dispersion test: are these counts (e.g. per week) more uneven
    than a steady Poisson process would make them? None when the mean is zero or fewer than
    two counts."""
    if counts.size < 2 or counts.mean() == 0:
        return None
    statistic = float(((counts - counts.mean()) ** 2).sum() / counts.mean())
    return chi_square_upper_tail(statistic, int(counts.size) - 1)


def median_test_p_value(a: np.ndarray, b: np.ndarray) -> float | None:
    """Mood's median test: two-sided p-value that ``a`` and ``b`` differ in how often they
    exceed their pooled median (a two-proportion test); None when either is empty."""
    if a.size == 0 or b.size == 0:
        return None
    pooled = float(np.median(np.concatenate([a, b])))
    return two_proportion_p_value(int((a > pooled).sum()), a.size, int((b > pooled).sum()), b.size)
