"""Who is using Pilot: the OS account (never ``$USER``), mapped to a Pilot user."""

import os
import pwd

from pilot_tui.core.errors import PermissionDeniedError, UnknownLoginError
from pilot_tui.core.models import Access, User
from pilot_tui.core.store import Store
from pilot_tui.core.store.users import admins, get_user
from pilot_tui.i18n import _


def os_login() -> str:
    """The login of the account running this process (never ``$USER``, which anyone can set)."""
    return pwd.getpwuid(os.getuid()).pw_name


def owns_database(store: Store) -> bool:
    """True when this process runs as the owner of the database file the store opened (read
    from the open file, not from its path, which could have been swapped since)."""
    return store.owner is not None and store.owner == os.getuid()


def resolve_actor(store: Store, as_login: str | None = None) -> User:
    """The Pilot user this process acts for.

    ``as_login`` (``--as``) is honoured only when the process runs as the database file's owner
    (the dedicated-account mode, where SSH keys choose the user). Raises ``UnknownLoginError``
    or ``PermissionDeniedError`` with one sentence saying who to ask.
    """
    login = os_login()
    if as_login is not None and as_login != login:
        if not owns_database(store):
            raise PermissionDeniedError(
                _("--as is only honoured for the owner of {path}; you are {login}.").format(
                    path=store.path, login=login
                )
            )
        login = as_login
    user = get_user(store, login)
    if user is None or not user.active:
        ask = ", ".join(admins(store)) or _("the person who set Pilot up")
        if user is None:
            state = _("has no Pilot account")
            command = 'pilot users add {login} --role rep --name "Your Name"'
        else:
            # Both get access with the same command (an imported owner was never deactivated).
            state = (
                _("has no login yet") if user.access is Access.NO_LOGIN_YET else _("is deactivated")
            )
            command = "pilot users reactivate {login}"
        raise UnknownLoginError(
            _("The login '{login}' {state} in {path}. Ask an admin ({ask}) to run: ").format(
                login=login, state=state, path=store.path, ask=ask
            )
            + command.format(login=login)
        )
    return user
