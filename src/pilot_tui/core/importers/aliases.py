"""Header aliases: which column of an export holds which deal field.

Headers are compared normalised (case, accents, spaces and punctuation ignored), with a leading
"Deal"/"Opportunity" optional, so that API names (``StageName``), labels (``Stage Name``), upper
case (``STAGE``) and Pipedrive's ``Deal - Stage`` all match.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence

ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("externalid", "id", "recordid", "opportunityid", "dealid", "opportunity18id"),
    "name": ("name", "opportunityname", "dealname", "title"),
    "account": (
        "accountname",
        "account",
        "associatedcompany",
        "associatedcompanyprimary",
        "company",
        "companyname",
        "organization",
        "organisation",
        "organizationname",
        "client",
    ),
    "account_id": ("accountid",),
    "owner": (
        "owner",
        "ownername",
        "opportunityowner",
        "dealowner",
        "ownerid",
        "salesagent",
        "salesrep",
        "rep",
        "assignedto",
    ),
    "amount": ("amountminor", "amount", "value", "dealvalue", "closevalue", "dealamount"),
    "currency": ("currency", "currencyisocode", "currencyofvalue", "opportunitycurrency"),
    "stage": ("stage", "stagename", "dealstage"),
    "probability": ("probability", "dealprobability", "winprobability"),
    "forecast_category": ("forecastcategory", "forecastcategoryname"),
    "created_on": (
        "createddate",
        "createdate",
        "created",
        "createdon",
        "dealcreated",
        "creationdate",
        "addtime",
    ),
    "expected_close": ("expectedclosedate", "closedate", "expectedclose", "closingdate"),
    "closed_on": (
        "closedon",
        "dealclosedon",
        "closetime",
        "wontime",
        "losttime",
        "actualclosedate",
    ),
    "next_step": ("nextstep",),
    "lost_reason": ("lostreason", "closedlostreason", "reasonlost"),
    "segment": ("segment",),
    "offer": ("product", "offer"),
    "is_won": ("iswon", "isclosedwon", "won"),
    "is_closed": ("isclosed", "closed"),
    "status": ("status",),
    "stage_since": ("laststagechange", "laststagechangedate", "stagechangedate"),
    "pipeline": ("pipeline",),
}
"""Pilot field → normalised header names, in order of preference."""

FRENCH: dict[str, tuple[str, ...]] = {
    "external_id": ("reference", "identifiant"),
    "name": ("nom", "intitule", "affaire", "opportunite"),
    "account": ("compte", "entreprise", "societe"),
    "owner": ("proprietaire", "commercial", "responsable"),
    "amount": ("montant", "valeur"),
    "currency": ("devise",),
    "stage": ("etape", "phase"),
    "probability": ("probabilite",),
    "created_on": ("datedecreation", "creele"),
    "expected_close": ("datedecloture", "datedeclotureprevue", "clotureprevue"),
    "closed_on": ("clotureele", "datedeclotureeffective"),
    "next_step": ("prochaineetape",),
    "lost_reason": ("motifdeperte", "raisondeperte"),
    "offer": ("produit", "offre"),
    "status": ("statut",),
}
"""French labels, for exports from a CRM or a sheet set up in French (accents are dropped)."""
for _field, _names in FRENCH.items():
    ALIASES[_field] = ALIASES[_field] + _names

_PREFIXES = ("deal", "opportunity")


def normalise(header: str) -> str:
    """'Deal - Stage Name' → 'dealstagename': case, accents, spaces and punctuation dropped."""
    folded = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _keys(header: str) -> list[str]:
    key = normalise(header)
    keys = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix) :])
    return keys


def match_columns(
    headers: Sequence[str], explicit: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """Pilot field → the headers that hold it, best first.

    ``explicit`` (from a mapping file) wins over aliases; a header is used for one field only.
    """
    found: dict[str, list[str]] = {}
    used: set[str] = set()
    by_key: dict[str, list[str]] = {}
    for header in headers:
        for key in _keys(header):
            by_key.setdefault(key, []).append(header)
    for field, header in (explicit or {}).items():
        found[field] = [header]
        used.add(header)
    for field, aliases in ALIASES.items():
        if field in found:
            continue
        columns = [h for alias in aliases for h in by_key.get(alias, []) if h not in used]
        if columns:
            unique = list(dict.fromkeys(columns))
            found[field] = unique
            used.update(unique)
    return found


def header_keys(headers: Sequence[str]) -> set[str]:
    """Every normalised key of ``headers`` (with and without a Deal/Opportunity prefix)."""
    return {key for header in headers for key in _keys(header)}
