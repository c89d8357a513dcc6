"""`pilot report ritual ID` and `pilot report weekly`, as Markdown or HTML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    report = commands.add_parser(
        "report",
        parents=[parent],
        help=_("print a ritual's minutes or the weekly report"),
        description=_("Reports to mail or print, in Markdown (default) or HTML."),
    )
    kinds = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    ritual = kinds.add_parser("ritual", parents=[parent], help=_("the minutes of a ritual run"))
    ritual.add_argument("id", type=int, help=_("the run's number"))
    _output_options(ritual)
    ritual.set_defaults(handler=run_ritual)

    weekly = kinds.add_parser(
        "weekly",
        parents=[parent],
        help=_("one page: verdict, KPIs, findings, actions, decisions of the week"),
    )
    weekly.add_argument("--week", metavar="YYYY-Www", help=_("the ISO week (default: this one)"))
    _output_options(weekly)
    weekly.set_defaults(handler=run_weekly)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("md", "html"), default="md", help=_("md or html"))
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help=_("write to FILE instead of the screen")
    )


def run_ritual(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.reports import ritual_report

    with ctx.store() as store:
        text = ritual_report(store, ctx.actor(store), args.id, args.format)
    return _emit(args, text)


def run_weekly(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.reports import report_week, weekly_numbers, weekly_report

    context = ctx.settings.context()
    with ctx.store() as store:
        actor = ctx.actor(store)
        week = report_week(args.week, context)
        numbers = weekly_numbers(store, context, actor, week)
        from pilot_tui.core.diagnostics import diagnostic_window, run_diagnostics
        from pilot_tui.core.metrics.state import Scope

        findings = run_diagnostics(store, context, Scope(), diagnostic_window(context))
        text = weekly_report(
            store,
            actor,
            week,
            verdict=numbers["line"],
            kpis=numbers["kpis"],
            findings=[f.model_dump(mode="json") for f in findings],
            fmt=args.format,
        )
    return _emit(args, text)


def _emit(args: argparse.Namespace, text: str) -> int:
    if args.output is None:
        print(text, end="")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(_("Wrote {path}.").format(path=args.output))
    return 0
