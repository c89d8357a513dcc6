"""Import runs on small hand-made files: upsert, history, all-or-nothing, mappings, rights."""

import csv
from pathlib import Path

import pytest

from conftest import ADMIN, MANAGER, REP_SAM
from importhelp import FIXTURES, deals, history, run, write_csv
from pilot_tui.core.errors import ConflictError, PermissionDeniedError, ValidationError
from pilot_tui.core.importers.mapping import load_mapping
from pilot_tui.core.importers.run import (
    BadRowsError,
    ImportOptions,
    MappingNeededError,
    apply_import,
    prepare_import,
)
from pilot_tui.core.models import Access
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import update_deal
from pilot_tui.core.store.users import get_user, reactivate_user

GENERIC = (
    "Id;Name;Owner;Stage;Amount;Created;Close date\n"
    "A-1;Alpha;sam;Proposal;1.234,50 €;03/02/2026;15/12/2026\n"
    "A-2;Beta;Ria Rep;Won;500;04/02/2026;20/10/2026\n"
)


def _audit_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM audit"))


def test_generic_csv_imports_with_decimal_comma_and_day_first_dates(
    team_store: Store, tmp_path: Path
) -> None:
    plan = run(team_store, MANAGER, [write_csv(tmp_path, GENERIC)], tmp_path)
    got = deals(team_store)
    assert got["A-1"]["amount_minor"] == 123450
    assert got["A-1"]["currency"] == "EUR"
    assert got["A-1"]["created_on"] == "2026-02-03"
    assert got["A-1"]["expected_close"] == "2026-12-15"
    assert got["A-1"]["closed_on"] is None
    assert got["A-2"]["owner"] == "ria"  # matched by the user's name
    assert got["A-2"]["stage"] == "won" and got["A-2"]["closed_on"] == "2026-10-20"
    assert plan.files[0].counts["added"] == 2
    decisions = plan.files[0].decisions
    assert any(d.startswith("Created: day/month/year (every value also fits") for d in decisions)
    assert "Close date: day/month/year" in decisions
    assert "Amount: decimal comma" in decisions


def test_reimporting_the_same_file_changes_nothing(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, GENERIC)
    run(team_store, MANAGER, [path], tmp_path)
    before = (
        deals(team_store),
        _audit_count(team_store),
        team_store.scalar("SELECT count(*) FROM stage_changes"),
    )
    plan = run(team_store, MANAGER, [path], tmp_path)
    assert plan.files[0].counts["unchanged"] == 2
    assert (
        deals(team_store),
        _audit_count(team_store),
        team_store.scalar("SELECT count(*) FROM stage_changes"),
    ) == before


def test_a_stage_changed_since_the_last_import_is_recorded(
    team_store: Store, tmp_path: Path
) -> None:
    run(team_store, MANAGER, [write_csv(tmp_path, GENERIC)], tmp_path)
    moved = GENERIC.replace("A-1;Alpha;sam;Proposal", "A-1;Alpha;sam;Negotiation").replace(
        "15/12/2026", "31/12/2026"
    )
    plan = run(team_store, MANAGER, [write_csv(tmp_path, moved, "later.csv")], tmp_path)
    assert plan.files[0].counts["updated"] == 1
    deal = deals(team_store)["A-1"]
    assert (deal["stage"], deal["version"]) == ("negotiation", 2)
    assert history(team_store, "A-1")[-1] == (
        "proposal",
        "negotiation",
        "2026-11-18T09:30:00+00:00",
    )
    pushes = team_store.rows("SELECT old, new FROM close_date_changes")
    assert pushes == [{"old": "2026-12-15", "new": "2026-12-31"}]


