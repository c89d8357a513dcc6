"""Reads of ``kpi_selection``: a team's saved dashboard KPIs. Writes go through
``Store.write`` (``core.kpi_selection.set_kpi_selection``)."""

from pilot_tui.core.store.store import Store


def selected_kpis(store: Store, team: str) -> list[tuple[str, str | None]]:
    """(KPI id, reason or ``None``) of ``team``'s saved selection in order; empty when the team
    has saved none."""
    rows = store.rows(
        "SELECT kpi, why FROM kpi_selection WHERE team = ? ORDER BY position", (team,)
    )
    return [(str(row["kpi"]), row["why"]) for row in rows]
