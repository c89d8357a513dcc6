"""Targets per segment and per offer: outcome objectives scoped to a slice of the deals."""

import json

import pytest

from conftest import MANAGER
from pilot_tui.cli import main
from pilot_tui.core.context import Context
from pilot_tui.core.dashboard import build_dashboard
from pilot_tui.core.errors import DuplicateObjectiveError, ValidationError
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.objectives import create_objective
from pilot_tui.core.periods import parse_period
from pilot_tui.core.smart import ObjectiveDraft
from pilot_tui.core.store import Store

NOVEMBER = parse_period("2026-11")


def _won_target(key: str, minor: float, **scope: str) -> ObjectiveDraft:
    return ObjectiveDraft(
        kind="outcome", metric="won_value", target=minor, period="2026-11", team="north", **scope
    )


def _target(store: Store, scope: Scope) -> int | None:
    """The target the dashboard's verdict shows for ``scope`` in November ("target —": None)."""
    forecast = build_dashboard(store, Context(), MANAGER, scope, NOVEMBER).forecast
    assert forecast is not None
    return forecast.target


def test_a_segment_target_shows_on_the_segment_view_and_not_on_the_team(store: Store) -> None:
    assert _target(store, Scope("segment", "smb")) is None  # "target —"
    create_objective(store, MANAGER, _won_target("smb", 3_000_000, segment="smb"))
    create_objective(store, MANAGER, _won_target("core", 2_000_000, offer="core"))
    assert _target(store, Scope("segment", "smb")) == 3_000_000
    assert _target(store, Scope("offer", "core")) == 2_000_000
    # a slice's target is not the team's, nor another slice's
    assert _target(store, Scope()) is None
    assert _target(store, Scope("segment", "enterprise")) is None


def test_one_target_per_segment_but_the_team_keeps_its_own(store: Store) -> None:
    create_objective(store, MANAGER, _won_target("smb", 3_000_000, segment="smb"))
    create_objective(store, MANAGER, _won_target("team", 9_000_000))
    with pytest.raises(DuplicateObjectiveError, match="Segment smb already has a won-value"):
        create_objective(store, MANAGER, _won_target("smb", 1_000_000, segment="smb"))
    assert _target(store, Scope()) == 9_000_000


def test_a_scoped_objective_is_smart_checked_for_its_slice(store: Store) -> None:
    saved = create_objective(store, MANAGER, _won_target("smb", 3_000_000, segment="smb"))
    assert saved.smart is not None
    specific = next(letter for letter in saved.smart.letters if letter.letter == "S")
    assert specific.status == "pass" and "segment smb" in specific.reason


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({"segment": "mars"}, "There is no segment 'mars'; the segments are: enterprise, smb."),
        ({"offer": "mars"}, "There is no offer 'mars'"),
        ({"segment": "smb", "offer": "core"}, "not two of them at once"),
        ({"segment": "smb", "owner": "sam"}, "not two of them at once"),
    ],
)
def test_an_unknown_or_double_scope_is_refused(
    store: Store, scope: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        create_objective(store, MANAGER, _won_target("x", 1_000_000, **scope))


def test_cli_adds_a_segment_target(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    def pilot(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", str(store.path), "--as", "mia"])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = pilot(
        "objectives", "add", "won_value", "30000", "--period", "2026-11", "--scope", "segment:smb",
        "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    saved = json.loads(out)["objective"]
    assert (saved["segment"], saved["offer"], saved["owner"], saved["target"]) == (
        "smb",
        None,
        None,
        3_000_000,
    )
    code, _out, err = pilot(
        "objectives", "add", "won_value", "1", "--period", "2026-11", "--scope", "segment:smb",
        "--owner", "sam",
    )  # fmt: skip
    assert code == 1
    assert err.strip() == "pilot: Say whose objective it is once: --owner or --scope, not both."
