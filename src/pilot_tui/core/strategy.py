"""The team's commercial strategy: priority segments with their persona, priority offers, and
what each stage of the process means to leave it (exit criteria).

Effort follows a strategy only when it is written down: which segments and offers come
first, who the buyer in each priority segment is (the problems they have, what catches their
attention, what holds them back, what makes them decide), and when a deal may move on.

Priorities are ranks: 1 is the first priority, 2 the next; a segment or an offer without a
rank is not a priority. ``offers.priority`` (set by an admin) is only the order of the offer
pickers; the strategy's rank is what says where the energy goes. Managers and admins edit
the strategy; everyone reads it. Each change is versioned and audited (``Store.write``).
"""

from collections.abc import Mapping

from pydantic import BaseModel

from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import User
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.strategy import (
    StrategyTable,
    known_offers,
    known_segments,
    stage_rows,
    strategy_rows,
)
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

PERSONA_FIELDS = ("problems", "attracts", "blocks", "triggers")
"""A persona: the problems the segment's buyers have, what attracts them, what blocks them,
and what triggers their decision."""


class Persona(BaseModel):
    problems: str | None = None
    attracts: str | None = None
    blocks: str | None = None
    triggers: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.problems, self.attracts, self.blocks, self.triggers))


class SegmentStrategy(BaseModel):
    key: str
    label: str
    priority: int | None
    """Rank among the priority segments (1 = first); None: not a priority."""
    persona: Persona
    version: int = 0
    """0 until the strategy first names the segment."""


class OfferStrategy(BaseModel):
    key: str
    label: str
    priority: int | None
    """Rank among the priority offers (1 = first); None: not a priority."""
    version: int = 0


class StageStrategy(BaseModel):
    key: str
    label: str
    kind: str
    exit_criteria: str | None
    """What must be true for a deal to leave this stage forward."""
    version: int = 0


class Strategy(BaseModel):
    segments: list[SegmentStrategy]
    """Priority segments by rank, then the others by label."""
    offers: list[OfferStrategy]
    """Priority offers by rank, then the others by label."""
    stages: list[StageStrategy]
    """Every stage in pipeline order."""

    @property
    def priority_segments(self) -> list[str]:
        return [s.key for s in self.segments if s.priority is not None]

    @property
    def priority_offers(self) -> list[str]:
        return [o.key for o in self.offers if o.priority is not None]

    def exit_criteria(self, stage: str) -> str | None:
        return next((s.exit_criteria for s in self.stages if s.key == stage), None)


def strategy(store: Store) -> Strategy:
    """The strategy as saved, over every known segment, offer and stage."""
    with store.snapshot():
        return _read(store)


def _read(reader: Store | Writer) -> Strategy:
    saved_segments = strategy_rows(reader, "strategy_segments")
    segments = [
        SegmentStrategy(
            key=key,
            label=label,
            priority=saved_segments.get(key, {}).get("priority"),
            persona=Persona(**{f: saved_segments.get(key, {}).get(f) for f in PERSONA_FIELDS}),
            version=saved_segments.get(key, {}).get("version", 0),
        )
        for key, label in known_segments(reader).items()
    ]
    saved_offers = strategy_rows(reader, "strategy_offers")
    offers = [
        OfferStrategy(
            key=key,
            label=label,
            priority=saved_offers.get(key, {}).get("priority"),
            version=saved_offers.get(key, {}).get("version", 0),
        )
        for key, label in known_offers(reader).items()
    ]
    saved_stages = strategy_rows(reader, "strategy_stages")
    stages = [
        StageStrategy(
            key=row["key"],
            label=row["label"],
            kind=row["kind"],
            exit_criteria=saved_stages.get(row["key"], {}).get("exit_criteria"),
            version=saved_stages.get(row["key"], {}).get("version", 0),
        )
        for row in stage_rows(reader)
    ]
    return Strategy(
        segments=sorted(segments, key=lambda s: _rank(s.priority, s.label)),
        offers=sorted(offers, key=lambda o: _rank(o.priority, o.label)),
        stages=stages,
    )


def _rank(priority: int | None, label: str) -> tuple[int, int, str]:
    return (priority is None, priority or 0, label.casefold())


def set_segment(
    store: Store,
    actor: User,
    key: str,
    *,
    priority: int | None = None,
    persona: Mapping[str, str | None] | None = None,
) -> Strategy:
    """Set a segment's priority rank (``0`` clears it; ``None`` leaves it) and the persona
    fields given (an empty text clears one). Managers and admins only; an unknown segment is
    refused with one sentence and nothing is written."""
    changes: dict[str, object] = {}
    if priority is not None:
        changes["priority"] = _checked_priority(priority)
    for field, text in (persona or {}).items():
        if field not in PERSONA_FIELDS:
            raise ValueError(f"not a persona field: {field}")
        if text is not None:
            changes[field] = text.strip() or None
    return _save(store, actor, "strategy_segments", key, changes)


def set_offer(store: Store, actor: User, key: str, *, priority: int) -> Strategy:
    """Set an offer's priority rank (``0``: not a priority). Managers and admins only."""
    return _save(store, actor, "strategy_offers", key, {"priority": _checked_priority(priority)})


def set_stage(store: Store, actor: User, key: str, *, exit_criteria: str) -> Strategy:
    """Set what must be true to leave an open stage (an empty text clears it)."""
    return _save(
        store, actor, "strategy_stages", key, {"exit_criteria": exit_criteria.strip() or None}
    )


def _checked_priority(priority: int) -> int | None:
    if priority < 0:
        raise ValidationError(
            _("A priority is 1 for the first, 2 for the next, or 0 for none; not {n}.").format(
                n=priority
            )
        )
    return priority or None


def _save(
    store: Store, actor: User, table: StrategyTable, key: str, changes: Mapping[str, object]
) -> Strategy:
    if not actor.is_manager:
        raise PermissionDeniedError(
            _("Only a manager or an admin can change the strategy; {login} is a rep.").format(
                login=actor.login
            )
        )
    if not changes:
        raise ValidationError(_("Nothing to change: say what to set."))
    with store.write(actor) as writer:
        _check_key(writer, table, key)
        if writer.fetch(table, key) is None:
            writer.insert(table, {"key": key, **changes})
        else:
            writer.update(table, key, changes, expected_version=None)
        return _read(writer)


def _check_key(writer: Writer, table: StrategyTable, key: str) -> None:
    if table == "strategy_stages":
        stages = {row["key"]: row for row in stage_rows(writer)}
        if key not in stages:
            raise ValidationError(
                _("There is no stage '{key}'; the stages are: {known}.").format(
                    key=key, known=", ".join(stages)
                )
            )
        if stages[key]["kind"] != "open":
            raise ValidationError(
                _("{label} closes a deal: it has no exit criteria.").format(
                    label=stages[key]["label"]
                )
            )
        return
    segment = table == "strategy_segments"
    known = known_segments(writer) if segment else known_offers(writer)
    if key not in known:
        raise ValidationError(
            (
                _("There is no segment '{key}'; the segments are: {known}.")
                if segment
                else _("There is no offer '{key}'; the offers are: {known}.")
            ).format(key=key, known=", ".join(sorted(known)) or _("none yet"))
        )
