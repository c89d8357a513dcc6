"""Pipeline views computed in SQL: the board by stage, a deal's stage timeline, edit diffs."""

import json
from dataclasses import dataclass
from datetime import date

from pilot_tui.core import clock
from pilot_tui.core.models import AuditEntry, Deal, Stage, StageKind, User
from pilot_tui.core.store.deals import EDITABLE, DealQuery, deal_filters
from pilot_tui.core.store.stages import list_stages
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import list_users
from pilot_tui.i18n import _


@dataclass(frozen=True)
class BoardColumn:
    """One stage of the board: how many deals match, their amount and weighted amount.

    Amounts are minor units of the database currency; a deal without an amount counts in
    ``count`` but adds nothing. ``weighted_minor`` = Σ amount × p, where p is the deal's own
    probability when set, else the stage's default, rounded to the nearest minor unit.
    """

    stage: Stage
    count: int
    amount_minor: int
    weighted_minor: int


def pipeline_board(store: Store, query: DealQuery) -> list[BoardColumn]:
    """The board for the deals ``query`` selects (its sort and page are ignored).

    Every stage the filters allow is a column, in pipeline order, even with no deals: all
    stages, or only the open ones when the query keeps open deals only.
    """
    clauses, params = deal_filters(query)
    on = "".join(f" AND {clause}" for clause in clauses)
    rows = store.rows(
        "SELECT s.*, count(d.id) AS n, coalesce(sum(d.amount_minor), 0) AS amount, "
        "coalesce(sum(d.amount_minor * coalesce(d.probability, s.default_probability)), 0) "
        "AS weighted "
        f"FROM stages s LEFT JOIN deals d ON d.stage = s.key{on} "
        + ("WHERE s.kind = 'open' " if query.keeps_open_only else "")
        + "GROUP BY s.key ORDER BY s.position",
        tuple(params),
    )
    return [
        BoardColumn(
            stage=Stage.model_validate(row),
            count=int(row["n"]),
            amount_minor=int(row["amount"]),
            weighted_minor=round(float(row["weighted"])),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class StageSpan:
    """A stretch of time a deal spent in one stage.

    ``left_on`` is ``None`` for the stage the deal is in now. ``days`` is whole days from
    ``entered_on`` to ``left_on`` (or to today for the current open stage); ``None`` for the
    current stage of a closed deal (won or lost is where it ends, not a wait).
    """

    stage: str
    entered_on: date
    left_on: date | None
    days: int | None


def stage_timeline(store: Store, deal: Deal) -> list[StageSpan]:
    """The stages ``deal`` went through, in order, with the days spent in each.

    Built from ``stage_changes``; a deal with no history (or whose history starts after its
    creation, as imports may) starts in its first known stage on ``created_on``. A deal that
    went back to an earlier stage has one span per visit.
    """
    changes = store.rows(
        "SELECT from_stage, to_stage, substr(at, 1, 10) AS day FROM stage_changes "
        "WHERE deal_id = ? ORDER BY at, id",
        (deal.id,),
    )
    kinds = {
        row["key"]: StageKind(row["kind"]) for row in store.rows("SELECT key, kind FROM stages")
    }
    entries: list[tuple[str, date]] = []
    if not changes:
        entries.append((deal.stage, deal.created_on))
    elif changes[0]["from_stage"] is not None:
        entries.append((changes[0]["from_stage"], deal.created_on))
    entries += [(row["to_stage"], date.fromisoformat(row["day"])) for row in changes]
    spans: list[StageSpan] = []
    for index, (stage, entered) in enumerate(entries):
        if index + 1 < len(entries):
            left: date | None = entries[index + 1][1]
            days: int | None = (entries[index + 1][1] - entered).days
        else:
            left = None
            is_open = kinds.get(stage) is StageKind.OPEN
            days = (clock.today() - entered).days if is_open else None
        spans.append(StageSpan(stage=stage, entered_on=entered, left_on=left, days=days))
    return spans


def changed_fields(before: Deal, after: Deal) -> list[str]:
    """The editable fields whose values differ between two versions of a deal, sorted."""
    return sorted(name for name in EDITABLE if getattr(before, name) != getattr(after, name))


@dataclass(frozen=True)
class FilterChoices:
    """The values a deal filter can take: active users, stages, segments and offers."""

    owners: list[User]
    stages: list[Stage]
    segments: list[tuple[str, str]]
    """(key, label), by label."""
    offers: list[tuple[str, str]]
    """(key, label), by priority then label."""


def filter_choices(store: Store) -> FilterChoices:
    """Everything a filter form offers, read in one snapshot."""
    with store.snapshot():
        return FilterChoices(
            owners=list_users(store, active_only=True),
            stages=list_stages(store),
            segments=[
                (r["key"], r["label"])
                for r in store.rows("SELECT key, label FROM segments ORDER BY label")
            ],
            offers=[
                (r["key"], r["label"])
                for r in store.rows("SELECT key, label FROM offers ORDER BY priority DESC, label")
            ],
        )


def audit_summary(entry: AuditEntry) -> str:
    """What one audit entry changed, as "stage: discovery → proposal; amount_minor: 1 → 2".

    Bookkeeping columns (version, updated_at, updated_by) are left out; an insert reads
    "created", a bulk insert gives its note.
    """
    before = json.loads(entry.before_json) if entry.before_json else {}
    after = json.loads(entry.after_json) if entry.after_json else {}
    if entry.op == "insert":
        return _("created")
    if entry.op != "update":
        return str(after.get("note") or entry.op)
    changes = [
        f"{key}: {before.get(key) if before.get(key) is not None else '—'} → "
        f"{after.get(key) if after.get(key) is not None else '—'}"
        for key in sorted(set(before) | set(after))
        if key not in _BOOKKEEPING and before.get(key) != after.get(key)
    ]
    return "; ".join(changes) or _("no visible change")


_BOOKKEEPING = frozenset({"version", "updated_at", "updated_by"})
