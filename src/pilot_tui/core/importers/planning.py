"""The plan of an import: what each file adds, updates and leaves, computed before writing."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.importers.companions import AccountFile, HistoryFile, TeamFile, UserFile
from pilot_tui.core.importers.deals import MIDNIGHT, DealFile
from pilot_tui.core.importers.owners import Owners
from pilot_tui.core.importers.presets import FileKind
from pilot_tui.core.importers.reading import BadRow, RawTable
from pilot_tui.core.store.deals import field_change_rows
from pilot_tui.core.store.imports import (
    Reader,
    account_sectors,
    deal_ids_of_source,
    deals_of_source,
    stage_changes_by,
)
from pilot_tui.core.store.store import Store

DERIVED_BY = "import:{source}"
"""``stage_changes.by`` of rows an import derived from a file; a later history file for the
same deal replaces them. Changes seen between two imports carry the importer's login."""


@dataclass
class FilePlan:
    """What importing one file will do."""

    path: Path
    kind: FileKind
    preset: str
    table: RawTable
    decisions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    deal_inserts: list[dict[str, Any]] = field(default_factory=list)
    deal_histories: dict[str, list[tuple[str | None, str, str]]] = field(default_factory=dict)
    deal_updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    """(deal id, version read, changes)."""
    deal_amounts_known: dict[str, tuple[int, str]] = field(default_factory=dict)
    """External id of a new deal → (amount, instant it became known) when the file tells."""
    stage_rows: list[dict[str, Any]] = field(default_factory=list)
    close_rows: list[dict[str, Any]] = field(default_factory=list)
    field_rows: list[dict[str, Any]] = field(default_factory=list)
    """``field_changes`` rows of updated deals (amount, owner)."""
    history: HistoryFile | None = None
    source: str = ""
    account_inserts: list[dict[str, Any]] = field(default_factory=list)
    account_updates: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def operations(self) -> int:
        """Rows to write, for a progress bar."""
        return (
            len(self.deal_inserts)
            + len(self.deal_updates)
            + len(self.account_inserts)
            + len(self.account_updates)
            + self.counts.get("history_deals", 0)
        )


_COMPARED_TYPES = {"amount_minor": int, "probability": float}


def _same(before: Any, after: Any, column: str) -> bool:
    if before is None or after is None:
        return before is after
    kind = _COMPARED_TYPES.get(column, str)
    return bool(kind(before) == kind(after))


def plan_deals(store: Store, deals: DealFile, owners: Owners, actor_login: str) -> FilePlan:
    """Insert new (source, external id), update changed ones, leave the rest."""
    plan = FilePlan(
        deals.table.path,
        FileKind.DEALS,
        deals.preset,
        deals.table,
        deals.decisions,
        deals.notes,
        deals.bad,
        source=deals.source,
    )
    existing = deals_of_source(store, deals.source)
    compared = deals.provided | ({"owner"} if any(r.owner for r in deals.records) else set())
    now = clock.now_iso()
    unchanged = 0
    for record in deals.records:
        owner = owners.logins.get(record.owner, actor_login) if record.owner else actor_login
        values = {**record.values, "owner": owner}
        before = existing.get(record.external_id)
        if before is None:
            plan.deal_inserts.append(
                {
                    "external_id": record.external_id,
                    "source": deals.source,
                    **values,
                    "version": 1,
                    "updated_at": now,
                    "updated_by": actor_login,
                }
            )
            steps: list[tuple[str | None, str, str]] = []
            previous: str | None = None
            # Nothing known: the deal entered its stage on its creation day, if that is known.
            known = record.entered or (
                [(f"{values['created_on']}{MIDNIGHT}", values["stage"])]
                if record.created_known
                else []
            )
            for at, stage in known:
                steps.append((previous, stage, at))
                previous = stage
            plan.deal_histories[record.external_id] = steps
            if record.amount_known_at is not None:
                plan.deal_amounts_known[record.external_id] = (
                    values["amount_minor"],
                    record.amount_known_at,
                )
            continue
        columns = compared if record.created_known else compared - {"created_on", "created_known"}
        changes = {c: values[c] for c in columns if not _same(before[c], values[c], c)}
        if not changes:
            unchanged += 1
            continue
        plan.deal_updates.append((int(before["id"]), int(before["version"]), changes))
        if "stage" in changes:
            # When the file says when the deal entered its new stage, that is the moment.
            entered = [at for at, stage in record.entered if stage == changes["stage"]]
            plan.stage_rows.append(
                {
                    "deal_id": before["id"],
                    "from_stage": before["stage"],
                    "to_stage": changes["stage"],
                    "at": entered[-1] if entered else now,
                    "by": actor_login,
                }
            )
        if "expected_close" in changes:
            plan.close_rows.append(
                {
                    "deal_id": before["id"],
                    "old": before["expected_close"],
                    "new": changes["expected_close"],
                    "at": now,
                    "by": actor_login,
                }
            )
        for row in field_change_rows(int(before["id"]), before, changes, now, actor_login):
            if row["field"] == "amount_minor" and record.amount_known_at is not None:
                row["at"] = record.amount_known_at  # a closing value is known from the close
            plan.field_rows.append(row)
    plan.counts = {
        "added": len(plan.deal_inserts),
        "updated": len(plan.deal_updates),
        "unchanged": unchanged,
        "bad": len(deals.bad),
        "deleted": deals.deleted,
        "stage_changes": len(plan.stage_rows) + sum(len(s) for s in plan.deal_histories.values()),
        "close_date_changes": len(plan.close_rows),
        "field_changes": len(plan.field_rows) + len(plan.deal_amounts_known),
    }
    return plan


