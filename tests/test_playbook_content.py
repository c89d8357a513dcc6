"""The shipped playbook: every entry parses, every KPI, rule, ritual and stage has its page,
and every link between entries leads somewhere."""

import re
from importlib import resources

import pytest

from pilot_tui.core.diagnostics import registry, rules_catalog
from pilot_tui.core.metrics.catalog import CATALOG
from pilot_tui.core.models import StageKind
from pilot_tui.core.playbook import EntryKind, Playbook, load_playbook
from pilot_tui.core.store.stages import DEFAULT_STAGES

KPI_IDS = tuple(k.id for k in CATALOG)
RULE_IDS = tuple(rule.id for rule in rules_catalog())
RITUAL_IDS = (
    "pipeline_review",
    "conversion_analysis",
    "actions_checkin",
    "coaching_1on1",
    "objective_setting",
)
OPEN_STAGE_KEYS = tuple(s.key for s in DEFAULT_STAGES if s.kind is StageKind.OPEN)
ADJUSTMENTS = (
    "change the pitch",
    "revise a step",
    "strengthen training",
    "add a follow-up ritual",
    "requalify",
    "refocus on priority",
)


@pytest.fixture(scope="module")
def shipped() -> Playbook:
    return load_playbook()


def test_every_shipped_file_is_an_entry_named_for_its_id(shipped: Playbook) -> None:
    folder = resources.files("pilot_tui").joinpath("playbooks", "en")
    stems = sorted(f.name.removesuffix(".md") for f in folder.iterdir() if f.name.endswith(".md"))
    assert stems == sorted(e.id for e in shipped)
    assert len(shipped) == len(stems) >= 52


@pytest.mark.parametrize(
    ("prefix", "ids", "kind"),
    [
        ("kpi", KPI_IDS, EntryKind.KPI),
        ("rule", RULE_IDS, EntryKind.RULE),
        ("ritual", RITUAL_IDS, EntryKind.RITUAL),
        ("stage", OPEN_STAGE_KEYS, EntryKind.STAGE_GUIDE),
    ],
)
def test_each_id_has_its_own_page_of_the_right_kind(
    shipped: Playbook, prefix: str, ids: tuple[str, ...], kind: EntryKind
) -> None:
    missing = [i for i in ids if shipped.find(f"{prefix}-{i}") is None]
    assert missing == []
    assert {shipped.get(f"{prefix}-{i}").kind for i in ids} == {kind}
    assert len(shipped.list_entries(kind)) == len(ids)


def test_own_pages_declare_what_they_are_about(shipped: Playbook) -> None:
    for kpi in KPI_IDS:
        assert kpi in shipped.get(f"kpi-{kpi}").kpis
    for rule in RULE_IDS:
        assert rule in shipped.get(f"rule-{rule}").rules
    for stage in OPEN_STAGE_KEYS:
        assert shipped.get(f"stage-{stage}").stage == stage


def test_front_matter_references_only_known_ids(shipped: Playbook) -> None:
    for entry in shipped:
        assert set(entry.kpis) <= set(KPI_IDS), entry.id
        assert set(entry.rules) <= set(RULE_IDS), entry.id
        assert entry.stage is None or entry.stage in OPEN_STAGE_KEYS, entry.id


def test_the_registry_holds_the_twelve_rules_of_design_6() -> None:
    assert RULE_IDS == registry.RULE_IDS and len(RULE_IDS) == 12


def test_every_rule_links_entries_that_exist(shipped: Playbook) -> None:
    for rule in rules_catalog():
        for entry_id in (f"rule-{rule.id}", *rule.playbook):
            assert shipped.find(entry_id) is not None, (rule.id, entry_id)
        assert rule.adjustments and rule.summary, rule.id


def test_no_shipped_link_is_broken(shipped: Playbook) -> None:
    assert shipped.broken_links() == []
    assert all(entry.related for entry in shipped)


def test_the_other_kinds_of_the_brief_are_there(shipped: Playbook) -> None:
    for entry_id in (
        "bant",
        "meddic",
        "discovery-questions",
        "pitch-structure",
        "follow-up-first-meeting",
        "follow-up-proposal",
        "follow-up-silent-prospect",
        "follow-up-after-loss",
        "objection-handling",
    ):
        assert shipped.find(entry_id) is not None, entry_id


def test_pages_are_short_enough_for_a_meeting(shipped: Playbook) -> None:
    lengths = {e.id: len(re.findall(r"\w+", e.body)) for e in shipped}
    assert {i: n for i, n in lengths.items() if not 150 <= n <= 450} == {}


def test_stage_guides_give_entry_and_exit_criteria(shipped: Playbook) -> None:
    for entry in shipped.list_entries(EntryKind.STAGE_GUIDE):
        assert "## Enters the stage when" in entry.body, entry.id
        assert "## Leaves the stage when" in entry.body, entry.id


def test_rule_pages_suggest_adjustments_from_the_vocabulary(shipped: Playbook) -> None:
    for entry in shipped.list_entries(EntryKind.RULE):
        body = entry.body.casefold()
        for section in (
            "## the pattern",
            "## why it matters",
            "## what to check",
            "## adjustments to consider",
        ):
            assert section in body, (entry.id, section)
        assert any(a in body for a in ADJUSTMENTS), entry.id


def test_ritual_pages_timebox_every_step(shipped: Playbook) -> None:
    for entry in shipped.list_entries(EntryKind.RITUAL):
        steps = re.findall(r"^\| \d+\. .*? \| (\d+) min \|", entry.body, flags=re.MULTILINE)
        assert len(steps) >= 3, entry.id
