"""What imports record of when values became known: nothing
invented — an unknown creation day or amount stays unknown — and re-imports keep history."""

from datetime import date
from pathlib import Path

from conftest import ADMIN, MANAGER
from importhelp import FIXTURES, deals, history, run, write_csv
from pilot_tui.core.importers.mapping import load_mapping
from pilot_tui.core.importers.run import ImportPlan
from pilot_tui.core.metrics import compute_snapshot, frames_for
from pilot_tui.core.metrics.frames import day_number
from pilot_tui.core.metrics.state import known_on
from pilot_tui.core.store import Store

AT_CLOSE = 'source = "crm"\namount_known = "at-close"\n'
CLOSING_VALUES = (
    "Id,Owner,Stage,Created,Close date,Close value\n"
    "W-1,sam,Won,2026-09-01,2026-10-15,1200\n"
    "L-1,sam,Lost,2026-09-01,2026-10-20,0\n"
    "O-1,sam,Proposal,2026-09-05,,\n"
)


def field_changes(store: Store) -> list[dict[str, object]]:
    return store.rows(
        "SELECT d.external_id, c.field, c.old, c.new, c.at, c.by FROM field_changes c "
        "JOIN deals d ON d.id = c.deal_id ORDER BY c.id"
    )


def import_twice(store: Store, tmp_path: Path, text: str, edit: tuple[str, str]) -> ImportPlan:
    """Import ``text``, then a later export where ``edit[0]`` reads ``edit[1]``; the second
    run's plan."""
    run(store, MANAGER, [write_csv(tmp_path, text)], tmp_path)
    later = write_csv(tmp_path, text.replace(*edit), "later.csv")
    return run(store, MANAGER, [later], tmp_path)


def test_a_closing_value_is_known_from_the_close_day_and_unknown_before(
    team_store: Store, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(AT_CLOSE + '[columns]\namount = "Close value"\n', encoding="utf-8")
    csv = write_csv(tmp_path, CLOSING_VALUES)
    plan = run(team_store, ADMIN, [csv], tmp_path, mapping=load_mapping(mapping))
    assert any(note.startswith("Amounts are closing values") for note in plan.files[0].notes)
    got = deals(team_store)
    assert got["W-1"]["amount_minor"] == 1200_00 and got["O-1"]["amount_minor"] is None
    assert field_changes(team_store) == [
        {
            "external_id": "W-1",
            "field": "amount_minor",
            "old": None,
            "new": 1200_00,
            "at": "2026-10-15T00:00:00Z",
            "by": "import:crm",
        }
    ]
    frames = frames_for(team_store)
    on = compute_snapshot(team_store, "team", "2026-10", date(2026, 10, 14))
    assert on.kpi("avg_won_size").n == 0
    assert on.kpi("pipeline_value").details["amount_unknown"] == 3  # W-1 still open then
    assert frames.deals["amount"].isna().sum() == 2
    after = compute_snapshot(team_store, "team", "2026-10", date(2026, 10, 31))
    assert after.kpi("avg_won_size").value == 1200_00


def test_a_lost_deals_0_is_an_unknown_amount(team_store: Store, tmp_path: Path) -> None:
    plan = run(team_store, MANAGER, [write_csv(tmp_path, CLOSING_VALUES)], tmp_path)
    assert deals(team_store)["L-1"]["amount_minor"] is None
    notes = plan.files[0].notes
    assert "1 lost deals have an amount of 0: stored as unknown, not as 0." in notes
    assert "Amount unknown for 2 deals: figures that sum amounts say so." in notes
    assert field_changes(team_store) == []  # without "at-close", known from creation


def test_a_deal_without_any_date_keeps_an_unknown_creation_day(
    team_store: Store, tmp_path: Path
) -> None:
    text = "Id,Owner,Stage,Close date\nP-1,sam,Prospecting,\nW-1,sam,Won,2026-10-01\n"
    plan = run(team_store, MANAGER, [write_csv(tmp_path, text)], tmp_path)
    assert (
        "1 deals have no creation date: kept, left out of time-based figures "
        "(new deals per week, cycle length)."
    ) in plan.files[0].notes
    prospect = deals(team_store)["P-1"]
    assert (prospect["created_on"], prospect["created_known"]) == ("2026-10-01", 0)
    assert history(team_store, "P-1") == []  # no stage entry dated by a stand-in day
    row = frames_for(team_store).deals.set_index("id").loc[prospect["id"]]
    assert row.isna()["created"] and row["recorded"] == day_number(date(2026, 10, 1))
    snapshot = compute_snapshot(team_store, "team", "2026-10", date(2026, 10, 31))
    assert snapshot.kpi("new_opps_per_week").n == 1  # W-1 only
    assert snapshot.kpi("pipeline_value").n == 1  # P-1 exists, open


def test_a_later_export_that_dates_the_deal_makes_its_creation_known(
    team_store: Store, tmp_path: Path
) -> None:
    first = "Id,Owner,Stage,Created\nP-1,sam,Prospecting,\nW-1,sam,Won,2026-10-01\n"
    import_twice(
        team_store, tmp_path, first, ("P-1,sam,Prospecting,", "P-1,sam,Prospecting,2026-09-20")
    )
    prospect = deals(team_store)["P-1"]
    assert (prospect["created_on"], prospect["created_known"]) == ("2026-09-20", 1)


def test_a_reimport_that_changes_amount_and_owner_records_both(
    team_store: Store, tmp_path: Path
) -> None:
    text = "Id,Owner,Stage,Created,Amount\nA-1,sam,Proposal,2026-09-01,1000\n"
    plan = import_twice(
        team_store, tmp_path, text, ("sam,Proposal,2026-09-01,1000", "ria,Proposal,2026-09-01,1500")
    )
    assert plan.files[0].counts["field_changes"] == 2
    now = "2026-11-18T09:30:00+00:00"
    assert field_changes(team_store) == [
        {"external_id": "A-1", "field": "amount_minor", "old": 1000_00, "new": 1500_00,
         "at": now, "by": "mia"},
        {"external_id": "A-1", "field": "owner", "old": "sam", "new": "ria", "at": now,
         "by": "mia"},
    ]  # fmt: skip
    yesterday = compute_snapshot(team_store, "rep:sam", "2026-11", date(2026, 11, 17))
    assert yesterday.kpi("pipeline_value").value == 1000_00
    assert (
        compute_snapshot(team_store, "rep:ria", "2026-11", date(2026, 11, 18))
        .kpi("pipeline_value")
        .value
        == 1500_00
    )


def test_hubspot_date_entered_columns_give_each_day_its_stage(
    team_store: Store, tmp_path: Path
) -> None:
    run(team_store, MANAGER, [FIXTURES / "hubspot-deals.csv"], tmp_path)
    deal = deals(team_store)["15023886001"]["id"]
    frames = frames_for(team_store)
    keys = frames.stages.keys

    def stage_on(day: date) -> str:
        state = known_on(frames, day_number(day)).deals
        return keys[int(state.loc[state["id"] == deal, "stage"].iloc[0])]

    assert stage_on(date(2026, 9, 5)) == "prospecting"
    assert stage_on(date(2026, 9, 15)) == "qualification"
    assert stage_on(date(2026, 10, 15)) == "discovery"
    assert stage_on(date(2026, 10, 30)) == "won"
    assert deal not in set(known_on(frames, day_number(date(2026, 8, 31))).deals["id"])
