"""The demo database: deterministic, the right size and shape, and a coherent history."""

import hashlib
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from statistics import median

import pytest

from demo_tables import day, instant, query
from pilot_tui.core.demo import DEFAULT_SEED, DemoSpec, build_demo, read_demo_info, rows
from pilot_tui.core.errors import DatabaseError
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)
STAGE_ORDER = ["prospecting", "qualification", "discovery", "proposal", "negotiation", "won"]
HASHED = {
    "deals": "id",
    "stage_changes": "id",
    "close_date_changes": "id",
    "activities": "id",
    "objectives": "id",
    "accounts": "name",
    "users": "login",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, manager_login="mia", today=TODAY)
    return path


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    for table, key in HASHED.items():
        columns = "*" if table != "users" else "login, name, role, team, active"
        for row in query(path, f"SELECT {columns} FROM {table} ORDER BY {key}"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_same_seed_and_day_give_identical_tables(db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_demo(again, manager_login="mia", today=TODAY)
    assert content_hash(again) == content_hash(db)


def test_another_seed_or_day_gives_other_data(db: Path, tmp_path: Path) -> None:
    other_seed = tmp_path / "seed.db"
    build_demo(other_seed, manager_login="mia", seed=DEFAULT_SEED + 1, today=TODAY)
    other_day = tmp_path / "day.db"
    build_demo(other_day, manager_login="mia", today=TODAY + timedelta(days=1))
    assert len({content_hash(db), content_hash(other_seed), content_hash(other_day)}) == 3


def test_counts_are_in_the_expected_ranges(db: Path) -> None:
    deals = query(db, "SELECT count(*) FROM deals")[0][0]
    changes = query(db, "SELECT count(*) FROM stage_changes")[0][0]
    activities = query(db, "SELECT count(*) FROM activities")[0][0]
    assert 1300 <= deals <= 1800
    assert 3 * deals <= changes <= 5 * deals
    assert 2 * deals <= activities <= 5 * deals
    assert query(db, "SELECT count(*) FROM close_date_changes")[0][0] >= deals // 4
    assert query(db, "SELECT count(*) FROM segments")[0][0] == 2
    assert query(db, "SELECT count(*) FROM offers")[0][0] == 3
    open_deals = query(
        db, "SELECT count(*) FROM deals d JOIN stages s ON s.key = d.stage WHERE s.kind = 'open'"
    )[0][0]
    assert 60 <= open_deals <= 250


def test_team_is_one_leader_who_is_admin_and_seven_reps(db: Path) -> None:
    users = query(db, "SELECT login, role, team FROM users ORDER BY login")
    # The builder is the demo's admin, so that they can add users and SSH keys.
    assert ("mia", "admin", "north") in users
    reps = [login for login, role, _team in users if role == "rep"]
    assert reps == ["alex", "bea", "carlos", "dina", "eli", "farah", "gus"]
    assert {role for _l, role, _t in users} == {"admin", "rep"}


def test_a_rep_login_taken_by_the_manager_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "alex.db"
    build_demo(path, manager_login="alex", today=TODAY)
    users = dict(query(path, "SELECT login, role FROM users"))
    assert users["alex"] == "admin" and users["hana"] == "rep" and len(users) == 8


def test_history_spans_18_months_and_ends_before_today(db: Path) -> None:
    first, last = query(db, "SELECT min(at), max(at) FROM stage_changes")[0]
    assert day(first) <= date(2025, 5, 1)
    assert TODAY - timedelta(days=3) <= day(last) < TODAY
    assert query(db, "SELECT max(created_on) FROM deals")[0][0] < TODAY.isoformat()


def test_stage_histories_are_coherent_chains(db: Path) -> None:
    deals = {
        row[0]: row[1:]
        for row in query(db, "SELECT id, stage, created_on, closed_on, lost_reason FROM deals")
    }
    moves: dict[int, list[tuple[str | None, str, str]]] = defaultdict(list)
    for deal_id, from_stage, to_stage, at in query(
        db, "SELECT deal_id, from_stage, to_stage, at FROM stage_changes ORDER BY deal_id, at, id"
    ):
        moves[deal_id].append((from_stage, to_stage, at))
    assert set(moves) == set(deals)
    skipped = back = 0
    for deal_id, (stage, created_on, closed_on, lost_reason) in deals.items():
        history = moves[deal_id]
        assert history[0][:2] == (None, "prospecting")
        assert day(history[0][2]).isoformat() == created_on
        pairs = zip(history, history[1:], strict=False)
        for (_f, previous_to, _a), (from_stage, to_stage, _at) in pairs:
            assert from_stage == previous_to
            if to_stage != "lost":
                jump = STAGE_ORDER.index(to_stage) - STAGE_ORDER.index(from_stage)
                skipped += jump > 1
                back += jump < 0
        assert history[-1][1] == stage
        if stage in ("won", "lost"):
            assert closed_on == day(history[-1][2]).isoformat()
        else:
            assert closed_on is None
        assert (lost_reason is not None) == (stage == "lost")
    assert skipped >= 20, "some deals skip a stage"
    assert back >= 5, "a few deals step back"


def test_stage_durations_are_realistic(db: Path) -> None:
    spent: dict[str, list[float]] = defaultdict(list)
    rows = query(db, "SELECT deal_id, to_stage, at FROM stage_changes ORDER BY deal_id, at, id")
    for (deal_a, stage, at), (deal_b, _next, left) in zip(rows, rows[1:], strict=False):
        if deal_a == deal_b:
            spent[stage].append((instant(left) - instant(at)).total_seconds() / 86400)
    for stage in STAGE_ORDER[:-1]:
        assert 4 <= median(spent[stage]) <= 30, stage


def test_lost_reasons_forecast_categories_and_activities_use_the_shared_vocabulary(
    db: Path,
) -> None:
    reasons = {r for (r,) in query(db, "SELECT DISTINCT lost_reason FROM deals WHERE stage='lost'")}
    assert reasons <= {"no budget", "no fit", "competitor", "no decision", "timing", "price"}
    assert len(reasons) == 6
    categories = {c for (c,) in query(db, "SELECT DISTINCT forecast_category FROM deals")}
    assert categories == {None, "pipeline", "best_case", "commit", "omitted"}
    kinds = {k for (k,) in query(db, "SELECT DISTINCT kind FROM activities")}
    assert kinds <= {"call", "email", "meeting", "task", "action"}
    status = Counter(
        "overdue" if s == "open" and due < TODAY.isoformat() else s
        for s, due in query(db, "SELECT status, due FROM activities")
    )
    assert status["done"] > 1000 and status["open"] >= 30 and status["overdue"] >= 10
    assert status["dropped"] > 0
    assert query(db, "SELECT count(*) FROM activities WHERE status='done' AND done_at IS NULL") == [
        (0,)
    ]


def test_monthly_targets_for_the_team_and_each_rep_every_month(db: Path) -> None:
    rows = query(
        db,
        "SELECT period, owner, team, target FROM objectives "
        "WHERE kind = 'outcome' AND metric = 'won_value' ORDER BY period",
    )
    periods = sorted({p for p, *_rest in rows})
    assert periods[0] == "2025-05" and periods[-1] == "2026-12" and len(periods) == 20
    for period in periods:
        team = [t for p, o, _team, t in rows if p == period and o is None]
        reps = [t for p, o, _team, t in rows if p == period and o is not None]
        assert len(team) == 1 and len(reps) == 7
        assert team[0] == sum(reps) > 0
    assert {team for _p, _o, team, _t in rows} == {"north"}


def test_hygiene_problems_are_present(db: Path) -> None:
    today = TODAY.isoformat()
    open_deals = "FROM deals d JOIN stages s ON s.key = d.stage WHERE s.kind = 'open'"
    assert query(db, f"SELECT count(*) {open_deals} AND d.expected_close < ?", (today,))[0][0] >= 5
    assert query(db, f"SELECT count(*) {open_deals} AND d.amount_minor IS NULL")[0][0] >= 3
    assert query(db, f"SELECT count(*) {open_deals} AND d.next_step IS NULL")[0][0] >= 5
    assert query(db, f"SELECT count(*) {open_deals} AND d.next_step_due < ?", (today,))[0][0] >= 5
    duplicates = query(
        db,
        f"SELECT d.account, d.name, d.owner, count(*) {open_deals} "
        "GROUP BY 1, 2, 3 HAVING count(*) > 1",
    )
    assert len(duplicates) >= 1
    assert query(db, "SELECT count(*) FROM accounts WHERE sector IS NULL") == [(0,)]
    unknown = query(
        db, "SELECT count(*) FROM deals WHERE account NOT IN (SELECT name FROM accounts)"
    )
    assert unknown == [(0,)]


def test_the_build_is_audited_once_per_table(db: Path) -> None:
    bulk = query(db, "SELECT entity, count(*) FROM audit WHERE op = 'bulk_insert' GROUP BY 1")
    assert dict(bulk) == {
        t: 1
        for t in (
            "users",
            "segments",
            "offers",
            "accounts",
            "deals",
            "stage_changes",
            "close_date_changes",
            "activities",
            "objectives",
        )
    }
    with Store.open(db) as store:
        info = read_demo_info(store)
    assert info is not None and info.today == TODAY and info.manager == "mia"
    assert info.reps[0] == "alex" and info.seed == DEFAULT_SEED


def test_scale_mode_adds_reps_and_about_ten_stage_changes_per_deal(tmp_path: Path) -> None:
    path = tmp_path / "scale.db"
    built = build_demo(path, manager_login="mia", spec=DemoSpec.for_scale(3000), today=TODAY)
    assert 2800 <= built.info.deals <= 3400
    assert 8 * built.info.deals <= built.info.stage_changes <= 12 * built.info.deals
    assert len(built.info.reps) == 14


def test_a_failed_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rows, "objective_rows", broken)
    path = tmp_path / "demo.db"
    with pytest.raises(RuntimeError):
        build_demo(path, manager_login="mia", today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_never_overwritten(db: Path) -> None:
    before = content_hash(db)
    with pytest.raises(DatabaseError, match="exists already"):
        build_demo(db, manager_login="mia", seed=1, today=TODAY)
    assert content_hash(db) == before


def test_the_demo_ships_a_strategy(db: Path) -> None:
    from pilot_tui.core.strategy import strategy

    with Store.open(db) as store:
        shipped = strategy(store)
    assert shipped.priority_segments == ["smb", "enterprise"]
    assert all(not s.persona.empty for s in shipped.segments)
    assert shipped.priority_offers == ["core", "analytics"]
    assert [o.key for o in shipped.offers if o.priority is None] == ["services"]
    assert [s.key for s in shipped.stages if s.kind == "open" and s.exit_criteria] == [
        "prospecting",
        "qualification",
        "discovery",
        "proposal",
        "negotiation",
    ]
