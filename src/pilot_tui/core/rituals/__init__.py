"""Rituals: the five guided meetings (definitions), the run engine, and their minutes."""

from pilot_tui.core.rituals.definitions import CLOSE_LOOP, RITUALS, Ritual, Step, get_ritual
from pilot_tui.core.rituals.launch import list_runs, open_run, start_run
from pilot_tui.core.rituals.minutes import LoopSummary
from pilot_tui.core.rituals.run import RitualRun
from pilot_tui.core.rituals.snapshot import ritual_snapshot
from pilot_tui.core.rituals.state import LoopItem, RunItem, RunState

__all__ = [
    "CLOSE_LOOP",
    "RITUALS",
    "LoopItem",
    "LoopSummary",
    "Ritual",
    "RitualRun",
    "RunItem",
    "RunState",
    "Step",
    "get_ritual",
    "open_run",
    "ritual_snapshot",
    "start_run",
    "list_runs",
]
