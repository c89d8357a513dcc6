"""Every screen at 80×24 and 120×40, on the fixture pipeline with the fixed clock (the
rituals' steps at 120×40 in test_app_rituals, the launch screen in test_launch_cache); the
screens that need a finding on the demo team, where rules fire."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app_harness import SnapCompare, build_app, pressing
from conftest import FIXED_NOW, MANAGER, REP_SAM
from pilot_tui.core.demo import build_demo
from pilot_tui.core.models import User
from pilot_tui.core.store import Store
from pipeline_fixture import pipeline_store

SIZES = [(80, 24), (120, 40)]

SCREENS: dict[str, tuple[User, list[str]]] = {
    "dashboard": (MANAGER, []),
    "rep_view": (REP_SAM, []),
    "pipeline": (MANAGER, ["p"]),
    "board": (MANAGER, ["p", "b"]),
    "filter": (MANAGER, ["p", "f"]),
    "deal": (MANAGER, ["p", "enter"]),
    "edit": (MANAGER, ["p", "enter", "e"]),
    "help": (MANAGER, ["p", "question_mark"]),
    "findings": (MANAGER, ["i"]),
    "new_action": (MANAGER, ["i", "a"]),  # on the highlighted (most severe) finding
    "playbook": (MANAGER, ["k"]),
    "stage_guide": (MANAGER, ["p", "enter", "g"]),
    "rituals": (MANAGER, ["u"]),
    "ritual_step": (MANAGER, ["u", "enter", "n"]),  # the pipeline review's verdict step
    "objectives": (MANAGER, ["o"]),
    "kpi_selection": (MANAGER, ["K"]),
    "coaching_notes": (REP_SAM, ["C"]),
    "actions": (REP_SAM, ["A"]),
    "changes": (MANAGER, ["W"]),
    "changes_all_open": (MANAGER, ["W", "a"]),
    "calls": (MANAGER, ["F"]),
    "call_form": (REP_SAM, ["F", "s"]),
}

ON_DEMO = {"new_action"}
"""Screens shown on the demo team: no rule fires on the small fixture pipeline."""


@pytest.fixture
def store(tmp_path: Path, name: str) -> Iterator[Store]:
    """The fixture pipeline, or the demo team for the screens of ``ON_DEMO``."""
    if name not in ON_DEMO:
        yield from pipeline_store(tmp_path)
        return
    build_demo(tmp_path / "demo.db", manager_login=MANAGER.login, today=FIXED_NOW.date())
    with Store.open(tmp_path / "demo.db") as store:
        yield store


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: tuple[int, int], store: Store, snap_compare: SnapCompare) -> None:
    actor, keys = SCREENS[name]
    assert snap_compare(build_app(store, actor), terminal_size=size, run_before=pressing(keys))
