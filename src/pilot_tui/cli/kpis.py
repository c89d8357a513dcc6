"""`pilot kpis`, `pilot status` and `pilot forecast`: the numbers, from core, as a table, one
line, or stable JSON (docs/kpis-json.md)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.metrics.snapshot import KpiSnapshot


def _numbers_command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    parent: argparse.ArgumentParser,
    name: str,
    summary: str,
    description: str,
) -> argparse.ArgumentParser:
    """A subcommand with the options every numbers command takes: --scope, --period, --json."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, parents=[parent], help=summary, description=description
    )
    command.add_argument(
        "--scope",
        default="team",
        help=_("whose numbers: team (default), rep:LOGIN, segment:KEY or offer:KEY"),
    )
    command.add_argument(
        "--period",
        help=_("2026-11, 2026-W47, 2026-Q4 or 2026-10-01..2026-11-15 (default: this month)"),
    )
    command.add_argument("--json", action="store_true", help=_("print JSON (docs/kpis-json.md)"))
    return command


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    kpis = _numbers_command(
        commands,
        parent,
        "kpis",
        _("print the KPI snapshot"),
        _(
            "Every KPI for a scope and period, with n, the previous period and whether the "
            "change is real."
        ),
    )
    kpis.add_argument(
        "--catalog",
        action="store_true",
        help=_("list the KPIs: formula, direction, the three questions, noise"),
    )
    kpis.set_defaults(handler=run_kpis)

    status = _numbers_command(
        commands,
        parent,
        "status",
        _("one line: ahead, on pace or behind"),
        _(
            "The verdict for the period: won vs expected by today, the forecast with its "
            "range, pipeline needed, data quality."
        ),
    )
    status.set_defaults(handler=run_status)

    forecast = _numbers_command(
        commands,
        parent,
        "forecast",
        _("the period's forecast and its backtest"),
        _(
            "Won so far plus what the rest of the period should bring, by three methods "
            "(timing learnt from the team's history, CRM weighting, pace); --backtest "
            "replays them on past periods at today's point of the period."
        ),
    )
    forecast.add_argument(
        "--backtest",
        type=int,
        default=0,
        metavar="N",
        help=_("replay the methods at the same point of the last N periods (at most {n})").format(
            n=MAX_BACKTEST
        ),
    )
    forecast.set_defaults(handler=run_forecast)


MAX_BACKTEST = 24
"""The most past periods ``forecast --backtest`` replays: two years of months; further back a
team's history (reps, stages, prices) no longer says much about today's forecast."""


