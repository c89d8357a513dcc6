"""Actions: everything someone has to do, one row of ``activities`` each — the calls, emails,
meetings and tasks planned on deals, and the follow-ups a ritual, a finding or a deal review
decides (kind 'action'). The dashboard's overdue actions, the check-in and the Actions screen
all read this one list.

A rep sees and changes only their own actions; a manager sees and changes anyone's. Every
change goes through ``store.write(actor)`` (permission, version bump, audit) and, when the
caller gives ``expected_version``, is refused if someone changed the action since it was read.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from pilot_tui.core.models import ACTION_KIND as ACTION_KIND
from pilot_tui.core.models import Activity, User
from pilot_tui.core.store import activities
from pilot_tui.core.store.permissions import check_readable
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _

Action = Activity
"""What this module hands out: one row of ``activities`` (``models.Activity``); ``kind`` says
which sort, ``ACTION_KIND`` for an action."""


@dataclass(frozen=True)
class ActionLinks:
    """What an action comes from; all optional."""

    deal_id: int | None = None
    finding: str | None = None
    playbook: str | None = None
    origin_ritual: int | None = None


def create_action(
    store: Store,
    actor: User,
    *,
    title: str,
    owner: str,
    due: date | None,
    links: ActionLinks = ActionLinks(),
) -> Action:
    """Create an open action for ``owner``; a rep may only create their own."""
    with store.write(actor) as writer:
        action_id = insert_action(writer, title=title, owner=owner, due=due, links=links)
    return get_action(store, actor, action_id)


def insert_action(
    writer: Writer, *, title: str, owner: str, due: date | None, links: ActionLinks
) -> int:
    """Validate and insert an action inside an open write transaction; returns its id."""
    title = title.strip()
    if not title:
        raise ValidationError(_("An action needs a title."))
    user = writer.fetch("users", owner)
    if user is None or not user["active"]:
        raise ValidationError(
            _("'{owner}' is not an active Pilot user and cannot own an action.").format(owner=owner)
        )
    if links.deal_id is not None:
        deal = writer.fetch("deals", links.deal_id)
        if deal is None:
            raise NotFoundError(_("There is no deal {id}.").format(id=links.deal_id))
        if not writer.actor.is_manager and deal["owner"] != writer.actor.login:
            raise PermissionDeniedError(
                _(
                    "{login} is a rep and can only attach actions to their own deals; "
                    "deal {id} belongs to {owner}."
                ).format(login=writer.actor.login, id=links.deal_id, owner=deal["owner"])
            )
    return int(
        writer.insert(
            "activities",
            {
                "kind": ACTION_KIND,
                "title": title,
                "owner": owner,
                "due": due.isoformat() if due else None,
                "status": "open",
                "deal_id": links.deal_id,
                "finding": links.finding,
                "playbook": links.playbook,
                "origin_ritual": links.origin_ritual,
                "created_at": clock.now_iso(),
            },
        )
    )


def get_action(store: Store, actor: User, action_id: int) -> Action:
    """One action; a rep may read only their own (``PermissionDeniedError`` otherwise)."""
    action = activities.get_activity(store, action_id)
    if action is None:
        raise NotFoundError(_("There is no action {id}.").format(id=action_id))
    check_readable(actor, "activities", action.owner)
    return action


def list_actions(
    store: Store,
    actor: User,
    *,
    owner: str | None = None,
    overdue_only: bool = False,
    include_closed: bool = False,
    origin_ritual: int | None = None,
    limit: int = 500,
) -> list[Action]:
    """Actions, overdue first (oldest due first), then open by due date (undated last), then
    closed ones.

    A rep sees only their own: ``owner=None`` means theirs, another owner is refused. For a
    manager ``owner=None`` means everyone's. Closed (done/dropped) actions only with
    ``include_closed``. At most ``limit`` rows.
    """
    if not actor.is_manager:
        owner = owner or actor.login
    check_readable(actor, "activities", owner)
    return activities.list_activities(
        store,
        actor,
        owner=owner,
        include_closed=include_closed,
        overdue_only=overdue_only,
        origin_ritual=origin_ritual,
        limit=limit,
    )


def parse_due(text: str) -> date | None:
    """A due date typed as YYYY-MM-DD (``None`` for nothing typed); ``ValidationError`` in
    one sentence otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("'{text}' is not a date (use YYYY-MM-DD).").format(text=text)
        ) from None


def group_by_owner(actions: list[Action]) -> dict[str, list[Action]]:
    """Actions per owner (owners sorted by login), each list in the order given."""
    groups: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        groups[action.owner].append(action)
    return {owner: groups[owner] for owner in sorted(groups)}


def complete_action(
    store: Store, actor: User, action_id: int, *, expected_version: int | None
) -> Action:
    """Mark an open action done now."""
    return _decide(store, actor, action_id, "done", expected_version=expected_version)


def reschedule_action(
    store: Store,
    actor: User,
    action_id: int,
    due: date,
    *,
    expected_version: int | None,
    reason: str | None = None,
) -> Action:
    """Give an open action a new due date (today or later); it stays open."""
    return _decide(
        store,
        actor,
        action_id,
        "rescheduled",
        due=due,
        reason=reason,
        expected_version=expected_version,
    )


def drop_action(
    store: Store, actor: User, action_id: int, reason: str, *, expected_version: int | None
) -> Action:
    """Drop an open action; the reason is required and kept."""
    return _decide(
        store, actor, action_id, "dropped", reason=reason, expected_version=expected_version
    )


def decide_in(
    writer: Writer,
    action_id: int,
    outcome: str,
    *,
    due: date | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Inside an open write transaction, decide an open action: 'done' (now), 'rescheduled'
    (to ``due``, today or later; ``reason`` optional) or 'dropped' (``reason`` required)."""
    _open_action(writer, action_id)
    why = (reason or "").strip() or None
    changes: dict[str, Any]
    if outcome == "done":
        changes = {"status": "done", "done_at": clock.now_iso()}
    elif outcome == "rescheduled":
        if due is None:
            raise ValidationError(_("A rescheduled action needs its new due date."))
        if due < clock.today():
            raise ValidationError(
                _("The new due date {due} is in the past; pick today or later.").format(due=due)
            )
        changes = {"due": due.isoformat(), "status_reason": why}
    elif outcome == "dropped":
        if why is None:
            raise ValidationError(_("Say why the action is dropped."))
        changes = {"status": "dropped", "status_reason": why}
    else:
        raise ValidationError(_("Decide an action as done, rescheduled or dropped."))
    writer.update("activities", action_id, changes, expected_version=expected_version)


def _decide(
    store: Store,
    actor: User,
    action_id: int,
    outcome: str,
    *,
    due: date | None = None,
    reason: str | None = None,
    expected_version: int | None,
) -> Action:
    with store.write(actor) as writer:
        decide_in(
            writer, action_id, outcome, due=due, reason=reason, expected_version=expected_version
        )
    return get_action(store, actor, action_id)


def _open_action(writer: Writer, action_id: int) -> dict[str, Any]:
    row = writer.fetch("activities", action_id)
    if row is None:
        raise NotFoundError(_("There is no action {id}.").format(id=action_id))
    if row["status"] != "open":
        raise ValidationError(
            _("Action {id} is already {status}; only an open action can change.").format(
                id=action_id, status=row["status"]
            )
        )
    return row
