"""`pilot strategy show|set`: priority segments with their persona, priority offers, and the
exit criteria of each stage."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.strategy import Strategy


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    strategy = commands.add_parser(
        "strategy",
        parents=[parent],
        help=_("the commercial strategy: priority segments and offers, stage exit criteria"),
        description=_(
            "Where the energy goes: priority segments (rank 1 first), each with a persona "
            "(problems, what attracts, what blocks, what triggers a decision), priority "
            "offers, and what must be true to leave each stage. Managers set it."
        ),
    )
    strategy.set_defaults(handler=run_show, json=False)
    verbs = strategy.add_subparsers(dest="strategy_command", metavar="ACTION")
    show = verbs.add_parser("show", parents=[parent], help=_("show the strategy"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)

    setting = verbs.add_parser("set", parents=[parent], help=_("change the strategy (manager)"))
    what = setting.add_subparsers(dest="strategy_what", metavar="WHAT", required=True)
    segment = what.add_parser("segment", parents=[parent], help=_("a segment's rank and persona"))
    segment.add_argument("key", metavar="KEY", help=_("the segment"))
    _priority_option(segment)
    for field, text in (
        ("problems", _("the problems its buyers have")),
        ("attracts", _("what catches their attention")),
        ("blocks", _("what holds them back")),
        ("triggers", _("what makes them decide")),
    ):
        segment.add_argument(f"--{field}", metavar="TEXT", help=text + _(" ('' clears)"))
    segment.add_argument("--json", action="store_true", help=_("print JSON"))
    segment.set_defaults(handler=run_set_segment)

    offer = what.add_parser("offer", parents=[parent], help=_("an offer's rank"))
    offer.add_argument("key", metavar="KEY", help=_("the offer"))
    _priority_option(offer, required=True)
    offer.add_argument("--json", action="store_true", help=_("print JSON"))
    offer.set_defaults(handler=run_set_offer)

    stage = what.add_parser("stage", parents=[parent], help=_("a stage's exit criteria"))
    stage.add_argument("key", metavar="KEY", help=_("the stage"))
    stage.add_argument(
        "--exit-criteria",
        required=True,
        metavar="TEXT",
        help=_("what must be true to move a deal on ('' clears)"),
    )
    stage.add_argument("--json", action="store_true", help=_("print JSON"))
    stage.set_defaults(handler=run_set_stage)


def _priority_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--priority",
        type=int,
        required=required,
        metavar="N",
        help=_("rank among the priorities: 1 first, 2 next; 0 = not a priority"),
    )


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.strategy import strategy

    with ctx.store() as store:
        ctx.actor(store)
        return _print(args, strategy(store))


def run_set_segment(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.strategy import PERSONA_FIELDS, set_segment

    persona = {field: getattr(args, field) for field in PERSONA_FIELDS}
    with ctx.store() as store:
        saved = set_segment(
            store, ctx.actor(store), args.key, priority=args.priority, persona=persona
        )
    return _print(args, saved)


def run_set_offer(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.strategy import set_offer

    with ctx.store() as store:
        saved = set_offer(store, ctx.actor(store), args.key, priority=args.priority)
    return _print(args, saved)


def run_set_stage(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.strategy import set_stage

    with ctx.store() as store:
        saved = set_stage(store, ctx.actor(store), args.key, exit_criteria=args.exit_criteria)
    return _print(args, saved)


def _print(args: argparse.Namespace, saved: Strategy) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json

    if args.json:
        print_json(saved.model_dump(mode="json"))
        return 0
    out = console()
    segments = Table(
        "#",
        _("segment"),
        _("problems"),
        _("attracts"),
        _("blocks"),
        _("triggers"),
        title=_("Segments (priorities first)"),
    )
    for s in saved.segments:
        segments.add_row(
            _rank(s.priority),
            s.label,
            *(getattr(s.persona, f) or "" for f in ("problems", "attracts", "blocks", "triggers")),
        )
    out.print(segments)
    offers = Table("#", _("offer"), title=_("Offers (priorities first)"))
    for o in saved.offers:
        offers.add_row(_rank(o.priority), o.label)
    out.print(offers)
    stages = Table(_("stage"), _("exit criteria"), title=_("Process steps"))
    for stage in saved.stages:
        if stage.kind == "open":
            stages.add_row(stage.label, stage.exit_criteria or "—")
    out.print(stages)
    return 0


def _rank(priority: int | None) -> str:
    return "—" if priority is None else str(priority)
