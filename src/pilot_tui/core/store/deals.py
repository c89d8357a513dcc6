"""Deals: paged queries done in SQL, creation, and audited edits with their history rows."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from pilot_tui.core.models import (
    Activity,
    AuditEntry,
    CloseDateChange,
    Deal,
    StageChange,
    StageKind,
    User,
)
from pilot_tui.core.store.permissions import readable_filter
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer, check_version
from pilot_tui.i18n import _

SORTABLE = (
    "id",
    "name",
    "account",
    "owner",
    "stage",
    "amount_minor",
    "expected_close",
    "created_on",
    "updated_at",
)
"""Columns a deal list may be sorted by (a whitelist: they are put into SQL)."""

EDITABLE = frozenset(
    {
        "name",
        "account",
        "owner",
        "segment",
        "offer",
        "amount_minor",
        "stage",
        "expected_close",
        "next_step",
        "next_step_due",
        "lost_reason",
        "snoozed_until",
        "snooze_reason",
        "forecast_category",
        "probability",
    }
)


@dataclass(frozen=True)
class DealQuery:
    """What a deal list shows: filters, search, sort and the page."""

    owner: str | None = None
    stage: str | None = None
    segment: str | None = None
    offer: str | None = None
    search: str | None = None
    open_only: bool = False
    stuck: bool = False
    """Only open deals longer in their stage than its ``rot_days`` (not snoozed past today)."""
    no_next_step: bool = False
    """Only open deals without a future next step (none, no due date, or due before today)."""
    close_from: date | None = None
    """Only open deals expected to close on or after this day (with ``close_to``: a period)."""
    close_to: date | None = None
    """Only open deals expected to close on or before this day."""
    min_pushes: int = 0
    """Only deals whose close date was moved later at least this many times (0: no filter)."""
    sort: str = "expected_close"
    descending: bool = False
    offset: int = 0
    limit: int = 50

    @property
    def keeps_open_only(self) -> bool:
        """True when the filters can only match open deals."""
        return bool(
            self.open_only or self.stuck or self.no_next_step or self.close_from or self.close_to
        )


@dataclass(frozen=True)
class DealPage:
    deals: list[Deal]
    total: int
    query: DealQuery


def deal_filters(query: DealQuery) -> tuple[list[str], list[Any]]:
    """The SQL conditions (on ``deals d JOIN stages s``) and parameters of ``query``'s filters.

    "Today" for stuck and next-step filters is ``clock.today()``. A stage without ``rot_days``
    never counts as stuck here (the KPI engine's p75 fallback needs the stage history).
    """
    clauses: list[str] = []
    params: list[Any] = []
    for column in ("owner", "stage", "segment", "offer"):
        value = getattr(query, column)
        if value:
            clauses.append(f"d.{column} = ?")
            params.append(value)
    if query.search:
        clauses.append("(d.name LIKE ? OR d.account LIKE ?)")
        needle = f"%{query.search}%"
        params += [needle, needle]
    today = clock.today().isoformat()
    if query.keeps_open_only:
        clauses.append("s.kind = 'open'")
    if query.stuck:
        # Entered the current stage on the day of its latest stage change into it, else the
        # day the deal was created (imported deals may have no history).
        clauses.append(
            "s.rot_days IS NOT NULL AND (d.snoozed_until IS NULL OR d.snoozed_until <= ?) "
            "AND julianday(?) - julianday(coalesce(substr((SELECT max(c.at) "
            "FROM stage_changes c WHERE c.deal_id = d.id AND c.to_stage = d.stage), 1, 10), "
            "d.created_on)) > s.rot_days"
        )
        params += [today, today]
    if query.no_next_step:
        clauses.append(
            "(d.next_step IS NULL OR trim(d.next_step) = '' OR d.next_step_due IS NULL "
            "OR d.next_step_due < ?)"
        )
        params.append(today)
    if query.close_from:
        clauses.append("d.expected_close >= ?")
        params.append(query.close_from.isoformat())
    if query.close_to:
        clauses.append("d.expected_close <= ?")
        params.append(query.close_to.isoformat())
    if query.min_pushes > 0:
        clauses.append(
            "(SELECT count(*) FROM close_date_changes p WHERE p.deal_id = d.id "
            "AND p.new > p.old) >= ?"
        )
        params.append(query.min_pushes)
    return clauses, params


def list_deals(store: Store, query: DealQuery) -> DealPage:
    """One page of deals, filtered and sorted in SQL, with the total count of matches."""
    if query.sort not in SORTABLE:
        raise ValidationError(_("Deals cannot be sorted by '{column}'.").format(column=query.sort))
    clauses, params = deal_filters(query)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    base = f"FROM deals d JOIN stages s ON s.key = d.stage{where}"
    order = "DESC" if query.descending else "ASC"
    sort = "s.position" if query.sort == "stage" else f"d.{query.sort}"
    with store.snapshot():
        total = int(store.scalar(f"SELECT count(*) {base}", tuple(params)))
        rows = store.rows(
            f"SELECT d.* {base} ORDER BY {sort} IS NULL, {sort} {order}, d.id {order} "
            "LIMIT ? OFFSET ?",
            (*params, query.limit, query.offset),
        )
    return DealPage([Deal.model_validate(r) for r in rows], total, query)


def get_deal(store: Store, deal_id: int) -> Deal:
    rows = store.rows("SELECT * FROM deals WHERE id = ?", (deal_id,))
    if not rows:
        raise NotFoundError(_("There is no deal {id}.").format(id=deal_id))
    return Deal.model_validate(rows[0])


NAMES_PER_QUERY = 500
"""Ids per ``IN (...)`` list in ``deal_names`` (SQLite limits a statement's parameters)."""


def deal_names(store: Store, ids: Sequence[int]) -> dict[int, str]:
    """The name of each deal of ``ids`` that exists (an unknown id is left out)."""
    names: dict[int, str] = {}
    for start in range(0, len(ids), NAMES_PER_QUERY):
        chunk = tuple(ids[start : start + NAMES_PER_QUERY])
        marks = ", ".join("?" for _ in chunk)
        for found in store.rows(f"SELECT id, name FROM deals WHERE id IN ({marks})", chunk):
            names[int(found["id"])] = str(found["name"])
    return names


@dataclass(frozen=True)
class DealHistory:
    """Everything the deal detail shows besides the fields."""

    stage_changes: list[StageChange] = field(default_factory=list)
    close_date_changes: list[CloseDateChange] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)


def deal_history(store: Store, actor: User, deal_id: int) -> DealHistory:
    """A deal's stage, close-date and audit trail, and the activities on it ``actor`` may
    read (``readable_filter``: a rep sees only their own)."""
    readable, params = readable_filter(actor, "activities")
    with store.snapshot():
        return DealHistory(
            stage_changes=[
                StageChange.model_validate(r)
                for r in store.rows(
                    "SELECT * FROM stage_changes WHERE deal_id = ? ORDER BY at, id", (deal_id,)
                )
            ],
            close_date_changes=[
                CloseDateChange.model_validate(r)
                for r in store.rows(
                    "SELECT * FROM close_date_changes WHERE deal_id = ? ORDER BY at, id", (deal_id,)
                )
            ],
            activities=[
                Activity.model_validate(r)
                for r in store.rows(
                    f"SELECT * FROM activities WHERE deal_id = ? AND {readable} "
                    "ORDER BY due IS NULL, due, id",
                    (deal_id, *params),
                )
            ],
            audit=[
                AuditEntry.model_validate(r)
                for r in store.rows(
                    "SELECT * FROM audit WHERE entity = 'deals' AND entity_id = ? ORDER BY id",
                    (str(deal_id),),
                )
            ],
        )


def create_deal(store: Store, actor: User, values: dict[str, Any]) -> int:
    """Create a deal and record its entry into its first stage; returns its id."""
    row = {"created_on": clock.today().isoformat(), **values}
    with store.write(actor) as writer:
        kinds = _stage_kinds(writer)
        _validate(row, kinds)
        if kinds[row["stage"]] is not StageKind.OPEN:
            row.setdefault("closed_on", row["created_on"])
        deal_id = int(writer.insert("deals", row))
        writer.append(
            "stage_changes",
            {
                "deal_id": deal_id,
                "from_stage": None,
                "to_stage": row["stage"],
                "at": clock.now_iso(),
                "by": actor.login,
            },
        )
    return deal_id


def update_deal(
    store: Store, actor: User, deal_id: int, changes: dict[str, Any], *, expected_version: int
) -> Deal:
    """Apply a user's edit to a deal, all or nothing.

    A stage change is recorded in ``stage_changes`` (and sets or clears ``closed_on``); a new
    expected close date is recorded in ``close_date_changes`` (push tracking); a new amount or
    owner in ``field_changes`` (figures as of an earlier day read the old one). Raises
    ``ValidationError`` (one sentence), ``ConflictError`` when the deal changed since
    ``expected_version``, ``PermissionDeniedError``; nothing is written then.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: {fields}.").format(fields=", ".join(sorted(unknown)))
        )
    with store.write(actor) as writer:
        before = writer.fetch("deals", deal_id)
        if before is None:
            raise NotFoundError(_("There is no deal {id}.").format(id=deal_id))
        check_version("deals", deal_id, before, expected_version)
        changes = {k: v for k, v in changes.items() if before.get(k) != v}
        if "owner" in changes and not actor.is_manager:
            raise PermissionDeniedError(_("Only a manager can give a deal to another owner."))
        kinds = _stage_kinds(writer)
        after = {**before, **changes}
        if "stage" in changes:
            closed = kinds.get(changes["stage"]) is not StageKind.OPEN
            changes["closed_on"] = clock.today().isoformat() if closed else None
            if not closed:
                changes["lost_reason"] = None
            after.update(changes)
        _validate(after, kinds)
        if not changes:
            return Deal.model_validate(before)
        current = writer.update("deals", deal_id, changes, expected_version=expected_version)
        _record_history(writer, actor, deal_id, before, changes)
    return Deal.model_validate(current)


def _record_history(
    writer: Writer, actor: User, deal_id: int, before: dict[str, Any], changes: dict[str, Any]
) -> None:
    at = clock.now_iso()
    if "stage" in changes:
        writer.append(
            "stage_changes",
            {
                "deal_id": deal_id,
                "from_stage": before["stage"],
                "to_stage": changes["stage"],
                "at": at,
                "by": actor.login,
            },
        )
    if "expected_close" in changes:
        writer.append(
            "close_date_changes",
            {
                "deal_id": deal_id,
                "old": before["expected_close"],
                "new": changes["expected_close"],
                "at": at,
                "by": actor.login,
            },
        )
    writer.append_many(
        "field_changes", field_change_rows(deal_id, before, changes, at, actor.login)
    )


TRACKED_FIELDS = ("amount_minor", "owner")
"""Deal columns whose every change is kept in ``field_changes`` (so figures can be
read as of a past day)."""


def field_change_rows(
    deal_id: int, before: dict[str, Any], changes: dict[str, Any], at: str, by: str
) -> list[dict[str, Any]]:
    """The ``field_changes`` rows recording ``changes`` of a deal's tracked fields made at
    ``at`` by ``by`` (an edit, or an import that finds a new value)."""
    return [
        {
            "deal_id": deal_id,
            "field": name,
            "old": before.get(name),
            "new": changes[name],
            "at": at,
            "by": by,
        }
        for name in TRACKED_FIELDS
        if name in changes and changes[name] != before.get(name)
    ]


def _stage_kinds(writer: Writer) -> dict[str, StageKind]:
    return {
        key: StageKind(kind)
        for key, kind in writer.conn.execute("SELECT key, kind FROM stages").fetchall()
    }


def _validate(row: dict[str, Any], kinds: dict[str, StageKind]) -> None:
    """Raise ``ValidationError`` with one sentence for the first thing wrong in ``row``."""
    if not str(row.get("name") or "").strip():
        raise ValidationError(_("A deal needs a name."))
    if row.get("stage") not in kinds:
        raise ValidationError(
            _("'{stage}' is not a stage; use one of: {stages}.").format(
                stage=row.get("stage"), stages=", ".join(kinds)
            )
        )
    amount = row.get("amount_minor")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        raise ValidationError(_("The amount must be zero or more."))
    for column in ("expected_close", "next_step_due", "snoozed_until", "created_on"):
        value = row.get(column)
        if value is not None:
            try:
                date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(
                    _("'{value}' is not a date (use YYYY-MM-DD).").format(value=value)
                ) from None
    if kinds[row["stage"]] is StageKind.LOST and not str(row.get("lost_reason") or "").strip():
        raise ValidationError(_("Say why the deal was lost before marking it lost."))
    if row.get("next_step_due") and not str(row.get("next_step") or "").strip():
        raise ValidationError(_("A next-step date needs the next step itself."))
    if bool(row.get("snoozed_until")) != bool(str(row.get("snooze_reason") or "").strip()):
        raise ValidationError(_("A snooze needs both a reason and a date."))
    snoozed = row.get("snoozed_until")
    if snoozed and date.fromisoformat(str(snoozed)) <= clock.today():
        raise ValidationError(_("A snooze must end after today."))
