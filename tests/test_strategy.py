"""The strategy: priority segments with a persona, priority offers, stage exit criteria."""

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import ADMIN, MANAGER, REP_SAM, Pilot
from pilot_tui.core.errors import PermissionDeniedError, ValidationError
from pilot_tui.core.store import Store
from pilot_tui.core.strategy import set_offer, set_segment, set_stage, strategy


@pytest.fixture
def market(team_store: Store) -> Store:
    """Two segments and two offers in the reference lists."""
    with team_store.write(ADMIN) as writer:
        for key, label in (("smb", "Small business"), ("ent", "Enterprise")):
            writer.insert("segments", {"key": key, "label": label})
        for key, label, order in (("audit", "Audit", 5), ("train", "Training", 1)):
            writer.insert("offers", {"key": key, "label": label, "priority": order})
    return team_store


def test_a_new_strategy_names_every_segment_offer_and_stage_without_priorities(
    market: Store,
) -> None:
    saved = strategy(market)
    assert [s.key for s in saved.segments] == ["ent", "smb"]  # by label
    assert saved.priority_segments == [] and saved.priority_offers == []
    assert all(s.persona.empty and s.version == 0 for s in saved.segments)
    # offers.priority (the picker order) does not make an offer a strategic priority
    assert [(o.key, o.priority) for o in saved.offers] == [("audit", None), ("train", None)]
    assert [s.key for s in saved.stages][:2] == ["prospecting", "qualification"]


def test_a_manager_ranks_segments_and_writes_a_persona_versioned_and_audited(
    market: Store,
) -> None:
    set_segment(market, MANAGER, "smb", priority=2, persona={"problems": "  no time  "})
    saved = set_segment(
        market, MANAGER, "ent", priority=1, persona={"blocks": "procurement", "problems": None}
    )
    assert saved.priority_segments == ["ent", "smb"]
    smb = saved.segments[1]
    assert (smb.persona.problems, smb.persona.blocks, smb.version) == ("no time", None, 1)
    again = set_segment(market, MANAGER, "smb", persona={"triggers": "a lost tender"})
    smb = next(s for s in again.segments if s.key == "smb")
    assert (smb.priority, smb.persona.problems, smb.persona.triggers, smb.version) == (
        2,
        "no time",
        "a lost tender",
        2,
    )
    audit = market.rows(
        "SELECT actor, op FROM audit WHERE entity = 'strategy_segments' AND entity_id = 'smb'"
    )
    assert [(a["actor"], a["op"]) for a in audit] == [("mia", "insert"), ("mia", "update")]


def test_priority_zero_and_empty_text_clear(market: Store) -> None:
    set_segment(market, MANAGER, "smb", priority=1, persona={"problems": "cash"})
    saved = set_segment(market, MANAGER, "smb", priority=0, persona={"problems": ""})
    smb = next(s for s in saved.segments if s.key == "smb")
    assert smb.priority is None and smb.persona.problems is None


def test_offers_are_ranked_and_sorted_priorities_first(market: Store) -> None:
    saved = set_offer(market, MANAGER, "train", priority=1)
    assert [(o.key, o.priority) for o in saved.offers] == [("train", 1), ("audit", None)]
    assert saved.priority_offers == ["train"]


def test_a_segment_or_offer_known_only_from_deals_can_be_ranked(market: Store) -> None:
    with market.write(ADMIN) as writer:
        writer.insert(
            "deals",
            {
                "name": "Imported",
                "owner": "sam",
                "stage": "prospecting",
                "segment": "public",
                "offer": "hosting",
                "created_on": "2026-11-02",
            },
        )
    saved = set_segment(market, MANAGER, "public", priority=1)
    assert saved.segments[0].key == "public" and saved.segments[0].label == "public"
    assert set_offer(market, MANAGER, "hosting", priority=3).priority_offers == ["hosting"]


def test_exit_criteria_are_set_on_open_stages_only(market: Store) -> None:
    saved = set_stage(market, MANAGER, "qualification", exit_criteria="budget and decider known")
    assert saved.exit_criteria("qualification") == "budget and decider known"
    assert saved.exit_criteria("proposal") is None
    with pytest.raises(ValidationError, match="closes a deal"):
        set_stage(market, MANAGER, "won", exit_criteria="paid")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: set_segment(s, MANAGER, "nope", priority=1), "no segment 'nope'"),
        (lambda s: set_offer(s, MANAGER, "nope", priority=1), "no offer 'nope'"),
        (lambda s: set_stage(s, MANAGER, "nope", exit_criteria="x"), "no stage 'nope'"),
        (lambda s: set_segment(s, MANAGER, "smb", priority=-1), "0 for none"),
        (lambda s: set_segment(s, MANAGER, "smb"), "Nothing to change"),
    ],
)
def test_unknown_keys_and_bad_values_are_one_sentence_and_write_nothing(
    market: Store, call: Callable[[Store], Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        call(market)
    assert market.scalar("SELECT count(*) FROM audit WHERE entity LIKE 'strategy_%'") == 0


def test_a_rep_cannot_change_the_strategy(market: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="sam is a rep"):
        set_segment(market, REP_SAM, "smb", priority=1)
    assert market.scalar("SELECT count(*) FROM strategy_segments") == 0


def test_cli_set_then_show_json(market: Store, pilot: Pilot) -> None:
    code, _out, err = pilot(
        "mia",
        "strategy",
        "set",
        "segment",
        "smb",
        "--priority",
        "1",
        "--problems",
        "no finance team",
        "--attracts",
        "a fixed price",
        "--blocks",
        "fear of lock-in",
        "--triggers",
        "year-end closing",
    )
    assert (code, err) == (0, "")
    assert pilot("mia", "strategy", "set", "offer", "audit", "--priority", "1")[0] == 0
    assert pilot("mia", "strategy", "set", "stage", "proposal", "--exit-criteria", "signed")[0] == 0
    code, out, _err = pilot("sam", "strategy", "show", "--json")
    shown = json.loads(out)
    assert shown["segments"][0] == {
        "key": "smb",
        "label": "Small business",
        "priority": 1,
        "persona": {
            "problems": "no finance team",
            "attracts": "a fixed price",
            "blocks": "fear of lock-in",
            "triggers": "year-end closing",
        },
        "version": 1,
    }
    assert [(o["key"], o["priority"]) for o in shown["offers"]] == [("audit", 1), ("train", None)]
    assert next(s for s in shown["stages"] if s["key"] == "proposal")["exit_criteria"] == "signed"


def test_cli_refuses_a_rep_and_unknown_keys_in_one_sentence(market: Store, pilot: Pilot) -> None:
    code, out, err = pilot("sam", "strategy", "set", "offer", "audit", "--priority", "1")
    assert code == 1 and out == ""
    assert err.strip() == (
        "pilot: Only a manager or an admin can change the strategy; sam is a rep."
    )
    code, _out, err = pilot("mia", "strategy", "set", "segment", "mars", "--priority", "1")
    assert code == 1
    assert err.strip() == "pilot: There is no segment 'mars'; the segments are: ent, smb."
    assert market.scalar("SELECT count(*) FROM strategy_offers") == 0


def test_cli_show_prints_user_text_without_terminal_controls(market: Store, pilot: Pilot) -> None:
    pilot("mia", "strategy", "set", "segment", "smb", "--priority", "1", "--blocks", "x\x1b[31mred")
    code, out, _err = pilot("mia", "strategy")
    assert code == 0 and "\x1b" not in out
    assert "Small business" in out and "Process steps" in out
