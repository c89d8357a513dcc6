"""`pilot admin backup|restore|check`: the server admin's operations."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import Role
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


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

    keys_help = _("the authorized_keys file (default: ~/.ssh/authorized_keys of this account)")
    add = actions.add_parser(
        "add-key",
        parents=[parent],
        help=_("bind an SSH key to a Pilot user (dedicated-account mode)"),
    )
    add.add_argument("login", help=_("the Pilot user the key opens Pilot as"))
    add.add_argument("keyfile", type=Path, help=_("the user's public key file (.pub)"))
    remove = actions.add_parser(
        "remove-key", parents=[parent], help=_("remove every SSH key bound to a user")
    )
    remove.add_argument("login")
    listing = actions.add_parser("list-keys", parents=[parent], help=_("list bound SSH keys"))
    for sub, handler in ((add, run_add_key), (remove, run_remove_key), (listing, run_list_keys)):
        sub.add_argument(
            "--authorized-keys",
            type=Path,
            metavar="PATH",
            help=keys_help,
            default=Path.home() / ".ssh" / "authorized_keys",
        )
        sub.set_defaults(handler=handler)


def _admin_and_user(ctx: Context, login: str | None = None) -> None:
    """Key bindings are an admin's job, and a key may only open Pilot as an existing user."""
    from pilot_tui.core.errors import PermissionDeniedError, ValidationError
    from pilot_tui.core.store.users import get_user

    with ctx.store() as store:
        actor = ctx.actor(store)
        if actor.role is not Role.ADMIN:
            raise PermissionDeniedError(_("Only an admin can manage SSH keys."))
        if login is not None and get_user(store, login) is None:
            raise ValidationError(
                _(
                    "There is no Pilot user '{login}'; add them with 'pilot users add' first."
                ).format(login=login)
            )


def run_add_key(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.sshkeys import add_key

    _admin_and_user(ctx, args.login)
    pilot = shutil.which("pilot") or sys.argv[0]
    add_key(
        args.authorized_keys,
        pilot=str(Path(pilot).resolve()),
        db=ctx.settings.db.resolve(),
        login=args.login,
        key_file=args.keyfile,
    )
    print(
        _("The key in {file} now opens Pilot as {login} (and nothing else).").format(
            file=args.keyfile, login=args.login
        )
    )
    return 0


def run_remove_key(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.sshkeys import remove_keys

    _admin_and_user(ctx)
    removed = remove_keys(args.authorized_keys, args.login)
    print(_("Removed {n} key(s) of {login}.").format(n=removed, login=args.login))
    return 0


def run_list_keys(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.sshkeys import list_keys

    _admin_and_user(ctx)
    for bound in list_keys(args.authorized_keys):
        print(f"{bound.login}\t{bound.key_type}\t{bound.fingerprint_hint}")
    return 0


def run_backup(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.store.maintenance import backup

    with ctx.store() as store:
        path = backup(store, ctx.actor(store), args.path)
    print(_("Backed up {db} to {path}.").format(db=ctx.settings.db, path=path))
    return 0


def run_restore(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.errors import DamagedDatabaseError
    from pilot_tui.core.store.maintenance import restore, restore_damaged

    try:
        with ctx.store() as store:
            restore(store, ctx.actor(store), args.path)
    except DamagedDatabaseError:
        restore_damaged(ctx.settings.db, args.path)
    print(_("Restored {db} from {path}.").format(db=ctx.settings.db, path=args.path))
    return 0


def run_check(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json
    from pilot_tui.core.store.connection import damaged_sentence
    from pilot_tui.core.store.maintenance import check

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
    if report.integrity != "ok":
        print(f"pilot: {damaged_sentence(ctx.settings.db)}", file=sys.stderr)
    return 0 if report.ok else 1
