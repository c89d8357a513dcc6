"""KPIs: the catalog, pure computations on frames, and the snapshot that the app, the CLI and
the reports all read.

Public entry point: ``compute_snapshot(store, scope, period, today) -> KpiSnapshot``.
"""

from datetime import date

from pilot_tui.core.metrics.cache import clear_cache, frames_for
from pilot_tui.core.metrics.catalog import BY_ID, CATALOG, DEFAULT_DASHBOARD, KpiDefinition
from pilot_tui.core.metrics.snapshot import (
    KpiSnapshot,
    KpiValue,
    PeriodInfo,
    resolve,
    snapshot_from_frames,
)
from pilot_tui.core.metrics.state import Scope, parse_scope
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store


def compute_snapshot(
    store: Store,
    scope: Scope | str | None = None,
    period: Period | str | None = None,
    today: date | None = None,
) -> KpiSnapshot:
    """Every KPI of the catalog for ``scope`` (default the team) over ``period`` (default the
    month of ``today``), as of ``today`` (default ``clock.today()``), beside the previous
    period. Frames are cached per database and refreshed incrementally after small edits.
    Raises ``ValidationError`` for a bad scope or period text."""
    scope, period, day = resolve(scope, period, today)
    return snapshot_from_frames(frames_for(store), scope, period, day)


__all__ = [
    "BY_ID",
    "CATALOG",
    "DEFAULT_DASHBOARD",
    "KpiDefinition",
    "KpiSnapshot",
    "KpiValue",
    "PeriodInfo",
    "Scope",
    "clear_cache",
    "compute_snapshot",
    "frames_for",
    "parse_scope",
    "snapshot_from_frames",
]
