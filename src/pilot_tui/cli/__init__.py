"""The `pilot` command: subcommands, or the app when none is given."""

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from pilot_tui import __version__
from pilot_tui.cli.options import add_app_options, global_options
from pilot_tui.cli.quick import quick_launch
from pilot_tui.cli.streams import clean_output
from pilot_tui.core import clock
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _

COMMAND_MODULES = (
    "setup",
    "users",
    "admin",
    "demo",
    "importing",
    "export",
    "kpis",
    "changes",
    "deals",
    "call",
    "diagnose",
    "kpi_selection",
    "objectives",
    "strategy",
    "actions",
    "rituals",
    "report",
    "playbook",
)
"""Modules of ``pilot_tui.cli``; each registers its subcommands with ``register(commands,
parent)``. Imported only to build the full parser: ``pilot`` alone may not need them."""


def build_parser() -> argparse.ArgumentParser:
    parent = global_options()
    parser = argparse.ArgumentParser(
        prog="pilot",
        parents=[parent],
        description=_(
            "Pilot steers a sales team's performance from the terminal: are we ahead, "
            "on pace or behind, why, and what do we do this week. With no command, "
            "it opens the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"pilot {__version__}")
    add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"pilot_tui.cli.{name}").register(commands, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    quick = quick_launch(arguments)
    if quick is not None:
        return quick
    with clean_output():
        return run(arguments)


def run(arguments: list[str]) -> int:
    args = build_parser().parse_args(arguments)
    from pilot_tui.cli.common import Context, launch_app
    from pilot_tui.launch_cache import launch_key

    try:
        handler = getattr(args, "handler", None)
        key = launch_key(arguments, os.environ, clock.today()) if handler is None else None
        ctx = Context.from_args(args)
        if handler is None:
            return launch_app(ctx, args, launch_key=key)
        return int(handler(ctx, args))
    except PilotError as exc:
        print(f"pilot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
