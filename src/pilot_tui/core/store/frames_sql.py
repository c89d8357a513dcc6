"""The tables the metrics read, as numpy columns and pandas frames (``core.metrics.frames``
shapes them into ``Frames``).

Days are numbers (days since 1970-01-01, float with NaN for a missing date) so that every
duration is a vectorised subtraction. Stages are small integer codes (their rank in pipeline
order). Large tables are read one column per query through ``group_concat``: SQLite builds one
string in C and numpy parses it, which is several times faster than fetching a million rows as
Python tuples.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pilot_tui.core.store.store import Store

_NULL = -(10**9)
"""Stands for NULL inside a ``group_concat`` list (which would otherwise skip it)."""


@dataclass(frozen=True)
class Rows:
    """Which rows of a table to read: every row by default; with ``ids``, those rows; with
    ``after_id``, those added after it; with ``deal_ids``, those of these deals."""

    ids: tuple[int, ...] | None = None
    after_id: int | None = None
    deal_ids: tuple[int, ...] | None = None

    @classmethod
    def with_ids(cls, ids: Sequence[int]) -> "Rows":
        return cls(ids=tuple(int(i) for i in ids))

    @classmethod
    def of_deals(cls, deal_ids: Sequence[int]) -> "Rows":
        return cls(deal_ids=tuple(int(i) for i in deal_ids))

    def where(self) -> tuple[str, tuple[Any, ...]]:
        """The ``WHERE`` clause ('' for every row) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (("id", self.ids), ("deal_id", self.deal_ids)):
            if values is not None:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += values
        if self.after_id is not None:
            clauses.append("id > ?")
            params.append(self.after_id)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), tuple(params)


ALL = Rows()


def _day_sql(column: str) -> str:
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _numbers(
    store: Store,
    table: str,
    expr: str,
    *,
    where: str = "",
    params: tuple[Any, ...] = (),
    dtype: Any = np.int64,
) -> np.ndarray:
    """One column of ``table`` (rowid order), parsed by numpy from one ``group_concat``."""
    sql = (
        f"SELECT group_concat(v, ',') FROM (SELECT coalesce({expr}, {_NULL}) AS v "
        f"FROM {table} {where} ORDER BY id)"
    )
    text = store.scalar(sql, params)
    if not text:
        return np.empty(0, dtype=dtype)
    values = np.fromstring(text, dtype=dtype, sep=",")
    if dtype is float:
        values[values == _NULL] = np.nan
    return values


def _texts(
    store: Store, table: str, columns: str, *, where: str = "", params: tuple[Any, ...] = ()
) -> pd.DataFrame:
    rows = store.conn.execute(f"SELECT {columns} FROM {table} {where} ORDER BY id", params)
    names = [c.strip().split(" AS ")[-1] for c in columns.split(",")]
    return pd.DataFrame.from_records(rows.fetchall(), columns=names)


def _stage_case(stage_keys: Sequence[str], column: str) -> tuple[str, tuple[str, ...]]:
    whens = " ".join(f"WHEN ? THEN {code}" for code in range(len(stage_keys)))
    return f"CASE {column} {whens} ELSE -1 END", tuple(stage_keys)


def read_stages(store: Store) -> pd.DataFrame:
    """key, label, position, kind, default_probability, rot_days (float, NaN when unset), in
    pipeline order."""
    frame = pd.DataFrame(
        store.rows(
            "SELECT key, label, position, kind, default_probability, rot_days FROM stages "
            "ORDER BY position, key"
        )
    )
    frame["rot_days"] = frame["rot_days"].astype(float)
    return frame


def read_deals(store: Store, stage_keys: Sequence[str], rows: Rows = ALL) -> pd.DataFrame:
    """owner, segment, offer, forecast_category, account, lost_reason, next_step (bool), id,
    stage (index in ``stage_keys``, -1 for another), amount, probability and the days created
    (NaN when the source gave none: ``created_known`` = 0), recorded (``created_on`` as
    stored), expected_close, closed, next_step_due, snoozed_until (only with a snooze
    reason)."""
    where, params = rows.where()
    stage_expr, stage_params = _stage_case(stage_keys, "stage")
    deals = _texts(
        store,
        "deals",
        "owner, segment, offer, forecast_category, account, lost_reason, "
        "(next_step IS NOT NULL AND trim(next_step) != '') AS next_step",
        where=where,
        params=params,
    )
    deals["next_step"] = deals["next_step"].astype(bool)
    deals["id"] = _numbers(store, "deals", "id", where=where, params=params)
    deals["stage"] = _numbers(store, "deals", stage_expr, where=where, params=stage_params + params)
    for name, expr in (
        ("amount", "amount_minor"),
        ("probability", "probability"),
        ("created", f"CASE WHEN created_known THEN {_day_sql('created_on')} END"),
        ("recorded", _day_sql("created_on")),
        ("expected_close", _day_sql("expected_close")),
        ("closed", _day_sql("closed_on")),
        ("next_step_due", _day_sql("next_step_due")),
        (
            "snoozed_until",
            "CASE WHEN trim(coalesce(snooze_reason, '')) != '' "
            f"THEN {_day_sql('snoozed_until')} END",
        ),
    ):
        deals[name] = _numbers(store, "deals", expr, where=where, params=params, dtype=float)
    return deals


