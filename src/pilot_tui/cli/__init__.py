"""The `pilot` command: subcommands, or the app when none is given."""

import argparse
import sys
from collections.abc import Sequence

from pilot_tui import __version__
from pilot_tui.cli import (
    actions,
    admin,
    demo,
    diagnose,
    export,
    importing,
    kpi_selection,
    kpis,
    objectives,
    playbook,
    report,
    rituals,
    setup,
    users,
)
from pilot_tui.cli.common import Context, add_app_options, global_options, launch_app
from pilot_tui.core.errors import PilotError
from pilot_tui.i18n import _

COMMAND_MODULES = (
    setup,
    users,
    admin,
    demo,
    importing,
    export,
    kpis,
    diagnose,
    kpi_selection,
    objectives,
    actions,
    rituals,
    report,
    playbook,
)
"""Each module registers its subcommands with ``register(commands, parent)``."""


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
    for module in COMMAND_MODULES:
        module.register(commands, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ctx = Context.from_args(args)
        handler = getattr(args, "handler", None)
        if handler is None:
            return launch_app(ctx, args)
        return int(handler(ctx, args))
    except PilotError as exc:
        print(f"pilot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
