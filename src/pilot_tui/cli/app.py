"""`pilot` with no subcommand: open the app for the current user."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def open_app(ctx: Context, *, mouse: bool, launch_key: str | None = None) -> int:
    """Open the store, resolve who is using it, run the app; 0 when it closes normally.

    A missing database or unknown login raises ``PilotError`` before the screen switches to the
    app, so the user reads one sentence in their shell.
    """
    from pilot_tui.app import Session, make_app

    with ctx.store() as store:
        actor = ctx.actor(store)
        mouse = mouse and ctx.settings.mouse
        # The mouse setting is remembered with the launch (``Launch.mouse``).
        settings = ctx.settings.model_copy(update={"mouse": mouse})
        app = make_app(Session(settings, store, actor), launch_key=launch_key)
        app.run(mouse=mouse)
    return int(app.return_code or 0)
