"""Real exports from ../shared/data: the Maven CRM data set and both Salesforce sample forms."""

from pathlib import Path
from typing import Any

import pytest

from conftest import ADMIN
from importhelp import REPO, deals, history, run, shared_data
from pilot_tui.core.importers.mapping import load_mapping
from pilot_tui.core.importers.run import ImportOptions, prepare_import
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database

MAVEN_MAPPING = REPO / "examples" / "maven-crm.toml"
COMPARED = (
    "external_id",
    "source",
    "name",
    "account",
    "owner",
    "offer",
    "amount_minor",
    "currency",
    "stage",
    "created_on",
    "expected_close",
    "closed_on",
)


@pytest.fixture
def usd_store(tmp_path: Path) -> Store:
    return init_database(tmp_path / "usd.db", ADMIN, currency="USD")


def _import_maven(store: Store, tmp_path: Path, *files: Path) -> None:
    run(store, ADMIN, list(files), tmp_path, mapping=load_mapping(MAVEN_MAPPING))


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    rows = store.rows(f"SELECT {', '.join(COMPARED)} FROM deals ORDER BY external_id")
    changes = store.rows(
        "SELECT d.external_id, c.from_stage, c.to_stage, c.at FROM "
        "stage_changes c JOIN deals d ON d.id = c.deal_id ORDER BY 1, 4, 2"
    )
    return [tuple(r.values()) for r in rows + changes]


def test_maven_imports_8800_deals_with_teams_accounts_and_derived_history(
    usd_store: Store, tmp_path: Path
) -> None:
    maven = shared_data() / "maven-crm"
    plan = run(
        usd_store,
        ADMIN,
        [maven / "sales_pipeline.csv"],
        tmp_path,
        mapping=load_mapping(MAVEN_MAPPING),
    )
    notes = plan.files[-1].notes
    assert any(
        n.startswith("Stage history comes from engage_date and the close date") for n in notes
    )
    assert "No lost reason: why lost deals were lost is unknown." in notes
    by_stage = dict(
        usd_store.conn.execute("SELECT stage, count(*) FROM deals GROUP BY stage").fetchall()
    )
    assert by_stage == {"won": 4238, "lost": 2473, "qualification": 1589, "prospecting": 500}
    assert usd_store.scalar("SELECT sum(amount_minor) FROM deals WHERE stage = 'won'") == (
        10_005_534_00
    )
    users = dict(
        usd_store.conn.execute(
            "SELECT role, count(*) FROM users WHERE active = 0 GROUP BY role"
        ).fetchall()
    )
    assert users == {"rep": 35, "manager": 6}
    moses = usd_store.rows("SELECT * FROM users WHERE login = 'moses.frase'")[0]
    assert moses["team"] == "Dustin Brinkmann"
    assert usd_store.scalar("SELECT sector FROM accounts WHERE name = 'Acme Corporation'") == (
        "technolgy"
    )  # the data set's own typo, kept
    deal = deals(usd_store)["1C1I7A6R"]
    assert (deal["name"], deal["owner"], deal["created_on"], deal["closed_on"]) == (
        "GTX Plus Basic – Cancity",
        "moses.frase",
        "2016-10-20",
        "2017-03-01",
    )
    assert history(usd_store, "1C1I7A6R") == [
        (None, "qualification", "2016-10-20T00:00:00Z"),
        ("qualification", "won", "2017-03-01T00:00:00Z"),
    ]
    prospect = usd_store.rows("SELECT * FROM deals WHERE stage = 'prospecting' LIMIT 1")[0]
    assert prospect["created_on"] == "2017-12-31"  # no date at all: the file's latest day
    assert usd_store.scalar("SELECT count(*) FROM deals WHERE account IS NULL") == 1425


def test_maven_reimport_changes_nothing(usd_store: Store, tmp_path: Path) -> None:
    path = shared_data() / "maven-crm" / "sales_pipeline.csv"
    _import_maven(usd_store, tmp_path, path)
    before = _snapshot(usd_store), usd_store.scalar("SELECT count(*) FROM audit")
    _import_maven(usd_store, tmp_path, path)
    assert (_snapshot(usd_store), usd_store.scalar("SELECT count(*) FROM audit")) == before