def test_a_bad_row_refuses_the_whole_file_and_names_file_line_column(
    team_store: Store, tmp_path: Path
) -> None:
    bad = GENERIC + "A-3;Gamma;sam;Proposal;lots;05/02/2026;01/12/2026\n"
    with pytest.raises(BadRowsError, match="1 row cannot be read, so nothing was imported") as e:
        prepare_import(
            team_store, MANAGER, [write_csv(tmp_path, bad)], ImportOptions(work_dir=tmp_path)
        )
    assert [row.describe() for row in e.value.bad] == [
        "deals.csv:4 [Amount]: 'lots' is not a number."
    ]
    assert deals(team_store) == {}


def test_skip_bad_imports_the_rest_and_writes_the_bad_rows_report(
    team_store: Store, tmp_path: Path
) -> None:
    bad = GENERIC + "A-3;Gamma;sam;Proposal;12;someday;01/12/2026\n"
    plan = run(team_store, MANAGER, [write_csv(tmp_path, bad)], tmp_path, skip_bad=True)
    assert sorted(deals(team_store)) == ["A-1", "A-2"]
    assert plan.bad_report == tmp_path / "deals.bad-rows.csv"
    rows = list(csv.reader(plan.bad_report.open(encoding="utf-8")))
    assert rows[1][:4] == ["deals.csv", "4", "Created", "'someday' is not a date (day/month/year)."]
    assert rows[1][4:] == ["A-3", "Gamma", "sam", "Proposal", "12", "someday", "01/12/2026"]


def test_dry_run_plans_without_writing(team_store: Store, tmp_path: Path) -> None:
    audit = _audit_count(team_store)
    plan = prepare_import(
        team_store, MANAGER, [write_csv(tmp_path, GENERIC)], ImportOptions(work_dir=tmp_path)
    )
    assert plan.files[0].counts["added"] == 2
    assert deals(team_store) == {} and _audit_count(team_store) == audit


def test_unknown_shape_is_one_sentence(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "colour,size\nred,3\n", "things.csv")
    with pytest.raises(
        ValidationError,
        match=r"^things.csv is of an unknown shape: none of its "
        r"columns \(colour, size\) names a deal id",
    ):
        prepare_import(team_store, MANAGER, [path], ImportOptions(work_dir=tmp_path))


def test_an_unmapped_stage_writes_a_proposed_mapping_and_stops(
    team_store: Store, tmp_path: Path
) -> None:
    text = (
        GENERIC.replace("A-1;Alpha;sam;Proposal", "A-1;Alpha;sam;Tasting")
        + "A-3;Gamma;Zoe Unknown;Tasting;1;05/02/2026;01/12/2026\n"
    )
    path = write_csv(tmp_path, text)
    with pytest.raises(
        MappingNeededError,
        match="no mapping for 1 stage \\(Tasting\\) and 1 owner \\(Zoe Unknown\\)",
    ) as e:
        prepare_import(team_store, MANAGER, [path], ImportOptions(work_dir=tmp_path))
    proposal = e.value.proposal.read_text(encoding="utf-8")
    assert '"Tasting" = ""  # missing' in proposal
    assert '"Zoe Unknown" = ""  # unknown' in proposal
    assert deals(team_store) == {}
    filled = proposal.replace('"Tasting" = ""', '"Tasting" = "discovery"').replace(
        '"Zoe Unknown" = ""', '"Zoe Unknown" = "sam"'
    )
    (tmp_path / "filled.toml").write_text(filled, encoding="utf-8")
    run(team_store, MANAGER, [path], tmp_path, mapping=load_mapping(tmp_path / "filled.toml"))
    assert {d["stage"] for d in deals(team_store).values()} == {"discovery", "won"}
    assert deals(team_store)["A-3"]["owner"] == "sam"


def test_a_rep_cannot_import(team_store: Store, tmp_path: Path) -> None:
    with pytest.raises(
        PermissionDeniedError, match="needs the manager or admin role; sam is a rep"
    ):
        prepare_import(team_store, REP_SAM, [write_csv(tmp_path, GENERIC)], ImportOptions())


