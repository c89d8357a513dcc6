"""What changed in the open pipeline: each group on a hand-made deal, and a waterfall that adds
up exactly on random histories, the demo and the Maven data."""

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ADMIN, make_team_store
from deal_builder import add_deal, push, reprice
from demo_tables import query
from importhelp import REPO, run, shared_data
from pilot_tui.cli import main
from pilot_tui.core.changes import KINDS, PipelineChanges, changes_since, pipeline_changes
from pilot_tui.core.context import Context
from pilot_tui.core.demo import build_demo
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.mapping import load_mapping
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store
from pilot_tui.core.store.bootstrap import init_database

TODAY = date(2026, 11, 18)
NOVEMBER = parse_period("2026-11")


def reconciles(changes: PipelineChanges) -> bool:
    return changes.start_open_amount + sum(g.amount for g in changes.groups) == (
        changes.end_open_amount
    )


def group(changes: PipelineChanges, kind: str) -> list[int]:
    return [d.id for g in changes.groups if g.kind == kind for d in g.deals]


def test_each_group_on_a_hand_made_deal(team_store: Store) -> None:
    open_path = [("prospecting", "2026-11-02")]
    with team_store.write(ADMIN) as w:
        new = add_deal(w, [("discovery", "2026-11-12")], expected_close="2026-11-20")
        advanced = add_deal(
            w, [*open_path, ("proposal", "2026-11-14")], expected_close="2026-11-25"
        )
        moved_back = add_deal(
            w,
            [("proposal", "2026-11-02"), ("discovery", "2026-11-13")],
            expected_close="2026-11-25",
        )
        won = add_deal(w, [*open_path, ("won", "2026-11-15")], expected_close="2026-11-15")
        lost = add_deal(w, [*open_path, ("lost", "2026-11-16")], expected_close="2026-11-20")
        reopened = add_deal(
            w,
            [*open_path, ("lost", "2026-11-05"), ("proposal", "2026-11-14")],
            expected_close="2026-11-28",
        )
        pushed = add_deal(w, open_path, expected_close="2026-12-15", amount=300_00)
        push(w, pushed, "2026-11-20", "2026-12-15", "2026-11-13")
        pulled = add_deal(w, open_path, expected_close="2026-11-26", amount=700_00)
        push(w, pulled, "2026-12-20", "2026-11-26", "2026-11-14")
        still = add_deal(w, open_path, expected_close="2026-11-27", amount=None)
        raised = add_deal(
            w, [*open_path, ("proposal", "2026-11-12")], expected_close="2026-11-27", amount=1500_00
        )
        reprice(w, raised, 1000_00, 1500_00, "2026-11-12")
        cut = add_deal(w, open_path, expected_close="2026-11-27", amount=400_00)
        reprice(w, cut, 1000_00, 600_00, "2026-11-11")
        reprice(w, cut, 600_00, 400_00, "2026-11-16")
    changes = pipeline_changes(frames_for(team_store), Scope(), date(2026, 11, 10), TODAY, NOVEMBER)
    expected = {
        "new": [new],
        "reopened": [reopened],
        "pulled_in": [pulled],
        "advanced": [advanced],
        "moved_back": [moved_back],
        "amount_up": [raised],
        "amount_down": [cut],
        "pushed_out": [pushed],
        "won": [won],
        "lost": [lost],
    }
    assert {kind: group(changes, kind) for kind in KINDS} == expected
    amounts = {g.kind: g.amount for g in changes.groups}
    assert amounts["new"] == amounts["reopened"] == 1000_00
    assert amounts["pulled_in"] == 700_00
    assert amounts["pushed_out"] == -300_00
    assert amounts["won"] == amounts["lost"] == -1000_00
    assert amounts["advanced"] == amounts["moved_back"] == 0
    assert (amounts["amount_up"], amounts["amount_down"]) == (500_00, -600_00)
    # On Nov 10: advanced, moved back, won, lost, pushed (due Nov 20), raised, cut and the one
    # without an amount; today: new, advanced, moved back, reopened, pulled, raised, cut and
    # the one without amount.
    assert (changes.start_deals, changes.end_deals, changes.unchanged) == (8, 8, 1)
    assert changes.start_open_amount == 6 * 1000_00 + 300_00
    assert changes.end_open_amount == 4 * 1000_00 + 700_00 + 1500_00 + 400_00
    assert reconciles(changes)
    assert still not in [d for kind in KINDS for d in group(changes, kind)]


