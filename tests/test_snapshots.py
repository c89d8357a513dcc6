"""Every screen at 80×24 and 120×40, on the fixture pipeline with the fixed clock (the
rituals' steps at 120×40 in test_app_rituals, the launch screen in test_launch_cache)."""

import pytest

from app_harness import SnapCompare, build_app, pressing
from conftest import MANAGER, REP_SAM
from pilot_tui.core.models import User
from pilot_tui.core.store import Store

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
    "new_action": (MANAGER, ["i", "a"]),
    "playbook": (MANAGER, ["k"]),
    "stage_guide": (MANAGER, ["p", "enter", "g"]),
    "rituals": (MANAGER, ["u"]),
    "ritual_step": (MANAGER, ["u", "enter", "n"]),  # the pipeline review's verdict step
    "objectives": (MANAGER, ["o"]),
    "kpi_selection": (MANAGER, ["K"]),
    "coaching_notes": (REP_SAM, ["C"]),
    "actions": (REP_SAM, ["A"]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: tuple[int, int], store: Store, snap_compare: SnapCompare) -> None:
    actor, keys = SCREENS[name]
    assert snap_compare(build_app(store, actor), terminal_size=size, run_before=pressing(keys))