def test_creating_users_needs_an_admin(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, GENERIC.replace("Ria Rep", "Élodie Dürand"))
    with pytest.raises(PermissionDeniedError, match="needs an admin and mia is a manager: ask ada"):
        prepare_import(team_store, MANAGER, [path], ImportOptions(create_users=True))
    run(team_store, ADMIN, [path], tmp_path, create_users=True)
    user = team_store.rows("SELECT * FROM users WHERE login = 'elodie.durand'")[0]
    assert (user["name"], user["role"], user["active"]) == ("Élodie Dürand", "rep", 0)
    assert deals(team_store)["A-2"]["owner"] == "elodie.durand"
    # Shown as waiting for a login, not as deactivated, until an admin lets her in.
    created = get_user(team_store, "elodie.durand")
    assert created is not None and created.access is Access.NO_LOGIN_YET
    assert reactivate_user(team_store, ADMIN, "elodie.durand").access is Access.ACTIVE


def test_hubspot_export_with_date_entered_columns(team_store: Store, tmp_path: Path) -> None:
    plan = run(team_store, MANAGER, [FIXTURES / "hubspot-deals.csv"], tmp_path)
    assert plan.files[0].preset == "hubspot"
    got = deals(team_store)
    assert got["15023886001"]["source"] == "hubspot"
    assert [got[k]["stage"] for k in sorted(got)] == ["won", "discovery", "lost"]
    assert got["15023886002"]["amount_minor"] == 480050
    assert got["15023886002"]["expected_close"] == "2026-12-15"
    assert got["15023886001"]["closed_on"] == "2026-10-30"
    assert history(team_store, "15023886001") == [
        (None, "prospecting", "2026-09-01T09:12:00Z"),
        ("prospecting", "qualification", "2026-09-10T11:00:00Z"),
        ("qualification", "discovery", "2026-10-02T15:30:00Z"),
        ("discovery", "won", "2026-10-30T16:00:00Z"),
    ]
    assert history(team_store, "15023886003") == [
        (None, "prospecting", "2026-10-12T13:37:00Z"),
        ("prospecting", "lost", "2026-11-02T12:00:00Z"),
    ]


def test_pipedrive_export_status_decides_won_or_lost(team_store: Store, tmp_path: Path) -> None:
    plan = run(team_store, MANAGER, [FIXTURES / "pipedrive-deals.csv"], tmp_path)
    assert plan.files[0].preset == "pipedrive"
    assert plan.files[0].counts["deleted"] == 1
    got = deals(team_store)
    assert sorted(got) == ["101", "102", "103"]
    assert (got["101"]["stage"], got["101"]["closed_on"]) == ("won", "2026-10-01")
    assert (got["102"]["stage"], got["102"]["probability"]) == ("negotiation", 0.6)
    assert (got["103"]["stage"], got["103"]["lost_reason"]) == ("lost", "competitor")
    assert got["103"]["closed_on"] == "2026-08-15"
    assert got["102"]["account"] == "Stark Industries"
    assert got["101"]["created_on"] == "2026-08-03"
    # Pipedrive tells when a deal entered its current stage, not the stages before.
    assert history(team_store, "102") == [(None, "negotiation", "2026-10-20T11:00:00Z")]
    assert history(team_store, "103") == [(None, "lost", "2026-08-15T12:00:00Z")]


