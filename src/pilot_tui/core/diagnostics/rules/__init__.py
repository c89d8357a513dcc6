"""The twelve rules (``RULE_IDS``), grouped by theme; importing this package registers them."""

from pilot_tui.core.diagnostics.rules import conversion, cycle, discipline, pipeline

__all__ = ["conversion", "cycle", "discipline", "pipeline"]
