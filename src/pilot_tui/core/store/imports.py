"""What an import compares its files with: the deals, accounts and history rows already stored.

Each read takes the ``Store`` (while planning) or the ``Writer`` of the import's transaction
(while writing, to see the rows earlier files of the same run wrote).
"""

from typing import Any

from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer

Reader = Store | Writer


def deals_of_source(db: Reader, source: str) -> dict[str, dict[str, Any]]:
    """Every column of each deal imported from ``source``, by external id."""
    rows = db.rows("SELECT * FROM deals WHERE source = ?", (source,))
    return {row["external_id"]: row for row in rows}


def deal_ids_of_source(db: Reader, source: str) -> dict[str, int]:
    """The id of each deal imported from ``source``, by external id."""
    rows = db.rows("SELECT external_id, id FROM deals WHERE source = ?", (source,))
    return {row["external_id"]: row["id"] for row in rows}


def stage_changes_by(db: Reader, by: str) -> dict[int, set[tuple[Any, ...]]]:
    """(from stage, to stage, at) of every stage change recorded by ``by``, per deal id."""
    current: dict[int, set[tuple[Any, ...]]] = {}
    for row in db.rows(
        "SELECT deal_id, from_stage, to_stage, at FROM stage_changes WHERE by = ?", (by,)
    ):
        current.setdefault(row["deal_id"], set()).add(
            (row["from_stage"], row["to_stage"], row["at"])
        )
    return current


def deal_stage_changes_by(db: Reader, deal_id: int, by: str) -> set[tuple[Any, ...]]:
    """(from stage, to stage, at) of the stage changes of one deal recorded by ``by``."""
    rows = db.rows(
        "SELECT from_stage, to_stage, at FROM stage_changes WHERE deal_id = ? AND by = ?",
        (deal_id, by),
    )
    return {(row["from_stage"], row["to_stage"], row["at"]) for row in rows}


def deal_close_changes_by(db: Reader, deal_id: int, by: str) -> set[tuple[Any, ...]]:
    """(old, new, at) of the close-date changes of one deal recorded by ``by``."""
    rows = db.rows(
        "SELECT old, new, at FROM close_date_changes WHERE deal_id = ? AND by = ?",
        (deal_id, by),
    )
    return {(row["old"], row["new"], row["at"]) for row in rows}


def account_sectors(db: Reader) -> dict[str, str | None]:
    """The sector of every stored account, by name."""
    return {row["name"]: row["sector"] for row in db.rows("SELECT name, sector FROM accounts")}


def user_rows(db: Reader) -> list[dict[str, Any]]:
    """Every column of every user, active or not (owners are matched against them)."""
    return db.rows("SELECT * FROM users")
