"""What every subcommand shares: global options, settings, the store and the actor."""

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from pilot_tui import locations
from pilot_tui.config import Settings
from pilot_tui.core import clock
from pilot_tui.core.errors import PilotError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.i18n import _

Handler = Callable[["Context", argparse.Namespace], int]


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


@dataclass
class Context:
    """Settings resolved from options, environment and the settings file."""

    settings: Settings

    @classmethod
    def from_args(cls, args: argparse.Namespace, **overrides: Any) -> "Context":
        given = {
            key: getattr(args, key)
            for key in ("db", "today", "as_login", "low_bandwidth")
            if hasattr(args, key)
        }
        try:
            settings = Settings(**given, **overrides)
        except PydanticValidationError as exc:
            raise ValidationError(describe_settings_error(exc)) from None
        clock.set_today(settings.today)
        return cls(settings)

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = Store.open(self.settings.db)
        try:
            yield store
        finally:
            store.close()

    def actor(self, store: Store) -> User:
        from pilot_tui.core.identity import resolve_actor

        return resolve_actor(store, self.settings.as_login)


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


def launch_app(ctx: Context, args: argparse.Namespace) -> int:
    """Open the app on ``ctx``'s database (``pilot`` alone, ``pilot demo``); needs a terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PilotError(
            _(
                "Pilot's app needs a terminal: connect with 'ssh -t', or run a command "
                "such as 'pilot --help'."
            )
        )
    from pilot_tui.cli.app import open_app

    return int(open_app(ctx, mouse=not getattr(args, "no_mouse", False)))


def describe_settings_error(exc: PydanticValidationError) -> str:
    """One sentence for the first bad setting, named as the user set it (PILOT_X or the file)."""
    error = exc.errors()[0]
    field = "__".join(str(part) for part in error["loc"])
    return _("The setting PILOT_{name} (or '{field}' in {file}) is not valid: {reason}.").format(
        name=field.upper(), field=field, file=locations.config_file(), reason=error["msg"]
    )


def print_json(value: Any) -> None:
    """Stable JSON on stdout: sorted keys, two-space indent, ISO dates."""
    json.dump(value, sys.stdout, indent=2, sort_keys=True, default=str, ensure_ascii=False)
    sys.stdout.write("\n")


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)
