"""User text never drives a terminal and reports show it as text (issue 14, findings 1 and 6)."""

import json
from pathlib import Path

import pytest

from conftest import MANAGER, REP_SAM, Pilot
from pilot_tui.core.actions import create_action
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.periods import parse_period
from pilot_tui.core.reports import Format, to_html, weekly_report
from pilot_tui.core.store import Store
from pilot_tui.core.text import clean, clean_line, md_text
from pilot_tui.widgets.keyed_table import safe_cell, user_text

HOSTILE = "Call \x1b]0;PWNED\x1b\\back \x1b]52;c;aGk=\x07now \x9b2J\x1b[31mred\x1bc\x07\x7f!"
"""Sets the window title (OSC 0), writes the clipboard (OSC 52), clears the screen (8-bit
CSI), colours (CSI), resets the terminal (ESC c), plus BEL and DEL (NUL is refused when stored)."""

WEEK = parse_period("2026-W47")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (HOSTILE, "Call back now red!"),
        ("title \x1b]2;x", "title "),  # an OSC never terminated swallows the rest
        ("a\x1bP1$r\x1b\\b\x1b_apc\x9cc\x1b^pm\x07d", "abcd"),  # DCS, APC, PM
        ("a\x1b7b\x1b(Bc\x1b", "abc"),  # two-byte escapes, a charset switch, a lone ESC
        ("a\x9d8;;http://x\x9cb", "ab"),  # 8-bit OSC 8 hyperlink
        ("abc\u202edcba\u2066x\u2069", "abcdcbax"),  # bidi overrides reorder what is read
        ("Zoë 東京 🚀 €5 — ok", "Zoë 東京 🚀 €5 — ok"),  # printable Unicode kept as is
        ("line 1\r\nline\t2\rthree", "line 1\nline\t2\nthree"),
    ],
)
def test_clean_removes_escapes_and_controls_and_keeps_printable_text(
    typed: str, shown: str
) -> None:
    assert clean(typed) == shown


def test_clean_line_turns_line_breaks_and_tabs_into_spaces() -> None:
    assert clean_line("a\nb\tc\r\nd\u2028e") == "a b c d e"


def test_md_text_shows_links_images_and_html_as_typed() -> None:
    text = "see [deck](https://evil.example) ![x](https://evil.example/p.png) <b>|</b> `x`"
    assert md_text(text) == (
        "see \\[deck\\](https://evil.example) !\\[x\\](https://evil.example/p.png) "
        "\\<b\\>\\|\\</b\\> \\`x\\`"
    )


def test_weekly_html_report_makes_no_link_and_no_remote_image(team_store: Store) -> None:
    create_action(
        team_store,
        REP_SAM,
        title="Read [this](https://evil.example/x) ![p](https://evil.example/p.png) "
        "<https://evil.example/auto> <img src=x>",
        owner="sam",
        due=None,
    )
    page = weekly_report(team_store, MANAGER, WEEK, fmt="html")
    assert "<a " not in page and "<img" not in page
    assert "[this](https://evil.example/x)" in page and "&lt;img src=x&gt;" in page
    # Even Markdown that was not escaped makes no link or image in HTML.
    assert "<a " not in to_html("[x](https://e.example) ![i](https://e.example/i.png)", "t")


def test_reports_carry_no_escape_sequence(team_store: Store) -> None:
    create_action(team_store, REP_SAM, title=HOSTILE, owner="sam", due=None)
    formats: tuple[Format, ...] = ("md", "html")
    for fmt in formats:
        page = weekly_report(team_store, MANAGER, WEEK, fmt=fmt)
        assert "\x1b" not in page and "\x9b" not in page and "Call back now red!" in page


def test_an_error_sentence_quoting_a_file_is_cleaned() -> None:
    assert str(ValidationError("Unknown stage '\x1b]0;x\x07won'.")) == "Unknown stage 'won'."


def test_a_reps_escape_sequences_never_reach_the_managers_terminal(pilot: Pilot) -> None:
    code, out, _ = pilot("sam", "actions", "add", HOSTILE)
    assert code == 0 and "\x1b" not in out
    for command in (
        ["actions"],
        ["export", "activities"],
        ["export", "activities", "--format", "json"],
        ["report", "weekly"],
        ["report", "weekly", "--format", "html"],
    ):
        code, out, err = pilot("mia", *command)
        assert code == 0, err
        assert "\x1b" not in out + err and "\x9b" not in out, command
        assert "back" in out, command


def test_json_output_keeps_the_exact_text_as_escapes(pilot: Pilot) -> None:
    pilot("sam", "actions", "add", HOSTILE)
    code, out, _ = pilot("mia", "actions", "--json")
    assert "\x1b" not in out and "\x9b" not in out
    assert [a["title"] for a in json.loads(out)] == [HOSTILE]


def test_an_error_message_reaches_stderr_cleaned(pilot: Pilot) -> None:
    code, _, err = pilot("mia", "actions", "add", "x", "--owner", "\x1b]0;PWNED\x07nobody")
    assert code == 1 and err.startswith("pilot: ") and "\x1b" not in err


def test_widget_cells_show_user_text_as_text_never_as_markup() -> None:
    cell = safe_cell("[@click=app.quit]Acme[/] \x1b]0;x\x07deal")
    assert cell.plain == "[@click=app.quit]Acme[/] deal" and not cell.spans
    assert user_text("[link=https://evil.example]x[/link]").plain.startswith("[link=")
    assert safe_cell(42) == 42


def test_import_messages_quote_a_file_as_text(team_store: Store, tmp_path: Path) -> None:
    from pilot_tui.core.importers.reading import BadRow
    from pilot_tui.core.importers.run import ImportOptions, prepare_import
    from pilot_tui.core.importers.summary import plan_markdown

    row = BadRow(tmp_path / "d.csv", 3, "Am\x1b]0;x\x07ount", "'\x1b[2J9' is not a number.")
    assert row.describe() == "d.csv:3 [Amount]: '9' is not a number."
    path = tmp_path / "[x](https:evil.example)\x1b]0;T\x07.csv"
    path.write_text("Id,Name,Stage,Owner\n1,Acme,Proposal,sam\n", encoding="utf-8")
    text = plan_markdown(
        prepare_import(team_store, MANAGER, [path], ImportOptions(work_dir=tmp_path))
    )
    assert "\x1b" not in text and "\\[x\\](https:evil.example).csv" in text
