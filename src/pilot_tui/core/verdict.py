"""The verdict and its banner's content, apart from the engine that computes them.

Standard library only: the app paints a remembered verdict on its first frame, before the KPI
engine (pandas) or pydantic is imported.
"""

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    AHEAD = "AHEAD"
    ON_PACE = "ON PACE"
    BEHIND = "BEHIND"
    NO_TARGET = "NO TARGET"


@dataclass(frozen=True)
class VerdictView:
    """The banner: the verdict and one line of why (won vs expected by today, the forecast
    with its range, pipeline needed, and data quality — the hygiene score)."""

    verdict: Verdict
    why: str
    context: str = ""
    """A second, quieter line: on a rep's view, their progress vs last period and the team's
    verdict, so a rep reads their own progress first and the team's for context."""
