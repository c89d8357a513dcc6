"""SQLite storage: connection setup, migrations, audited write transactions, permissions."""

from pilot_tui.core.store.store import Store
from pilot_tui.core.store.writer import Writer

__all__ = ["Store", "Writer"]
