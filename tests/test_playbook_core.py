"""Loading, overriding, searching and linking playbook entries (core.playbook)."""

from pathlib import Path

import pytest

from pilot_tui.core.errors import NotFoundError
from pilot_tui.core.frontmatter import FrontMatterError, split_front_matter
from pilot_tui.core.playbook import (
    BrokenLink,
    Entry,
    EntryKind,
    Playbook,
    PlaybookEntryError,
    load_playbook,
    parse_entry,
)


def page(
    entry_id: str,
    *,
    title: str = "A page",
    kind: str = "pitch",
    body: str = "Some text.",
    extra: str = "",
) -> str:
    return f"---\nid: {entry_id}\ntitle: {title}\nkind: {kind}\n{extra}---\n{body}\n"


def entry(entry_id: str, title: str, body: str, tags: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id=entry_id, title=title, kind=EntryKind.PITCH, body=body, source="test", tags=tags
    )


# --- front matter -------------------------------------------------------------------------


def test_front_matter_reads_strings_lists_quotes_and_comments() -> None:
    text = (
        "---\nid: x\ntitle: \"KPI: win rate\"\n# a comment\n\ntags: [a, b c , 'd']\n"
        "kpis: []\n---\n\nBody line.\n"
    )
    fields, body = split_front_matter(text)
    assert fields == {"id": "x", "title": "KPI: win rate", "tags": ["a", "b c", "d"], "kpis": []}
    assert body == "Body line.\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("id: x\n---\nbody", "does not start with a '---'"),
        ("---\nid: x\nbody", "no closing '---'"),
        ("---\nid x\n---\nbody", "line 2 is not 'key: value'"),
        ("---\nid: x\nid: y\n---\nbody", "line 3 repeats the key 'id'"),
        ("---\ntags: [a, b\n---\nbody", "line 2 opens a list"),
        ("---\ntags: [a, , b]\n---\nbody", "line 2 has an empty or nested list item"),
    ],
)
def test_front_matter_refuses_what_it_does_not_understand(text: str, reason: str) -> None:
    with pytest.raises(FrontMatterError, match=reason):
        split_front_matter(text)


# --- one entry ----------------------------------------------------------------------------


def test_parse_entry_fills_every_field() -> None:
    got = parse_entry(
        page(
            "my-page",
            kind="kpi",
            extra="stage: proposal\nkpis: [win_rate]\n"
            "rules: [stuck_deals]\ntags: [t1, t2]\nrelated: [other]\n",
            body="See [that](playbook:other) and [this](playbook:third).",
        ),
        "f.md",
    )
    assert (got.id, got.kind, got.stage, got.kpis, got.rules, got.tags, got.related) == (
        "my-page",
        EntryKind.KPI,
        "proposal",
        ("win_rate",),
        ("stuck_deals",),
        ("t1", "t2"),
        ("other",),
    )
    assert got.inline_links == ("other", "third")
    assert got.summary == "See that and this."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter at all", "does not start with a '---' front-matter line"),
        ("---\ntitle: T\nkind: pitch\n---\nbody", "the 'id' key is missing"),
        (page("x", kind="pitches"), "the kind 'pitches' is not one of stage_guide, qualification"),
        (page("Bad Id"), "the id 'Bad Id' may only hold"),
        (page("x", extra="kpi: [win_rate]\n"), "unknown key(s) kpi"),
        (page("x", extra="stage: [a, b]\n"), "'stage' must be a single value, not a list"),
        (page("x", body=""), "it has no text after its front matter"),
    ],
)
def test_a_bad_entry_is_one_sentence_naming_its_file(text: str, reason: str) -> None:
    with pytest.raises(PlaybookEntryError) as caught:
        parse_entry(text, "team/oops.md")
    message = str(caught.value)
    assert message.startswith("The playbook entry team/oops.md is not valid: ")
    assert reason in message
    assert message.endswith(".") and "\n" not in message


# --- team directory -----------------------------------------------------------------------


def test_team_entries_override_shipped_ones_by_id_and_add_new_ones(tmp_path: Path) -> None:
    shipped = load_playbook()
    (tmp_path / "our-bant.md").write_text(
        page("bant", title="Our own BANT", kind="qualification", body="We ask about budget last.")
    )
    (tmp_path / "demo-script.md").write_text(page("demo-script", title="Our demo script"))
    (tmp_path / "notes.txt").write_text("not an entry")
    team = load_playbook(tmp_path)
    assert len(team) == len(shipped) + 1
    assert team.get("bant").title == "Our own BANT"
    assert team.get("bant").from_team and not shipped.get("bant").from_team
    assert team.get("bant").source == str(tmp_path / "our-bant.md")
    assert team.get("demo-script").from_team
    assert team.get("meddic") == shipped.get("meddic")


