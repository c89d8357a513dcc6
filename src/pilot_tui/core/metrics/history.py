"""A KPI's value over the last periods: the sparklines of the dashboard cards."""

from datetime import date

from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.catalog import COMPUTE
from pilot_tui.core.metrics.snapshot import make_window, resolve
from pilot_tui.core.metrics.state import Scope, scoped
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store


def kpi_history(
    store: Store,
    kpi_ids: tuple[str, ...],
    scope: Scope | str | None = None,
    period: Period | str | None = None,
    today: date | None = None,
    *,
    periods: int = 8,
) -> dict[str, list[float | None]]:
    """For each KPI, its value in the ``periods`` periods ending with ``period``, oldest first.

    Each past period is seen on its last day, exactly as the snapshot's previous period is, so
    the last point of a series equals the snapshot's value. ``None`` marks a period with nothing
    to measure or too few events.
    """
    scope, period, day = resolve(scope, period, today)
    frames = frames_for(store)
    within = scoped(frames, scope)
    chain = [period]
    while len(chain) < periods:
        chain.insert(0, chain[0].previous())
    series: dict[str, list[float | None]] = {kpi: [] for kpi in kpi_ids}
    for each in chain:
        window = make_window(frames, scope, each, day, within=within)
        for kpi in kpi_ids:
            measure = COMPUTE[kpi](window)
            series[kpi].append(None if measure.too_few else measure.value)
    return series
