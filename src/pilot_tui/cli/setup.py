"""`pilot init`: a new, empty team database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import Role
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    init = commands.add_parser(
        "init",
        parents=[parent],
        help=_("create an empty team database"),
        description=_(
            "Create a database with the default stages (prospecting, qualification, "
            "discovery, proposal, negotiation, won, lost) and make your OS login its "
            "admin."
        ),
    )
    init.add_argument("--name", help=_("your name as shown in Pilot (default: your login)"))
    init.add_argument("--currency", default="EUR", help=_("the reporting currency (default EUR)"))
    init.set_defaults(handler=run_init, creates_db=True)


def run_init(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.identity import os_login
    from pilot_tui.core.models import User
    from pilot_tui.core.store.bootstrap import init_database

    login = os_login()
    admin = User(login=login, name=args.name or login, role=Role.ADMIN)
    path = ctx.settings.db
    init_database(path, admin, currency=args.currency.upper()).close()
    print(
        _("Created {path} with the default stages; {login} is its admin.").format(
            path=path, login=login
        )
    )
    print(_('Next: pilot users add LOGIN --role rep --name "…" --db {path}').format(path=path))
    return 0
