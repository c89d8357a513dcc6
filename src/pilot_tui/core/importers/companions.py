"""Files that come with a deal export: Salesforce OpportunityHistory, accounts, rep → manager."""

from dataclasses import dataclass, field

from pilot_tui.core.importers.aliases import header_keys, normalise
from pilot_tui.core.importers.columns import Columns, days, instants
from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.presets import PRESETS, stage_key
from pilot_tui.core.importers.reading import BadRow, RawTable
from pilot_tui.i18n import _


@dataclass
class HistoryFile:
    """Stage changes and close-date pushes per opportunity, in time order."""

    table: RawTable
    source: str
    stage_changes: dict[str, list[tuple[str | None, str, str]]]
    """External id → [(from stage, to stage, ISO instant)], the first from ``None``."""
    close_changes: dict[str, list[tuple[str | None, str | None, str]]]
    """External id → [(old day, new day, ISO instant)]."""
    bad: list[BadRow]
    decisions: list[str]
    missing_stages: dict[str, int] = field(default_factory=dict)


@dataclass
class AccountFile:
    table: RawTable
    accounts: dict[str, str | None]
    """Account name → sector."""
    names_by_id: dict[str, str]
    bad: list[BadRow]


@dataclass
class TeamFile:
    table: RawTable
    managers: dict[str, str]
    """Rep name → manager name."""
    offices: dict[str, str | None]
    bad: list[BadRow]


def _header(table: RawTable, *keys: str) -> str | None:
    wanted = set(keys)
    for header in table.headers:
        if normalise(header) in wanted:
            return header
    return None


def read_history(table: RawTable, mapping: ImportMapping) -> HistoryFile:
    """Salesforce OpportunityHistory: a row is written on any change of stage, amount,
    probability or close date, so stage transitions are found by comparing consecutive
    ``StageName`` per opportunity (ordered by ``CreatedDate``, then file order)."""
    col = Columns(table, prefer_day_first=mapping.dates == "day-first")
    opp = col.text(_header(table, "opportunityid"))
    stages = col.text(_header(table, "stagename", "stage"))
    at = instants(col.dates(_header(table, "createddate")))
    close = days(col.dates(_header(table, "closedate")))
    stage_map = {**PRESETS["salesforce"].stages, **mapping.stages}
    missing: dict[str, int] = {}
    events: dict[str, list[tuple[str, int, str, str | None]]] = {}
    for i in range(len(col)):
        if i in col.errors:
            continue
        if opp[i] is None or at[i] is None or stages[i] is None:
            col.bad(i, None, _("the row needs an opportunity id, a date and a stage."))
            continue
        stage = stage_key(stage_map, stages[i] or "")
        if stage is None:
            missing[stages[i] or ""] = missing.get(stages[i] or "", 0) + 1
            continue
        events.setdefault(opp[i] or "", []).append((at[i] or "", i, stage, close[i]))
    stage_changes: dict[str, list[tuple[str | None, str, str]]] = {}
    close_changes: dict[str, list[tuple[str | None, str | None, str]]] = {}
    for ext, rows in events.items():
        rows.sort()
        previous_stage: str | None = None
        previous_close: str | None = None
        for index, (when, _i, stage, close_day) in enumerate(rows):
            if stage != previous_stage:
                stage_changes.setdefault(ext, []).append((previous_stage, stage, when))
            if index and close_day != previous_close:
                close_changes.setdefault(ext, []).append((previous_close, close_day, when))
            previous_stage, previous_close = stage, close_day
    return HistoryFile(
        table,
        mapping.source or "salesforce",
        stage_changes,
        close_changes,
        table.bad + [col.errors[k] for k in sorted(col.errors)],
        col.decisions,
        missing,
    )


def read_accounts(table: RawTable) -> AccountFile:
    """Accounts with their sector (Maven ``accounts.csv``, Salesforce ``Account``)."""
    col = Columns(table)
    keys = header_keys(table.headers)
    name_header = (
        _header(table, "accountname", "account")
        if keys & {"accountname", "account"}
        else _header(table, "name")
    )
    names = col.text(name_header)
    sectors = col.text(_header(table, "sector", "industry"))
    ids = col.text(_header(table, "id", "accountid"))
    accounts: dict[str, str | None] = {}
    names_by_id: dict[str, str] = {}
    for i, name in enumerate(names):
        if name is None:
            col.bad(i, name_header, _("the account has no name."))
            continue
        accounts[name] = sectors[i]
        if ids[i]:
            names_by_id[ids[i] or ""] = name
    return AccountFile(
        table, accounts, names_by_id, table.bad + [col.errors[k] for k in sorted(col.errors)]
    )


@dataclass
class UserFile:
    table: RawTable
    names_by_id: dict[str, str]
    """CRM user id → the person's name."""
    bad: list[BadRow]


def read_users(table: RawTable) -> UserFile:
    """A CRM's user list (Salesforce ``User``: Id, Name, Username…) to name deal owners given
    by id."""
    col = Columns(table)
    ids = col.text(_header(table, "id"))
    names = col.text(_header(table, "name"))
    found = {i: n for i, n in zip(ids, names, strict=True) if i is not None and n is not None}
    return UserFile(table, found, table.bad + [col.errors[k] for k in sorted(col.errors)])


def read_teams(table: RawTable) -> TeamFile:
    """Rep → manager (and office), as in Maven's ``sales_teams.csv``."""
    col = Columns(table)
    reps = col.text(_header(table, "salesagent", "rep", "owner"))
    managers = col.text(_header(table, "manager"))
    offices = col.text(_header(table, "regionaloffice", "office", "region"))
    out: dict[str, str] = {}
    office_of: dict[str, str | None] = {}
    for i, rep in enumerate(reps):
        if rep is None or managers[i] is None:
            col.bad(i, None, _("the row needs a rep and a manager."))
            continue
        out[rep] = managers[i] or ""
        office_of[rep] = offices[i]
    return TeamFile(table, out, office_of, table.bad + [col.errors[k] for k in sorted(col.errors)])