def run_kpis(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json, scope_and_period
    from pilot_tui.core.metrics import compute_snapshot
    from pilot_tui.core.metrics.display import (
        compared_span,
        compared_with,
        format_change,
        format_kpi,
    )

    if args.catalog:
        return _print_catalog(args.json)
    context = ctx.settings.context()
    with ctx.store() as store:
        ctx.actor(store)
        scope, period = scope_and_period(store, context, args.scope, args.period)
        snapshot = compute_snapshot(store, scope, period, context.today)
    if args.json:
        print_json(snapshot.model_dump(mode="json"))
        return 0
    locale = context.locale
    currency = snapshot.currency
    title = _("KPIs · {scope} · {period} (as of {day}) {compared}").format(
        scope=snapshot.scope,
        period=snapshot.period.label,
        day=snapshot.as_of,
        compared=compared_with(snapshot, locale),
    )
    table = Table(_("KPI"), title=title)
    values = [_("value"), _("n"), compared_span(snapshot, locale)]
    if snapshot.like_for_like:
        values.append(_("all of {period}").format(period=snapshot.previous_period.label))
    for header in values:  # 'too few to say' stays on one line; names and changes wrap
        table.add_column(header, no_wrap=True)
    table.add_column(_("change"))
    for kpi in snapshot.kpis:
        cells = [
            kpi.name,
            format_kpi(kpi, kpi.value, currency, locale),
            _n_text(kpi.n),
            format_kpi(kpi, kpi.previous, currency, locale),
        ]
        if snapshot.like_for_like:
            cells.append(format_kpi(kpi, kpi.previous_full, currency, locale))
        table.add_row(*cells, format_change(kpi, currency, locale))
    console().print(table)
    unknown = _unknown_amounts_line(snapshot)
    if unknown:
        console().print(unknown)
    return 0


def _n_text(n: int | None) -> str:
    return "" if n is None else str(n)


def _unknown_amounts_line(snapshot: KpiSnapshot) -> str | None:
    """'Amount unknown for N open deals and M deals closed in the period: left out of the
    sums.' when amounts are summed over deals some of which have none."""
    counts = {
        kpi.id: int(kpi.details.get("amount_unknown") or 0)
        for kpi in snapshot.kpis
        if kpi.id in ("pipeline_value", "win_rate_value")
    }
    open_unknown, closed_unknown = counts.get("pipeline_value", 0), counts.get("win_rate_value", 0)
    if not open_unknown and not closed_unknown:
        return None
    return _(
        "Amount unknown for {open} open deals and {closed} deals closed in the period: "
        "left out of the sums."
    ).format(open=open_unknown, closed=closed_unknown)


def _print_catalog(as_json: bool) -> int:
    from rich.text import Text

    from pilot_tui.cli.common import console, print_json
    from pilot_tui.core.metrics import CATALOG

    if as_json:
        print_json([k.model_dump(mode="json") for k in CATALOG])
        return 0
    # A list, not a table: a formula is a sentence and needs the terminal's whole width.
    out = console()
    out.print(Text(_("KPI catalog"), style="bold"))
    yes, no = _("yes"), _("no")
    for k in CATALOG:
        out.print()
        head = Text(k.id, style="bold")
        head.append(f" · {k.name} · {k.unit.value} · {k.direction.value}")
        if k.noise:
            head.append(" · " + _("noise"), style="yellow")
        out.print(head)
        out.print(Text(_("formula: {formula}").format(formula=k.formula)), overflow="fold")
        out.print(
            _("actionable {a} · anticipates {b} · drives results {c}").format(
                a=yes if k.actionable else no,
                b=yes if k.anticipates else no,
                c=yes if k.drives_results else no,
            )
        )
    return 0


def run_status(ctx: Context, args: argparse.Namespace) -> int:
    from pilot_tui.cli.common import print_json, scope_and_period
    from pilot_tui.core.forecast import compute_status, status_line

    context = ctx.settings.context()
    with ctx.store() as store:
        ctx.actor(store)
        scope, period = scope_and_period(store, context, args.scope, args.period)
        status = compute_status(store, context, scope, period)
    line = status_line(status, context.locale)
    if args.json:
        print_json({**status.model_dump(mode="json"), "line": line})
    else:
        print(line)
    return 0


def run_forecast(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json, scope_and_period
    from pilot_tui.core.forecast import compute_forecast
    from pilot_tui.core.money import format_money

    context = ctx.settings.context()
    backtest = min(max(0, args.backtest), MAX_BACKTEST)
    if backtest < args.backtest:
        print(
            _("Replaying the last {n} periods only: history further back says little.").format(
                n=MAX_BACKTEST
            ),
            file=sys.stderr,
        )
    with ctx.store() as store:
        ctx.actor(store)
        scope, period = scope_and_period(store, context, args.scope, args.period)
        report = compute_forecast(store, context, scope, period, backtest_periods=backtest)
    if args.json:
        print_json(report.model_dump(mode="json"))
        return 0
    locale = context.locale

    def money(value: float | None) -> str:
        return (
            "—"
            if value is None
            else format_money(value, report.currency, compact=True, locale=locale)
        )

    f = report.forecast
    out = console()
    table = Table(
        _("figure"),
        _("amount"),
        title=_("Forecast · {scope} · {period} (as of {day})").format(
            scope=f.scope, period=f.period.label, day=f.as_of
        ),
    )
    for label, value in (
        (_("target"), report.target),
        (_("won so far"), f.won),
        (_("forecast ({method})").format(method=f.method), f.forecast),
        (_("range: low"), f.low),
        (_("range: high"), f.high),
        (_("timing-aware"), f.timing),
        (_("CRM weighting"), f.crm_weighted),
        (_("pace"), f.pace),
        (_("commit"), f.commit),
        (_("best case"), f.best_case),
    ):
        table.add_row(label, money(value))
    out.print(table)
    if f.unknown_amounts:
        out.print(
            _("{n} open deals have no amount: valued at the typical won size.").format(
                n=f.unknown_amounts
            )
        )
    if report.backtest:
        back = Table(
            _("period"),
            _("replayed on"),
            _("forecast"),
            _("timing"),
            _("CRM"),
            _("pace"),
            _("actually won"),
            title=_("Backtest (value and error)"),
        )

        def cell(value: float | None, error: float | None) -> str:
            return f"{money(value)} {_pct(error)}"

        for p in report.backtest:
            back.add_row(
                p.period,
                str(p.as_of),
                f"{cell(p.forecast, p.error)} ({p.method})",
                cell(p.timing, p.timing_error),
                cell(p.crm, p.crm_error),
                cell(p.pace, p.pace_error),
                money(p.actual),
            )
        out.print(back)
        out.print(
            _(
                "Mean absolute error: forecast {ours}, timing {timing}, CRM weighting {crm}, "
                "pace {pace}."
            ).format(
                ours=_share(report.mean_abs_error),
                timing=_share(report.timing_mean_abs_error),
                crm=_share(report.crm_mean_abs_error),
                pace=_share(report.pace_mean_abs_error),
            )
        )
    return 0


def _share(value: float | None) -> str:
    from pilot_tui.core.percent import format_share

    return "—" if value is None else format_share(value)


def _pct(value: float | None) -> str:
    from pilot_tui.core.percent import format_share

    return "—" if value is None else format_share(value, signed=True)
