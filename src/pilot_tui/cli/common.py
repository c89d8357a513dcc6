"""What every subcommand shares: settings, the store, the actor, JSON output."""

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as PydanticValidationError
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from pilot_tui import locations
from pilot_tui.cli.options import has_terminal
from pilot_tui.cli.streams import CleanStream as CleanStream
from pilot_tui.cli.streams import clean_output as clean_output
from pilot_tui.config import Settings
from pilot_tui.core import clock
from pilot_tui.core.errors import PilotError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pilot_tui.core.text import clean
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.core import context as core
    from pilot_tui.core.metrics.state import Scope
    from pilot_tui.core.periods import Period


@dataclass
class Context:
    """Settings resolved from options, environment and the settings file."""

    settings: Settings

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, *, announce: bool = True, **overrides: Any
    ) -> "Context":
        """Settings for ``args``. Until a team database exists, a command that names none
        reads the demo's (``Settings.with_demo_until_team_db``) and, with ``announce``, says
        so once on stderr; ``pilot init`` (``creates_db``) always means the team database."""
        given = {
            key: getattr(args, key)
            for key in ("db", "today", "as_login", "low_bandwidth")
            if hasattr(args, key)
        }
        try:
            settings = Settings(**given, **overrides)
        except PydanticValidationError as exc:
            raise ValidationError(describe_settings_error(exc)) from None
        if not getattr(args, "creates_db", False):
            reading = settings.with_demo_until_team_db()
            if reading.db != settings.db and announce:
                print(
                    _("Reading the demo database {path} (no team database yet).").format(
                        path=reading.db
                    ),
                    file=sys.stderr,
                )
            settings = reading
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


def known_scope(store: Store, scope: str | None) -> "Scope":
    """``--scope`` parsed and checked against the database: ``ValidationError`` with one
    sentence for a bad scope or one naming a rep, team, segment or offer it does not know."""
    from pilot_tui.core.metrics.state import known_scope as check
    from pilot_tui.core.metrics.state import parse_scope

    return check(store, parse_scope(scope))


def scope_and_period(
    store: Store, context: "core.Context", scope: str | None, period: str | None
) -> tuple["Scope", "Period"]:
    """``--scope`` and ``--period`` parsed: the team and the month of today when not given.

    Raises ``ValidationError`` with one sentence for a bad or unknown scope or bad period."""
    from pilot_tui.core.periods import parse_period

    return known_scope(store, scope), parse_period(period) if period else context.this_month()


def launch_app(ctx: Context, args: argparse.Namespace, launch_key: str | None = None) -> int:
    """Open the app on ``ctx``'s database (``pilot`` alone, ``pilot demo``); needs a terminal.

    ``launch_key`` (``pilot`` alone) lets the dashboard remember its opening verdict for the
    next identical launch (``launch_cache``).
    """
    if not has_terminal():
        raise PilotError(
            _(
                "Pilot's app needs a terminal: connect with 'ssh -t', or run a command "
                "such as 'pilot --help'."
            )
        )
    from pilot_tui.cli.app import open_app

    mouse = not getattr(args, "no_mouse", False)
    return int(open_app(ctx, mouse=mouse, launch_key=launch_key))


def describe_settings_error(exc: PydanticValidationError) -> str:
    """One sentence for the first bad setting, named as the user set it (PILOT_X or the file)."""
    error = exc.errors()[0]
    field = "__".join(str(part) for part in error["loc"])
    return _("The setting PILOT_{name} (or '{field}' in {file}) is not valid: {reason}.").format(
        name=field.upper(), field=field, file=locations.config_file(), reason=error["msg"]
    )


class CleanConsole(Console):
    """Rich's console, with the text of every segment cleaned and its own styles kept."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style)


def console(*, stderr: bool = False) -> Console:
    """Rich output for the commands. Markup is off: a deal, an action or a reason typed as
    'Send the deck [v2]' prints as typed; styles come from ``Text`` and ``style=``. Text is
    cleaned of escape sequences (``CleanConsole``)."""
    stream = sys.stderr if stderr else sys.stdout
    return CleanConsole(
        markup=False, file=stream.raw if isinstance(stream, CleanStream) else stream
    )


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def print_json(value: Any) -> None:
    """Stable JSON on stdout: sorted keys, two-space indent, ISO dates. Control characters
    JSON leaves raw (DEL, C1, bidirectional overrides) are written as ``\\uXXXX`` escapes:
    the value stays exact and the terminal sees no control."""
    text = json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
