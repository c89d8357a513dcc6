"""An import run: read and recognise the files, check mappings and rights, plan, apply."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pilot_tui.core import clock
from pilot_tui.core.errors import (
    ConflictError,
    PermissionDeniedError,
    PilotError,
    ValidationError,
)
from pilot_tui.core.importers.companions import (
    HistoryFile,
    read_accounts,
    read_history,
    read_teams,
    read_users,
)
from pilot_tui.core.importers.deals import DealFile, read_deals
from pilot_tui.core.importers.mapping import ImportMapping, proposal_text
from pilot_tui.core.importers.owners import Owners, resolve_owners
from pilot_tui.core.importers.planning import (
    FilePlan,
    plan_accounts,
    plan_deals,
    plan_history,
    plan_teams,
    plan_users,
)
from pilot_tui.core.importers.presets import PRESETS, FileKind, recognise
from pilot_tui.core.importers.reading import (
    DEFAULT_MAX_MB,
    MEGABYTE,
    BadRow,
    RawTable,
    read_table,
)
from pilot_tui.core.importers.writing import apply_plan, write_bad_rows
from pilot_tui.core.models import Role, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.imports import user_rows
from pilot_tui.core.store.stages import list_stages
from pilot_tui.core.store.users import admins
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _, ngettext

ORDER = (FileKind.USERS, FileKind.TEAMS, FileKind.ACCOUNTS, FileKind.DEALS, FileKind.HISTORY)
"""Files are applied in this order whatever the command line's: users and accounts before the
deals that name them, deals before their history."""

Progress = Callable[[str, int, int], None]
"""progress(file name, rows done, rows in the file)."""


class MappingNeededError(PilotError):
    """Stages or owners have no mapping; a proposed mapping file was written."""

    def __init__(self, message: str, proposal: Path, missing: str = "") -> None:
        super().__init__(message)
        self.proposal = proposal
        self.missing = missing
        """What has no mapping, in words ('2 stages (Won, Demo) and 1 owner (zed)')."""


class BadRowsError(PilotError):
    """Rows that cannot be read; nothing was written."""

    def __init__(self, message: str, bad: list[BadRow]) -> None:
        super().__init__(message)
        self.bad = bad


@dataclass
class ImportOptions:
    preset: str | None = None
    mapping: ImportMapping = field(default_factory=ImportMapping)
    skip_bad: bool = False
    create_users: bool = False
    work_dir: Path = Path(".")
    """Where a proposed mapping or a bad-rows report is written."""
    max_bytes: int = DEFAULT_MAX_MB * MEGABYTE
    """The largest file read (the setting ``import_max_mb``)."""


@dataclass
class ImportPlan:
    files: list[FilePlan]
    owners: Owners
    notes: list[str] = field(default_factory=list)
    """What the run as a whole could not use (a companion file not found)."""
    bad_report: Path | None = None


def prepare_import(
    store: Store, actor: User, paths: list[Path], options: ImportOptions
) -> ImportPlan:
    """Read, recognise and plan every file; write nothing to the database.

    Raises one-sentence errors: a file that is not a CSV, empty or of an unknown shape;
    ``MappingNeededError`` (after writing a proposed mapping) when stages or owners are
    unmapped; ``PermissionDeniedError`` for a rep, or for a manager when users must be created;
    ``BadRowsError`` when rows cannot be read and ``skip_bad`` is off.
    """
    if actor.role is Role.REP:
        raise PermissionDeniedError(
            _("Importing needs the manager or admin role; {login} is a rep.").format(
                login=actor.login
            )
        )
    mapping = options.mapping
    preset = options.preset or mapping.preset
    if preset and preset not in PRESETS:
        raise ValidationError(
            _("There is no preset '{preset}'; use one of: {presets}.").format(
                preset=preset, presets=", ".join(PRESETS)
            )
        )
    tables, notes = _with_companions(
        [read_table(p, options.max_bytes) for p in paths], mapping, options.max_bytes
    )
    kinds: dict[FileKind, list[tuple[RawTable, str]]] = {kind: [] for kind in ORDER}
    for table in tables:
        found = recognise(table.headers, preset)
        if found is None:
            raise ValidationError(
                _(
                    "{name} is of an unknown shape: none of its columns ({columns}) names a deal "
                    "id and stage; give --preset or a --mapping with [columns]."
                ).format(
                    name=table.path.name,
                    columns=", ".join(table.headers[:6])
                    + (", …" if len(table.headers) > 6 else ""),
                )
            )
        kinds[found[1]].append((table, found[0]))
    currency = store.currency()
    stated = mapping.currency
    if stated and stated != currency and stated not in mapping.rates:
        raise ValidationError(
            _(
                "The mapping says amounts are in {stated} but this database reports in {currency}: "
                "add [rates] {stated} = … ({currency} per {stated}) to the mapping, or create the "
                "database with --currency {stated}."
            ).format(stated=stated, currency=currency)
        )
    user_files = [read_users(t) for t, _p in kinds[FileKind.USERS]]
    owner_names = {k: v for u in user_files for k, v in u.names_by_id.items()}
    teams = [read_teams(t) for t, _p in kinds[FileKind.TEAMS]]
    accounts = [read_accounts(t) for t, _p in kinds[FileKind.ACCOUNTS]]
    names_by_id = {k: v for a in accounts for k, v in a.names_by_id.items()}
    deals = [
        read_deals(
            t,
            preset=p,
            mapping=mapping,
            currency=currency,
            account_names=names_by_id,
            owner_names=owner_names,
            today=clock.today().isoformat(),
        )
        for t, p in kinds[FileKind.DEALS]
    ]
    histories = [read_history(t, mapping) for t, _p in kinds[FileKind.HISTORY]]
    managers = {rep: m for team in teams for rep, m in team.managers.items()}
    named = {o for d in deals for o in d.owners} | set(managers)
    create = options.create_users or mapping.create_users
    owners = resolve_owners(
        sorted(named),
        user_rows(store),
        mapped=mapping.owners,
        create=create,
        managers=managers,
    )
    _check_mapping(store, deals, histories, owners, options, paths[0])
    if (owners.new_users or owners.team_updates) and actor.role is not Role.ADMIN:
        raise PermissionDeniedError(
            _(
                "Creating or changing users needs an admin and {login} is a manager: ask {admins} "
                "to run this import, or map the owners to existing logins in the mapping "
                "file."
            ).format(login=actor.login, admins=", ".join(admins(store)) or _("an admin"))
        )
    plans = [plan_users(u) for u in user_files]
    plans += [plan_teams(t, owners) for t in teams]
    plans += [plan_accounts(store, a) for a in accounts]
    plans += [plan_deals(store, d, owners, actor.login) for d in deals]
    _refuse_repeated_deals(plans)
    pending = {p["external_id"] for plan in plans for p in plan.deal_inserts}
    plans += [plan_history(store, h, pending) for h in histories]
    result = ImportPlan(plans, owners, notes)
    bad = [row for plan in plans for row in plan.bad]
    if bad and not options.skip_bad:
        raise BadRowsError(
            ngettext(
                "{n} row cannot be read, so nothing was imported; fix it, or run again with "
                "--skip-bad to import the rest.",
                "{n} rows cannot be read, so nothing was imported; fix them, or run again "
                "with --skip-bad to import the rest.",
                len(bad),
            ).format(n=len(bad)),
            bad,
        )
    if bad:
        result.bad_report = options.work_dir / f"{paths[0].stem}.bad-rows.csv"
    return result


def apply_import(
    store: Store, actor: User, plan: ImportPlan, progress: Progress | None = None
) -> None:
    """Write the plan in one transaction: every file of the run, or none of them (a failure
    in the last file leaves the first ones unsaved too, so the message can say "nothing")."""
    if plan.bad_report is not None:
        write_bad_rows(plan.bad_report, [row for f in plan.files for row in f.bad])
    name = ""
    try:
        with store.write(actor) as writer:
            _write_owners(writer, plan.owners)
            for file_plan in plan.files:
                name = file_plan.path.name
                if file_plan.history is not None:
                    # Recomputed inside the transaction: earlier files of the run added deals.
                    file_plan = _replan_history(writer, file_plan.history, file_plan)
                apply_plan(writer, file_plan, progress)
    except ConflictError as exc:
        raise ConflictError(
            _(
                "Someone ({who}) changed a deal of {name} while it was being imported, so "
                "nothing was imported; run the import again."
            ).format(who=exc.changed_by or _("someone"), name=name),
            changed_by=exc.changed_by,
            changed_at=exc.changed_at,
        ) from exc


def _refuse_repeated_deals(plans: list[FilePlan]) -> None:
    """Two files of one run that both add the same deal (same source and id) cannot both be
    right: say which, before anything is written."""
    first: dict[tuple[str, str], Path] = {}
    for plan in plans:
        for row in plan.deal_inserts:
            key = (str(row.get("source")), str(row["external_id"]))
            seen = first.setdefault(key, plan.path)
            if seen != plan.path:
                raise ValidationError(
                    _(
                        "Deal {id} is in both {first} and {second}; nothing was imported: "
                        "keep it in one file, or import the files one after the other."
                    ).format(id=key[1], first=seen.name, second=plan.path.name)
                )


def _replan_history(writer: Writer, history: HistoryFile, old: FilePlan) -> FilePlan:
    fresh = plan_history(writer, history, set())
    fresh.bad = old.bad
    return fresh


def _write_owners(writer: Writer, owners: Owners) -> None:
    for row in owners.new_users:
        writer.insert("users", row)
    for login, team in owners.team_updates.items():
        writer.update("users", login, {"team": team}, expected_version=None)


def _with_companions(
    tables: list[RawTable], mapping: ImportMapping, max_bytes: int
) -> tuple[list[RawTable], list[str]]:
    """Add the mapping's companion files found next to a given file, unless the command line
    already gave a file of that name; and say which were not found."""
    given = {t.path.name for t in tables}
    extra: list[RawTable] = []
    notes: list[str] = []
    for kind, name in mapping.companions.items():
        if name in given:
            continue
        found = [t.path.parent / name for t in tables if (t.path.parent / name).exists()]
        if found:
            extra.append(read_table(found[0], max_bytes))
            given.add(name)
        else:
            notes.append(
                _(
                    "{name} ({kind}, named in the mapping) is not next to the imported "
                    "files and was not given: add it to the command line."
                ).format(name=name, kind=kind)
            )
    return tables + extra, notes


def _check_mapping(
    store: Store,
    deals: list[DealFile],
    histories: list[HistoryFile],
    owners: Owners,
    options: ImportOptions,
    first: Path,
) -> None:
    missing: Counter[str] = Counter()
    for d in deals:
        missing.update(d.missing_stages)
    for h in histories:
        missing.update(h.missing_stages)
    if not missing and not owners.unknown:
        return
    stage_keys = [stage.key for stage in list_stages(store)]
    path = options.work_dir / f"{first.stem}.mapping.toml"
    if options.mapping.path is not None and path.resolve() == options.mapping.path.resolve():
        path = path.with_suffix(".proposed.toml")  # never overwrite the user's own mapping
    path.write_text(
        proposal_text(
            options.mapping,
            source_file=first,
            missing_stages=sorted(missing),
            unknown_owners=owners.unknown,
            stage_keys=stage_keys,
        ),
        encoding="utf-8",
    )
    what = []
    if missing:
        what.append(
            ngettext("{n} stage ({names})", "{n} stages ({names})", len(missing)).format(
                n=len(missing), names=", ".join(sorted(missing)[:5])
            )
        )
    if owners.unknown:
        what.append(
            ngettext("{n} owner ({names})", "{n} owners ({names})", len(owners.unknown)).format(
                n=len(owners.unknown), names=", ".join(owners.unknown[:5])
            )
        )
    raise MappingNeededError(
        _(
            "Nothing was imported: no mapping for {what}; edit {path} and run again with "
            "--mapping {path}."
        ).format(what=_(" and ").join(what), path=path),
        path,
        _(" and ").join(what),
    )
