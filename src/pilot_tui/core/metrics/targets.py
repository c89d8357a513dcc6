"""Objectives for a scope and period: the won-value target and the means objectives."""

import pandas as pd

from pilot_tui.core.metrics.state import Scope


def objective_total(
    objectives: pd.DataFrame, scope: Scope, period_label: str, kind: str, metric: str
) -> float | None:
    """The objective of ``metric`` for ``scope`` in the period named ``period_label``.

    Team: the team's own objective (owner empty), else the sum of its reps' objectives. Rep:
    the rep's. Segments and offers have none. None when nothing is set.
    """
    rows = objectives[
        (objectives["period"] == period_label)
        & (objectives["kind"] == kind)
        & (objectives["metric"] == metric)
    ]
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


def won_target(objectives: pd.DataFrame, scope: Scope, period_label: str) -> float | None:
    """The won-value target in minor units (DESIGN §5), or None when there is none."""
    return objective_total(objectives, scope, period_label, "outcome", "won_value")