def test_a_bad_team_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "broken.md").write_text("---\nid: broken\n")
    with pytest.raises(PlaybookEntryError, match=r"broken\.md is not valid: its front matter"):
        load_playbook(tmp_path)


def test_two_team_files_with_one_id_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(page("same"))
    (tmp_path / "b.md").write_text(page("same"))
    with pytest.raises(PlaybookEntryError, match=r"b\.md uses the id 'same' already used by"):
        load_playbook(tmp_path)


def test_a_missing_team_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="team playbook directory .* does not exist"):
        load_playbook(tmp_path / "nowhere")


def test_a_language_without_entries_falls_back_to_english() -> None:
    assert [e.id for e in load_playbook(lang="xx")] == [e.id for e in load_playbook()]


# --- links --------------------------------------------------------------------------------


def test_a_broken_related_or_inline_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(
        page("x", extra="related: [bant, gone]\n", body="Read [this](playbook:missing-too).")
    )
    assert load_playbook(tmp_path).broken_links() == [
        BrokenLink("x", "gone", "related"),
        BrokenLink("x", "missing-too", "inline"),
    ]


def test_an_override_that_drops_a_linked_page_breaks_nothing_it_keeps(tmp_path: Path) -> None:
    (tmp_path / "bant.md").write_text(
        page("bant", kind="qualification", extra="related: [meddic]\n")
    )
    assert load_playbook(tmp_path).broken_links() == []


# --- queries ------------------------------------------------------------------------------


def test_get_an_unknown_id_suggests_close_ones() -> None:
    with pytest.raises(
        NotFoundError, match="no playbook entry 'kpi-win_rat'; did you mean kpi-win_rate"
    ):
        load_playbook().get("kpi-win_rat")
    with pytest.raises(NotFoundError, match="'pilot playbook list' shows them all"):
        load_playbook().get("zzzzzzzzzz")


def test_list_entries_filters_by_kind_and_orders_by_kind_then_title() -> None:
    shipped = load_playbook()
    assert [e.kind for e in shipped.list_entries()][0] is EntryKind.STAGE_GUIDE
    assert [e.kind for e in shipped.list_entries()][-1] is EntryKind.RULE
    follow_ups = shipped.list_entries("follow_up")
    assert [e.title for e in follow_ups] == sorted(e.title for e in follow_ups)
    assert {e.id for e in follow_ups} == {
        "follow-up-first-meeting",
        "follow-up-proposal",
        "follow-up-silent-prospect",
        "follow-up-after-loss",
    }


def test_for_kpi_rule_and_stage_put_the_own_page_first() -> None:
    shipped = load_playbook()
    by_kpi = shipped.for_kpi("win_rate")
    assert by_kpi[0].id == "kpi-win_rate"
    assert {"bant", "kpi-win_rate_value"} <= {e.id for e in by_kpi}
    assert all("win_rate" in e.kpis for e in by_kpi)
    assert shipped.for_rule("stuck_deals")[0].id == "rule-stuck_deals"
    by_stage = shipped.for_stage("qualification")
    assert by_stage[0].id == "stage-qualification"
    assert "bant" in {e.id for e in by_stage}
    assert shipped.for_kpi("no_such_kpi") == []


def test_search_ranks_a_title_hit_above_body_mentions() -> None:
    playbook = Playbook(
        [
            entry("a", "Opening calls", "pricing pricing pricing pricing"),
            entry("b", "Pricing talks", "How to answer."),
            entry("c", "Unrelated", "Nothing here."),
        ]
    )
    hits = playbook.search("pricing")
    assert [h.entry.id for h in hits] == ["b", "a"]
    assert hits[0].score == 10 + 0 and hits[1].score == 3


def test_search_prefers_entries_matching_every_word_and_tags_count() -> None:
    playbook = Playbook(
        [
            entry("one", "Silent buyers", "What to send."),
            entry("both", "Prospect follow-up", "When a prospect goes silent."),
            entry("tagged", "Something", "Body.", tags=("silent",)),
        ]
    )
    assert [h.entry.id for h in playbook.search("silent prospect")][0] == "both"
    assert playbook.search("silent prospect")[0].snippet == "When a prospect goes silent."
    assert {h.entry.id for h in playbook.search("silent")} == {"one", "both", "tagged"}
    assert playbook.search("  ") == []


def test_search_of_the_shipped_playbook_finds_the_obvious_page_first() -> None:
    shipped = load_playbook()
    assert shipped.search("silent prospect")[0].entry.id == "follow-up-silent-prospect"
    assert shipped.search("MEDDIC")[0].entry.id == "meddic"
    assert shipped.search("win rate")[0].entry.id == "kpi-win_rate"
    assert shipped.search("xylophone") == []
