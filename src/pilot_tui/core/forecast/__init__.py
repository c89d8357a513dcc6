"""The period forecast, its backtest, and the AHEAD / ON PACE / BEHIND verdict.

- ``samples``: a period seen at one elapsed point (what was open, what it became);
- ``learning``: p(won before the period ends | what was known), from past periods;
- ``methods``: timing-aware, CRM weighting, pace;
- ``backtest``: replays at today's elapsed point, the headline's choice and range;
- ``report``: ``compute_forecast``; ``verdict`` and ``status``: ``compute_status``.
"""

from pilot_tui.core.forecast.report import (
    BacktestPoint,
    Forecast,
    ForecastReport,
    compute_forecast,
)
from pilot_tui.core.forecast.status import Status, compute_status, status_line, status_why
from pilot_tui.core.forecast.verdict import pipeline_needed, verdict_for
from pilot_tui.core.verdict import Verdict

__all__ = [
    "BacktestPoint",
    "Forecast",
    "ForecastReport",
    "Status",
    "Verdict",
    "compute_forecast",
    "compute_status",
    "pipeline_needed",
    "status_line",
    "status_why",
    "verdict_for",
]
