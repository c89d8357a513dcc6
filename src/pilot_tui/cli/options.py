"""The options of ``pilot`` itself (global ones and the app's), apart from the commands.

Light on purpose: ``pilot`` with no command parses these alone to open the app quickly
(``cli.quick``), before any command module or the engine is imported.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from pilot_tui.i18n import _


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date (use YYYY-MM-DD)").format(text=text)
        ) from None


def global_options() -> argparse.ArgumentParser:
    """Options every command takes; defaults are SUPPRESSed so a subcommand never erases the
    value given before it (``pilot --db X users list`` and ``pilot users list --db X``)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(_("global options"))
    group.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help=_("the database file (default: $PILOT_DB, else under XDG_DATA_HOME)"),
    )
    group.add_argument(
        "--today",
        type=iso_date,
        default=argparse.SUPPRESS,
        metavar="YYYY-MM-DD",
        help=_("compute as if today were this day (also $PILOT_TODAY)"),
    )
    group.add_argument(
        "--as",
        dest="as_login",
        default=argparse.SUPPRESS,
        metavar="LOGIN",
        help=_("act as this Pilot user; only for the database file's owner"),
    )
    return parent


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that open the app (``pilot`` and ``pilot demo``)."""
    parser.add_argument(
        "--no-mouse",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("open the app without mouse support"),
    )
    parser.add_argument(
        "--low-bandwidth",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_(
            "for slow links: no animations, live refresh every 5 s (also $PILOT_LOW_BANDWIDTH=1)"
        ),
    )


def app_parser() -> argparse.ArgumentParser:
    """``pilot [global options] [app options]`` and nothing else: no command, no ``--help``."""
    parser = argparse.ArgumentParser(
        prog="pilot",
        parents=[global_options()],
        add_help=False,
        allow_abbrev=False,
        exit_on_error=False,
    )
    add_app_options(parser)
    return parser


def has_terminal() -> bool:
    """The app draws on a terminal: both ends of the session must be one."""
    return sys.stdin.isatty() and sys.stdout.isatty()
