"""SQLite storage: connection setup, migrations, audited write transactions, permissions, and
the query modules of each table family — the only place in Pilot that runs SQL.

``Store`` and ``Writer`` are imported on first use, so that a light submodule
(``launch_state``, read before the first frame) does not pull pydantic in with them.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pilot_tui.core.store.store import Store
    from pilot_tui.core.store.writer import Writer

__all__ = ["Store", "Writer"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from pilot_tui.core.store.store import Store

        return Store
    if name == "Writer":
        from pilot_tui.core.store.writer import Writer

        return Writer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
