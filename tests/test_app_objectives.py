"""Objectives in the app: the list with progress and the stored SMART check; the form's live
check; saving, refusals that keep the input, a version conflict, delete; reps read only;
`g` in the objective-setting ritual."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from app_harness import SnapCompare, build_app, pressing, run_async, settle, top
from conftest import MANAGER, REP_SAM, make_team_store
from objective_history import fill_objective_history
from pilot_tui.app import PilotApp
from pilot_tui.core.objectives import (
    create_objective,
    delete_objective,
    get_objective,
    list_objectives,
    update_objective,
)
from pilot_tui.core.rituals import RITUALS
from pilot_tui.core.smart import ObjectiveDraft
from pilot_tui.core.store import Store
from pilot_tui.screens.objective_form import ObjectiveFormScreen
from pilot_tui.screens.objectives import ObjectivesScreen
from pilot_tui.screens.pick import PickScreen
from pilot_tui.screens.ritual_run import RitualRunScreen
from pilot_tui.widgets.keyed_table import KeyedTable

SIZE = (120, 40)
DERIVED_WEEKLY = "Each week: 1.1 new opportunities, 2 activities (1.9 weeks left)."
"""2 new opportunities (€40K needed / €20K average won) and 4 activities over 13 days."""


def _objectives(store: Store) -> None:
    """A team outcome of €50,000, a means objective for sam, a quality one for the team."""
    for kind, metric, target, owner in (
        ("outcome", "won_value", 5_000_000, None),
        ("means", "new_opps", 3, "sam"),
        ("quality", "next_step_coverage", 0.5, None),
    ):
        create_objective(
            store,
            MANAGER,
            ObjectiveDraft(
                kind=kind,
                metric=metric,
                target=target,
                period="2026-11",
                owner=owner,
                team="north",
                rationale="Set at the October review" if owner is None else None,
            ),
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """``objective_history``'s team (won €10,000 of November so far, win rate 50 %, n=10)."""
    store = make_team_store(tmp_path / "team.db")
    fill_objective_history(store)
    _objectives(store)
    yield store
    store.close()


