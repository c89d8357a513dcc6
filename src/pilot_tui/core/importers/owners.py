"""Owners as written in a file (names, logins, CRM user ids) → Pilot logins."""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


def fold(text: str) -> str:
    """'  Élodie  DURAND ' → 'elodie durand': accents folded, case folded, spaces collapsed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.casefold().split())


def derive_login(name: str, taken: set[str]) -> str:
    """A login from a person's name ('Élodie Durand' → 'elodie.durand'), unique among
    ``taken`` (a digit is added on collision)."""
    base = re.sub(r"[^a-z0-9]+", ".", fold(name)).strip(".")[:60] or "user"
    login, n = base, 2
    while login in taken:
        login, n = f"{base}{n}", n + 1
    return login


@dataclass
class Owners:
    """How each owner of a run resolves; ``new_users`` are to be created (inactive)."""

    logins: dict[str, str] = field(default_factory=dict)
    new_users: list[dict[str, Any]] = field(default_factory=list)
    team_updates: dict[str, str] = field(default_factory=dict)
    """Existing login → team to set (from a teams file)."""
    unknown: list[str] = field(default_factory=list)


def resolve_owners(
    names: Iterable[str],
    users: Sequence[Mapping[str, Any]],
    *,
    mapped: Mapping[str, str],
    create: bool,
    managers: Mapping[str, str],
) -> Owners:
    """Resolve ``names``: the mapping's ``[owners]`` first, then a login, then a user's name
    (accents and case folded). With ``create``, the rest become inactive reps (and the managers
    named by a teams file inactive managers); otherwise they are ``unknown``.

    ``managers`` is rep name → manager name; a rep's team is their manager's name.
    """
    by_login = {str(u["login"]): u for u in users}
    by_name = {fold(str(u["name"])): str(u["login"]) for u in users}
    taken = set(by_login)
    out = Owners()
    wanted = dict.fromkeys(names)
    wanted.update(dict.fromkeys(managers.values()))
    for name in wanted:
        login = mapped.get(name)
        if login is None:
            login = name if name in by_login else by_name.get(fold(name))
        if login is not None and login in by_login:
            out.logins[name] = login
            team = _team(name, managers)
            if team and by_login[login].get("team") != team:
                out.team_updates[login] = team
            continue
        if not create:
            out.unknown.append(name)
            continue
        login = login or derive_login(name, taken)
        taken.add(login)
        role = "manager" if name in managers.values() and name not in managers else "rep"
        out.new_users.append(
            {"login": login, "name": name, "role": role, "team": _team(name, managers), "active": 0}
        )
        out.logins[name] = login
    return out


def _team(name: str, managers: Mapping[str, str]) -> str | None:
    if name in managers:
        return managers[name]
    return name if name in managers.values() else None
