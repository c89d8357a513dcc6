"""`pilot deals`: inspect a deal with its risk flags, list the deals at risk, set a deal's
forecast category."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    deals = commands.add_parser(
        "deals",
        parents=[parent],
        help=_("inspect deals: risk flags, forecast category"),
        description=_(
            "A deal with its risk flags (close date past, pushed, no or overdue next step, "
            "stuck, amount cut, commit too early, no activity), the open deals at risk, and "
            "each deal's forecast category (pipeline, best_case, commit, omitted)."
        ),
    )
    verbs = deals.add_subparsers(dest="deals_command", metavar="ACTION", required=True)

    show = verbs.add_parser("show", parents=[parent], help=_("one deal and its risk flags"))
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_show)

    risks = verbs.add_parser("risks", parents=[parent], help=_("open deals with risk flags"))
    risks.add_argument(
        "--scope",
        default="team",
        help=_("whose deals: team (default), rep:LOGIN, segment:KEY or offer:KEY"),
    )
    risks.add_argument("--json", action="store_true", help=_("print JSON"))
    risks.set_defaults(handler=run_risks)

    category = verbs.add_parser(
        "set-category",
        parents=[parent],
        help=_("put an open deal in a forecast category (its owner or a manager)"),
    )
    category.add_argument("id", type=int)
    category.add_argument("category", help=_("pipeline, best_case, commit or omitted"))
    category.add_argument("--expected-version", type=int, metavar="N")
    category.set_defaults(handler=run_set_category)


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.money import format_money
    from pilot_tui.core.risk import risk_flags
    from pilot_tui.core.store.deals import get_deal

    context = ctx.settings.context()
    with ctx.store() as store:
        ctx.actor(store)
        deal = get_deal(store, args.id)
        flags = risk_flags(store, context, deal_ids=[deal.id])
        currency = store.currency()
    found = flags[0].flags if flags else []
    if args.json:
        print_json(
            {
                "deal": deal.model_dump(mode="json"),
                "risks": [flag.model_dump(mode="json") for flag in found],
            }
        )
        return 0
    out = console()
    out.print(f"#{deal.id} {deal.name}", style="bold")
    rows = (
        (_("account"), deal.account or "—"),
        (_("owner"), deal.owner),
        (_("stage"), deal.stage),
        (
            _("amount"),
            format_money(deal.amount_minor, currency, locale=context.locale),
        ),
        (_("expected close"), str(deal.expected_close or "—")),
        (_("forecast category"), deal.forecast_category or "—"),
        (_("next step"), f"{deal.next_step or '—'} ({deal.next_step_due or '—'})"),
    )
    for label, value in rows:
        out.print(f"  {label}: {value}")
    if found:
        out.print(_("Risks:"), style="bold red")
        for flag in found:
            out.print(f"  ! {flag.reason}")
    else:
        out.print(_("No risk flag."))
    return 0


def run_risks(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, known_scope, print_json
    from pilot_tui.core.risk import risk_flags

    context = ctx.settings.context()
    with ctx.store() as store:
        ctx.actor(store)
        at_risk = [d for d in risk_flags(store, context, known_scope(store, args.scope)) if d.flags]
    if args.json:
        print_json([d.model_dump(mode="json") for d in at_risk])
        return 0
    if not at_risk:
        print(_("No open deal has a risk flag."))
        return 0
    table = Table("#", _("owner"), _("stage"), _("risks"))
    for deal in at_risk:
        table.add_row(
            str(deal.id), deal.owner or "—", deal.stage, "; ".join(f.reason for f in deal.flags)
        )
    console().print(table)
    return 0


def run_set_category(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.core.calls import set_forecast_category

    with ctx.store() as store:
        deal = set_forecast_category(
            store,
            ctx.actor(store),
            args.id,
            args.category,
            expected_version=args.expected_version,
        )
    print(_("Deal {id} is now in {category}.").format(id=deal.id, category=deal.forecast_category))
    return 0
