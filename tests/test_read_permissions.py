"""Reads follow one rule (``readable_filter``) in every path (issue 14, findings 2 and 8)."""

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import MANAGER, REP_RIA, REP_SAM, Pilot
from pilot_tui.core.actions import ActionLinks, create_action, list_actions
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.exporting import export_rows, neutralise_formula
from pilot_tui.core.kpi_selection import set_kpi_selection
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import create_deal, deal_history
from pilot_tui.core.store.permissions import readable_filter


def _deal(store: Store, owner: str) -> int:
    return create_deal(
        store,
        MANAGER,
        {"name": f"{owner}'s deal", "owner": owner, "stage": "proposal", "currency": "EUR"},
    )


def test_readable_filter_is_the_rule() -> None:
    assert readable_filter(MANAGER, "activities") == ("1", ())
    assert readable_filter(REP_SAM, "activities", "a.") == ("a.owner = ?", ("sam",))
    assert readable_filter(REP_SAM, "audit") == ("0", ())
    assert readable_filter(REP_SAM, "deals") == ("1", ())


def test_a_rep_exports_only_their_own_activities(team_store: Store, pilot: Pilot) -> None:
    create_action(team_store, MANAGER, title="Ria's 1:1 action", owner="ria", due=None)
    create_action(team_store, MANAGER, title="Sam's action", owner="sam", due=None)
    assert [r["title"] for r in export_rows(team_store, REP_SAM, "activities")] == ["Sam's action"]
    code, out, _ = pilot("sam", "export", "activities")
    assert code == 0
    assert [r["owner"] for r in csv.DictReader(io.StringIO(out))] == ["sam"]
    code, out, _ = pilot("sam", "export", "activities", "--format", "json")
    assert [r["owner"] for r in json.loads(out)] == ["sam"]
    code, out, _ = pilot("mia", "export", "activities", "--format", "json")
    assert sorted(r["owner"] for r in json.loads(out)) == ["ria", "sam"]
    # The same rule refuses the same read through `pilot actions`.
    code, _, err = pilot("sam", "actions", "--owner", "ria")
    assert code == 1 and "only see their own actions, not ria's" in err


def test_a_deals_activities_are_those_the_reader_may_read(team_store: Store) -> None:
    deal = _deal(team_store, "ria")
    create_action(
        team_store, MANAGER, title="Ria calls", owner="ria", due=None, links=ActionLinks(deal)
    )
    assert [a.title for a in deal_history(team_store, REP_RIA, deal).activities] == ["Ria calls"]
    assert deal_history(team_store, REP_SAM, deal).activities == []
    assert list_actions(team_store, REP_SAM) == []


def test_a_rep_cannot_attach_an_action_to_another_reps_deal(team_store: Store) -> None:
    deal = _deal(team_store, "ria")
    audit_before = team_store.scalar("SELECT count(*) FROM audit")
    with pytest.raises(PermissionDeniedError, match="deal .* belongs to ria"):
        create_action(
            team_store, REP_SAM, title="Steal it", owner="sam", due=None, links=ActionLinks(deal)
        )
    assert team_store.scalar("SELECT count(*) FROM audit") == audit_before
    own = _deal(team_store, "sam")
    action = create_action(
        team_store, REP_SAM, title="Mine", owner="sam", due=None, links=ActionLinks(own)
    )
    assert action.deal_id == own


def test_kpi_selection_refuses_a_team_nobody_is_in(team_store: Store, pilot: Pilot) -> None:
    with pytest.raises(ValidationError, match="There is no team 'nowhere'; the teams are: "):
        set_kpi_selection(team_store, MANAGER, "nowhere", ["win_rate"])
    assert team_store.scalar("SELECT count(*) FROM kpi_selection WHERE team = 'nowhere'") == 0
    code, _, err = pilot("mia", "kpi-selection", "set", "win_rate", "--team", "ANYTHING")
    assert code == 1 and "There is no team 'ANYTHING'" in err
    assert set_kpi_selection(team_store, MANAGER, "north", ["win_rate"]).kpis


def test_csv_export_neutralises_formula_cells_unless_raw(
    team_store: Store, pilot: Pilot, tmp_path: Path
) -> None:
    titles = ['=HYPERLINK("http://e")', "+1+2", "-3", "@SUM(A1)", "ok = fine"]
    for title in titles:
        create_action(team_store, MANAGER, title=title, owner="sam", due=None)
    code, out, _ = pilot("mia", "export", "activities")
    shown = [r["title"] for r in csv.DictReader(io.StringIO(out))]
    assert shown == ["'" + t for t in titles[:-1]] + ["ok = fine"]
    raw_file = tmp_path / "raw.csv"
    code, out, _ = pilot("mia", "export", "activities", "--raw-formulas", "--out", str(raw_file))
    with raw_file.open(encoding="utf-8", newline="") as raw:
        assert [r["title"] for r in csv.DictReader(raw)] == titles
    assert [neutralise_formula(v) for v in ("\tx", "\rx", -3, 4.5, None)] == [
        "'\tx",
        "'\rx",
        -3,
        4.5,
        None,
    ]
    # JSON is exact.
    code, out, _ = pilot("mia", "export", "activities", "--format", "json")
    assert [r["title"] for r in json.loads(out)] == titles
