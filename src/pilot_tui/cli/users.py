"""`pilot users add|list|deactivate`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import Role
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    users = commands.add_parser(
        "users",
        parents=[parent],
        help=_("manage who can use Pilot"),
        description=_(
            "Add, list and deactivate Pilot users. Adding and deactivating need the admin role."
        ),
    )
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add",
        parents=[parent],
        help=_("add a user (admin)"),
        description=_("Give an OS login access to Pilot with a role."),
    )
    add.add_argument("login", help=_("the user's OS login on this server"))
    add.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help=_(
            "rep: own deals; manager: the team's data and rituals; admin: users, stages, imports"
        ),
    )
    add.add_argument("--name", required=True, help=_("the name shown in Pilot"))
    add.add_argument("--team", help=_("the team the user belongs to"))
    add.set_defaults(handler=run_add)

    show = actions.add_parser("list", parents=[parent], help=_("list users"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_list)

    off = actions.add_parser(
        "deactivate",
        parents=[parent],
        help=_("remove a user's access, keeping their history (admin)"),
    )
    off.add_argument("login")
    off.set_defaults(handler=run_deactivate)


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.models import User
    from pilot_tui.core.store.users import add_user

    user = User(login=args.login, name=args.name, role=Role(args.role), team=args.team)
    with ctx.store() as store:
        add_user(store, ctx.actor(store), user)
    print(
        _("Added {login} ({name}) as {role}.").format(
            login=user.login, name=user.name, role=user.role.value
        )
    )
    return 0


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.store.users import list_users

    with ctx.store() as store:
        ctx.actor(store)
        users = list_users(store)
    if args.json:
        print_json([u.model_dump(mode="json", exclude={"version"}) for u in users])
        return 0
    table = Table(_("login"), _("name"), _("role"), _("team"), _("active"))
    for u in users:
        table.add_row(
            u.login, u.name, u.role.value, u.team or "", _("yes") if u.active else _("no")
        )
    console().print(table)
    return 0


def run_deactivate(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.users import deactivate_user

    with ctx.store() as store:
        deactivate_user(store, ctx.actor(store), args.login)
    print(
        _("Deactivated {login}: their history stays, their access is gone.").format(
            login=args.login
        )
    )
    return 0
