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
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.aliases import ALIASES, normalise
from pilot_tui.core.importers.reading import read_source
from pilot_tui.i18n import _

FIELDS = frozenset(ALIASES)


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


MAPPING_MAX_BYTES = 1024 * 1024
"""A mapping file is a few lines; anything larger is the wrong file."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class UsersTable(_Table):
    create: bool = False


class HistoryTable(_Table):
    entered: dict[str, str] = Field(default_factory=dict)


class MappingFile(_Table):
    """What a mapping file may hold: each key with its type; an unknown key is a mistake."""

    source: str | None = None
    preset: str | None = None
    dates: Literal["month-first", "day-first"] | None = None
    amount_known: Literal["at-close"] | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    columns: dict[str, str] = Field(default_factory=dict)
    stages: dict[str, str] = Field(default_factory=dict)
    owners: dict[str, str] = Field(default_factory=dict)
    users: UsersTable = Field(default_factory=UsersTable)
    history: HistoryTable = Field(default_factory=HistoryTable)
    companions: dict[str, str] = Field(default_factory=dict)
    rates: dict[str, Annotated[Decimal, Field(strict=False, gt=0, allow_inf_nan=False)]] = Field(
        default_factory=dict
    )


def load_mapping(path: Path) -> ImportMapping:
    """Read and check a mapping file; one clear sentence for anything wrong in it (missing,
    unreadable, not a file, not UTF-8, not TOML, or a key of the wrong type)."""
    data = read_source(path, MAPPING_MAX_BYTES)
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(
            _("The mapping file {path} is not UTF-8 text: save it as UTF-8.").format(path=path)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            _("The mapping file {path} is not valid TOML: {error}.").format(path=path, error=exc)
        ) from None
    try:
        given = MappingFile.model_validate(parsed)
    except PydanticValidationError as exc:
        raise ValidationError(_mapping_error(path, exc)) from None
    unknown = set(given.columns) - FIELDS
    if unknown:
        raise ValidationError(
            _("In {path}, [columns] names unknown fields: {fields} (known: {known}).").format(
                path=path, fields=", ".join(sorted(unknown)), known=", ".join(sorted(FIELDS))
            )
        )
    return ImportMapping(
        path=path,
        source=given.source,
        preset=given.preset,
        dates=given.dates,
        currency=given.currency.upper() if given.currency else None,
        amount_known=given.amount_known,
        columns=dict(given.columns),
        stages={normalise(name): key for name, key in given.stages.items() if key},
        stage_names=dict(given.stages),
        owners={name: login for name, login in given.owners.items() if login},
        create_users=given.users.create,
        entered=dict(given.history.entered),
        companions=dict(given.companions),
        rates={code.upper(): rate for code, rate in given.rates.items()},
    )


def _mapping_error(path: Path, exc: PydanticValidationError) -> str:
    """The first problem of a mapping file as one sentence: where, and what is expected."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return _("In {path}, '{key}' is not something a mapping file can set.").format(
            path=path, key=where
        )
    return _("In {path}, {key} is not valid: {reason} (got {value}).").format(
        path=path, key=where, reason=error["msg"].lower(), value=repr(error.get("input"))[:60]
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
