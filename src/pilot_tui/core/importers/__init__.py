"""Importing CRM exports (Salesforce, HubSpot, Pipedrive, any CSV with a mapping).

Entry points: ``prepare_import`` (read, recognise, check, plan — writes nothing to the
database) and ``apply_import`` (one transaction per file).
"""

from pilot_tui.core.importers.mapping import ImportMapping, load_mapping
from pilot_tui.core.importers.run import (
    BadRowsError,
    ImportOptions,
    ImportPlan,
    MappingNeededError,
    apply_import,
    prepare_import,
)

__all__ = [
    "BadRowsError",
    "ImportMapping",
    "ImportOptions",
    "ImportPlan",
    "MappingNeededError",
    "apply_import",
    "load_mapping",
    "prepare_import",
]
