"""Objectives for a scope and period: the won-value target and the means objectives."""

import pandas as pd

from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import Period, PeriodKind, period_containing


def objective_total(
    objectives: pd.DataFrame, scope: Scope, period_label: str, kind: str, metric: str
) -> float | None:
    """The objective of ``metric`` for ``scope`` in the period named ``period_label``.

    Team: the team's own objective (owner empty), else the sum of its reps' objectives. Rep:
    the rep's. Segment or offer: the objective set for it. Objectives about a segment or an
    offer count only for it. None when nothing is set.
    """
    rows = objectives[
        (objectives["period"] == period_label)
        & (objectives["kind"] == kind)
        & (objectives["metric"] == metric)
    ]
    if scope.kind in ("segment", "offer"):
        mine = rows[rows[scope.kind] == scope.value]
        return float(mine["target"].sum()) if len(mine) else None
    rows = rows[rows["segment"].isna() & rows["offer"].isna()]
    if scope.kind == "rep":
        mine = rows[rows["owner"] == scope.value]
        return float(mine["target"].sum()) if len(mine) else None
    if scope.kind != "team":
        return None
    if scope.value is not None:
        rows = rows[rows["team"] == scope.value]
    team_rows = rows[rows["owner"].isna()]
    chosen = team_rows if len(team_rows) else rows[rows["owner"].notna()]
    return float(chosen["target"].sum()) if len(chosen) else None


def won_target(objectives: pd.DataFrame, scope: Scope, period: Period | str) -> float | None:
    """The won-value target in minor units (the scope's outcome objective), or None when there
    is none.

    A quarter without its own target adds up its three months' targets when all three are set
    (teams usually set monthly targets); a partial quarter would understate the target.
    """
    label = period if isinstance(period, str) else period.label
    direct = objective_total(objectives, scope, label, "outcome", "won_value")
    if direct is not None or isinstance(period, str) or period.kind is not PeriodKind.QUARTER:
        return direct
    months = [period_containing(period.start, PeriodKind.MONTH)]
    while len(months) < 3:
        months.append(months[-1].next())
    totals = [objective_total(objectives, scope, m.label, "outcome", "won_value") for m in months]
    return None if any(t is None for t in totals) else sum(t for t in totals if t is not None)