def test_amounts_in_another_currency_need_a_rate(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Id,Name,Owner,Stage,Amount\n1,A,sam,won,100\n")
    usd = tmp_path / "usd.toml"
    usd.write_text('currency = "USD"\n', encoding="utf-8")
    with pytest.raises(
        ValidationError,
        match=r"^The mapping says amounts are in USD but this "
        r"database reports in EUR: add \[rates\] USD",
    ):
        prepare_import(team_store, MANAGER, [path], ImportOptions(mapping=load_mapping(usd)))
    usd.write_text('currency = "USD"\n[rates]\nUSD = 0.9\n', encoding="utf-8")
    run(team_store, MANAGER, [path], tmp_path, mapping=load_mapping(usd))
    assert deals(team_store)["1"]["amount_minor"] == 9000


def test_a_symbol_in_the_amount_names_its_currency(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Id,Name,Owner,Stage,Amount\n1,A,sam,won,$100\n")
    with pytest.raises(BadRowsError) as e:
        prepare_import(team_store, MANAGER, [path], ImportOptions(work_dir=tmp_path))
    assert "the amount is in USD, the database reports in EUR" in e.value.bad[0].reason


def test_salesforce_report_export_with_labels_totals_and_footer(
    team_store: Store, tmp_path: Path
) -> None:
    plan = run(team_store, MANAGER, [FIXTURES / "salesforce-report.csv"], tmp_path)
    assert plan.files[0].preset == "salesforce"
    assert plan.files[0].table.footer_rows == 5
    got = deals(team_store)
    acme = got["0065g00000AbCdEAAZ"]
    assert (acme["owner"], acme["stage"], acme["amount_minor"], acme["probability"]) == (
        "sam",
        "negotiation",
        1_250_000,
        0.9,
    )
    assert (acme["expected_close"], acme["created_on"], acme["next_step"]) == (
        "2026-12-18",
        "2026-10-04",
        "Send the contract",
    )
    assert got["0065g00000AbCdFAAZ"]["stage"] == "won"
    assert got["0065g00000AbCdFAAZ"]["closed_on"] == "2026-11-02"
    assert got["0065g00000AbCdGAAZ"]["stage"] == "proposal"


def test_a_deal_file_without_an_id_column_is_refused_in_one_sentence(
    team_store: Store, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "Opportunity Name,Stage,Amount\nA,Closed Won,1\n", "report.csv")
    with pytest.raises(
        ValidationError,
        match=r"^report.csv has no column holding an id of each "
        r"deal .*Salesforce: Opportunity ID",
    ):
        prepare_import(team_store, MANAGER, [path], ImportOptions())


def test_a_stage_change_takes_the_moment_the_file_gives(team_store: Store, tmp_path: Path) -> None:
    run(team_store, MANAGER, [FIXTURES / "hubspot-deals.csv"], tmp_path)
    text = (FIXTURES / "hubspot-deals.csv").read_text(encoding="utf-8")
    won = text.replace(
        '"Presentation Scheduled","Sales Pipeline","4800.50","2026-12-15 00:00"',
        '"Closed Won","Sales Pipeline","4800.50","2026-11-12 00:00"',
    ).replace('"2026-11-03 14:00","",""', '"2026-11-03 14:00","2026-11-12 10:05",""')
    plan = run(team_store, MANAGER, [write_csv(tmp_path, won, "hubspot-later.csv")], tmp_path)
    assert (plan.files[0].counts["updated"], plan.files[0].counts["unchanged"]) == (1, 2)
    assert history(team_store, "15023886002")[-1] == ("discovery", "won", "2026-11-12T10:05:00Z")
    assert deals(team_store)["15023886002"]["closed_on"] == "2026-11-12"


def test_a_negative_amount_is_a_bad_row(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Id,Name,Owner,Stage,Amount\n1,A,sam,won,(250.00)\n")
    with pytest.raises(BadRowsError) as e:
        prepare_import(team_store, MANAGER, [path], ImportOptions(work_dir=tmp_path))
    assert e.value.bad[0].reason == "-250.00 is negative; a deal amount cannot be."


def test_forecast_categories_become_pilot_ones(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "Id,Name,Owner,Stage,ForecastCategoryName\n"
        "1,A,sam,Proposal,Best Case\n2,B,sam,won,Closed\n"
        "3,C,sam,Proposal,Omitted\n",
    )
    run(team_store, MANAGER, [path], tmp_path)
    assert [d["forecast_category"] for d in deals(team_store).values()] == [
        "best_case",
        None,
        "omitted",
    ]


def test_a_proposal_never_overwrites_the_given_mapping(team_store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path, GENERIC.replace("Proposal", "Tasting"))
    mine = tmp_path / "deals.mapping.toml"
    mine.write_text('source = "mine"\n', encoding="utf-8")
    with pytest.raises(MappingNeededError) as e:
        prepare_import(
            team_store,
            MANAGER,
            [path],
            ImportOptions(mapping=load_mapping(mine), work_dir=tmp_path),
        )
    assert e.value.proposal == tmp_path / "deals.mapping.proposed.toml"
    assert mine.read_text(encoding="utf-8") == 'source = "mine"\n'
    assert 'source = "mine"' in e.value.proposal.read_text(encoding="utf-8")


def test_a_deal_edited_between_plan_and_apply_stops_the_run(
    team_store: Store, tmp_path: Path
) -> None:
    run(team_store, MANAGER, [write_csv(tmp_path, GENERIC)], tmp_path)
    moved = write_csv(tmp_path, GENERIC.replace("sam;Proposal", "sam;Negotiation"), "b.csv")
    plan = prepare_import(team_store, MANAGER, [moved], ImportOptions(work_dir=tmp_path))
    deal = deals(team_store)["A-1"]
    update_deal(
        team_store, REP_SAM, deal["id"], {"next_step": "Call"}, expected_version=deal["version"]
    )
    with pytest.raises(
        ConflictError,
        match=r"^Someone \(sam\) changed a deal of b.csv while it "
        r"was being imported, so nothing was imported; run the import again\.$",
    ):
        apply_import(team_store, MANAGER, plan)
    assert deals(team_store)["A-1"]["stage"] == "proposal"


def test_french_excel_export_cp1252_semicolons_decimal_commas_day_first(
    team_store: Store, tmp_path: Path
) -> None:
    text = (
        "Référence;Affaire;Propriétaire;Étape;Montant;Date de création;Date de clôture\r\n"
        "F-01;Renouvellement Dupont;Sam Seller;Négociation;12 500,00 €;02/09/2026;15/12/2026\r\n"
        "F-02;Extension Durand;Ria Rep;Gagnée;3 200,50 €;05/09/2026;03/11/2026\r\n"
        ";;;;;;\r\n"
    )
    plan = run(team_store, MANAGER, [write_csv(tmp_path, text, encoding="cp1252")], tmp_path)
    assert (plan.files[0].table.encoding, plan.files[0].table.delimiter) == ("cp1252", ";")
    got = deals(team_store)
    assert (got["F-01"]["name"], got["F-01"]["owner"], got["F-01"]["stage"]) == (
        "Renouvellement Dupont",
        "sam",
        "negotiation",
    )
    assert (got["F-01"]["amount_minor"], got["F-01"]["created_on"]) == (1_250_000, "2026-09-02")
    assert (got["F-02"]["stage"], got["F-02"]["closed_on"], got["F-02"]["amount_minor"]) == (
        "won",
        "2026-11-03",
        320_050,
    )


def test_a_stand_in_creation_day_is_not_moved_by_a_later_export(
    team_store: Store, tmp_path: Path
) -> None:
    first = "Id,Owner,Stage,Close date\nP-1,sam,Prospecting,\nW-1,sam,Won,2026-10-01\n"
    run(team_store, MANAGER, [write_csv(tmp_path, first)], tmp_path)
    assert deals(team_store)["P-1"]["created_on"] == "2026-10-01"  # the file's latest day
    later = first + "W-2,sam,Won,2026-11-05\n"
    plan = run(team_store, MANAGER, [write_csv(tmp_path, later, "later.csv")], tmp_path)
    assert (plan.files[0].counts["added"], plan.files[0].counts["unchanged"]) == (1, 2)
    assert deals(team_store)["P-1"]["created_on"] == "2026-10-01"
