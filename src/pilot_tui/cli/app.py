"""`pilot` with no subcommand: open the app for the current user."""

from pilot_tui.cli.common import Context


def open_app(ctx: Context, *, mouse: bool, launch_key: str | None = None) -> int:
    """Open the store, resolve who is using it, run the app; 0 when it closes normally.

    A missing database or unknown login raises ``PilotError`` before the screen switches to the
    app, so the user reads one sentence in their shell.
    """
    from pilot_tui.app import make_app

    with ctx.store() as store:
        actor = ctx.actor(store)
        mouse = mouse and ctx.settings.mouse
        app = make_app(ctx.settings, store, actor, mouse=mouse, launch_key=launch_key)
        app.run(mouse=mouse)
    return int(app.return_code or 0)
