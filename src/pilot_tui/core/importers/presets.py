"""What each CRM's export looks like: how to recognise it and its default stage names.

A preset maps its CRM's default pipeline stages (every common spelling, compared normalised) to
Pilot's stages; a mapping file adds or overrides stages for customised pipelines.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pilot_tui.core.importers.aliases import header_keys, match_columns, normalise


class FileKind(StrEnum):
    """What one file holds."""

    DEALS = "deals"
    HISTORY = "history"
    """Salesforce OpportunityHistory: one row per change of an opportunity."""
    ACCOUNTS = "accounts"
    TEAMS = "teams"
    """Rep → manager (Maven's sales_teams.csv)."""
    USERS = "users"
    """CRM users (a Salesforce User export): owner id → name."""


PILOT_STAGES = {
    "prospecting": "prospecting",
    "lead": "prospecting",
    "new": "prospecting",
    "qualification": "qualification",
    "qualified": "qualification",
    "discovery": "discovery",
    "proposal": "proposal",
    "negotiation": "negotiation",
    "won": "won",
    "closedwon": "won",
    "win": "won",
    "lost": "lost",
    "closedlost": "lost",
    # French
    "prospection": "prospecting",
    "decouverte": "discovery",
    "proposition": "proposal",
    "negociation": "negotiation",
    "gagne": "won",
    "gagnee": "won",
    "perdu": "lost",
    "perdue": "lost",
}
"""Pilot's own stage keys and the plainest synonyms (the generic preset)."""

SALESFORCE_STAGES = {
    **PILOT_STAGES,
    "needsanalysis": "discovery",
    "valueproposition": "discovery",
    "iddecisionmakers": "proposal",
    "perceptionanalysis": "proposal",
    "proposalpricequote": "proposal",
    "negotiationreview": "negotiation",
}
HUBSPOT_STAGES = {
    **PILOT_STAGES,
    "appointmentscheduled": "prospecting",
    "qualifiedtobuy": "qualification",
    "presentationscheduled": "discovery",
    "decisionmakerboughtin": "proposal",
    "contractsent": "negotiation",
}
PIPEDRIVE_STAGES = {
    **PILOT_STAGES,
    "leadin": "prospecting",
    "contactmade": "qualification",
    "needsdefined": "discovery",
    "demoscheduled": "discovery",
    "proposalmade": "proposal",
    "negotiationsstarted": "negotiation",
}

DATE_ENTERED = re.compile(
    r'^date entered\s+"?(?P<stage>.+?)(?:\s+\((?P<pipeline>[^()]*)\))?"?$', re.IGNORECASE
)
"""HubSpot's `Date entered "Contract Sent (Sales Pipeline)"` columns."""


@dataclass(frozen=True)
class Preset:
    key: str
    source: str
    """The ``deals.source`` of what it imports (the upsert key is source + external id)."""
    label: str
    stages: dict[str, str] = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    "salesforce": Preset("salesforce", "salesforce", "Salesforce", SALESFORCE_STAGES),
    "hubspot": Preset("hubspot", "hubspot", "HubSpot", HUBSPOT_STAGES),
    "pipedrive": Preset("pipedrive", "pipedrive", "Pipedrive", PIPEDRIVE_STAGES),
    "generic": Preset("generic", "csv", "generic CSV", PILOT_STAGES),
}


def recognise(headers: Sequence[str], preset: str | None = None) -> tuple[str, FileKind] | None:
    """The preset and kind of file these headers belong to, or ``None`` for an unknown shape.

    ``preset`` (from ``--preset`` or the mapping) is trusted for deal files; companion files
    (history, accounts, teams) are still told apart by their columns.
    """
    keys = header_keys(headers)
    stage_like = bool(keys & {"stage", "stagename", "dealstage"})
    if {"opportunityid", "stagename", "createddate"} <= keys and not keys & {
        "name",
        "opportunityname",
    }:
        return "salesforce", FileKind.HISTORY
    if {"id", "name"} <= keys and keys & {"username", "email", "alias"} and not stage_like:
        return "salesforce", FileKind.USERS
    if {"salesagent", "manager"} <= keys:
        return preset or "generic", FileKind.TEAMS
    if (
        not stage_like
        and keys & {"name", "account", "accountname"}
        and keys & {"industry", "sector"}
    ):
        return ("salesforce" if "industry" in keys else preset or "generic"), FileKind.ACCOUNTS
    if preset:
        return preset, FileKind.DEALS
    if "stagename" in keys or "opportunityname" in keys or "opportunityowner" in keys:
        return "salesforce", FileKind.DEALS
    if any(DATE_ENTERED.match(h) for h in headers) or ("recordid" in keys and stage_like):
        return "hubspot", FileKind.DEALS
    if any(h.startswith("Deal - ") for h in headers) or (
        {"title", "stage", "status"} <= keys and keys & {"wontime", "losttime", "dealcreated"}
    ):
        return "pipedrive", FileKind.DEALS
    columns = match_columns(headers)
    if "external_id" in columns and "stage" in columns:
        return "generic", FileKind.DEALS
    return None


def stage_key(stage_map: dict[str, str], raw: str) -> str | None:
    """Pilot's stage for a CRM stage name, compared normalised; ``None`` when unmapped."""
    return stage_map.get(normalise(raw))
