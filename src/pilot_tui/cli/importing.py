"""`pilot import FILE…`: bring CRM exports in, with a plan first and a progress bar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pilot_tui.core.importers.presets import PRESETS
from pilot_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

    from pilot_tui.cli.common import Context
    from pilot_tui.core.importers.run import ImportPlan

SHOWN_BAD_ROWS = 20


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "import",
        parents=[parent],
        help=_("import CRM exports (manager or admin)"),
        description=_(
            "Import deals from Salesforce, HubSpot or Pipedrive exports, or any CSV "
            "with a mapping file. Prints what will be added, updated and left, then "
            "imports all the files in one transaction (all or nothing). Running it again "
            "on the same "
            "file changes nothing."
        ),
    )
    cmd.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=_("CSV files: deals, and their history, accounts or teams files"),
    )
    cmd.add_argument(
        "--preset",
        choices=list(PRESETS),
        help=_("the CRM the deal files come from (default: recognised from the headers)"),
    )
    cmd.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE.toml",
        help=_("columns, stages, owners and history columns (see examples/maven-crm.toml)"),
    )
    cmd.add_argument(
        "--dry-run", action="store_true", help=_("show what would change and write nothing")
    )
    cmd.add_argument(
        "--skip-bad",
        action="store_true",
        help=_("import the readable rows and write the others to a report file"),
    )
    cmd.add_argument(
        "--create-users",
        action="store_true",
        help=_("create unknown owners as inactive reps (admin)"),
    )
    cmd.set_defaults(handler=run_import)


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    # pandas loads here, not when `pilot` starts.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pilot_tui.cli.common import console
    from pilot_tui.core.importers.mapping import ImportMapping, load_mapping
    from pilot_tui.core.importers.reading import MEGABYTE
    from pilot_tui.core.importers.run import (
        BadRowsError,
        ImportOptions,
        apply_import,
        prepare_import,
    )

    mapping = load_mapping(args.mapping) if args.mapping else ImportMapping()
    options = ImportOptions(
        preset=args.preset,
        mapping=mapping,
        skip_bad=args.skip_bad,
        create_users=args.create_users,
        work_dir=Path.cwd(),
        max_bytes=ctx.settings.import_max_mb * MEGABYTE,
    )
    out = console()
    with ctx.store() as store:
        actor = ctx.actor(store)
        try:
            plan = prepare_import(store, actor, list(args.files), options)
        except BadRowsError as exc:
            err = console(stderr=True)
            for row in exc.bad[:SHOWN_BAD_ROWS]:
                err.print(row.describe(), highlight=False)
            if len(exc.bad) > SHOWN_BAD_ROWS:
                err.print(_("… and {n} more.").format(n=len(exc.bad) - SHOWN_BAD_ROWS))
            raise
        print_plan(out, plan)
        if args.dry_run:
            out.print(_("Dry run: nothing was written."))
            return 0
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console(stderr=True),
            transient=True,
            disable=not sys.stderr.isatty(),
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=total)
                bar.update(tasks[name], completed=done)

            apply_import(store, actor, plan, progress)
    n = len(plan.files)
    out.print(ngettext("Imported {n} file.", "Imported {n} files.", n).format(n=n))
    if plan.bad_report is not None:
        out.print(_("Rows left out are listed in {path}.").format(path=plan.bad_report))
    return 0


def print_plan(out: Console, plan: ImportPlan) -> None:
    """One line per file with its counts, then how columns were read and what is unknown."""
    from rich.table import Table

    from pilot_tui.core.importers.summary import counts_text, new_users_line, reading_lines

    table = Table(_("file"), _("holds"), _("what happens"))
    for file_plan in plan.files:
        table.add_row(file_plan.path.name, file_plan.kind.value, counts_text(file_plan))
    out.print(table)
    for file_plan in plan.files:
        for line in reading_lines(file_plan):
            out.print(line, highlight=False)
    for line in plan.notes:
        out.print(line, highlight=False)
    users = new_users_line(plan)
    if users:
        out.print(users)
