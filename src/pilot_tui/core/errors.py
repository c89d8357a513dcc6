"""Errors a user can meet. Each carries one clear sentence; the app and CLI show only that."""

from pilot_tui.core.text import clean_line


class PilotError(Exception):
    """Base of every error shown to a user as one sentence (exit code 1 in the CLI).

    The sentence is cleaned (``core.text.clean_line``): it often quotes a file's header, a
    stage or a name, which must not carry escape sequences to the terminal."""

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(clean_line(str(message)), *args)


class UnknownLoginError(PilotError):
    """The OS login has no active Pilot account."""


class PermissionDeniedError(PilotError):
    """The actor's role does not allow this write."""


class ConflictError(PilotError):
    """The row changed since the user read it (optimistic locking)."""

    def __init__(self, message: str, *, changed_by: str | None, changed_at: str | None) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


class ValidationError(PilotError):
    """An input value is not acceptable; the message says which and why."""


class DuplicateObjectiveError(ValidationError):
    """The scope already has an objective for this metric and period (``existing_id``)."""

    def __init__(self, message: str, *, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class NotFoundError(PilotError):
    """The named row does not exist."""


class DatabaseError(PilotError):
    """The database cannot be opened or written (missing, read-only, full, locked, newer)."""


class DamagedDatabaseError(DatabaseError):
    """The database file is corrupt or not a Pilot database: only a restore helps."""
