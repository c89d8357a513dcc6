"""What several rules share: comparing two rates (enough events, a big enough gap, a
two-proportion test), grading severity, and finding the qualification stage."""

from dataclasses import dataclass
from typing import Any

from pilot_tui.core.context import DiagnosticThresholds
from pilot_tui.core.diagnostics.model import Severity
from pilot_tui.core.metrics.frames import StageTable
from pilot_tui.core.metrics.stats import two_proportion_p_value


@dataclass(frozen=True)
class RateChange:
    """A rate now (``k`` of ``n``) against its baseline; ``moved`` when the change is real."""

    k: int
    n: int
    base_k: int
    base_n: int
    value: float | None
    baseline: float | None
    p_value: float | None
    moved: bool


def compare_rates(
    k: int, n: int, base_k: int, base_n: int, th: DiagnosticThresholds, *, rise: bool = False
) -> RateChange:
    """Did the rate drop (``rise``: climb) against its baseline? Only with ``min_events`` on
    each side, by ``rate_drop_points`` or more, with a two-proportion p below
    ``rate_drop_p_value``."""
    value = k / n if n else None
    baseline = base_k / base_n if base_n else None
    p_value = two_proportion_p_value(k, n, base_k, base_n)
    moved = False
    if value is not None and baseline is not None and min(n, base_n) >= th.min_events:
        gap = (value - baseline) if rise else (baseline - value)
        moved = (
            gap * 100 >= th.rate_drop_points
            and p_value is not None
            and p_value < th.rate_drop_p_value
        )
    return RateChange(k, n, base_k, base_n, value, baseline, p_value, moved)


def graded(gap: float, threshold: float) -> Severity:
    """High when the gap is at least twice the rule's threshold, else medium."""
    return Severity.HIGH if gap >= 2 * threshold else Severity.MEDIUM


def qualification_code(stages: StageTable) -> int | None:
    """The 'qualification' stage, else the second open stage; None with fewer than two."""
    if "qualification" in stages.keys:
        return stages.code("qualification")
    codes = stages.open_codes
    return codes[1] if len(codes) > 1 else None


def stage_counts(details: dict[str, Any], key: str) -> tuple[int, int]:
    """(moved forward, exits) at stage ``key`` from ``stage_conversion``'s details."""
    row = next(r for r in details["stages"] if r["stage"] == key)
    return int(row["forward"]), int(row["n"])


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"