def text(app: PilotApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_objectives(pilot: Pilot[None]) -> ObjectivesScreen:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    screen = top(pilot.app, ObjectivesScreen)
    return screen


async def open_form(pilot: Pilot[None], key: str = "n") -> ObjectiveFormScreen:
    await pilot.press(key)
    await settle(pilot)
    form = top(pilot.app, ObjectiveFormScreen)
    return form


async def type_into(pilot: Pilot[None], selector: str, value: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = value
    await settle(pilot)  # the live check waits for the typing to stop, then runs


@run_async
async def test_the_list_shows_kind_target_progress_and_the_stored_check(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_objectives(pilot)
        table = screen.query_one(KeyedTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0] == [
            "team",
            "outcome",
            "won_value",
            "€50,000",
            "20 %",
            "S✓ M✓ A✓ R✗ T✓",
        ]
        assert [row[:3] for row in rows[1:]] == [
            ["team", "quality", "next_step_coverage"],
            ["sam", "means", "new_opps"],
        ]
        detail = text(app, "#objective-what")
        assert "won_value €50,000 for team north in 2026-11" in detail
        assert "Why: Set at the October review" in detail
        assert "Now €10,000: 20 % of the target." in detail
        assert "✗ R realistic: open pipeline due by 2026-11-30 (€40,000)" in text(
            app, "#objective-smart"
        )
        assert text(app, "#objective-derivation").splitlines() == [
            "What it asks",
            "Won so far €10K of €50K; €40K still to win.",
            "Win rate 50 % (n=10, last 12 months).",
            "Coverage 1.0× (€40K due); this win rate needs 2.0×.",
            "Pipeline needed: €40K more.",
            DERIVED_WEEKLY,
        ]


@run_async
async def test_a_manager_creates_an_objective_checked_as_they_type(store: Store) -> None:
    first = list_objectives(store, period="2026-11")[0]  # the team's won value: one per month
    delete_objective(store, MANAGER, first.id, expected_version=first.version)
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_objectives(pilot)
        form = await open_form(pilot)
        assert "Type a target" in text(app, "#smart")
        await type_into(pilot, "#target", "20000")
        check = text(app, "#smart")
        assert "✓ M measurable: the target €20,000 is an amount of money." in check
        assert "✓ A achievable" in check and "✓ R realistic" in check
        assert "Won so far €10K of €20K; €10K still to win." in text(app, "#derivation")
        await type_into(pilot, "#target", "600000")
        assert "✗ A achievable" in text(app, "#smart")
        await type_into(pilot, "#target", "20000")
        await type_into(pilot, "#rationale", "One more renewal")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    saved = list_objectives(store, period="2026-11")[0]
    assert (saved.metric, saved.target, saved.team, saved.owner, saved.rationale) == (
        "won_value",
        2_000_000,
        "north",
        None,
        "One more renewal",
    )
    assert saved.smart is not None and [letter.status for letter in saved.smart.letters][:3] == [
        "pass",
        "pass",
        "pass",
    ]


@run_async
async def test_choosing_a_kind_offers_its_metrics_and_a_rep_scope(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_objectives(pilot)
        form = await open_form(pilot)
        form.query_one("#kind", Select).value = "means"
        form.query_one("#whose", Select).value = "ria"
        await settle(pilot)
        assert form.query_one("#metric", Select).value == "new_opps"
        assert form.query_one("#target", Input).placeholder == "12"
        await type_into(pilot, "#target", "4")
        assert "✓ S specific: new_opps for rep ria." in text(app, "#smart")
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = list_objectives(store, owner="ria")
    assert [(o.kind, o.metric, o.target) for o in saved] == [("means", "new_opps", 4)]


@run_async
async def test_a_refused_objective_keeps_what_was_typed_and_says_why(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_objectives(pilot)
        form = await open_form(pilot)
        await type_into(pilot, "#target", "lots")
        assert "'lots' is not a number." in text(app, "#smart")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert text(app, "#objective-error") == "'lots' is not a number."
        await type_into(pilot, "#target", "6000")
        await type_into(pilot, "#period", "2026-13")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert text(app, "#objective-error").startswith("'2026-13' is not a period;")
        assert form.query_one("#target", Input).value == "6000"
        assert form.query_one("#period", Input).value == "2026-13"
    assert len(list_objectives(store)) == 3


@run_async
async def test_a_second_won_value_target_is_refused_naming_the_first_and_keeps_the_input(
    store: Store,
) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_objectives(pilot)
        form = await open_form(pilot)
        refusal = (
            "Team north already has a won-value target for 2026-11: €50,000 (objective #1); "
            "edit it instead."
        )
        await type_into(pilot, "#target", "60000")
        assert text(app, "#objective-error") == refusal  # said while typing, before a save
        await type_into(pilot, "#rationale", "Stretch")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert text(app, "#objective-error") == refusal
        assert form.query_one("#target", Input).value == "60000"
        assert form.query_one("#rationale", Input).value == "Stretch"
        await type_into(pilot, "#period", "2026-12")  # December has no target yet
        assert text(app, "#objective-error") == ""
    assert [o.target for o in list_objectives(store) if o.metric == "won_value"] == [5_000_000]


@run_async
async def test_an_edit_after_someone_elses_says_what_they_changed(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await open_objectives(pilot)
        form = await open_form(pilot, "e")
        assert form.query_one("#target", Input).value == "50000"
        with Store.open(store.path) as other:
            update_objective(other, MANAGER, 1, {"rationale": "Raised"}, expected_version=1)
        await type_into(pilot, "#target", "45000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        message = text(app, "#objective-error")
        assert "objective 1 was changed by mia" in message.lower()
        assert message.endswith(
            "They changed: rationale. Press ctrl+s again to save your values over theirs."
        )
        assert form.query_one("#target", Input).value == "45000"
        await pilot.press("ctrl+s")  # save mine over theirs, knowingly
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
    objective = get_objective(store, 1)
    assert (objective.target, objective.rationale, objective.version) == (
        4_500_000,
        "Set at the October review",
        3,
    )


@run_async
async def test_delete_asks_first(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_objectives(pilot)
        await pilot.press("x")
        await settle(pilot)
        top(app, PickScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert len(list_objectives(store)) == 3
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # "Delete: …" is the first choice
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(KeyedTable).row_count == 2
    assert [o.metric for o in list_objectives(store)] == ["next_step_coverage", "new_opps"]


@run_async
async def test_a_rep_reads_the_objectives_but_gets_no_key_to_change_them(store: Store) -> None:
    app = build_app(store, REP_SAM)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_objectives(pilot)
        assert screen.query_one(KeyedTable).row_count == 3
        for action in ("new", "edit", "delete"):
            assert not screen.check_action(action, ())
        titles = [title for title, _run, _help in app.screen_commands(screen)]
        assert "Objectives: Earlier" in titles
        assert not {"Objectives: New", "Objectives: Edit", "Objectives: Delete"} & set(titles)
        await pilot.press("n", "e", "x")
        await settle(pilot)
        assert app.screen is screen
    assert len(list_objectives(store)) == 3


@run_async
async def test_o_opens_the_objectives_from_the_pipeline_too(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        titles = [title for title, _run, _help in app.screen_commands(app.screen)]
        assert "Pilot: Objectives" in titles
        await open_objectives(pilot)


@run_async
async def test_earlier_period_lists_its_own_objectives(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_objectives(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.period is not None and screen.period.label == "2026-10"
        assert screen.query_one(KeyedTable).row_count == 0
        assert "No objective for 2026-10 yet." in text(app, "#objective-what")
        await pilot.press("t")  # a quarter
        await settle(pilot)
        assert screen.period is not None and screen.period.label == "2026-Q4"


@run_async
async def test_objective_setting_sets_an_objective_from_its_step(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        rituals = app.screen.query_one("#rituals", OptionList)
        rituals.highlighted = 1 + list(RITUALS).index("objective_setting")
        await pilot.press("enter")
        await settle(pilot)
        run_screen = top(app, RitualRunScreen)
        await pilot.press("n", "n")  # close the loop › outcome › pipeline needed
        await settle(pilot)
        form = await open_form(pilot, "g")
        assert form.query_one("#kind", Select).value == "predictive"
        assert form.query_one("#target", Input).value != ""  # derived from the outcome
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is run_screen
    saved = [o for o in list_objectives(store) if o.kind == "predictive"]
    assert len(saved) == 1 and saved[0].rationale == "derived from the outcome objective 1"
    decisions = store.rows("SELECT step, subject, decision FROM ritual_items")
    assert decisions == [
        {
            "step": "pipeline",
            "subject": f"objective:{saved[0].id}",
            "decision": decisions[0]["decision"],
        }
    ]
    assert decisions[0]["decision"].startswith("pipeline_value ")


@run_async
async def test_other_rituals_have_no_objective_key(store: Store) -> None:
    app = build_app(store, MANAGER)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")  # the weekly pipeline review
        await settle(pilot)
        assert isinstance(app.screen, RitualRunScreen)
        assert not app.screen.check_action("new_objective", ())


SNAPSHOTS: dict[str, list[str]] = {
    "objectives": ["o"],
    "objective-form": ["o", "n", *"20000"],
    "objective-edit": ["o", "down", "e"],
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SNAPSHOTS))
def test_objectives_snapshots(
    name: str, size: tuple[int, int], store: Store, snap_compare: SnapCompare
) -> None:
    assert snap_compare(
        build_app(store, MANAGER), terminal_size=size, run_before=pressing(SNAPSHOTS[name])
    )
