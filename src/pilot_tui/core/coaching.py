"""Coaching notes: private to the managers and the rep they are about.

The only way to read them is ``coaching_notes_for``, which takes the actor: a rep reads the
notes about themselves and is refused anyone else's; a manager (or admin) reads all. Writing is
for managers only (the store's permissions make ``coaching_notes`` manager-only).
"""

from pilot_tui.core import clock
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import CoachingNote as CoachingNote
from pilot_tui.core.models import Role, User
from pilot_tui.core.store.coaching import get_note, notes_about
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _


def coaching_notes_for(store: Store, actor: User, rep: str) -> list[CoachingNote]:
    """The notes about ``rep``, oldest first. Raises ``PermissionDeniedError`` when a rep asks
    for another rep's notes."""
    check_can_read_notes(actor, rep)
    return notes_about(store, rep)


def check_can_read_notes(actor: User, rep: str) -> None:
    """Raise unless ``actor`` may read the coaching notes about ``rep``."""
    if actor.is_manager or actor.login == rep:
        return
    raise PermissionDeniedError(
        _("Coaching notes about {rep} are private to {rep} and the managers.").format(rep=rep)
    )


def add_coaching_note(store: Store, actor: User, rep: str, body: str) -> CoachingNote:
    """Write a note about ``rep`` (managers only); returns it."""
    with store.write(actor) as writer:
        note_id = insert_coaching_note(writer, rep, body)
    note = get_note(store, note_id)
    assert note is not None
    return note


def insert_coaching_note(writer: Writer, rep: str, body: str) -> int:
    """Validate and insert a note inside an open write transaction; returns its id."""
    if not body.strip():
        raise ValidationError(_("A coaching note needs some text."))
    user = writer.fetch("users", rep)
    if user is None or user["role"] != Role.REP.value:
        raise ValidationError(
            _("'{rep}' is not a rep; coaching notes are about reps.").format(rep=rep)
        )
    if not writer.actor.is_manager:
        raise PermissionDeniedError(_("Only a manager can write coaching notes."))
    return int(
        writer.insert(
            "coaching_notes",
            {
                "rep": rep,
                "author": writer.actor.login,
                "at": clock.now_iso(),
                "body": body.strip(),
                "private": 1,
            },
        )
    )
