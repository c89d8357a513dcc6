"""The numbers a ritual runs on: the verdict and the team's selected KPIs, as JSON-able data.

The ritual screen passes ``ritual_snapshot(...)`` to ``RitualRun.finish``; the weekly report
prints the same. Both come from ``core.forecast.compute_status`` and one
``core.metrics.compute_snapshot``, so minutes, reports and the dashboard agree.
"""

from typing import Any

from pilot_tui.core.context import Context
from pilot_tui.core.forecast import compute_status, status_line
from pilot_tui.core.kpi_selection import DEFAULT_KPIS, kpi_selection
from pilot_tui.core.metrics import Scope, compute_snapshot
from pilot_tui.core.metrics.display import format_change, format_kpi
from pilot_tui.core.periods import Period
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import user_team


def ritual_snapshot(store: Store, context: Context, scope: Scope, period: Period) -> dict[str, Any]:
    """The verdict and the selected KPIs of ``scope`` over ``period``, as of
    ``context.today``; text in ``context.locale``.

    Keys: ``scope``, ``period``, ``as_of`` (ISO date), ``currency``, ``verdict`` ('AHEAD',
    'ON PACE', 'BEHIND' or 'NO TARGET'), ``line`` (the status line), ``target``, ``won``,
    ``forecast`` (minor units), and ``kpis``: one item per KPI of the team's selection (its
    saved one, else the default seven; a rep's team's for a rep, the default for a segment or
    an offer) with ``id``, ``name``, ``value`` (display text, 'too few to say' under 10
    events), ``raw`` (the number: minor units, shares 0..1; None when unknown), ``n`` and
    ``change`` (signed display text, or 'too few to say').
    """
    locale = context.locale
    status = compute_status(store, context, scope, period)
    snapshot = compute_snapshot(store, scope, period, context.today)
    currency = snapshot.currency
    by_id = {kpi.id: kpi for kpi in snapshot.kpis}
    kpis = []
    for kpi in (by_id[k] for k in _selected_kpis(store, scope) if k in by_id):
        kpis.append(
            {
                "id": kpi.id,
                "name": kpi.name,
                "value": format_kpi(kpi, kpi.value, currency, locale),
                "raw": kpi.value,
                "n": kpi.n,
                "change": format_change(kpi, currency, locale),
            }
        )
    return {
        "scope": scope.label,
        "period": period.label,
        "as_of": status.as_of.isoformat(),
        "currency": currency,
        "verdict": status.verdict.value,
        "line": status_line(status, locale),
        "target": status.target,
        "won": status.won,
        "forecast": status.forecast,
        "kpis": kpis,
    }


def _selected_kpis(store: Store, scope: Scope) -> tuple[str, ...]:
    """The dashboard KPIs of the scope's team (a rep's own team)."""
    team = scope.value if scope.kind == "team" else None
    if scope.kind == "rep":
        team = user_team(store, scope.value)
    if not team:
        return DEFAULT_KPIS
    return tuple(k.kpi for k in kpi_selection(store, team).kpis)
