"""The store's query modules that no feature test reaches on its own, and the rule that SQL
runs only inside ``pilot_tui.core.store``."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import ADMIN, MANAGER, REP_SAM
from deal_builder import build
from pilot_tui.core.actions import ActionLinks, create_action
from pilot_tui.core.coaching import add_coaching_note
from pilot_tui.core.store import Store
from pilot_tui.core.store.activities import actions_of_run, get_activity
from pilot_tui.core.store.coaching import count_notes_between, get_note, notes_about
from pilot_tui.core.store.deals import NAMES_PER_QUERY, deal_names
from pilot_tui.core.store.exports import export_columns, export_rows
from pilot_tui.core.store.frames_sql import ALL, Rows
from pilot_tui.core.store.kpi_selection import selected_kpis
from pilot_tui.core.store.users import (
    active_logins,
    active_role,
    deactivate_user,
    user_exists,
    user_name,
    user_team,
)

SOURCE = Path(__file__).resolve().parent.parent / "src" / "pilot_tui"
STORE = SOURCE / "core" / "store"
SQL_CALL = re.compile(
    r"\.(execute|executemany|executescript|rows|scalar)\(|\bconn\.|sqlite3\.connect\("
)
"""Running SQL: a cursor or connection call, the Store's read helpers, a raw connection."""


def test_no_module_outside_the_store_runs_sql() -> None:
    offenders = sorted(
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if STORE not in path.parents and SQL_CALL.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []


def test_the_sql_check_would_see_each_way_of_running_sql() -> None:
    for line in (
        'store.rows("SELECT 1")',
        'store.scalar("SELECT 1")',
        'store.conn.execute("SELECT 1")',
        'writer.conn.executemany("INSERT", rows)',
        "connection.executescript(script)",
        "sqlite3.connect(uri)",
    ):
        assert SQL_CALL.search(line), line
    assert not SQL_CALL.search("list_rows(store) and scalar_value + reconnect()")


def test_frame_row_filters() -> None:
    assert ALL.where() == ("", ())
    assert Rows.with_ids([3, 5]).where() == ("WHERE id IN (?, ?)", (3, 5))
    assert Rows.of_deals([7]).where() == ("WHERE deal_id IN (?)", (7,))
    assert Rows(after_id=9).where() == ("WHERE id > ?", (9,))


def test_users_by_login(team_store: Store) -> None:
    deactivate_user(team_store, ADMIN, "ria")
    assert user_exists(team_store, "ria") and not user_exists(team_store, "nobody")
    assert active_logins(team_store) == {"ada", "mia", "sam"}
    assert active_role(team_store, "sam") == "rep"
    assert active_role(team_store, "ria") is None  # inactive
    assert active_role(team_store, None) is None
    assert user_name(team_store, "mia") == "Mia Manager" and user_name(team_store, "x") is None
    assert user_team(team_store, "sam") == "north" and user_team(team_store, None) is None


def test_deal_names_in_several_queries_leave_unknown_ids_out(team_store: Store) -> None:
    ids = build(team_store, *([[("prospecting", "2026-11-02")]] * (NAMES_PER_QUERY + 2)))
    names = deal_names(team_store, [*ids, 999_999])
    assert sorted(names) == ids
    assert names[ids[-1]] == "deal [('prospecting', '2026-11-02')]"
    assert deal_names(team_store, []) == {}


def test_activities_by_id_and_by_run(team_store: Store) -> None:
    loose = create_action(team_store, MANAGER, title="loose", owner="sam", due=None)
    assert get_activity(team_store, loose.id) == loose
    assert get_activity(team_store, 999) is None
    assert actions_of_run(team_store, 1) == []


def test_coaching_notes_by_rep_and_between_two_instants(team_store: Store) -> None:
    first = add_coaching_note(team_store, MANAGER, "sam", "Ask for the budget earlier.")
    add_coaching_note(team_store, MANAGER, "ria", "Good discovery calls.")
    assert [n.id for n in notes_about(team_store, "sam")] == [first.id]
    assert get_note(team_store, first.id) == first and get_note(team_store, 999) is None
    at = first.at
    assert count_notes_between(team_store, "sam", at, at) == 1
    assert count_notes_between(team_store, "sam", "2000", at[:10]) == 0  # a day sorts first
    assert count_notes_between(team_store, "ria", "2000", "9999") == 1


def test_an_unsaved_kpi_selection_is_empty(team_store: Store) -> None:
    assert selected_kpis(team_store, "north") == []


def test_exports_read_every_column_even_without_rows(team_store: Store) -> None:
    assert export_rows(team_store, MANAGER, "deals") == []
    columns = export_columns(team_store, "stage-changes")
    assert columns[:4] == ["id", "deal_id", "source", "external_id"]
    create_action(
        team_store,
        REP_SAM,
        title="Send the offer",
        owner="sam",
        due=date(2026, 11, 20),
        links=ActionLinks(),
    )
    (row,) = export_rows(team_store, MANAGER, "activities")
    assert row["title"] == "Send the offer" and list(row) == export_columns(
        team_store, "activities"
    )


def test_the_launch_state_reader_loads_nothing_heavy() -> None:
    """The remembered launch reads the database before the first frame: no pydantic, pandas,
    sqlite-utils or Textual, and not the rest of the store."""
    code = (
        "import sys; import pilot_tui.launch_cache; "
        "print(sorted(m for m in ('pydantic', 'pandas', 'numpy', 'sqlite_utils', 'textual', "
        "'pilot_tui.core.store.store', 'pilot_tui.core.models') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
