"""`pilot rituals`: the five rituals and their steps; `pilot rituals runs`: past and open runs."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    rituals = commands.add_parser(
        "rituals",
        parents=[parent],
        help=_("the guided meetings and their runs"),
        description=_("The five rituals, their steps and timeboxes; and the runs held so far."),
    )
    rituals.add_argument("--json", action="store_true", help=_("print JSON"))
    rituals.set_defaults(handler=run_definitions)
    verbs = rituals.add_subparsers(dest="rituals_command", metavar="ACTION")
    runs = verbs.add_parser("runs", parents=[parent], help=_("runs, newest first"))
    runs.add_argument("--json", action="store_true", help=_("print JSON"))
    runs.set_defaults(handler=run_runs)


def run_definitions(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.rituals import RITUALS

    if args.json:
        print_json([{**asdict(r), "playbook": r.playbook} for r in RITUALS.values()])
        return 0
    out = console()
    for ritual in RITUALS.values():
        table = Table("#", _("step"), _("minutes"), _("shows"), title=ritual.title)
        for number, step in enumerate(ritual.steps, start=1):
            table.add_row(str(number), step.title, str(step.timebox_minutes), step.shows)
        out.print(table)
    return 0


def run_runs(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.rituals import list_runs

    with ctx.store() as store:
        visible = list_runs(store, ctx.actor(store))
    if args.json:
        print_json(
            [
                s.model_dump(mode="json", exclude={"minutes_md", "snapshot_json", "timing_json"})
                | {"step": s.step.id}
                for s in visible
            ]
        )
        return 0
    table = Table(
        "#", _("ritual"), _("started"), _("facilitator"), _("rep"), _("status"), _("step")
    )
    for s in visible:
        table.add_row(
            str(s.id),
            s.ritual.title,
            s.started_at[:16].replace("T", " "),
            s.facilitator,
            s.subject or "",
            s.status,
            s.step.title,
        )
    console().print(table)
    return 0