def test_maven_variants_import_to_the_same_result(tmp_path: Path) -> None:
    maven = shared_data() / "maven-crm"
    results = []
    for name, files in {
        "original": [maven / "sales_pipeline.csv"],
        "crlf": [maven / "variants" / "original_zip_crlf" / "sales_pipeline.csv"],
        "excel": [
            maven / "variants" / "excel_resaved_mdy" / "sales_pipeline.csv",
            maven / "sales_teams.csv",
            maven / "accounts.csv",
        ],
    }.items():
        store = init_database(tmp_path / f"{name}.db", ADMIN, currency="USD")
        _import_maven(store, tmp_path, *files)
        results.append(_snapshot(store))
        store.close()
    assert len(results[0]) > 8800
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize(
    ("form", "files", "expected"),
    [
        (
            "api",
            ("opportunity.csv", "OpportunityHistory.csv", "account.csv"),
            {
                "won": 18,
                "proposal": 6,
                "discovery": 3,
                "negotiation": 2,
                "prospecting": 1,
                "qualification": 1,
            },
        ),
        (
            "excel",
            ("Opportunity.csv", "OpportunityHistory.csv", "Account.csv"),
            {
                "won": 12,
                "lost": 8,
                "proposal": 7,
                "discovery": 5,
                "negotiation": 2,
                "prospecting": 1,
                "qualification": 1,
            },
        ),
    ],
)
def test_salesforce_samples_import_in_both_forms(
    usd_store: Store, tmp_path: Path, form: str, files: tuple[str, ...], expected: dict[str, int]
) -> None:
    folder = shared_data() / f"salesforce-sample-{form}"
    paths = [folder / f for f in files]
    plan = run(usd_store, ADMIN, paths, tmp_path, create_users=True)
    assert [f.kind.value for f in plan.files] == ["accounts", "deals", "history"]
    by_stage = dict(
        usd_store.conn.execute("SELECT stage, count(*) FROM deals GROUP BY stage").fetchall()
    )
    assert by_stage == expected
    assert usd_store.scalar("SELECT count(*) FROM deals WHERE source = 'salesforce'") == sum(
        expected.values()
    )
    # Account ids were turned into names by the account file of the same run.
    assert usd_store.scalar("SELECT count(*) FROM deals WHERE account LIKE '001%'") == 0
    # The history file replaced the rows derived from the opportunity file.
    assert (
        usd_store.scalar("SELECT count(*) FROM stage_changes")
        == plan.files[2].counts["stage_changes"]
    )
    again = run(usd_store, ADMIN, paths, tmp_path, create_users=True)
    assert again.files[1].counts["unchanged"] == sum(expected.values())
    assert again.files[2].counts["history_deals"] == 0


def test_salesforce_excel_dates_are_month_first_with_two_digit_years(
    usd_store: Store, tmp_path: Path
) -> None:
    folder = shared_data() / "salesforce-sample-excel"
    plan = run(usd_store, ADMIN, [folder / "Opportunity.csv"], tmp_path)
    assert "CloseDate: month/day/year" in plan.files[0].decisions
    deal = deals(usd_store)["006bm00000LKJNPAA5"]
    assert (deal["stage"], deal["expected_close"], deal["closed_on"], deal["owner"]) == (
        "won",
        "2024-02-03",
        "2024-02-03",
        "ada",
    )
    assert deal["created_on"] == "2026-02-23"


def test_maven_variant_without_companions_says_which_file_is_missing(
    usd_store: Store, tmp_path: Path
) -> None:
    variant = shared_data() / "maven-crm" / "variants" / "excel_resaved_mdy"
    plan = prepare_import(
        usd_store,
        ADMIN,
        [variant / "sales_pipeline.csv"],
        ImportOptions(mapping=load_mapping(MAVEN_MAPPING), work_dir=tmp_path),
    )
    assert plan.notes == [
        "sales_teams.csv (teams, named in the mapping) is not next to the imported files and "
        "was not given: add it to the command line.",
        "accounts.csv (accounts, named in the mapping) is not next to the imported files and "
        "was not given: add it to the command line.",
    ]
    assert [f.kind.value for f in plan.files] == ["deals"]


def test_salesforce_owner_ids_are_named_by_a_user_export(tmp_path: Path) -> None:
    from conftest import make_team_store
    from importhelp import FIXTURES

    store = make_team_store(tmp_path / "team.db")
    folder = shared_data() / "salesforce-sample-api"
    rates = tmp_path / "usd.toml"
    rates.write_text("[rates]\nUSD = 0.9\n", encoding="utf-8")
    plan = run(
        store,
        ADMIN,
        [folder / "opportunity.csv", FIXTURES / "salesforce-users.csv"],
        tmp_path,
        mapping=load_mapping(rates),
    )
    assert [f.kind.value for f in plan.files] == ["users", "deals"]
    assert plan.owners.new_users == []
    assert {d["owner"] for d in deals(store).values()} == {"sam"}
