"""`pilot admin backup|restore|check`: the server admin's operations."""

import argparse
from pathlib import Path

from pilot_tui.cli.common import Context, print_json
from pilot_tui.core.store.maintenance import backup, check, restore
from pilot_tui.i18n import _


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    admin = commands.add_parser(
        "admin",
        parents=[parent],
        help=_("server operations (admin)"),
        description=_("Back up, restore and check the team database."),
    )
    actions = admin.add_subparsers(dest="admin_command", required=True, metavar="ACTION")
    save = actions.add_parser(
        "backup", parents=[parent], help=_("online backup to a new file (others keep working)")
    )
    save.add_argument("path", type=Path, help=_("the backup file to create"))
    save.set_defaults(handler=run_backup)
    load = actions.add_parser(
        "restore", parents=[parent], help=_("replace the database's content with a backup")
    )
    load.add_argument("path", type=Path, help=_("a file made by 'pilot admin backup'"))
    load.set_defaults(handler=run_restore)
    health = actions.add_parser(
        "check",
        parents=[parent],
        help=_("integrity, schema version, WAL size, users without login"),
    )
    health.add_argument("--json", action="store_true", help=_("print JSON"))
    health.set_defaults(handler=run_check)


def run_backup(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        path = backup(store, ctx.actor(store), args.path)
    print(_("Backed up {db} to {path}.").format(db=ctx.settings.db, path=path))
    return 0


def run_restore(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        restore(store, ctx.actor(store), args.path)
    print(_("Restored {db} from {path}.").format(db=ctx.settings.db, path=args.path))
    return 0


def run_check(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        ctx.actor(store)
        report = check(store)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "integrity": report.integrity,
                "schema_version": report.schema_version,
                "wal_bytes": report.wal_bytes,
                "users_without_login": report.users_without_login,
            }
        )
    else:
        print(_("integrity: {value}").format(value=report.integrity))
        print(_("schema version: {value}").format(value=report.schema_version))
        print(_("WAL size: {value} KiB").format(value=report.wal_bytes // 1024))
        missing = ", ".join(report.users_without_login) or _("none")
        print(_("active users with no login on this machine: {value}").format(value=missing))
    return 0 if report.ok else 1
