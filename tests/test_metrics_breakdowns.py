"""The small metrics the diagnostics added: deals opened in a span, where and why deals were
lost, each stay in a stage, frames split per rep / segment / offer in one pass."""

from datetime import date

import numpy as np
import pandas as pd

from conftest import ADMIN
from deal_builder import add_activity, build, push
from pilot_tui.core.metrics import frames_for
from pilot_tui.core.metrics.breakdowns import created_between, lost_in_window
from pilot_tui.core.metrics.cycle import stage_stays
from pilot_tui.core.metrics.frames import day_number
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope, scoped, scoped_each
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import parse_period
from pilot_tui.core.store import Store

TODAY = date(2026, 11, 18)


def window(store: Store) -> Window:
    return make_window(frames_for(store), Scope(), parse_period("2026-11"), TODAY)


def test_created_between_counts_deals_opened_in_the_span(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-10-31")], [("prospecting", "2026-11-01")])
    build(team_store, [("prospecting", "2026-11-10")], [("prospecting", "2026-11-18")])
    w = window(team_store)
    assert created_between(w, w.start, w.as_of) == 3
    assert created_between(w, day_number(date(2026, 11, 2)), day_number(date(2026, 11, 17))) == 1


def test_lost_in_window_gives_the_stage_left_and_the_reason(team_store: Store) -> None:
    [late, early, _won, _before] = build(
        team_store,
        [("prospecting", "2026-10-01"), ("proposal", "2026-10-10"), ("lost", "2026-11-05")],
        [("prospecting", "2026-10-01"), ("lost", "2026-11-06")],
        [("prospecting", "2026-10-01"), ("won", "2026-11-06")],
        [("prospecting", "2026-10-01"), ("lost", "2026-10-30")],
    )
    w = window(team_store)
    lost = lost_in_window(w).set_index("id")
    stages = w.frames.stages
    assert sorted(lost.index) == [late, early]
    assert lost.loc[late, "from_code"] == stages.code("proposal")
    assert lost.loc[early, "from_code"] == stages.code("prospecting")
    assert lost.loc[late, "lost_reason"] == "no budget"


def test_stage_stays_are_the_stays_that_ended_in_the_window(team_store: Store) -> None:
    build(
        team_store,
        [("prospecting", "2026-10-20"), ("qualification", "2026-11-02"), ("lost", "2026-11-09")],
    )
    days, codes = stage_stays(window(team_store))
    stages = frames_for(team_store).stages
    assert sorted(zip(codes.tolist(), days.tolist(), strict=True)) == [
        (stages.code("prospecting"), 13.0),
        (stages.code("qualification"), 7.0),
    ]


def test_scoped_each_equals_scoping_one_value_at_a_time(team_store: Store) -> None:
    build(team_store, [("prospecting", "2026-10-01"), ("won", "2026-11-02")], segment="smb")
    build(team_store, [("prospecting", "2026-10-03")], owner="ria", segment="enterprise")
    [pushed] = build(team_store, [("proposal", "2026-10-05")], owner="ria", offer="core")
    with team_store.write(ADMIN) as writer:
        push(writer, pushed, "2026-11-01", "2026-12-01", "2026-10-20")
        add_activity(writer, "2026-11-03", deal_id=pushed, owner="ria")
        add_activity(writer, "2026-11-04")  # sam's own task, on no deal
    frames = frames_for(team_store)
    for kind in ("rep", "segment", "offer"):
        each = scoped_each(frames, kind)
        values = {"rep": {"sam", "ria"}, "segment": {"smb", "enterprise"}, "offer": {"core"}}
        assert set(each) == values[kind]
        for value, mine in each.items():
            one = scoped(frames, Scope(kind, value))
            for table in ("deals", "changes", "close_changes", "activities"):
                pd.testing.assert_frame_equal(
                    getattr(mine, table).reset_index(drop=True),
                    getattr(one, table).reset_index(drop=True),
                    check_dtype=False,
                    check_index_type=False,
                )
    assert np.array_equal(scoped_each(frames, "rep")["ria"].activities["deal_id"], [pushed])
