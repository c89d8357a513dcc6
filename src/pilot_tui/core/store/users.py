"""Users and roles: read, add, deactivate, reactivate, and change a role, name or team.

Every change goes through the store's audited writer (only an admin may write ``users``) and
keeps at least one active admin."""

from collections.abc import Callable, Mapping
from typing import Any

from pilot_tui.core import clock
from pilot_tui.core.errors import NotFoundError, ValidationError
from pilot_tui.core.models import Access, Role, User
from pilot_tui.core.store.permissions import authorize
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer
from pilot_tui.i18n import _


def get_user(store: Store, login: str) -> User | None:
    rows = store.rows("SELECT * FROM users WHERE login = ?", (login,))
    return User.model_validate(rows[0]) if rows else None


def list_users(store: Store, *, active_only: bool = False) -> list[User]:
    where = "WHERE active = 1" if active_only else ""
    return [
        User.model_validate(row)
        for row in store.rows(f"SELECT * FROM users {where} ORDER BY role, login")
    ]


def admins(store: Store) -> list[str]:
    """Logins of the active admins (the people to ask for access)."""
    rows = store.rows("SELECT login FROM users WHERE role = 'admin' AND active = 1 ORDER BY login")
    return [row["login"] for row in rows]


def user_exists(store: Store, login: str) -> bool:
    """True when ``login`` is a user, active or not."""
    return bool(store.scalar("SELECT count(*) FROM users WHERE login = ?", (login,)))


def active_logins(store: Store) -> set[str]:
    return {row["login"] for row in store.rows("SELECT login FROM users WHERE active = 1")}


def active_role(store: Store, login: str | None) -> str | None:
    """``login``'s role when they are an active user, else ``None``."""
    role = store.scalar("SELECT role FROM users WHERE login = ? AND active = 1", (login,))
    return None if role is None else str(role)


def user_name(store: Store, login: str) -> str | None:
    """The name of ``login`` (``None`` for an unknown login or an empty name)."""
    name = store.scalar("SELECT name FROM users WHERE login = ?", (login,))
    return str(name) if name else None


def user_team(store: Store, login: str | None) -> str | None:
    """The team of ``login`` (``None`` for no team or an unknown login)."""
    team = store.scalar("SELECT team FROM users WHERE login = ?", (login,))
    return str(team) if team else None


def team_names(reader: Store | Writer) -> set[str]:
    """Every team some user is in (read inside ``reader``'s transaction when it is a writer)."""
    rows = reader.rows("SELECT DISTINCT team FROM users WHERE team IS NOT NULL")
    return {str(row["team"]) for row in rows}


def add_user(store: Store, actor: User, user: User) -> User:
    """Create ``user``; refused when the login exists already."""
    with store.write(actor) as writer:
        if writer.fetch("users", user.login) is not None:
            raise ValidationError(
                _("A user with login '{login}' exists already.").format(login=user.login)
            )
        writer.insert("users", _columns(user))
    created = get_user(store, user.login)
    assert created is not None
    return created


def deactivate_user(store: Store, actor: User, login: str) -> User:
    """Deactivate ``login``: they keep their history but can no longer open Pilot."""

    def changes(row: Mapping[str, Any]) -> dict[str, Any]:
        if row["role"] == Role.ADMIN and login == actor.login:
            raise ValidationError(_("You cannot deactivate yourself: ask another admin."))
        # Told apart from users an import created inactive (no login yet): an owner an admin
        # deactivated is a hygiene fault, one waiting for a login is not.
        return {"active": 0, "deactivated_at": clock.now_iso()}

    return _change_user(store, actor, login, changes)


def reactivate_user(store: Store, actor: User, login: str) -> User:
    """Give ``login`` access again: a deactivated user, or an owner an import created who has
    no login yet. Refused (``ValidationError``) when they have access already."""

    def changes(row: Mapping[str, Any]) -> dict[str, Any]:
        if row["active"]:
            raise ValidationError(_("{login} has access already.").format(login=login))
        return {"active": 1, "deactivated_at": None}

    return _change_user(store, actor, login, changes)


def set_role(store: Store, actor: User, login: str, role: Role) -> User:
    """Make ``login`` a ``role``. An owner with no login yet is given access at the same time
    (choosing their role is the admin's decision to let them in); a deactivated user stays
    deactivated (``reactivate_user`` lets them back). Refused when it would leave no active
    admin."""

    def changes(row: Mapping[str, Any]) -> dict[str, Any]:
        if _access(row) is Access.NO_LOGIN_YET:
            return {"role": role.value, "active": 1}
        return {"role": role.value}

    return _change_user(store, actor, login, changes)


def rename_user(store: Store, actor: User, login: str, name: str) -> User:
    """Change the name Pilot shows for ``login`` (surrounding spaces dropped; never empty)."""
    shown = name.strip()
    if not shown:
        raise ValidationError(_("A user's name cannot be empty."))
    return _change_user(store, actor, login, lambda _row: {"name": shown})


def set_team(store: Store, actor: User, login: str, team: str) -> User:
    """Move ``login`` to ``team`` (surrounding spaces dropped; never empty): the team's scope
    counts their deals from then on."""
    name = team.strip()
    if not name:
        raise ValidationError(_("A team's name cannot be empty."))
    return _change_user(store, actor, login, lambda _row: {"team": name})


def _change_user(
    store: Store,
    actor: User,
    login: str,
    changes: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> User:
    """Apply ``changes(row)`` to ``login``'s row in one audited write; refused when the login
    is unknown or when the change would leave no active admin. Nothing is written then."""
    authorize(actor, "users", None, None)  # a manager or rep is told so before anything else
    with store.write(actor) as writer:
        row = writer.fetch("users", login)
        if row is None:
            raise NotFoundError(_("There is no user with login '{login}'.").format(login=login))
        after = {**row, **changes(row)}
        if _is_active_admin(row) and not _is_active_admin(after):
            others = writer.rows(
                "SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 "
                "AND login != ?",
                (login,),
            )
            if not others[0]["n"]:
                raise ValidationError(
                    _("{login} is the last active admin: make another user admin first.").format(
                        login=login
                    )
                )
        writer.update(
            "users",
            login,
            {k: after[k] for k in after if after[k] != row[k]},
            expected_version=None,
        )
    user = get_user(store, login)
    assert user is not None
    return user


def _is_active_admin(row: Mapping[str, Any]) -> bool:
    return row["role"] == Role.ADMIN and bool(row["active"])


def _access(row: Mapping[str, Any]) -> Access:
    return User.model_validate(row).access


def _columns(user: User) -> dict[str, object]:
    return {
        "login": user.login,
        "name": user.name,
        "role": user.role.value,
        "team": user.team,
        "active": int(user.active),
    }
