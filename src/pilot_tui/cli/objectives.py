"""`pilot objectives`: list with progress, add (SMART-checked), derive, delete."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from pilot_tui.core.vocabulary import METRICS, OBJECTIVE_KINDS
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.smart import SmartCheck


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    objectives = commands.add_parser(
        "objectives",
        parents=[parent],
        help=_("SMART objectives: list with progress, add, derive, delete"),
        description=_(
            "Objectives of four kinds (outcome, means, quality, predictive) for the team or a "
            "rep and a period (2026-11, 2026-W47, 2026-Q4), checked letter by letter."
        ),
    )
    shown = objectives.add_mutually_exclusive_group()
    shown.add_argument(
        "--period", help=_("only this period (default: the week, month and quarter of today)")
    )
    shown.add_argument("--all", action="store_true", help=_("every period, back to the first"))
    objectives.add_argument("--json", action="store_true", help=_("print JSON"))
    objectives.set_defaults(handler=run_list)
    verbs = objectives.add_subparsers(dest="objectives_command", metavar="ACTION")

    add = verbs.add_parser("add", parents=[parent], help=_("add an objective (manager)"))
    add.add_argument("metric", choices=list(METRICS), help=_("what is measured"))
    add.add_argument(
        "target",
        help=_("money in currency units (50000), a count (12) or a share (0.8 or 80%%)"),
    )
    add.add_argument("--period", required=True, help=_("2026-11, 2026-W47 or 2026-Q4"))
    add.add_argument("--kind", choices=OBJECTIVE_KINDS, help=_("default: the metric's kind"))
    add.add_argument("--owner", metavar="LOGIN", help=_("a rep's objective (default: the team's)"))
    add.add_argument("--team", help=_("the team (default: yours)"))
    add.add_argument(
        "--scope",
        metavar="SCOPE",
        help=_("team (default), rep:LOGIN, segment:KEY or offer:KEY: whose target it is"),
    )
    add.add_argument("--rationale", help=_("why this target"))
    add.add_argument("--dry-run", action="store_true", help=_("check it without saving"))
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=run_add)

    derive = verbs.add_parser(
        "derive", parents=[parent], help=_("pipeline and weekly activity an outcome target needs")
    )
    derive.add_argument("id", type=int)
    derive.add_argument("--json", action="store_true", help=_("print JSON"))
    derive.set_defaults(handler=run_derive)

    delete = verbs.add_parser("delete", parents=[parent], help=_("delete an objective (manager)"))
    delete.add_argument("id", type=int)
    delete.add_argument("--expected-version", type=int, metavar="N")
    delete.set_defaults(handler=run_delete)


def run_add(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json
    from pilot_tui.cli.kpi_selection import team_of
    from pilot_tui.core.objectives import (
        create_objective,
        describe_objective,
        parse_target,
        refuse_second_target,
    )
    from pilot_tui.core.smart import ObjectiveDraft, smart_check

    owner, scoped = _scope_of(args.owner, args.scope)
    with ctx.store() as store:
        actor = ctx.actor(store)
        draft = ObjectiveDraft(
            kind=args.kind or METRICS[args.metric].kind,
            metric=args.metric,
            target=parse_target(args.metric, args.target),
            period=args.period,
            owner=owner,
            team=team_of(actor, args.team),
            rationale=args.rationale,
            **scoped,
        )
        if args.dry_run:
            refuse_second_target(store, draft)
            check = smart_check(store, draft)
            saved: dict[str, Any] | None = None
        else:
            objective = create_objective(store, actor, draft)
            check = objective.smart or smart_check(store, draft)
            saved = objective.model_dump(mode="json")
        title = describe_objective(store, draft)
    if args.json:
        print_json({"objective": saved, "smart": check.model_dump(mode="json")})
        return 0
    if saved is not None:
        print(_("Saved objective {id}: {what}.").format(id=saved["id"], what=title))
    else:
        print(_("Not saved (dry run): {what}.").format(what=title))
    _print_check(check)
    return 0


def _scope_of(owner: str | None, scope: str | None) -> tuple[str | None, dict[str, str]]:
    """The owner and the segment or offer an objective is for, from ``--owner`` and
    ``--scope`` (one sentence when both name someone)."""
    from pilot_tui.core.errors import ValidationError
    from pilot_tui.core.metrics.state import parse_scope

    if scope is None:
        return owner, {}
    parsed = parse_scope(scope)
    if owner is not None and parsed.kind != "team":
        raise ValidationError(_("Say whose objective it is once: --owner or --scope, not both."))
    if parsed.kind == "rep":
        return parsed.value, {}
    if parsed.kind in ("segment", "offer") and parsed.value:
        return owner, {parsed.kind: parsed.value}
    return owner, {}


def _print_check(check: SmartCheck) -> None:
    from rich.text import Text

    from pilot_tui.cli.common import console

    marks = {
        "pass": Text("✓", style="green"),
        "fail": Text("✗", style="red"),
        "unknown": Text("?", style="yellow"),
    }
    out = console()
    for letter in check.letters:
        out.print(marks[letter.status], f"{letter.letter} {letter.name}: {letter.reason}")


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.objectives import objective_statuses

    with ctx.store() as store:
        ctx.actor(store)
        periods = _periods_listed(args)
        rows = []
        statuses = [s for period in periods for s in objective_statuses(store, period=period)]
        for status in statuses:
            smart = status.objective.smart
            rows.append(
                {
                    **status.objective.model_dump(mode="json", exclude={"smart_check_json"}),
                    "description": status.description,
                    "current": status.progress.current,
                    "progress": status.progress.ratio,
                    "smart": smart.model_dump(mode="json") if smart else None,
                    "smart_passes": smart.passes if smart else None,
                }
            )
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        if periods == [None]:
            print(_("No objective yet: add one with `pilot objectives add`."))
        else:
            print(
                _("No objective for {periods}: `--all` lists every period.").format(
                    periods=", ".join(str(p) for p in periods)
                )
            )
        return 0
    table = Table("#", _("kind"), _("objective"), _("progress"), _("SMART"))
    for row in rows:
        passes = {True: _("yes"), False: _("no"), None: ""}[row["smart_passes"]]
        table.add_row(
            str(row["id"]), row["kind"], row["description"], f"{row['progress']:.0%}", passes
        )
    console().print(table)
    return 0


def _periods_listed(args: argparse.Namespace) -> list[str | None]:
    """The periods ``pilot objectives`` lists: ``--period`` (checked), every one (``--all``,
    shown as ``[None]``), else the week, month and quarter of today."""
    from pilot_tui.core import clock
    from pilot_tui.core.periods import CALENDAR_KINDS, parse_period, period_containing

    if args.all:
        return [None]
    if args.period:
        return [parse_period(args.period).label]
    today = clock.today()
    return [period_containing(today, kind).label for kind in reversed(CALENDAR_KINDS)]


def run_derive(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json
    from pilot_tui.core.objectives import derivation_for, get_objective

    with ctx.store() as store:
        ctx.actor(store)
        derivation = derivation_for(store, get_objective(store, args.id))
    figures = derivation.__dict__
    if args.json:
        print_json(figures)
        return 0
    for name, value in figures.items():
        shown = "—" if value is None else (f"{value:.2f}" if isinstance(value, float) else value)
        print(f"{name}: {shown}")
    return 0


def run_delete(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.objectives import delete_objective

    with ctx.store() as store:
        delete_objective(store, ctx.actor(store), args.id, expected_version=args.expected_version)
    print(_("Deleted objective {id}.").format(id=args.id))
    return 0
