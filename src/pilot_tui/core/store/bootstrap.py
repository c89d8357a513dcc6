"""Creating a new database: schema, default stages, and its first admin."""

from pathlib import Path

from pilot_tui.core.errors import DatabaseError
from pilot_tui.core.models import Role, User
from pilot_tui.core.store.stages import add_default_stages
from pilot_tui.core.store.store import Store
from pilot_tui.i18n import _


def init_database(path: Path, admin: User, *, currency: str = "EUR") -> Store:
    """Create ``path`` with the default stages and ``admin`` as its first admin.

    Refuses a file that already holds a Pilot database, so nothing is overwritten.
    """
    if path.exists() and path.stat().st_size > 0:
        raise DatabaseError(
            _("{path} exists already; nothing was changed. Use another --db path.").format(
                path=path
            )
        )
    if admin.role is not Role.ADMIN:
        raise ValueError("the first user of a database must be an admin")
    store = Store.open(path, create=True)
    with store.write(admin) as writer:
        writer.insert(
            "users",
            {
                "login": admin.login,
                "name": admin.name,
                "role": "admin",
                "team": admin.team,
                "active": 1,
            },
        )
        add_default_stages(writer)
        writer.insert("meta", {"key": "currency", "value": currency})
    return store
