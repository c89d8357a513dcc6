"""Turning the rows of a deal export into deal records ready to plan against the database."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from typing import Any

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.aliases import match_columns
from pilot_tui.core.importers.columns import Columns
from pilot_tui.core.importers.deal_columns import TEXT_FIELDS, read_cells
from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.presets import DATE_ENTERED, PRESETS, stage_key
from pilot_tui.core.importers.reading import BadRow, RawTable
from pilot_tui.core.importers.values import (
    to_minor,
)
from pilot_tui.i18n import _

CLOSED = frozenset({"won", "lost"})
MIDNIGHT = "T00:00:00Z"
"""A day known without its time is taken at 00:00 UTC."""


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
    created_known: bool = True
    """False when the file gives no day at all for the deal and its creation day is a
    stand-in (the file's latest day): a later import then leaves the stored day alone, and
    time-based figures leave the deal out."""
    amount_known_at: str | None = None
    """ISO UTC instant the amount became known, when the file tells (a closing value: the
    close day); None: known as long as the deal is."""


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
    owner_names: dict[str, str] | None = None,
) -> DealFile:
    """Read every row of a deal export; rows with an unreadable cell become bad rows.

    A deal without any date is known from the file's latest day, else ``today`` (ISO day),
    and flagged ``created_known`` = 0: its creation day is unknown. ``currency`` is the database's
    reporting currency: amounts in another currency are converted with the mapping's rate, or
    the row is bad. ``account_names`` maps CRM account ids to names (from an account file
    imported in the same run); ``owner_names`` maps CRM user ids to names (from a user file).
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
    entered_cols, unknown_entered = _entered_columns(table.headers, mapping, stage_map)
    cells = read_cells(
        col, found, templates, mapping, entered_cols, account_names, owner_names or {}
    )
    first = cells.first
    ids, owners, raw_stages = cells.ids, cells.owners, cells.raw_stages
    amounts, currencies, amount_header = cells.amounts, cells.currencies, cells.amount_header
    expected, closed_on, entered = cells.expected, cells.closed_on, cells.entered
    notes = _notes(
        set(found) | set(templates),
        [h for h, _s in entered_cols],
        bool(account_names),
        col.text(first("pipeline")),
        mapping.amount_known,
    )
    latest = max(
        (d[:10] for column in (expected, closed_on, *entered.values()) for d in column if d),
        default=None,
    )
    at_close = mapping.amount_known == "at-close"
    lost_zero = 0
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
        status = (cells.statuses[i] or "").lower()
        if status == "deleted":
            deleted += 1
            continue
        stage = _final_stage(raw_stages[i], lookup, cells.won[i], cells.closed[i], status)
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
            if cells.in_minor_units:
                amount /= 100
            amount_minor = to_minor(amount, mapping.rates.get(row_currency, Decimal(1)))
        chain: list[tuple[str, str]] = sorted(
            (at, s) for s, column in entered.items() if (at := column[i]) is not None
        )
        closed_day = (closed_on[i] or expected[i]) if stage in CLOSED else None
        # When the deal entered its current stage: a "last stage change" column, else for a
        # closed deal its close day.
        since = cells.stage_since[i] or (f"{closed_day}{MIDNIGHT}" if closed_day else None)
        if since and (not chain or chain[-1][1] != stage):
            chain = sorted([*chain, (since, stage)])
        known_day = cells.created[i] or (chain[0][0][:10] if chain else None)
        if stage == "lost" and amount_minor == 0:
            # A lost deal's 0 says nothing of its size (the value it would have closed at).
            amount_minor, lost_zero = None, lost_zero + 1
        values: dict[str, Any] = {
            "name": cells.names[i] or ext,
            "amount_minor": amount_minor,
            "currency": currency,
            "stage": stage,
            "probability": cells.probabilities[i],
            # Without any day, the deal is known from the file's latest day (or today's
            # import), flagged so that no figure takes that day for its creation.
            "created_on": known_day or latest or today,
            "created_known": int(known_day is not None),
            "expected_close": expected[i],
            "closed_on": closed_day,
            **{name: cells.texts[name][i] for name in TEXT_FIELDS},
        }
        known_at = (
            f"{closed_day}{MIDNIGHT}"
            if at_close and closed_day and amount_minor is not None
            else None
        )
        records.append(
            DealRecord(line, ext, owners[i], values, chain, known_day is not None, known_at)
        )
    stated = set(found) | set(templates)
    notes += _count_notes(records, lost_zero)
    provided = {"name", "stage", "closed_on", "currency", "created_on", "created_known"}
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


def _count_notes(records: list[DealRecord], lost_zero: int) -> list[str]:
    """How many deals lack a creation day or an amount, and what Pilot does about it."""
    notes: list[str] = []
    undated = sum(not r.created_known for r in records)
    if undated:
        notes.append(
            _(
                "{n} deals have no creation date: kept, left out of time-based figures "
                "(new deals per week, cycle length)."
            ).format(n=undated)
        )
    if lost_zero:
        notes.append(
            _("{n} lost deals have an amount of 0: stored as unknown, not as 0.").format(
                n=lost_zero
            )
        )
    unknown = sum(r.values["amount_minor"] is None for r in records)
    if unknown:
        notes.append(
            _("Amount unknown for {n} deals: figures that sum amounts say so.").format(n=unknown)
        )
    return notes


def _notes(
    stated: set[str],
    entered_headers: list[str],
    have_account_names: bool,
    pipelines: list[str | None],
    amount_known: str | None,
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
            _("No creation date column: a deal is dated by the earliest day the file gives for it.")
        )
    if amount_known == "at-close":
        notes.append(
            _(
                "Amounts are closing values: each is known from its deal's close day, and "
                "open deals' amounts are unknown until then."
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
