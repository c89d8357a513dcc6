"""`pilot changes`: how the open pipeline went from a past day to today, as a waterfall
(docs/changes-json.md)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.cli.options import iso_date
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.changes import DealChange, PipelineChanges

EVERY_OPEN_DEAL = "all"
"""``--period all``: follow every open deal, whatever its expected close."""
BAR_WIDTH = 32
"""Characters of the widest bar of the waterfall."""


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "changes",
        parents=[parent],
        help=_("what changed in the open pipeline since a day"),
        description=_(
            "The open pipeline on a past day and today, and every deal that made the "
            "difference: new, reopened, pulled into the period, advanced, moved back, amount "
            "up or down, pushed out, won, lost. The groups add up exactly."
        ),
    )
    command.add_argument(
        "--since",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=_("the start day (default: the last pipeline review, else seven days ago)"),
    )
    command.add_argument(
        "--scope",
        default="team",
        help=_("whose pipeline: team (default), rep:LOGIN, segment:KEY or offer:KEY"),
    )
    command.add_argument(
        "--period",
        help=_(
            "follow the deals expected to close in this period (default: this month); "
            "'all' for every open deal"
        ),
    )
    command.add_argument(
        "--deals",
        type=int,
        default=5,
        metavar="N",
        help=_("deals listed per group, largest first (default 5; 0 for none)"),
    )
    command.add_argument("--json", action="store_true", help=_("print JSON (docs/changes-json.md)"))
    command.set_defaults(handler=run_changes)


def run_changes(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json
    from pilot_tui.core.changes import changes_since
    from pilot_tui.core.metrics.state import known_scope, parse_scope
    from pilot_tui.core.periods import parse_period

    context = ctx.settings.context()
    scope = parse_scope(args.scope)
    if args.period == EVERY_OPEN_DEAL:
        period = None
    else:
        period = parse_period(args.period) if args.period else context.this_month()
    with ctx.store() as store:
        ctx.actor(store)
        known_scope(store, scope)
        changes = changes_since(store, context, scope, args.since, period)
    if args.json:
        print_json(changes.model_dump(mode="json"))
        return 0
    print_waterfall(changes, context.locale, max(0, args.deals))
    return 0


def print_waterfall(changes: PipelineChanges, locale: str, per_group: int) -> None:
    """The waterfall as bars (start, each non-empty group from the running total, end),
    then each group's largest deals."""
    from rich.table import Table
    from rich.text import Text

    from pilot_tui.cli.common import console
    from pilot_tui.core.changes import waterfall_bars
    from pilot_tui.core.money import format_money

    def money(minor: int, *, signed: bool = False) -> str:
        text = format_money(abs(minor), changes.currency, compact=True, locale=locale)
        if not signed:
            return text if minor >= 0 else "−" + text
        return ("+" if minor > 0 else "−" if minor < 0 else "±") + text

    what = changes.period or _("every open deal")
    title = _("Open pipeline · {scope} · {what} · {since} → {until}").format(
        scope=changes.scope, what=what, since=changes.since, until=changes.until
    )
    styles = {"total": "blue", "up": "green", "down": "red", "flat": "dim"}
    table = Table(_("step"), _("deals"), _("amount"), "", title=title, box=None)
    for bar in waterfall_bars(changes, BAR_WIDTH):
        shape = "█" * bar.length if bar.length else "│"
        table.add_row(
            bar.label,
            str(bar.count),
            money(bar.amount, signed=bar.kind != "total"),
            Text(" " * bar.offset) + Text(shape, style=styles[bar.kind]),
        )
    out = console()
    out.print(table)
    if changes.unchanged:
        out.print(_("{n} deals did not change.").format(n=changes.unchanged))
    if not per_group:
        return
    for group in (g for g in changes.groups if g.count):
        out.print()
        out.print(Text(f"{group.label} · {money(group.amount, signed=True)}", style="bold"))
        for deal in group.deals[:per_group]:
            what = describe(deal, changes.currency, locale)
            out.print(f"  #{deal.id} {deal.name or ''} ({deal.owner or '—'}) · {what}")
        if group.count > per_group:
            out.print(_("  … and {n} more").format(n=group.count - per_group))


def describe(deal: DealChange, currency: str, locale: str) -> str:
    """'proposal → negotiation · close 2026-12-05 → 2027-01-10 · €12K → €9K · −€3K': what
    changed on the deal, then its contribution."""
    from pilot_tui.core.money import format_money

    parts = []
    if deal.stage_from != deal.stage_to:
        parts.append(f"{deal.stage_from or _('new')} → {deal.stage_to}")
    if deal.close_from != deal.close_to and deal.stage_from is not None:
        parts.append(
            _("close {old} → {new}").format(old=deal.close_from or "—", new=deal.close_to or "—")
        )
    if deal.amount_from != deal.amount_to and deal.stage_from is not None:
        old, new = (
            format_money(value, currency, compact=True, locale=locale)
            for value in (deal.amount_from, deal.amount_to)
        )
        parts.append(f"{old} → {new}")
    sign = "+" if deal.contribution > 0 else "−" if deal.contribution < 0 else "±"
    parts.append(sign + format_money(abs(deal.contribution), currency, compact=True, locale=locale))
    return " · ".join(parts)
