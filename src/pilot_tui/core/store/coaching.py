"""Reads of ``coaching_notes``. Who may read them is ``core.coaching``'s to check first."""

from pilot_tui.core.models import CoachingNote
from pilot_tui.core.store.store import Store


def notes_about(store: Store, rep: str) -> list[CoachingNote]:
    """Every note about ``rep``, oldest first."""
    rows = store.rows("SELECT * FROM coaching_notes WHERE rep = ? ORDER BY at, id", (rep,))
    return [CoachingNote.model_validate(row) for row in rows]


def get_note(store: Store, note_id: int) -> CoachingNote | None:
    rows = store.rows("SELECT * FROM coaching_notes WHERE id = ?", (note_id,))
    return CoachingNote.model_validate(rows[0]) if rows else None


def count_notes_between(store: Store, rep: str, start: str, end: str) -> int:
    """How many notes about ``rep`` were written from instant ``start`` to ``end`` (ISO,
    both included)."""
    return int(
        store.scalar(
            "SELECT count(*) FROM coaching_notes WHERE rep = ? AND at >= ? AND at <= ?",
            (rep, start, end),
        )
    )
