"""Reads of the strategy tables (``strategy_segments``, ``strategy_offers``,
``strategy_stages``) and of the keys they may name. Writes go through ``Store.write``
(``core.strategy``)."""

from typing import Any, Literal

from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer

StrategyTable = Literal["strategy_segments", "strategy_offers", "strategy_stages"]

_KNOWN = {
    "segments": (
        "SELECT key, label FROM segments UNION "
        "SELECT DISTINCT segment, segment FROM deals "
        "WHERE segment IS NOT NULL AND segment NOT IN (SELECT key FROM segments)"
    ),
    "offers": (
        "SELECT key, label FROM offers UNION "
        "SELECT DISTINCT offer, offer FROM deals "
        "WHERE offer IS NOT NULL AND offer NOT IN (SELECT key FROM offers)"
    ),
}


def known_segments(reader: Store | Writer) -> dict[str, str]:
    """Label by key of every segment: the reference list and any a deal names."""
    return {str(r["key"]): str(r["label"]) for r in reader.rows(_KNOWN["segments"])}


def known_offers(reader: Store | Writer) -> dict[str, str]:
    """Label by key of every offer: the reference list and any a deal names."""
    return {str(r["key"]): str(r["label"]) for r in reader.rows(_KNOWN["offers"])}


def stage_rows(reader: Store | Writer) -> list[dict[str, Any]]:
    """Every stage (key, label, kind) in pipeline order."""
    return reader.rows("SELECT key, label, kind FROM stages ORDER BY position")


def strategy_rows(reader: Store | Writer, table: StrategyTable) -> dict[str, dict[str, Any]]:
    """The rows of one strategy table by key."""
    if table not in ("strategy_segments", "strategy_offers", "strategy_stages"):
        raise ValueError(f"not a strategy table: {table}")
    return {str(r["key"]): r for r in reader.rows(f"SELECT * FROM {table}")}
