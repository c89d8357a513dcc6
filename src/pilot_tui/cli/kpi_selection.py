"""`pilot kpi-selection show|set`: the team's dashboard KPIs (at most 7, noise needs a reason)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import MAX_KPIS
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.kpi_selection import KpiSelection
    from pilot_tui.core.models import User


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    selection = commands.add_parser(
        "kpi-selection",
        parents=[parent],
        help=_("show or choose the team's dashboard KPIs"),
        description=_(
            "A team shows at most {max} KPIs. Each answers three questions: actionable? "
            "anticipates? drives results? One with fewer than two yes is noise and needs a "
            "written reason to stay."
        ).format(max=MAX_KPIS),
    )
    # Bare ``pilot kpi-selection`` shows the selection, as the README lists it.
    selection.set_defaults(handler=run_show, team=None, json=False)
    verbs = selection.add_subparsers(dest="kpi_selection_command", metavar="ACTION")
    show = verbs.add_parser("show", parents=[parent], help=_("show the selection"))
    show.add_argument("--team", help=_("the team (default: yours)"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)

    choose = verbs.add_parser("set", parents=[parent], help=_("replace the selection (manager)"))
    choose.add_argument("kpis", nargs="+", metavar="KPI", help=_("KPI ids, in dashboard order"))
    choose.add_argument(
        "--why",
        action="append",
        default=[],
        metavar="KPI=TEXT",
        help=_("why a KPI is kept (required for a noise KPI); repeat for several"),
    )
    choose.add_argument("--team", help=_("the team (default: yours)"))
    choose.add_argument("--json", action="store_true", help=_("print JSON"))
    choose.set_defaults(handler=run_set)


def team_of(actor: User, team: str | None) -> str:
    """The team a command is about: ``--team``, else the actor's."""
    from pilot_tui.core.errors import ValidationError

    chosen = team or actor.team
    if not chosen:
        raise ValidationError(
            _("{login} belongs to no team: say which one with --team.").format(login=actor.login)
        )
    return chosen


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.kpi_selection import kpi_selection

    with ctx.store() as store:
        selection = kpi_selection(store, team_of(ctx.actor(store), args.team))
    return _print(args, selection)


def run_set(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.errors import ValidationError
    from pilot_tui.core.kpi_selection import set_kpi_selection

    reasons: dict[str, str] = {}
    for given in args.why:
        kpi, sep, text = given.partition("=")
        if not sep:
            raise ValidationError(_("Write --why as KPI=TEXT, e.g. --why hygiene_score='...'."))
        reasons[kpi.strip()] = text
    with ctx.store() as store:
        actor = ctx.actor(store)
        selection = set_kpi_selection(store, actor, team_of(actor, args.team), args.kpis, reasons)
    return _print(args, selection)


def _print(args: argparse.Namespace, selection: KpiSelection) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json

    if args.json:
        print_json(selection.model_dump(mode="json"))
        return 0
    title = _("Dashboard KPIs of team {team}").format(team=selection.team)
    if selection.default:
        title += _(" (the defaults: none chosen yet)")
    table = Table(
        "#", _("KPI"), _("actionable"), _("anticipates"), _("drives results"), _("why"), title=title
    )
    for k in selection.kpis:
        table.add_row(
            str(k.position),
            k.kpi + (_(" (noise)") if k.noise else ""),
            *(
                _("yes") if answer else _("no")
                for answer in (k.actionable, k.anticipates, k.drives_results)
            ),
            k.why or "",
        )
    console().print(table)
    return 0
