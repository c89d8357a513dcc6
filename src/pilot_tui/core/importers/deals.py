"""Turning the rows of a deal export into deal records ready to plan against the database."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from typing import Any

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.aliases import match_columns, normalise
from pilot_tui.core.importers.columns import Columns, days, first_present, instants
from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.presets import DATE_ENTERED, PRESETS, stage_key
from pilot_tui.core.importers.reading import BadRow, RawTable
from pilot_tui.core.importers.values import (
    CellError,
    NumberFormat,
    currency_in,
    decide_number_format,
    parse_bool,
    parse_decimal,
    to_minor,
    to_probability,
)
from pilot_tui.i18n import _

CLOSED = frozenset({"won", "lost"})
MIDNIGHT = "T00:00:00Z"
"""A day known without its time is taken at 00:00 UTC."""
TEXT_FIELDS = ("account", "next_step", "lost_reason", "segment", "offer", "forecast_category")
FORECAST_CATEGORIES = {
    "pipeline": "pipeline",
    "bestcase": "best_case",
    "commit": "commit",
    "omitted": "omitted",
    "notforecasted": "omitted",
}
"""CRM forecast categories → Pilot's; others (Salesforce's 'Closed') are left empty."""


@dataclass
class DealRecord:
    """One deal as the file states it: Pilot columns plus the stage history it reveals."""

    line: int
    external_id: str
    owner: str | None
    """The owner as written in the file (a name, a login or a CRM user id)."""
    values: dict[str, Any]
    entered: list[tuple[str, str]] = field(default_factory=list)
    """(ISO UTC instant, Pilot stage) the deal entered, in time order, as far as the file
    tells: date-entered columns and the close date; empty when it tells nothing."""


@dataclass
class DealFile:
    table: RawTable
    preset: str
    source: str
    records: list[DealRecord]
    provided: set[str]
    """Pilot columns this file states (the others are left as they are on update)."""
    bad: list[BadRow]
    decisions: list[str]
    notes: list[str]
    missing_stages: Counter[str]
    deleted: int = 0
    owners: set[str] = field(default_factory=set)
    """Every owner named in the file, also on rows held back by a missing stage."""


def read_deals(
    table: RawTable,
    *,
    preset: str,
    mapping: ImportMapping,
    currency: str,
    account_names: dict[str, str],
    today: str,
) -> DealFile:
    """Read every row of a deal export; rows with an unreadable cell become bad rows.

    A deal without any date is dated ``today`` (ISO day). ``currency`` is the database's
    reporting currency: amounts in another currency are
    converted with the mapping's rate, or the row is bad. ``account_names`` maps CRM account ids
    to names (from an account file imported in the same run).
    """
    explicit = {k: v for k, v in mapping.columns.items() if "{" not in v}
    templates = {k: v for k, v in mapping.columns.items() if "{" in v}
    found = match_columns(table.headers, explicit)
    missing_headers = [h for h in explicit.values() if h not in table.headers]
    if missing_headers:
        raise ValidationError(
            _("{name} has no column {columns} named in the mapping.").format(
                name=table.path.name, columns=", ".join(repr(h) for h in missing_headers)
            )
        )
    for needed, hint in (("external_id", _("an id")), ("stage", _("a stage"))):
        if (
            needed not in found
            and needed not in templates
            and not (needed == "stage" and "status" in found)
        ):
            raise ValidationError(
                _(
                    "{name} has no column holding {what} of each deal (its columns: {columns}); "
                    "add it to the export (Salesforce: Opportunity ID), or name it under "
                    "[columns] in a mapping."
                ).format(name=table.path.name, what=hint, columns=", ".join(table.headers[:8]))
            )
    col = Columns(table, prefer_day_first=mapping.dates == "day-first")
    stage_map = {**PRESETS[preset].stages, **mapping.stages}
    # Stage names repeat on every row: normalise each spelling once.
    lookup = cache(partial(stage_key, stage_map))
    notes: list[str] = []

    def first(name: str) -> str | None:
        return found.get(name, [None])[0]

    def text(name: str) -> list[str | None]:
        return col.template(templates[name]) if name in templates else col.text(first(name))

    col.settle_date_order(
        [first(f) for f in ("created_on", "expected_close", "closed_on")]
        + list(mapping.entered.values()),
        explicit=mapping.dates is not None,
    )
    ids = text("external_id")
    names = text("name")
    owners = text("owner")
    raw_stages = col.text(first("stage"))
    created = days(col.dates(first("created_on")))
    expected = days(col.dates(first("expected_close")))
    closed_cols = [days(col.dates(h)) for h in found.get("closed_on", [])]
    closed_on = first_present(*closed_cols) if closed_cols else [None] * len(col)
    entered_cols, unknown_entered = _entered_columns(table.headers, mapping, stage_map)
    entered = {stage: instants(col.dates(header)) for header, stage in entered_cols}
    stage_since = instants(col.dates(first("stage_since")))
    amount_header = first("amount")
    fmt = decide_number_format([c for c in col.text(amount_header) if c])
    if amount_header and fmt.decimal == ",":
        col.decisions.append(_("{column}: decimal comma").format(column=amount_header))
    # Pilot's own export states money in minor units (cents).
    in_minor_units = amount_header is not None and normalise(amount_header) == "amountminor"
    amounts = col.typed(amount_header, partial(_amount, fmt))
    symbols = [currency_in(c) if c else None for c in col.text(amount_header)]
    currencies = first_present(col.text(first("currency")), symbols, [mapping.currency] * len(col))
    probabilities = col.typed(
        first("probability"), lambda c: to_probability(_decimal(c, NumberFormat(fmt.decimal)))
    )
    won_flags = col.typed(first("is_won"), parse_bool)
    closed_flags = col.typed(first("is_closed"), parse_bool)
    statuses = col.text(first("status"))
    texts = {name: text(name) for name in TEXT_FIELDS}
    texts["forecast_category"] = [
        FORECAST_CATEGORIES.get(normalise(c)) if c else None for c in texts["forecast_category"]
    ]
    if "account_id" in found and "account" not in found:
        ids_of_accounts = col.text(first("account_id"))
        texts["account"] = [account_names.get(a, a) if a else None for a in ids_of_accounts]
    notes += _notes(
        set(found) | set(templates),
        [h for h, _s in entered_cols],
        bool(account_names),
        col.text(first("pipeline")),
    )
    latest = max(
        (d[:10] for column in (expected, closed_on, *entered.values()) for d in column if d),
        default=None,
    )
    missing_stages: Counter[str] = Counter(unknown_entered)
    seen: dict[str, int] = {}
    records: list[DealRecord] = []
    deleted = 0
    for i in range(len(col)):
        if i in col.errors:
            continue
        line = table.lines[i]
        ext = ids[i]
        if ext is None:
            col.bad(i, first("external_id"), _("the row has no id."))
            continue
        if ext in seen:
            col.bad(
                i,
                first("external_id"),
                _("id {id} appears again (first on line {line}).").format(id=ext, line=seen[ext]),
            )
            continue
        seen[ext] = line
        status = (statuses[i] or "").lower()
        if status == "deleted":
            deleted += 1
            continue
        stage = _final_stage(raw_stages[i], lookup, won_flags[i], closed_flags[i], status)
        if stage is None:
            if raw_stages[i] is None:
                col.bad(i, first("stage"), _("the row has no stage."))
            else:
                missing_stages[raw_stages[i] or ""] += 1
            continue
        row_currency = (currencies[i] or currency).upper()
        amount = amounts[i]
        amount_minor = None
        if amount is not None:
            if row_currency != currency and row_currency not in mapping.rates:
                col.bad(
                    i,
                    amount_header,
                    _(
                        "the amount is in {code}, the database reports in {base}: give a rate "
                        "in the mapping ([rates] {code} = …)."
                    ).format(code=row_currency, base=currency),
                )
                continue
            if in_minor_units:
                amount /= 100
            amount_minor = to_minor(amount, mapping.rates.get(row_currency, Decimal(1)))
        chain: list[tuple[str, str]] = sorted(
            (at, s) for s, column in entered.items() if (at := column[i]) is not None
        )
        closed_day = (closed_on[i] or expected[i]) if stage in CLOSED else None
        # When the deal entered its current stage: a "last stage change" column, else for a
        # closed deal its close day.
        since = stage_since[i] or (f"{closed_day}{MIDNIGHT}" if closed_day else None)
        if since and (not chain or chain[-1][1] != stage):
            chain.append((since, stage))
        created_on = created[i] or (chain[0][0][:10] if chain else None) or latest or today
        values: dict[str, Any] = {
            "name": names[i] or ext,
            "amount_minor": amount_minor,
            "currency": currency,
            "stage": stage,
            "probability": probabilities[i],
            "created_on": created_on,
            "expected_close": expected[i],
            "closed_on": closed_day,
            **{name: texts[name][i] for name in TEXT_FIELDS},
        }
        records.append(DealRecord(line, ext, owners[i], values, chain))
    stated = set(found) | set(templates)
    provided = {"name", "stage", "closed_on", "currency", "created_on"}
    provided |= {f for f in ("probability", "expected_close", *TEXT_FIELDS) if f in stated}
    if "amount" in stated:
        provided.add("amount_minor")
    if "account_id" in stated:
        provided.add("account")
    return DealFile(
        table,
        preset,
        mapping.source or PRESETS[preset].source,
        records,
        provided,
        table.bad + [col.errors[k] for k in sorted(col.errors)],
        col.decisions,
        notes,
        missing_stages,
        deleted,
        {o for o in owners if o},
    )


def _notes(
    stated: set[str],
    entered_headers: list[str],
    have_account_names: bool,
    pipelines: list[str | None],
) -> list[str]:
    """What the file cannot tell, said plainly."""
    notes: list[str] = []
    if "account_id" in stated and "account" not in stated and not have_account_names:
        notes.append(
            _(
                "Accounts are given as CRM ids: add the account export to the command "
                "line to get their names."
            )
        )
    if "owner" not in stated:
        notes.append(_("No owner column: the deals are given to the person importing."))
    if "created_on" not in stated:
        notes.append(
            _(
                "No creation date: a deal is dated by the earliest day the file gives "
                "for it, else by the file's latest day."
            )
        )
    if entered_headers:
        notes.append(
            _(
                "Stage history comes from {columns} and the close date; other stages a "
                "deal went through, and when, cannot be known."
            ).format(columns=", ".join(entered_headers))
        )
    else:
        notes.append(
            _(
                "No stage history in this file: a new deal is recorded as entering its "
                "stage on its creation day (a closed deal on its close day), unless a "
                "history file comes with it; later imports record the changes they "
                "see."
            )
        )
    if "expected_close" not in stated:
        notes.append(
            _(
                "No expected close date: open deals get none, so coverage and "
                "slippage cannot count them."
            )
        )
    if "lost_reason" not in stated:
        notes.append(_("No lost reason: why lost deals were lost is unknown."))
    names = sorted({p for p in pipelines if p})
    if len(names) > 1:
        notes.append(
            _(
                "Deals of {n} pipelines ({names}) are imported together; their stages "
                "are mapped by name."
            ).format(n=len(names), names=", ".join(names))
        )
    return notes


def _amount(fmt: NumberFormat, cell: str) -> Decimal:
    value = _decimal(cell, fmt)
    if value < 0:
        raise CellError(_("{value} is negative; a deal amount cannot be.").format(value=value))
    return value


def _decimal(cell: str, fmt: NumberFormat) -> Decimal:
    value = parse_decimal(cell, fmt)
    assert value is not None
    return value


def _final_stage(
    raw: str | None,
    lookup: Callable[[str], str | None],
    won: bool | None,
    closed: bool | None,
    status: str,
) -> str | None:
    """Pilot's stage: a closed status (IsWon/IsClosed, Pipedrive's won/lost) decides over the
    stage name."""
    if won or status == "won":
        return "won"
    if closed or status == "lost":
        return "lost"
    return lookup(raw) if raw else None


def _entered_columns(
    headers: list[str], mapping: ImportMapping, stage_map: dict[str, str]
) -> tuple[list[tuple[str, str]], list[str]]:
    """(header, Pilot stage) of columns holding the day a deal entered a stage: the mapping's
    ``[history.entered]`` and HubSpot's `Date entered "<stage> (<pipeline>)"`; and the stage
    names of such columns that no mapping knows."""
    pairs = [(header, stage) for stage, header in mapping.entered.items() if header in headers]
    unknown: list[str] = []
    for header in headers:
        match = DATE_ENTERED.match(header)
        if match:
            stage = stage_key(stage_map, match.group("stage"))
            if stage:
                pairs.append((header, stage))
            else:
                unknown.append(match.group("stage"))
    return pairs, unknown
