"""Starting, reopening and listing ritual runs; a new run lists the actions it must review."""

import json
from collections.abc import Iterable

from pilot_tui.core import clock
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.models import Role, User
from pilot_tui.core.rituals.definitions import CLOSE_LOOP, get_ritual
from pilot_tui.core.rituals.minutes import ACTION_SUBJECT
from pilot_tui.core.rituals.run import RitualRun, insert_item
from pilot_tui.core.rituals.state import RunState, check_can_read_run, load_run
from pilot_tui.core.store.rituals import actions_to_review, run_rows
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import active_logins, active_role
from pilot_tui.i18n import _


def start_run(
    store: Store,
    actor: User,
    kind: str,
    *,
    subject: str | None = None,
    attendees: Iterable[str] = (),
) -> RitualRun:
    """Start a run of ritual ``kind`` facilitated by ``actor`` (a manager).

    The 1:1 needs ``subject`` (a rep's login); other rituals take none. The first step lists
    the actions of earlier runs of the same kind and subject that are still open, plus every
    action of the latest such run (closed ones count as already decided).
    """
    ritual = get_ritual(kind)
    if not actor.is_manager:
        raise PermissionDeniedError(
            _("Only a manager runs a ritual; {login} is a rep.").format(login=actor.login)
        )
    if ritual.needs_subject:
        if active_role(store, subject) != Role.REP.value:
            raise ValidationError(_("A 1:1 needs the login of an active rep as its subject."))
    elif subject is not None:
        raise ValidationError(_("Only the 1:1 is about one rep; drop the subject."))
    attendees = sorted(set(attendees))
    known = active_logins(store)
    strangers = [login for login in attendees if login not in known]
    if strangers:
        raise ValidationError(
            _("'{login}' is not an active Pilot user and cannot attend.").format(login=strangers[0])
        )
    now = clock.now_iso()
    with store.write(actor) as writer:
        run_id = int(
            writer.insert(
                "ritual_runs",
                {
                    "kind": kind,
                    "facilitator": actor.login,
                    "subject": subject,
                    "attendees_json": json.dumps(attendees),
                    "started_at": now,
                    "status": "running",
                    "step_index": 0,
                    "step_started_at": now,
                    "timing_json": "{}",
                },
            )
        )
        for action_id, status in actions_to_review(writer, kind, subject, run_id):
            decided = status if status != "open" else None
            insert_item(
                writer, run_id, CLOSE_LOOP, subject=f"{ACTION_SUBJECT}{action_id}", decision=decided
            )
    return RitualRun(store, actor, load_run(store, run_id))


def open_run(store: Store, actor: User, run_id: int) -> RitualRun:
    """Reopen a run (to resume it, or to read a finished one)."""
    state = load_run(store, run_id)
    check_can_read_run(actor, state)
    return RitualRun(store, actor, state)


def list_runs(store: Store, actor: User, *, unfinished_only: bool = False) -> list[RunState]:
    """Runs ``actor`` may read (a rep: not other reps' 1:1s), newest first; with
    ``unfinished_only``, those still running or paused (to resume)."""
    states = [
        RunState.model_validate(row) for row in run_rows(store, unfinished_only=unfinished_only)
    ]
    return [s for s in states if s.subject is None or actor.is_manager or actor.login == s.subject]