def plan_history(db: Reader, history: HistoryFile, pending: set[str]) -> FilePlan:
    """Which deals get their stage history (re)written from a history file.

    ``pending`` are external ids that an earlier file of the same run will add.
    """
    plan = FilePlan(
        history.table.path,
        FileKind.HISTORY,
        "salesforce",
        history.table,
        history.decisions,
        [],
        history.bad,
        history=history,
        source=history.source,
    )
    ids = deal_ids_of_source(db, history.source)
    current = stage_changes_by(db, DERIVED_BY.format(source=history.source))
    rewritten = unchanged = unknown = 0
    for ext, steps in history.stage_changes.items():
        deal_id = ids.get(ext)
        if deal_id is None:
            if ext in pending:
                rewritten += 1
            else:
                unknown += 1
            continue
        if current.get(deal_id) == set(steps):
            unchanged += 1
        else:
            rewritten += 1
    plan.counts = {
        "history_deals": rewritten,
        "unchanged": unchanged,
        "unknown_deals": unknown,
        "bad": len(history.bad),
        "stage_changes": sum(len(s) for s in history.stage_changes.values()),
        "close_date_changes": sum(len(s) for s in history.close_changes.values()),
    }
    return plan


def plan_accounts(store: Store, accounts: AccountFile) -> FilePlan:
    plan = FilePlan(
        accounts.table.path, FileKind.ACCOUNTS, "generic", accounts.table, bad=accounts.bad
    )
    existing = account_sectors(store)
    for name, sector in accounts.accounts.items():
        if name not in existing:
            plan.account_inserts.append({"name": name, "sector": sector, "segment": None})
        elif sector is not None and existing[name] != sector:
            plan.account_updates[name] = {"sector": sector}
    plan.counts = {
        "added": len(plan.account_inserts),
        "updated": len(plan.account_updates),
        "unchanged": len(accounts.accounts) - len(plan.account_inserts) - len(plan.account_updates),
        "bad": len(accounts.bad),
    }
    return plan


def plan_users(users: UserFile) -> FilePlan:
    """A user list only names owners given by id; it writes nothing itself."""
    plan = FilePlan(users.table.path, FileKind.USERS, "salesforce", users.table, bad=users.bad)
    plan.counts = {"owner_names": len(users.names_by_id), "bad": len(users.bad)}
    return plan


def plan_teams(teams: TeamFile, owners: Owners) -> FilePlan:
    plan = FilePlan(teams.table.path, FileKind.TEAMS, "generic", teams.table, bad=teams.bad)
    plan.counts = {
        "reps": len(teams.managers),
        "bad": len(teams.bad),
        "users_added": len(owners.new_users),
        "teams_set": len(owners.team_updates),
    }
    return plan
