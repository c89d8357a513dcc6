"""`pilot actions [--mine] [--overdue] [--owner LOGIN] [--json]` and add / done / drop /
reschedule."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.cli.options import iso_date
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.actions import Action


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    actions = commands.add_parser(
        "actions",
        parents=[parent],
        help=_("list, add and close actions"),
        description=_(
            "Actions decided in rituals, from findings or on deals: overdue first. A rep "
            "sees and closes their own; a manager anyone's."
        ),
    )
    _list_options(actions)
    actions.set_defaults(handler=run_list)
    verbs = actions.add_subparsers(dest="actions_command", metavar="ACTION")

    add = verbs.add_parser("add", parents=[parent], help=_("add an action"))
    add.add_argument("title")
    add.add_argument("--owner", help=_("who does it (default: you)"))
    add.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help=_("due date"))
    add.add_argument("--deal", type=int, metavar="ID", help=_("the deal it is about"))
    add.add_argument("--finding", metavar="RULE", help=_("the diagnostic finding it answers"))
    add.add_argument("--playbook", metavar="ENTRY", help=_("the playbook entry it applies"))
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=run_add)

    done = verbs.add_parser("done", parents=[parent], help=_("mark an action done"))
    _id_options(done)
    done.set_defaults(handler=run_done)

    drop = verbs.add_parser("drop", parents=[parent], help=_("drop an action, saying why"))
    _id_options(drop)
    drop.add_argument("--reason", required=True, help=_("why it is dropped"))
    drop.set_defaults(handler=run_drop)

    later = verbs.add_parser(
        "reschedule", parents=[parent], help=_("give an action a new due date")
    )
    _id_options(later)
    later.add_argument("--due", type=iso_date, required=True, metavar="YYYY-MM-DD")
    later.add_argument("--reason", help=_("why it moves"))
    later.set_defaults(handler=run_reschedule)


def _list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mine", action="store_true", help=_("only my actions"))
    parser.add_argument("--owner", metavar="LOGIN", help=_("only this person's actions"))
    parser.add_argument("--overdue", action="store_true", help=_("only overdue actions"))
    parser.add_argument("--all", action="store_true", help=_("include done and dropped actions"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _id_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, help=_("the action's number"))
    parser.add_argument(
        "--expected-version",
        type=int,
        metavar="N",
        help=_("refuse if the action changed since you read version N"),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.actions import list_actions

    with ctx.store() as store:
        actor = ctx.actor(store)
        owner = actor.login if args.mine else args.owner
        actions = list_actions(
            store, actor, owner=owner, overdue_only=args.overdue, include_closed=args.all
        )
    if args.json:
        print_json([a.model_dump(mode="json") for a in actions])
        return 0
    if not actions:
        print(_("No action to show."))
        return 0
    table = Table(_("#"), _("due"), _("owner"), _("title"), _("status"), _("link"))
    for a in actions:
        due = str(a.due or "")
        table.add_row(
            str(a.id),
            Text(due, style="bold red" if a.overdue else ""),
            a.owner,
            a.title,
            _("overdue") if a.overdue else a.status,
            _link(a),
        )
    console().print(table)
    return 0


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.actions import ActionLinks, create_action

    with ctx.store() as store:
        actor = ctx.actor(store)
        action = create_action(
            store,
            actor,
            title=args.title,
            owner=args.owner or actor.login,
            due=args.due,
            links=ActionLinks(deal_id=args.deal, finding=args.finding, playbook=args.playbook),
        )
    return _show(args, action, _("Added action {id} for {owner}."))


def run_done(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.actions import complete_action

    with ctx.store() as store:
        action = complete_action(
            store, ctx.actor(store), args.id, expected_version=args.expected_version
        )
    return _show(args, action, _("Action {id} is done."))


def run_drop(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.actions import drop_action

    with ctx.store() as store:
        action = drop_action(
            store, ctx.actor(store), args.id, args.reason, expected_version=args.expected_version
        )
    return _show(args, action, _("Action {id} is dropped."))


def run_reschedule(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.actions import reschedule_action

    with ctx.store() as store:
        action = reschedule_action(
            store,
            ctx.actor(store),
            args.id,
            args.due,
            expected_version=args.expected_version,
            reason=args.reason,
        )
    return _show(args, action, _("Action {id} is now due {due}."))


def _show(args: argparse.Namespace, action: Action, message: str) -> int:
    from pilot_tui.cli.common import print_json

    if args.json:
        print_json(action.model_dump(mode="json"))
    else:
        print(message.format(id=action.id, owner=action.owner, due=action.due))
    return 0


def _link(action: Action) -> str:
    if action.deal_id is not None:
        return _("deal {id}").format(id=action.deal_id)
    return action.finding or action.playbook or ""
