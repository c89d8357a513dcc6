"""Whether the database knows the team, rep, segment or offer a scope names."""

from pilot_tui.core.store.store import Store

_KNOWN = {
    "team": "SELECT 1 FROM users WHERE team = ?",
    "rep": "SELECT 1 FROM users WHERE login = ?",
    "segment": (
        "SELECT 1 FROM segments WHERE key = ? UNION ALL SELECT 1 FROM deals WHERE segment = ?"
    ),
    "offer": "SELECT 1 FROM offers WHERE key = ? UNION ALL SELECT 1 FROM deals WHERE offer = ?",
}
"""A scope's value is known when one of these finds a row (segments and offers: listed or
used by a deal)."""


def scope_value_exists(store: Store, kind: str, value: str) -> bool:
    """True when a ``kind`` ('team', 'rep', 'segment', 'offer') called ``value`` exists."""
    sql = _KNOWN[kind]
    return bool(store.scalar(f"SELECT EXISTS ({sql})", (value,) * sql.count("?")))
