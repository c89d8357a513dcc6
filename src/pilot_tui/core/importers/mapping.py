"""The TOML mapping file: columns, stages, owners, history columns and companion files.

Format (every table optional)::

    source = "maven"            # deals.source: the upsert key is (source, external id)
    preset = "generic"          # salesforce | hubspot | pipedrive | generic
    dates = "month-first"       # how to read ambiguous dates: month-first | day-first
    currency = "USD"            # currency of amounts when the file has no currency column
    amount_known = "at-close"   # the amount is a closing value: unknown before the close day

    [columns]                   # Pilot field = header, or a template over headers
    external_id = "opportunity_id"
    name = "{product} – {account}"

    [stages]                    # stage as written in the file = Pilot stage key
    "Engaging" = "qualification"

    [owners]                    # owner as written in the file = Pilot login
    "Moses Frase" = "moses.frase"

    [users]
    create = true               # as --create-users: unknown owners become inactive reps

    [history.entered]           # Pilot stage = column holding the day the deal entered it
    qualification = "engage_date"

    [companions]                # files looked up next to the imported file
    teams = "sales_teams.csv"   # rep → manager
    accounts = "accounts.csv"   # account → sector

    [rates]                     # reporting-currency units per unit of another currency
    USD = 0.92
"""

import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.aliases import ALIASES, normalise
from pilot_tui.i18n import _

FIELDS = frozenset(ALIASES)
ORDERS = ("month-first", "day-first")
AMOUNT_KNOWN = ("at-close",)


@dataclass
class ImportMapping:
    """A parsed mapping file (or the empty one when none is given)."""

    path: Path | None = None
    source: str | None = None
    preset: str | None = None
    dates: str | None = None
    currency: str | None = None
    amount_known: str | None = None
    """"at-close": a closed deal's amount became known on its close day; None: when the
    amount became known is not told (it is taken as known from the deal's creation)."""
    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    """Normalised stage name → Pilot stage key."""
    stage_names: dict[str, str] = field(default_factory=dict)
    """Stage name as written in the file → Pilot stage key (for writing a proposal back)."""
    owners: dict[str, str] = field(default_factory=dict)
    create_users: bool = False
    entered: dict[str, str] = field(default_factory=dict)
    companions: dict[str, str] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValidationError(_("In {path}, [{key}] must be a table.").format(path=path, key=key))
    return value


def _strings(data: dict[str, Any], key: str, path: Path) -> dict[str, str]:
    table = _table(data, key, path)
    for name, value in table.items():
        if not isinstance(value, str):
            raise ValidationError(
                _('In {path}, [{key}] "{name}" must be text.').format(path=path, key=key, name=name)
            )
    return dict(table)


def load_mapping(path: Path) -> ImportMapping:
    """Read and check a mapping file; one clear sentence for anything wrong in it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(
            _("The mapping file {path} does not exist.").format(path=path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            _("The mapping file {path} is not valid TOML: {error}.").format(path=path, error=exc)
        ) from None
    columns = _strings(data, "columns", path)
    unknown = set(columns) - FIELDS
    if unknown:
        raise ValidationError(
            _("In {path}, [columns] names unknown fields: {fields} (known: {known}).").format(
                path=path, fields=", ".join(sorted(unknown)), known=", ".join(sorted(FIELDS))
            )
        )
    dates = data.get("dates")
    if dates is not None and dates not in ORDERS:
        raise ValidationError(
            _('In {path}, dates must be "month-first" or "day-first".').format(path=path)
        )
    amount_known = data.get("amount_known")
    if amount_known is not None and amount_known not in AMOUNT_KNOWN:
        raise ValidationError(_('In {path}, amount_known must be "at-close".').format(path=path))
    stage_names = _strings(data, "stages", path)
    history = _table(data, "history", path)
    rates: dict[str, Decimal] = {}
    for code, rate in _table(data, "rates", path).items():
        try:
            rates[code.upper()] = Decimal(str(rate))
        except InvalidOperation:
            raise ValidationError(
                _("In {path}, the rate for {code} is not a number.").format(path=path, code=code)
            ) from None
    users = _table(data, "users", path)
    return ImportMapping(
        path=path,
        source=data.get("source"),
        preset=data.get("preset"),
        dates=dates,
        currency=(data.get("currency") or "").upper() or None,
        amount_known=amount_known,
        columns=columns,
        stages={normalise(name): key for name, key in stage_names.items() if key},
        stage_names=stage_names,
        owners={name: login for name, login in _strings(data, "owners", path).items() if login},
        create_users=bool(users.get("create", False)),
        entered=_strings(history, "entered", path),
        companions=_strings(data, "companions", path),
        rates=rates,
    )


def proposal_text(
    mapping: ImportMapping,
    *,
    source_file: Path,
    missing_stages: list[str],
    unknown_owners: list[str],
    stage_keys: list[str],
) -> str:
    """A mapping file to edit: what ``mapping`` had, plus the missing stages and owners."""
    q = json.dumps  # a JSON string is a valid TOML basic string
    lines = [
        f"# Proposed mapping for {source_file.name}: fill in the empty values, then run",
        f"#   pilot import {source_file} --mapping THIS_FILE",
        f"# Pilot stages: {', '.join(stage_keys)}",
    ]
    for key in ("source", "preset", "dates", "currency", "amount_known"):
        value = getattr(mapping, key)
        if value:
            lines.append(f"{key} = {q(value)}")
    if mapping.columns:
        lines += ["", "[columns]"] + [f"{k} = {q(v)}" for k, v in mapping.columns.items()]
    lines += ["", "[stages]"]
    lines += [f"{q(name)} = {q(key)}" for name, key in mapping.stage_names.items() if key]
    lines += [f'{q(name)} = ""  # missing: which Pilot stage?' for name in missing_stages]
    lines += ["", "[owners]"]
    lines += [f"{q(name)} = {q(login)}" for name, login in mapping.owners.items()]
    lines += [
        f'{q(name)} = ""  # unknown: a Pilot login, or run with --create-users'
        for name in unknown_owners
    ]
    lines += ["", "[users]", f"create = {'true' if mapping.create_users else 'false'}"]
    if mapping.entered:
        lines += ["", "[history.entered]"] + [f"{k} = {q(v)}" for k, v in mapping.entered.items()]
    if mapping.companions:
        lines += ["", "[companions]"] + [f"{k} = {q(v)}" for k, v in mapping.companions.items()]
    if mapping.rates:
        lines += ["", "[rates]"] + [f"{k} = {v}" for k, v in mapping.rates.items()]
    return "\n".join(lines) + "\n"
