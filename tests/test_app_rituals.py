"""Rituals driven through the app: start, record, act, close the loop next time, finish."""

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, MarkdownViewer

from app_harness import build_app, pressing, run_async, settle
from conftest import MANAGER, REP_SAM
from pilot_tui.core import clock
from pilot_tui.core.store import Store
from pilot_tui.screens.ritual_run import RitualRunScreen
from pilot_tui.screens.rituals import RitualsScreen
from pipeline_fixture import pipeline_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    yield from pipeline_store(tmp_path)


def _step_text(app: object) -> str:
    viewer = app.screen.query_one("#ritual-step", MarkdownViewer)  # type: ignore[attr-defined]
    return viewer.document.source


async def _start_pipeline_review(pilot: object) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("u")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]  # the first ritual
    await settle(pilot)  # type: ignore[arg-type]


@run_async
async def test_a_pipeline_review_from_start_to_minutes(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        assert isinstance(app.screen, RitualRunScreen)
        assert _step_text(app).startswith("## Step 1/8 · Close the loop")
        await pilot.press("n")
        await settle(pilot)
        assert "## Step 2/8 · Verdict" in _step_text(app)
        await pilot.press("m")
        app.screen.query_one("#prompt-text", Input).value = "Push Globex to December"
        await pilot.press("enter")
        await settle(pilot)
        assert "- decision: Push Globex to December" in _step_text(app)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#action-title", Input).value = "Call Globex's sponsor"
        app.screen.query_one("#action-owner", Input).value = "sam"
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _step in range(6):
            await pilot.press("n")
            await settle(pilot)
        assert "## Step 8/8 · Actions" in _step_text(app)
        assert "Call Globex's sponsor — sam, 2026-11-25" in _step_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert _step_text(app).splitlines()[0].startswith("# Weekly pipeline review")
    minutes = store.scalar("SELECT minutes_md FROM ritual_runs WHERE status = 'finished'")
    assert "Push Globex to December" in minutes and "Call Globex's sponsor" in minutes
    assert store.scalar("SELECT snapshot_json FROM ritual_runs") is not None


@run_async
async def test_the_next_run_closes_the_loop_on_the_last_runs_actions(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#action-title", Input).value = "Requalify Stark"
        app.screen.query_one("#action-owner", Input).value = "sam"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RitualsScreen)
        app.screen.query_one("#rituals").highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert "**waiting** · #" in _step_text(app) and "Requalify Stark" in _step_text(app)
        await pilot.press("n")  # refused: the action waits for a decision
        await settle(pilot)
        assert "## Step 1/8" in _step_text(app)
        await pilot.press("1")  # done
        await settle(pilot)
        assert "**done** · #" in _step_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert "## Step 2/8" in _step_text(app)
    assert store.scalar("SELECT status FROM activities WHERE title = 'Requalify Stark'") == "done"


@run_async
async def test_a_rep_cannot_start_a_ritual(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start_pipeline_review(pilot)
        assert isinstance(app.screen, RitualsScreen)
    assert store.scalar("SELECT count(*) FROM ritual_runs") == 0


@pytest.mark.parametrize(
    ("keys", "size"),
    [([], (80, 24)), (["enter"], (120, 40)), (["enter", "n"], (120, 40))],
    ids=["rituals-80x24", "review-step1-120x40", "review-step2-120x40"],
)
def test_ritual_snapshots(
    keys: list[str], size: tuple[int, int], store: Store, snap_compare: object
) -> None:
    clock.set_today(date(2026, 11, 18))

    compare: Callable[..., bool] = snap_compare  # type: ignore[assignment]
    assert compare(build_app(store, MANAGER), terminal_size=size, run_before=pressing(["u", *keys]))


@run_async
async def test_a_one_to_one_keeps_private_coaching_notes(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        app.screen.query_one("#rituals").highlighted = 4  # 1:1 coaching
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the first rep the pick offers
        await settle(pilot)
        assert isinstance(app.screen, RitualRunScreen) and app.screen.run is not None
        rep = app.screen.run.state.subject
        assert rep in ("ria", "sam")
        for _step in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert f"Private to {rep} and the managers" in _step_text(app)
        await pilot.press("c")
        app.screen.query_one("#prompt-text", Input).value = "Prepares calls well; rushes demos"
        await pilot.press("enter")
        await settle(pilot)
        assert "mia: Prepares calls well; rushes demos" in _step_text(app)
    assert store.rows("SELECT rep, author, body FROM coaching_notes") == [
        {"rep": rep, "author": "mia", "body": "Prepares calls well; rushes demos"}
    ]
