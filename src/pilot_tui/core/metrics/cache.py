"""Frames kept between snapshots, refreshed incrementally after small edits.

Every write goes through the store's audited writer, so the audit log's high-water mark (with
those of the history tables) tells whether anything changed, and the audit rows since
then tell which deals and activities to re-read. Writes to tables the metrics do not read
(rituals, coaching notes...) cost nothing; a bulk load, a stage or settings edit, a deletion
or many edits reload everything.
"""

import threading
from dataclasses import replace

import pandas as pd

from pilot_tui.core.metrics.frames import (
    Frames,
    categorised,
    load_activities,
    load_changes,
    load_close_changes,
    load_deals,
    load_field_changes,
    load_frames,
    load_objectives,
    load_users,
    with_deal_facts,
)
from pilot_tui.core.store import Store
from pilot_tui.core.store.frames_sql import Rows, audit_since, change_token

MAX_INCREMENTAL = 200
"""More relevant audit rows than this since the last load: reload everything."""
_INCREMENTAL = ("deals", "activities", "objectives", "users")
"""Tables the metrics read that a few inserts or updates can refresh in place."""
_READ = (*_INCREMENTAL, "stages", "meta")
"""Every audited table the metrics read."""

_lock = threading.Lock()
_cache: dict[str, Frames] = {}


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def frames_for(store: Store) -> Frames:
    """The frames of ``store``'s current state, from the cache when nothing changed."""
    path = store.path.resolve()
    # The inode tells a database recreated at the same path from the one cached.
    key = f"{path}:{path.stat().st_ino}"
    with _lock:
        cached = _cache.get(key)
        with store.snapshot():
            token = change_token(store)
            if cached is not None and cached.token == token:
                return cached
            frames = _refresh(store, cached, token) if cached is not None else None
        if frames is None:
            frames = load_frames(store)
        _cache[key] = frames
        return frames


def _refresh(store: Store, cached: Frames, token: tuple[int, ...]) -> Frames | None:
    """Re-read only what changed since ``cached``; None when a full reload is needed."""
    old_audit, old_changes, old_pushes, old_fields = cached.token
    rows = audit_since(store, old_audit, _READ, limit=MAX_INCREMENTAL + 1)
    if len(rows) > MAX_INCREMENTAL or any(
        entity not in _INCREMENTAL or op not in ("insert", "update") for entity, _id, op in rows
    ):
        return None
    touched = {
        entity: sorted({int(i) for e, i, _op in rows if e == entity})
        for entity in ("deals", "activities")
    }
    new_changes = load_changes(store, cached.stages, Rows(after_id=old_changes))
    moved = sorted(set(touched["deals"]) | {int(i) for i in new_changes["deal_id"]})
    deals, changes = cached.deals, cached.changes
    if moved:
        mine = load_changes(store, cached.stages, Rows.of_deals(moved))
        changes = pd.concat([changes[~changes["deal_id"].isin(moved)], mine], ignore_index=True)
        fresh = with_deal_facts(
            load_deals(store, cached.stages, Rows.with_ids(moved)), mine, cached.stages
        )
        deals = categorised(pd.concat([deals[~deals["id"].isin(moved)], fresh], ignore_index=True))
    activities = cached.activities
    if touched["activities"]:
        activities = pd.concat(
            [
                activities[~activities["id"].isin(touched["activities"])],
                load_activities(store, Rows.with_ids(touched["activities"])),
            ],
            ignore_index=True,
        )
    pushes = cached.close_changes
    if token[2] != old_pushes:
        pushes = pd.concat(
            [pushes, load_close_changes(store, Rows(after_id=old_pushes))], ignore_index=True
        )
    amount_changes, owner_changes = cached.amount_changes, cached.owner_changes
    if token[3] != old_fields:
        new_amounts, new_owners = load_field_changes(store, Rows(after_id=old_fields))
        amount_changes = pd.concat([amount_changes, new_amounts], ignore_index=True)
        owner_changes = pd.concat([owner_changes, new_owners], ignore_index=True)
    return replace(
        cached,
        deals=deals,
        changes=changes,
        activities=activities,
        close_changes=pushes,
        amount_changes=amount_changes,
        owner_changes=owner_changes,
        objectives=load_objectives(store),
        users=load_users(store),
        token=token,
    )
