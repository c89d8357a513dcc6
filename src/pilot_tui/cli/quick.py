"""`pilot` alone, fast: paint the verdict the same launch showed last time, load the rest after.

Until the first frame only Textual, the standard library and light Pilot modules are imported
(no command module, no pydantic, no pandas); settings, store and user are resolved in a worker.
Anything but a remembered ``pilot [global options]`` in a terminal takes the usual path.
"""

import argparse
import os
import sys
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from pilot_tui.cli.options import app_parser, has_terminal
from pilot_tui.core import clock

if TYPE_CHECKING:
    from pilot_tui.app import Session


def quick_launch(argv: Sequence[str]) -> int | None:
    """Run the app from a remembered launch and return its exit code; None: not remembered."""
    if not has_terminal():
        return None
    try:
        args, rest = app_parser().parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    from pilot_tui.launch_cache import launch_key, recall

    key = launch_key(argv, os.environ, clock.today())
    launch = recall(key)
    if launch is None:
        return None
    from pilot_tui.app import make_app

    app = make_app(partial(open_session, args), opening=launch, launch_key=key)
    try:
        app.run(mouse=launch.mouse)
    finally:
        if app.has_session:
            app.store.close()
    if app.load_error:
        print(f"pilot: {app.load_error}", file=sys.stderr)
        return 1
    return int(app.return_code or 0)


def open_session(args: argparse.Namespace) -> "Session":
    """What ``open_app`` resolves before the app starts, resolved in the app's worker."""
    from pilot_tui.app import Session
    from pilot_tui.cli.common import Context
    from pilot_tui.core.store import Store

    ctx = Context.from_args(args, announce=False)
    store = Store.open(ctx.settings.db)
    try:
        return Session(ctx.settings, store, ctx.actor(store))
    except BaseException:
        store.close()
        raise
