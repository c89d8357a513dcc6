"""The columns of a deal export, each typed once for the whole column."""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from pilot_tui.core.importers.aliases import normalise
from pilot_tui.core.importers.columns import Columns, days, first_present, instants
from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.values import (
    CellError,
    NumberFormat,
    currency_in,
    decide_number_format,
    parse_bool,
    parse_decimal,
    to_probability,
)
from pilot_tui.i18n import _

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
class DealCells:
    """The columns of a deal file, each typed once for the whole column."""

    found: dict[str, list[str]]
    ids: list[str | None]
    names: list[str | None]
    owners: list[str | None]
    raw_stages: list[str | None]
    created: list[str | None]
    expected: list[str | None]
    closed_on: list[str | None]
    entered: dict[str, list[str | None]]
    stage_since: list[str | None]
    amount_header: str | None
    in_minor_units: bool
    amounts: list[Decimal | None]
    currencies: list[str | None]
    probabilities: list[float | None]
    won: list[bool | None]
    closed: list[bool | None]
    statuses: list[str | None]
    texts: dict[str, list[str | None]]

    def first(self, name: str) -> str | None:
        return self.found.get(name, [None])[0]


def read_cells(
    col: Columns,
    found: dict[str, list[str]],
    templates: dict[str, str],
    mapping: ImportMapping,
    entered_cols: list[tuple[str, str]],
    account_names: dict[str, str],
    owner_names: dict[str, str],
) -> DealCells:
    def first(name: str) -> str | None:
        return found.get(name, [None])[0]

    def text(name: str) -> list[str | None]:
        return col.template(templates[name]) if name in templates else col.text(first(name))

    col.settle_date_order(
        [first(f) for f in ("created_on", "expected_close", "closed_on", "stage_since")]
        + list(mapping.entered.values()),
        explicit=mapping.dates is not None,
    )
    closed_cols = [days(col.dates(h)) for h in found.get("closed_on", [])]
    amount_header = first("amount")
    fmt = decide_number_format([c for c in col.text(amount_header) if c])
    if amount_header and fmt.decimal == ",":
        col.decisions.append(_("{column}: decimal comma").format(column=amount_header))
    symbols = [currency_in(c) if c else None for c in col.text(amount_header)]
    texts = {name: text(name) for name in TEXT_FIELDS}
    texts["forecast_category"] = [
        FORECAST_CATEGORIES.get(normalise(c)) if c else None for c in texts["forecast_category"]
    ]
    if "account_id" in found and "account" not in found:
        texts["account"] = [
            account_names.get(a, a) if a else None for a in col.text(first("account_id"))
        ]
    return DealCells(
        found=found,
        ids=text("external_id"),
        names=text("name"),
        owners=[owner_names.get(o, o) if o else None for o in text("owner")],
        raw_stages=col.text(first("stage")),
        created=days(col.dates(first("created_on"))),
        expected=days(col.dates(first("expected_close"))),
        closed_on=first_present(*closed_cols) if closed_cols else [None] * len(col),
        entered={stage: instants(col.dates(header)) for header, stage in entered_cols},
        stage_since=instants(col.dates(first("stage_since"))),
        amount_header=amount_header,
        # Pilot's own export states money in minor units (cents).
        in_minor_units=amount_header is not None and normalise(amount_header) == "amountminor",
        amounts=col.typed(amount_header, partial(_amount, fmt)),
        currencies=first_present(
            col.text(first("currency")), symbols, [mapping.currency] * len(col)
        ),
        probabilities=col.typed(first("probability"), partial(_probability, fmt)),
        won=col.typed(first("is_won"), parse_bool),
        closed=col.typed(first("is_closed"), parse_bool),
        statuses=col.text(first("status")),
        texts=texts,
    )


def _probability(fmt: NumberFormat, cell: str) -> float:
    return to_probability(_decimal(cell, fmt))


def _amount(fmt: NumberFormat, cell: str) -> Decimal:
    value = _decimal(cell, fmt)
    if value < 0:
        raise CellError(_("{value} is negative; a deal amount cannot be.").format(value=value))
    return value


def _decimal(cell: str, fmt: NumberFormat) -> Decimal:
    value = parse_decimal(cell, fmt)
    assert value is not None
    return value
