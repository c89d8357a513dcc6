"""Owners as written in exports → Pilot logins."""

from pilot_tui.core.importers.owners import derive_login, fold, resolve_owners

USERS: list[dict[str, str | None]] = [
    {"login": "sam", "name": "Sam Seller", "team": "north"},
    {"login": "elodie.durand", "name": "Someone Else", "team": None},
]


def test_fold_drops_accents_case_and_extra_spaces() -> None:
    assert fold("  Élodie   DÜRAND ") == "elodie durand"


def test_derived_logins_fold_accents_and_stay_unique() -> None:
    assert derive_login("Élodie Dürand", set()) == "elodie.durand"
    assert derive_login("Élodie Dürand", {"elodie.durand"}) == "elodie.durand2"
    assert derive_login("O'Brien, Seán", set()) == "o.brien.sean"


def test_mapping_then_login_then_name_then_unknown() -> None:
    owners = resolve_owners(
        ["Sam", "sam", "SAM SELLER", "Zed"], USERS, mapped={"Sam": "sam"}, create=False, managers={}
    )
    assert owners.logins == {"Sam": "sam", "sam": "sam", "SAM SELLER": "sam"}
    assert owners.unknown == ["Zed"]
    assert owners.new_users == []


def test_created_users_are_inactive_and_teams_follow_managers() -> None:
    owners = resolve_owners(
        ["Élodie Dürand", "Sam Seller"],
        USERS,
        mapped={},
        create=True,
        managers={"Élodie Dürand": "Max Boss", "Sam Seller": "Max Boss"},
    )
    assert owners.new_users == [
        {
            "login": "elodie.durand2",
            "name": "Élodie Dürand",
            "role": "rep",
            "team": "Max Boss",
            "active": 0,
        },
        {
            "login": "max.boss",
            "name": "Max Boss",
            "role": "manager",
            "team": "Max Boss",
            "active": 0,
        },
    ]
    assert owners.team_updates == {"sam": "Max Boss"}
