"""`pilot call`: each rep's forecast call, the manager's roll-up and team call, and how
accurate past calls were."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.periods import Period


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    call = commands.add_parser(
        "call",
        parents=[parent],
        help=_("forecast calls: submit, list, the team's roll-up, accuracy"),
        description=_(
            "Each rep calls what they will win in the period (commit and best case, with a "
            "sentence); the manager reads the roll-up against Pilot's forecast and records "
            "the team call; once periods close, each call is judged against what was won."
        ),
    )
    verbs = call.add_subparsers(dest="call_command", metavar="ACTION", required=True)

    def period_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--period", help=_("2026-11, 2026-W47 or 2026-Q4 (default: this month)")
        )
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    submit = verbs.add_parser("submit", parents=[parent], help=_("submit your call"))
    period_option(submit)
    submit.add_argument("--commit", required=True, help=_("what you will win for sure (50k)"))
    submit.add_argument("--best-case", required=True, help=_("what you may win at best"))
    submit.add_argument("--note", required=True, help=_("the sentence the call rests on"))
    submit.add_argument("--owner", metavar="LOGIN", help=_("a rep's call (managers only)"))
    submit.set_defaults(handler=run_submit)

    listing = verbs.add_parser("list", parents=[parent], help=_("the calls of a period"))
    period_option(listing)
    listing.set_defaults(handler=run_list)

    team = verbs.add_parser(
        "team",
        parents=[parent],
        help=_("the roll-up; with --commit, --best-case and --reason, record the team call"),
    )
    period_option(team)
    team.add_argument("--team", help=_("the team (default: yours)"))
    team.add_argument("--commit", help=_("the team's commit"))
    team.add_argument("--best-case", help=_("the team's best case"))
    team.add_argument("--reason", help=_("why the team call is what it is"))
    team.set_defaults(handler=run_team)

    accuracy = verbs.add_parser(
        "accuracy", parents=[parent], help=_("past calls against what was won")
    )
    period_option(accuracy)
    accuracy.add_argument("--team", help=_("the team (default: yours)"))
    accuracy.add_argument(
        "--periods", type=int, default=6, metavar="N", help=_("closed periods to judge (6)")
    )
    accuracy.set_defaults(handler=run_accuracy)


def _period(ctx: Context, args: argparse.Namespace) -> Period:
    from pilot_tui.core.periods import parse_period

    return parse_period(args.period) if args.period else ctx.settings.context().this_month()


def _money(text: str) -> int:
    from pilot_tui.core.calls import parse_call_amount

    return parse_call_amount(text)


def _show(minor: int | None, currency: str, locale: str) -> str:
    from pilot_tui.core.money import format_money

    return format_money(minor, currency, compact=True, locale=locale)


def run_submit(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json
    from pilot_tui.core.calls import submit_call

    with ctx.store() as store:
        call = submit_call(
            store,
            ctx.actor(store),
            _period(ctx, args),
            _money(args.commit),
            _money(args.best_case),
            args.note,
            owner=args.owner,
        )
        currency = store.currency()
    if args.json:
        print_json(call.model_dump(mode="json"))
        return 0
    locale = ctx.settings.context().locale
    print(
        _("Saved {owner}'s call for {period}: commit {commit}, best case {best}.").format(
            owner=call.owner,
            period=call.period,
            commit=_show(call.commit, currency, locale),
            best=_show(call.best_case, currency, locale),
        )
    )
    return 0


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.calls import latest_calls

    period = _period(ctx, args)
    with ctx.store() as store:
        ctx.actor(store)
        calls = list(latest_calls(store, period).values())
        currency = store.currency()
    if args.json:
        print_json([c.model_dump(mode="json") for c in calls])
        return 0
    if not calls:
        print(_("No call for {period} yet: `pilot call submit`.").format(period=period.label))
        return 0
    locale = ctx.settings.context().locale
    table = Table(_("who"), _("commit"), _("best case"), _("when"), _("why"), title=period.label)
    for call in calls:
        table.add_row(
            call.owner or _("team {team}").format(team=call.team),
            _show(call.commit, currency, locale),
            _show(call.best_case, currency, locale),
            call.at.strftime("%Y-%m-%d %H:%M"),
            call.note or "",
        )
    console().print(table)
    return 0


def run_team(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.cli.kpi_selection import team_of
    from pilot_tui.core.calls import call_rollup, record_team_call, rollup_summary
    from pilot_tui.core.errors import ValidationError

    period = _period(ctx, args)
    context = ctx.settings.context()
    recording = (args.commit, args.best_case, args.reason)
    with ctx.store() as store:
        actor = ctx.actor(store)
        team = team_of(actor, args.team)
        if any(recording):
            if not all(recording):
                raise ValidationError(
                    _("A team call needs --commit, --best-case and --reason together.")
                )
            record_team_call(
                store,
                actor,
                context,
                period,
                _money(args.commit),
                _money(args.best_case),
                args.reason,
                team,
            )
        rollup = call_rollup(store, context, period, team)
    if args.json:
        print_json(rollup.model_dump(mode="json"))
        return 0

    def money(minor: int | None) -> str:
        return _show(minor, rollup.currency, context.locale)

    table = Table(
        _("rep"),
        _("commit call"),
        _("best case call"),
        _("won"),
        _("commit deals"),
        _("best-case deals"),
        _("Pilot"),
        title=_("Calls · team {team} · {period}").format(team=team, period=period.label),
    )
    for rep in rollup.reps:
        table.add_row(
            rep.login,
            money(rep.call.commit) if rep.call else _("no call"),
            money(rep.call.best_case) if rep.call else "—",
            money(rep.won),
            money(rep.commit_deals),
            money(rep.best_case_deals),
            money(rep.forecast),
        )
    table.add_row(
        _("Σ"),
        money(rollup.calls_commit),
        money(rollup.calls_best_case),
        money(rollup.won),
        money(rollup.commit_deals),
        money(rollup.best_case_deals),
        money(rollup.forecast),
        style="bold",
    )
    out = console()
    out.print(table)
    for line in rollup_summary(rollup, money):
        out.print(line)
    return 0


def run_accuracy(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.cli.kpi_selection import team_of
    from pilot_tui.core.calls import call_accuracy

    period = _period(ctx, args)
    context = ctx.settings.context()
    with ctx.store() as store:
        team = team_of(ctx.actor(store), args.team)
        accuracy = call_accuracy(store, context, period, team, max(1, args.periods))
    if args.json:
        print_json(accuracy.model_dump(mode="json"))
        return 0
    if not accuracy.results:
        print(
            _("No call was made for the closed periods before {period}.").format(
                period=period.label
            )
        )
        return 0

    def money(minor: int | None) -> str:
        return _show(minor, accuracy.currency, context.locale)

    table = Table(
        _("period"),
        _("who"),
        _("commit call"),
        _("won"),
        _("won / call"),
        title=_("Call accuracy · team {team}").format(team=team),
    )
    for result in accuracy.results:
        table.add_row(
            result.period,
            result.owner or _("team"),
            money(result.commit),
            money(result.won),
            "—" if result.ratio is None else f"{result.ratio:.0%}",
        )
    out = console()
    out.print(table)
    for who, error in accuracy.mean_abs_error.items():
        if error is not None:
            out.print(_("{who}: calls off by {error:.0%} on average.").format(who=who, error=error))
    return 0
