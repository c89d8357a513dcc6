"""`pilot users add|list|deactivate|reactivate|set-role|rename|set-team`."""

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
            "Add, list and change Pilot users. Everything but listing needs the admin role; "
            "Pilot always keeps one active admin. An owner an import created has no login yet "
            "until an admin gives them access (reactivate, or set-role)."
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

    on = actions.add_parser(
        "reactivate",
        parents=[parent],
        help=_("give access back to a deactivated user, or to an owner with no login yet (admin)"),
    )
    on.add_argument("login")
    on.set_defaults(handler=run_reactivate)

    role = actions.add_parser(
        "set-role",
        parents=[parent],
        help=_("change a user's role (admin)"),
        description=_(
            "Change a user's role. An owner an import created (no login yet) is given access "
            "at the same time; a deactivated user keeps no access until reactivated. The last "
            "active admin cannot be demoted."
        ),
    )
    role.add_argument("login")
    role.add_argument("role", choices=[r.value for r in Role], help=_("rep, manager or admin"))
    role.set_defaults(handler=run_set_role)

    rename = actions.add_parser(
        "rename", parents=[parent], help=_("change the name Pilot shows for a user (admin)")
    )
    rename.add_argument("login")
    rename.add_argument("--name", required=True, help=_("the new name (not empty)"))
    rename.set_defaults(handler=run_rename)

    team = actions.add_parser(
        "set-team",
        parents=[parent],
        help=_("move a user to another team (admin)"),
        description=_("Move a user to a team: the team's scope counts their deals from then on."),
    )
    team.add_argument("login")
    team.add_argument("team", help=_("the team's name (not empty)"))
    team.set_defaults(handler=run_set_team)


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
        print_json(
            [
                {**u.model_dump(mode="json", exclude={"version"}), "access": u.access.value}
                for u in users
            ]
        )
        return 0
    table = Table(_("login"), _("name"), _("role"), _("team"), _("access"))
    for u in users:
        table.add_row(u.login, u.name, u.role.value, u.team or "", _(u.access.value))
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


def run_reactivate(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.users import reactivate_user

    with ctx.store() as store:
        user = reactivate_user(store, ctx.actor(store), args.login)
    print(
        _("{login} can use Pilot again, as {role}.").format(login=user.login, role=user.role.value)
    )
    return 0


def run_set_role(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.users import set_role

    with ctx.store() as store:
        user = set_role(store, ctx.actor(store), args.login, Role(args.role))
    print(
        _("{login} is now {role} ({access}).").format(
            login=user.login, role=user.role.value, access=_(user.access.value)
        )
    )
    return 0


def run_rename(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.users import rename_user

    with ctx.store() as store:
        user = rename_user(store, ctx.actor(store), args.login, args.name)
    print(_("{login} is now shown as {name}.").format(login=user.login, name=user.name))
    return 0


def run_set_team(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.users import set_team

    with ctx.store() as store:
        user = set_team(store, ctx.actor(store), args.login, args.team)
    print(_("{login} is now in team {team}.").format(login=user.login, team=user.team))
    return 0
