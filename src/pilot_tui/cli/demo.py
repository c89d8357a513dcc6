"""`pilot demo`: build (or reuse) the demo database and open the app on it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pilot_tui import locations
from pilot_tui.cli.options import add_app_options
from pilot_tui.core.vocabulary import DEMO_SEED
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.demo import DemoInfo
    from pilot_tui.core.models import User


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    demo = commands.add_parser(
        "demo",
        parents=[parent],
        help=_("build a demo team database and open Pilot on it"),
        description=_(
            "Build a demo database (18 months of a sales team's deals, ending today) and open "
            "the app on it. You are the team's manager; --as LOGIN opens it as one of the "
            "reps. A second run reuses the database unless --reset is given."
        ),
    )
    demo.add_argument(
        "--reset", action="store_true", help=_("rebuild the demo database from scratch")
    )
    demo.add_argument(
        "--no-open", action="store_true", help=_("only build the database; do not open the app")
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=DEMO_SEED,
        help=_("the random seed: the same seed and day give the same data (default {seed})").format(
            seed=DEMO_SEED
        ),
    )
    demo.add_argument(
        "--deals",
        type=_positive,
        metavar="N",
        help=_(
            "scale mode for benchmarks: about N deals with ten stage changes each and more "
            "reps (100000 takes about 15 s)"
        ),
    )
    add_app_options(demo)
    demo.set_defaults(handler=run_demo, creates_db=True)


def _check_objectives(path: Path, info: DemoInfo) -> None:
    """The demo's objectives of this month, SMART-checked as if the manager had saved them."""
    from pilot_tui.core.objectives import check_unchecked
    from pilot_tui.core.periods import PeriodKind, period_containing
    from pilot_tui.core.store import Store
    from pilot_tui.core.store.users import get_user

    with Store.open(path) as store:
        manager = get_user(store, info.manager)
        if manager is not None:
            month = period_containing(info.today, PeriodKind.MONTH).label
            check_unchecked(store, manager, month)


def run_demo(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import Context, console, launch_app
    from pilot_tui.core import clock
    from pilot_tui.core.demo import DemoSpec, build_demo, remove_database
    from pilot_tui.core.identity import os_login

    path = demo_db_path(ctx, args)
    info = _existing_demo(path)
    if info is not None and args.reset:
        remove_database(path)
        info = None
    if info is None:
        spec = DemoSpec.for_scale(args.deals) if args.deals else DemoSpec()
        # The default demo takes a fraction of a second; the scale one shows that it works.
        with console(stderr=True).status(
            _("Building {n} demo deals in {path}…").format(n=spec.deals, path=path)
        ):
            built = build_demo(path, manager_login=os_login(), seed=args.seed, spec=spec)
            if not args.deals:  # the objectives screen shows each one's SMART check
                _check_objectives(path, built.info)
        info = built.info
        print(
            _(
                "Built the demo database {path} in {seconds:.1f} s: {deals} deals, "
                "{changes} stage changes, history up to {today} (seed {seed})."
            ).format(
                path=path,
                seconds=built.seconds,
                deals=info.deals,
                changes=info.stage_changes,
                today=info.today,
                seed=info.seed,
            )
        )
    else:
        print(
            _("Reusing the demo database {path} (history up to {today}, seed {seed}).").format(
                path=path, today=info.today, seed=info.seed
            )
        )
        if info.today != clock.today():
            print(_("Run 'pilot demo --reset' to rebuild it up to today."))
    print(
        _("Manager: {login}. Reps, usable with --as LOGIN: {reps}").format(
            login=info.manager, reps=", ".join(_rep_sample(info))
        )
    )
    demo_ctx = Context(ctx.settings.model_copy(update={"db": path}))
    demo_actor(path, info, demo_ctx.settings.as_login)
    if args.no_open:
        return 0
    return launch_app(demo_ctx, args)


def demo_db_path(ctx: Context, args: argparse.Namespace) -> Path:
    """``--db``, else ``$PILOT_DB``, else the demo's own file under the XDG data directory
    (never the team database a settings file may name)."""
    if hasattr(args, "db") or os.environ.get("PILOT_DB"):
        return ctx.settings.db
    return locations.demo_db_path()


def demo_actor(path: Path, info: DemoInfo, as_login: str | None) -> User:
    """Who the app will open as: the manager, or the rep named with ``--as``."""
    from pilot_tui.core.errors import UnknownLoginError
    from pilot_tui.core.identity import os_login, resolve_actor
    from pilot_tui.core.store import Store

    with Store.open(path) as store:
        try:
            return resolve_actor(store, as_login)
        except UnknownLoginError:
            who = as_login or os_login()
            raise UnknownLoginError(
                _(
                    "'{login}' is not a user of the demo at {path}: its manager is {manager} "
                    "and its reps are {reps} (or run 'pilot demo --reset' to rebuild it for "
                    "you)."
                ).format(
                    login=who, path=path, manager=info.manager, reps=", ".join(_rep_sample(info))
                )
            ) from None


def _existing_demo(path: Path) -> DemoInfo | None:
    """The demo at ``path``; ``None`` when there is no file; refuses any other database."""
    from pilot_tui.core.demo import read_demo_info
    from pilot_tui.core.errors import ValidationError
    from pilot_tui.core.store import Store

    if not path.exists():
        return None
    with Store.open(path) as store:
        info = read_demo_info(store)
    if info is None:
        raise ValidationError(
            _(
                "{path} holds a Pilot database that is not a demo; pilot demo leaves it alone. "
                "Choose another file with --db."
            ).format(path=path)
        )
    return info


def _rep_sample(info: DemoInfo, limit: int = 8) -> list[str]:
    """The first rep logins (the scale demo has hundreds)."""
    reps = info.reps[:limit]
    return [*reps, "…"] if len(info.reps) > limit else reps


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(_("'{text}' is not a positive number").format(text=text))
    return value
