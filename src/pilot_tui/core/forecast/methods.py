"""The three forecast methods, each = won so far + what the rest of the period
should bring, and the blend of them. Money in minor units."""

from dataclasses import dataclass

import numpy as np

from pilot_tui.core.forecast.learning import TimingTable
from pilot_tui.core.forecast.samples import Sample

TIMING, CRM, PACE, BLEND = "timing", "crm", "pace", "blend"
METHODS = (TIMING, CRM, PACE)
"""The methods the backtest compares; the headline is one of them or ``BLEND``."""


@dataclass(frozen=True)
class Projection:
    """Each method's forecast of one period seen on one day."""

    timing: float
    """won + Σ amount × p(won before the end) + the value history says is created and won in
    the rest of the period."""
    crm: float
    """won + Σ amount × the CRM probability over open deals expected to close in the period."""
    pace: float | None
    """won ÷ the elapsed share of working days; None before the first working day."""
    from_open: float
    """The timing method's part from deals open now."""
    new_business: float
    """The timing method's part from deals not created yet."""
    won: float

    def usable(self, method: str) -> bool:
        """Whether ``method`` can lead now: it has a value, and pace needs something won
        (zero won says nothing of the rest of the period)."""
        return self.value(method) is not None and (method != PACE or self.won > 0)

    def value(self, method: str) -> float | None:
        return {TIMING: self.timing, CRM: self.crm, PACE: self.pace}[method]

    def blend(self, weights: dict[str, float]) -> float | None:
        """Σ weight × value over the methods with a value, weights renormalised."""
        known = {m: w for m, w in weights.items() if self.value(m) is not None}
        total = sum(known.values())
        if not total:
            return None
        return sum(w * float(self.value(m) or 0.0) for m, w in known.items()) / total


def project(sample: Sample, table: TimingTable) -> Projection:
    """Every method's forecast of ``sample``'s period, the timing method learnt in ``table``."""
    from_open = float((sample.amount * table.probability(sample)).sum())
    return Projection(
        timing=sample.won + from_open + table.new_business,
        crm=sample.won + float(np.sum(sample.crm)),
        pace=sample.won / sample.elapsed if sample.elapsed > 0 else None,
        from_open=from_open,
        new_business=table.new_business,
        won=sample.won,
    )