def read_changes(store: Store, stage_keys: Sequence[str], rows: Rows = ALL) -> pd.DataFrame:
    """id, deal_id, from_code and to_code (indexes in ``stage_keys``, -1 for none or
    another), day; in id order."""
    where, params = rows.where()
    from_expr, from_params = _stage_case(stage_keys, "from_stage")
    to_expr, to_params = _stage_case(stage_keys, "to_stage")
    table = "stage_changes"
    return pd.DataFrame(
        {
            "id": _numbers(store, table, "id", where=where, params=params),
            "deal_id": _numbers(store, table, "deal_id", where=where, params=params),
            "from_code": _numbers(
                store, table, from_expr, where=where, params=from_params + params
            ),
            "to_code": _numbers(store, table, to_expr, where=where, params=to_params + params),
            "day": _numbers(store, table, _day_sql("at"), where=where, params=params, dtype=float),
        }
    )


def read_close_changes(store: Store, rows: Rows = ALL) -> pd.DataFrame:
    """id, deal_id, and the days old, new (close dates) and day (of the change)."""
    where, params = rows.where()
    table = "close_date_changes"
    return pd.DataFrame(
        {
            "id": _numbers(store, table, "id", where=where, params=params),
            "deal_id": _numbers(store, table, "deal_id", where=where, params=params),
            "old": _numbers(store, table, _day_sql("old"), where=where, params=params, dtype=float),
            "new": _numbers(store, table, _day_sql("new"), where=where, params=params, dtype=float),
            "day": _numbers(store, table, _day_sql("at"), where=where, params=params, dtype=float),
        }
    )


def read_field_changes(store: Store, rows: Rows = ALL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The amount changes (id, deal_id, old, new in minor units — NaN when unknown — and
    day) and the owner changes (id, deal_id, old, new logins, day), in id order."""
    where, params = rows.where()
    table = "field_changes"
    scope = f"{where} AND" if where else "WHERE"
    amount_where = f"{scope} field = 'amount_minor'"
    amounts = pd.DataFrame(
        {
            "id": _numbers(store, table, "id", where=amount_where, params=params),
            "deal_id": _numbers(store, table, "deal_id", where=amount_where, params=params),
            "old": _numbers(store, table, "old", where=amount_where, params=params, dtype=float),
            "new": _numbers(store, table, "new", where=amount_where, params=params, dtype=float),
            "day": _numbers(
                store, table, _day_sql("at"), where=amount_where, params=params, dtype=float
            ),
        }
    )
    owners = _texts(
        store,
        table,
        f"id, deal_id, old, new, {_day_sql('at')} AS day",
        where=f"{scope} field = 'owner'",
        params=params,
    )
    owners = owners.astype({"id": np.int64, "deal_id": np.int64, "day": float})
    return amounts, owners


def read_activities(store: Store, rows: Rows = ALL) -> pd.DataFrame:
    """owner, kind, status, id, deal_id (NaN when none), and the days due, done, created and
    updated (NaN when not recorded)."""
    where, params = rows.where()
    activities = _texts(store, "activities", "owner, kind, status", where=where, params=params)
    activities["id"] = _numbers(store, "activities", "id", where=where, params=params)
    for name, expr in (
        ("deal_id", "deal_id"),
        ("due", _day_sql("due")),
        ("done", _day_sql("done_at")),
        ("created", _day_sql("created_at")),
        ("updated", _day_sql("updated_at")),
    ):
        activities[name] = _numbers(
            store, "activities", expr, where=where, params=params, dtype=float
        )
    return activities


def read_objectives(store: Store) -> pd.DataFrame:
    columns = ["owner", "team", "segment", "offer", "kind", "metric", "target", "period"]
    return pd.DataFrame(store.rows(f"SELECT {', '.join(columns)} FROM objectives"), columns=columns)


def read_users(store: Store) -> pd.DataFrame:
    """login, team, role, active, deactivated (an admin deactivated the user, as opposed to
    an inactive user an import created, who has no login yet)."""
    return pd.DataFrame(
        store.rows(
            "SELECT login, team, role, active, deactivated_at IS NOT NULL AS deactivated FROM users"
        ),
        columns=["login", "team", "role", "active", "deactivated"],
    )


def change_token(store: Store) -> tuple[int, ...]:
    """Changes whenever any table the metrics read changes (every write is audited)."""
    row = store.conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM audit), (SELECT coalesce(max(id), 0) FROM "
        "stage_changes), (SELECT coalesce(max(id), 0) FROM close_date_changes), "
        "(SELECT coalesce(max(id), 0) FROM field_changes)"
    ).fetchone()
    return tuple(int(v) for v in row)


def audit_since(
    store: Store, after_id: int, entities: Sequence[str], *, limit: int
) -> list[tuple[str, str, str]]:
    """(entity, entity id, op) of at most ``limit`` audit entries after ``after_id`` about
    ``entities``."""
    marks = ", ".join("?" for _ in entities)
    rows = store.conn.execute(
        f"SELECT entity, entity_id, op FROM audit WHERE id > ? AND entity IN ({marks}) LIMIT ?",
        (after_id, *entities, limit),
    ).fetchall()
    return [(str(entity), str(key), str(op)) for entity, key, op in rows]
