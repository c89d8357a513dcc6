"""The few historical figures objectives need, computed in SQL for one scope (a rep or a team).

A stop-gap until ``core.metrics`` is on main; each function is one figure with its exact
definition so the switch is a one-for-one replacement. Money is integer minor units; dates
are inclusive day bounds. Deals count for a team when their owner's ``users.team`` is it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.store.store import Store

SALES_ACTIVITY_KINDS = ("call", "email", "meeting", "task")
"""Activities that count as selling effort (ritual actions do not)."""
HISTORY_DAYS = 365
"""Win rate, average won size and activities per opportunity look back this many days."""


@dataclass(frozen=True)
class Scope:
    """A rep (``owner``) or a team (``team``); neither means the whole database."""

    owner: str | None = None
    team: str | None = None

    def deals_filter(self, alias: str = "d") -> tuple[str, list[Any]]:
        """An SQL condition on the owner column of ``alias`` and its parameters."""
        if self.owner is not None:
            return f"{alias}.owner = ?", [self.owner]
        if self.team is not None:
            return f"{alias}.owner IN (SELECT login FROM users WHERE team = ?)", [self.team]
        return "1 = 1", []


def won_value(store: Store, scope: Scope, start: date, end: date) -> int:
    """Σ amount of deals won (closed in a 'won' stage) with ``closed_on`` in [start, end]."""
    return int(_closed(store, scope, "won", start, end)[1])


def won_lost_counts(store: Store, scope: Scope, start: date, end: date) -> tuple[int, int]:
    """Numbers of deals won and lost with ``closed_on`` in [start, end]."""
    return _closed(store, scope, "won", start, end)[0], _closed(store, scope, "lost", start, end)[0]


def new_opportunities(store: Store, scope: Scope, start: date, end: date) -> int:
    """Deals created in [start, end]."""
    where, params = scope.deals_filter()
    return int(
        store.scalar(
            f"SELECT count(*) FROM deals d WHERE {where} AND d.created_on BETWEEN ? AND ?",
            (*params, start.isoformat(), end.isoformat()),
        )
    )


def done_activities(store: Store, scope: Scope, start: date, end: date) -> int:
    """Sales activities (calls, emails, meetings, tasks) done on a day in [start, end]."""
    where, params = scope.deals_filter("a")
    marks = ", ".join("?" for _ in SALES_ACTIVITY_KINDS)
    return int(
        store.scalar(
            f"SELECT count(*) FROM activities a WHERE {where} AND a.kind IN ({marks}) "
            "AND a.status = 'done' AND substr(a.done_at, 1, 10) BETWEEN ? AND ?",
            (*params, *SALES_ACTIVITY_KINDS, start.isoformat(), end.isoformat()),
        )
    )


def open_pipeline(store: Store, scope: Scope, due_by: date | None = None) -> int:
    """Σ amount of open deals; with ``due_by``, only those expected to close by that day."""
    where, params = scope.deals_filter()
    due = ""
    if due_by is not None:
        due = " AND d.expected_close IS NOT NULL AND d.expected_close <= ?"
        params = [*params, due_by.isoformat()]
    return int(
        store.scalar(
            "SELECT coalesce(sum(d.amount_minor), 0) FROM deals d JOIN stages s ON s.key = d.stage "
            f"WHERE s.kind = 'open' AND {where}{due}",
            tuple(params),
        )
    )


def next_step_coverage(store: Store, scope: Scope) -> tuple[float | None, int]:
    """(share of open deals with a next step due today or later, number of open deals).

    The share is ``None`` when there is no open deal.
    """
    where, params = scope.deals_filter()
    row = store.rows(
        "SELECT count(*) AS n, coalesce(sum(d.next_step IS NOT NULL AND trim(d.next_step) != '' "
        "AND d.next_step_due >= ?), 0) AS covered "
        f"FROM deals d JOIN stages s ON s.key = d.stage WHERE s.kind = 'open' AND {where}",
        (clock.today().isoformat(), *params),
    )[0]
    n = int(row["n"])
    return (int(row["covered"]) / n if n else None), n


@dataclass(frozen=True)
class Rates:
    """Conversion figures over the last ``HISTORY_DAYS`` days up to today."""

    won: int
    lost: int
    won_value_minor: int
    new_opportunities: int
    activities: int

    @property
    def win_rate(self) -> float | None:
        """won / (won + lost) by count; ``None`` with no closed deal."""
        closed = self.won + self.lost
        return self.won / closed if closed else None

    @property
    def avg_won_minor(self) -> int | None:
        """Average won deal size, rounded to the minor unit; ``None`` with no won deal."""
        return round(self.won_value_minor / self.won) if self.won else None

    @property
    def activities_per_opportunity(self) -> float | None:
        """Sales activities done per new opportunity; ``None`` with no new opportunity."""
        return self.activities / self.new_opportunities if self.new_opportunities else None


def recent_rates(store: Store, scope: Scope) -> Rates:
    """The scope's conversion figures over the last ``HISTORY_DAYS`` days, today included."""
    end = clock.today()
    start = end - timedelta(days=HISTORY_DAYS - 1)
    won, won_sum = _closed(store, scope, "won", start, end)
    lost = _closed(store, scope, "lost", start, end)[0]
    return Rates(
        won=won,
        lost=lost,
        won_value_minor=won_sum,
        new_opportunities=new_opportunities(store, scope, start, end),
        activities=done_activities(store, scope, start, end),
    )


def reporting_currency(store: Store) -> str:
    """The currency most deals are in ('EUR' for an empty database)."""
    value = store.scalar(
        "SELECT currency FROM deals GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1"
    )
    return str(value) if value else "EUR"


def _closed(store: Store, scope: Scope, kind: str, start: date, end: date) -> tuple[int, int]:
    where, params = scope.deals_filter()
    row = store.rows(
        "SELECT count(*) AS n, coalesce(sum(d.amount_minor), 0) AS total "
        "FROM deals d JOIN stages s ON s.key = d.stage "
        f"WHERE s.kind = ? AND {where} AND d.closed_on BETWEEN ? AND ?",
        (kind, *params, start.isoformat(), end.isoformat()),
    )[0]
    return int(row["n"]), int(row["total"])
