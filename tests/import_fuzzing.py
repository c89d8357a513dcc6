"""Hostile and clumsy CSV files for the importer's property test and its benchmark script.

``csv_files()`` draws bytes a user could hand ``pilot import``: known and unknown headers,
cells with escape sequences, NULs, huge or odd numbers and dates, quotes, several delimiters
and encodings, or plain random bytes. ``check_one_import`` runs a whole import on one and
asserts the promise: it imports, or it refuses with one sentence and writes nothing.
"""

from pathlib import Path

from hypothesis import strategies as st

from pilot_tui.core.errors import PilotError
from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.run import ImportOptions, apply_import, prepare_import
from pilot_tui.core.models import User
from pilot_tui.core.store import Store

HEADERS = (
    "Id", "Name", "Stage", "Owner", "Amount", "Close Date", "Created", "Currency",
    "Probability", "Account", "Next Step", "Deal ID", "Deal Stage", "Deal owner",
    "Opportunity Name", "Status", "Lost reason", "Date entered Proposal",
)  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(
        [
            "", "Proposal", "Won", "Lost", "Prospecting", "sam", "ria", "Sam Seller", "nobody",
            "100", "1.234,50 €", "-5", "1e30", "100000000000000000", "NaN", "inf", "(12)",
            "2026-11-30", "30/11/2026", "1/1/1", "0001-01-01", "9999-12-31", "31/02/2026",
            "=HYPERLINK(\"x\")", "\x1b]0;PWNED\x07", "a\x00b", "\"", "x" * 300, "USD", "25%",
        ]
    ),
    st.text(max_size=30),
)  # fmt: skip
DELIMITERS = st.sampled_from([",", ";", "\t", "|"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


GOOD = {
    "Id": st.integers(1, 40).map(str),
    "Name": st.sampled_from(["Acme", "Beta renewal", "Zoë & Co"]),
    "Stage": st.sampled_from(["Proposal", "Won", "Lost", "Prospecting", "Negotiation"]),
    "Owner": st.sampled_from(["sam", "ria", "Sam Seller"]),
    "Amount": st.integers(0, 10**7).map(str),
    "Close Date": st.dates().map(lambda d: d.isoformat()),
    "Created": st.sampled_from(["2026-01-05", "05/01/2026", ""]),
}
"""A deal file's columns with values an export really holds."""


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """The bytes of one file: a deal export with some hostile cells (most often), a file of
    random headers and cells, or random bytes."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=400))
    delimiter = draw(DELIMITERS)
    if kind <= 3:
        headers = draw(
            st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), max_size=8)
        )
        rows = draw(st.lists(st.lists(CELLS, max_size=len(headers) + 1), max_size=6))
    else:
        headers = ["Id", "Stage", *draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True))]
        headers = list(dict.fromkeys(headers))
        hostile = st.integers(0, 7)
        rows = [
            [draw(CELLS) if draw(hostile) == 0 else draw(GOOD[h]) for h in headers]
            for _ in range(draw(st.integers(1, 6)))
        ]
    lines = [headers, *rows]
    text = "\n".join(delimiter.join(_quoted(c, delimiter) for c in line) for line in lines)
    return text.encode(draw(ENCODINGS), errors="replace")


def _quoted(cell: str, delimiter: str) -> str:
    if any(sign in cell for sign in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def table_counts(store: Store) -> dict[str, int]:
    """Rows of every table an import writes."""
    tables = ("deals", "stage_changes", "users", "accounts", "close_date_changes", "audit")
    return {t: int(store.scalar(f"SELECT count(*) FROM {t}")) for t in tables}


def check_one_import(store: Store, actor: User, data: bytes, folder: Path, name: str) -> None:
    """Import ``data`` as one file; a refusal must be one sentence and change nothing."""
    path = folder / name
    path.write_bytes(data)
    before = table_counts(store)
    try:
        options = ImportOptions(mapping=ImportMapping(), work_dir=folder)
        plan = prepare_import(store, actor, [path], options)
        apply_import(store, actor, plan)
    except PilotError as refused:
        sentence = str(refused)
        assert sentence.strip() and "\n" not in sentence, sentence
        assert "Traceback" not in sentence and "\x1b" not in sentence, sentence
        assert table_counts(store) == before, sentence
    finally:
        path.unlink(missing_ok=True)
