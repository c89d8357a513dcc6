"""`pilot export deals|activities|stage-changes|audit --format csv|json [--out FILE]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import EXPORT_FORMATS, EXPORT_TABLES
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    cmd = commands.add_parser(
        "export",
        parents=[parent],
        help=_("export deals, activities, stage changes or the audit"),
        description=_("Write a table as CSV or JSON, to a file or to standard output."),
    )
    cmd.add_argument(
        "what",
        choices=EXPORT_TABLES,
        help=_("what to export (the audit log needs a manager or an admin)"),
    )
    cmd.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="csv",
        dest="fmt",
        help=_(
            "csv (a header row, empty cells for nothing) or json (a list of objects); default csv"
        ),
    )
    cmd.add_argument("--out", type=Path, metavar="FILE", help=_("default: standard output"))
    cmd.add_argument(
        "--raw-formulas",
        action="store_true",
        help=_(
            "keep CSV cells that start with =, +, -, @, a tab or a carriage return as they "
            "are; by default they get a leading ' so a spreadsheet shows them as text "
            "instead of running them as formulas"
        ),
    )
    cmd.set_defaults(handler=run_export)


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.exporting import columns_of, export_rows, render

    with ctx.store() as store:
        rows = export_rows(store, ctx.actor(store), args.what)
        text = render(rows, args.fmt, columns_of(store, args.what), raw_formulas=args.raw_formulas)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(_("Wrote {n} rows to {path}.").format(n=len(rows), path=args.out), file=sys.stderr)
    return 0