def test_every_open_deal_ignores_close_dates(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        pushed = add_deal(w, [("prospecting", "2026-11-02")], expected_close="2027-03-01")
        push(w, pushed, "2026-11-20", "2027-03-01", "2026-11-13")
    changes = pipeline_changes(frames_for(team_store), Scope(), date(2026, 11, 10), TODAY)
    assert changes.period is None
    assert all(g.count == 0 for g in changes.groups)
    assert changes.unchanged == 1 and changes.start_open_amount == 1000_00


def test_a_rep_scope_holds_only_their_deals(team_store: Store) -> None:
    with team_store.write(ADMIN) as w:
        add_deal(w, [("prospecting", "2026-11-12")], owner="sam")
        ria = add_deal(w, [("prospecting", "2026-11-12")], owner="ria")
    changes = pipeline_changes(
        frames_for(team_store), Scope("rep", "ria"), date(2026, 11, 10), TODAY
    )
    assert group(changes, "new") == [ria]


def test_the_start_day_must_come_before_today(team_store: Store) -> None:
    with pytest.raises(ValidationError, match="must be before"):
        pipeline_changes(frames_for(team_store), Scope(), TODAY, TODAY)


def test_the_default_start_is_the_last_pipeline_review_else_a_week_ago(
    team_store: Store,
) -> None:
    context = Context(fixed_today=TODAY)
    assert changes_since(team_store, context, Scope()).since == date(2026, 11, 11)
    with team_store.write(ADMIN) as w:
        for kind, day in (("pipeline_review", "2026-11-09"), ("one_on_one", "2026-11-16")):
            w.insert(
                "ritual_runs",
                {"kind": kind, "started_at": f"{day}T09:00:00+00:00", "facilitator": "mia"},
            )
    assert changes_since(team_store, context, Scope()).since == date(2026, 11, 9)


STAGES = ["prospecting", "qualification", "discovery", "proposal", "negotiation", "won", "lost"]
DAYS = [(date(2026, 10, 1) + timedelta(days=n)).isoformat() for n in range(49)]

history = st.lists(
    st.tuples(
        st.lists(st.sampled_from(STAGES), min_size=1, max_size=5),
        st.lists(st.sampled_from(DAYS), min_size=5, max_size=5, unique=True),
        st.one_of(st.none(), st.integers(0, 50_000_00)),
        st.lists(st.sampled_from(DAYS), min_size=0, max_size=4),
        st.sampled_from(["sam", "ria"]),
        st.lists(st.one_of(st.none(), st.integers(0, 50_000_00)), min_size=0, max_size=3),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    deals=history,
    since=st.sampled_from(DAYS[:-1]),
    period=st.sampled_from([None, "2026-10", "2026-11", "2026-W45"]),
    scope=st.sampled_from([Scope(), Scope("rep", "sam")]),
)
def test_groups_add_up_exactly_on_random_histories(
    tmp_path_factory: pytest.TempPathFactory,
    deals: list[tuple[list[str], list[str], int | None, list[str], str, list[int | None]]],
    since: str,
    period: str | None,
    scope: Scope,
) -> None:
    store = make_team_store(tmp_path_factory.mktemp("random") / "team.db")
    with store.write(ADMIN) as w:
        for stages, days, amount, closes, owner, earlier in deals:
            path = list(zip(stages, sorted(days), strict=False))
            close_dates = sorted(set(closes))
            deal = add_deal(
                w,
                path,
                owner=owner,
                amount=amount,
                expected_close=close_dates[-1] if close_dates else None,
            )
            for old, new, day in zip(close_dates, close_dates[1:], sorted(days)[1:], strict=False):
                push(w, deal, old, new, day)
            amounts = [*earlier, amount]
            for old_amount, new_amount, day in zip(
                amounts, amounts[1:], sorted(days), strict=False
            ):
                reprice(w, deal, old_amount, new_amount, day)
    changes = pipeline_changes(
        frames_for(store),
        scope,
        date.fromisoformat(since),
        date(2026, 11, 18),
        parse_period(period) if period else None,
    )
    store.close()
    assert reconciles(changes)
    listed = [d.id for g in changes.groups for d in g.deals]
    assert len(listed) == len(set(listed)), "a deal is counted once"
    assert len(listed) + changes.unchanged <= changes.start_deals + changes.end_deals
    for g in changes.groups:
        assert g.count == len(g.deals) and g.amount == sum(d.contribution for d in g.deals)
        if g.kind in ("advanced", "moved_back"):
            assert g.amount == 0
        if g.kind in ("new", "reopened", "pulled_in", "amount_up"):
            assert all(d.contribution >= 0 for d in g.deals)
        if g.kind in ("won", "lost", "pushed_out", "amount_down"):
            assert all(d.contribution <= 0 for d in g.deals)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, manager_login="boss", today=TODAY)
    return path


@pytest.mark.parametrize("days", [1, 7, 30, 90])
@pytest.mark.parametrize("period", [None, "2026-11", "2026-Q4"])
def test_the_demo_waterfall_reconciles(demo_path: Path, days: int, period: str | None) -> None:
    with Store.open(demo_path) as store:
        changes = changes_since(
            store,
            Context(fixed_today=TODAY),
            Scope(),
            TODAY - timedelta(days=days),
            parse_period(period) if period else None,
        )
    assert reconciles(changes)
    if period is None:
        today_open = query(
            demo_path,
            "SELECT coalesce(sum(amount_minor), 0), count(*) FROM deals d "
            "JOIN stages s ON s.key = d.stage WHERE s.kind = 'open'",
        )[0]
        assert (changes.end_open_amount, changes.end_deals) == today_open
    if days >= 30:
        assert sum(g.count for g in changes.groups) > 10


def test_pilot_changes_prints_the_waterfall_and_json(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", str(demo_path), "--as", "boss", "--today", "2026-11-18"]
    assert main(["changes", *base, "--since", "2026-10-18", "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert (
        data["start_open_amount"] + sum(g["amount"] for g in data["groups"])
        == (data["end_open_amount"])
    )
    assert [g["kind"] for g in data["groups"]] == list(KINDS)
    assert main(["changes", *base, "--since", "2026-10-18", "--period", "all"]) == 0
    text = capsys.readouterr().out
    assert "start (2026-10-18)" in text and "end (2026-11-18)" in text
    assert "every open deal" in text and "won" in text and "█" in text


@pytest.fixture(scope="module")
def imported_maven(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The Maven CRM imported as the README says (USD database, examples/maven-crm.toml)."""
    folder = tmp_path_factory.mktemp("maven-import")
    store = init_database(folder / "maven.db", ADMIN, currency="USD")
    mapping = load_mapping(REPO / "examples" / "maven-crm.toml")
    run(store, ADMIN, [shared_data() / "maven-crm" / "sales_pipeline.csv"], folder, mapping=mapping)
    return store


@pytest.mark.parametrize("since", ["2017-03-15", "2017-06-15", "2017-09-20", "2017-12-20"])
@pytest.mark.parametrize("days", [7, 60])
def test_the_imported_maven_waterfall_reconciles(
    imported_maven: Store, since: str, days: int
) -> None:
    start = date.fromisoformat(since)
    until = start + timedelta(days=days)
    changes = pipeline_changes(frames_for(imported_maven), Scope(), start, until)
    assert reconciles(changes)
    won_then = query(
        imported_maven.path,
        "SELECT count(*) FROM deals WHERE stage = 'won' AND closed_on > ? AND closed_on <= ? "
        "AND created_on <= ?",
        (since, until.isoformat(), since),
    )[0][0]
    assert won_then > 0
    assert len(group(changes, "won")) == won_then
