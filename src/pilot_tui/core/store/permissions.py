"""Who may write what, by role (docs/architecture.md, "One write path"). Enforced in the
store, never only in the screens."""

from collections.abc import Mapping
from typing import Any

from pilot_tui.core.errors import PermissionDeniedError
from pilot_tui.core.models import Role, User
from pilot_tui.i18n import _

ADMIN_ONLY = frozenset({"users", "stages", "segments", "offers", "meta"})
"""Reference data that only an admin changes."""
MANAGER_ONLY = frozenset(
    {
        "objectives",
        "kpi_selection",
        "ritual_runs",
        "ritual_items",
        "coaching_notes",
        "accounts",
        "strategy_segments",
        "strategy_offers",
        "strategy_stages",
    }
)
"""Team data that managers (and admins) change."""
OWNED = frozenset({"deals", "activities", "forecast_calls"})
"""Rows a rep may change when they own them, before and after the change."""


def authorize(
    actor: User,
    entity: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    """Raise ``PermissionDeniedError`` unless ``actor`` may turn ``before`` into ``after``.

    ``before`` is ``None`` for an insert, ``after`` is ``None`` for a delete.
    """
    if not actor.active:
        raise PermissionDeniedError(
            _("{login} is deactivated and cannot change anything.").format(login=actor.login)
        )
    if actor.role is Role.ADMIN:
        return
    if entity in ADMIN_ONLY:
        raise PermissionDeniedError(
            _("Only an admin can change {entity}; {login} is a {role}.").format(
                entity=entity, login=actor.login, role=actor.role.value
            )
        )
    if actor.role is Role.MANAGER:
        return
    if entity in MANAGER_ONLY:
        raise PermissionDeniedError(
            _("Only a manager can change {entity}; {login} is a rep.").format(
                entity=entity, login=actor.login
            )
        )
    if entity in OWNED:
        for row in (before, after):
            if row is not None and row.get("owner") != actor.login:
                raise PermissionDeniedError(
                    _(
                        "{login} is a rep and can only change their own {entity}; "
                        "this one belongs to {owner}."
                    ).format(login=actor.login, entity=entity, owner=row.get("owner"))
                )
        return
    raise PermissionDeniedError(
        _("{login} is a rep and cannot change {entity}.").format(login=actor.login, entity=entity)
    )


PRIVATE_TO_OWNER = frozenset({"activities"})
"""Rows a rep reads only when they own them: actions (some decided in another rep's 1:1)."""
MANAGERS_READ = frozenset({"audit"})
"""Tables only managers and admins read."""


def readable_filter(actor: User, entity: str, alias: str = "") -> tuple[str, tuple[str, ...]]:
    """The SQL condition (and its parameters) keeping the rows of ``entity`` that ``actor``
    may read: the one rule every read path applies (export, lists, reports, screens).

    Managers and admins read everything; a rep reads their own activities and no audit;
    deals, stage changes and reference data are team data everyone reads. ``alias`` prefixes
    the column (``"a."``) when the table is joined.
    """
    if actor.is_manager:
        return "1", ()
    if entity in PRIVATE_TO_OWNER:
        return f"{alias}owner = ?", (actor.login,)
    if entity in MANAGERS_READ:
        return "0", ()
    return "1", ()


def check_readable(actor: User, entity: str, owner: str | None = None) -> None:
    """Raise ``PermissionDeniedError`` unless ``actor`` may read ``entity`` rows of ``owner``
    (``None``: the table at all), by the same rule as ``readable_filter``."""
    if actor.is_manager:
        return
    if entity in MANAGERS_READ:
        raise PermissionDeniedError(
            _("Only a manager or an admin can read {entity}; {login} is a rep.").format(
                entity=entity, login=actor.login
            )
        )
    if entity in PRIVATE_TO_OWNER and owner is not None and owner != actor.login:
        raise PermissionDeniedError(
            _("{login} is a rep and can only see their own {what}, not {owner}'s.").format(
                login=actor.login,
                what=_("actions") if entity == "activities" else entity,
                owner=owner,
            )
        )
