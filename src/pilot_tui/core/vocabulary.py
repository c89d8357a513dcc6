"""The fixed names Pilot's commands offer as choices: roles, playbook kinds, export tables and
formats, objective kinds and metrics, the demo's seed, the dashboard's KPI limit.

Standard library only, so that ``pilot --help`` and every subcommand's help build their parser
without loading pandas, pydantic or Textual; the modules that use these names import them from
here.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    """What a user may do: admin (users, stages, imports), manager (the team), rep (their own)."""

    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


class EntryKind(StrEnum):
    """What a playbook entry is for; the order is the order of listings."""

    STAGE_GUIDE = "stage_guide"
    QUALIFICATION = "qualification"
    DISCOVERY = "discovery"
    PITCH = "pitch"
    FOLLOW_UP = "follow_up"
    OBJECTION = "objection"
    RITUAL = "ritual"
    KPI = "kpi"
    RULE = "rule"


ObjectiveKind = Literal["outcome", "means", "quality", "predictive"]
Unit = Literal["money", "count", "share"]


@dataclass(frozen=True)
class MetricSpec:
    kind: ObjectiveKind
    unit: Unit


METRICS: dict[str, MetricSpec] = {
    "won_value": MetricSpec("outcome", "money"),
    "new_opps": MetricSpec("means", "count"),
    "activities": MetricSpec("means", "count"),
    "next_step_coverage": MetricSpec("quality", "share"),
    "pipeline_value": MetricSpec("predictive", "money"),
}
"""The metrics an objective can target → their kind and unit (money is minor units)."""
OBJECTIVE_KINDS = ("outcome", "means", "quality", "predictive")

EXPORT_TABLES = ("deals", "activities", "stage-changes", "audit")
"""What ``pilot export`` can write, by name (``core.store.exports.QUERIES`` holds their SQL)."""
EXPORT_FORMATS = ("csv", "json")

MAX_KPIS = 7
"""The most KPIs a dashboard selection holds."""
DEMO_SEED = 2026
"""The seed of the default demo database."""
