"""A mapping file is checked by one model: every mistake is one sentence (issue 14, finding 7)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.importers.mapping import load_mapping


def _mapping(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "m.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("currency = 5", "currency is not valid: input should be a valid string (got 5)."),
        ("currency = 'dollars'", "currency is not valid: string should match pattern"),
        ("source = [1]", "source is not valid: input should be a valid string (got [1])."),
        ("dates = 'weekly'", "dates is not valid: input should be 'month-first' or 'day-first'"),
        ("colour = 'red'", "'colour' is not something a mapping file can set."),
        ("[rates]\nUSD = 'abc'", "rates.USD is not valid: input should be a valid decimal"),
        ("[rates]\nUSD = -1", "rates.USD is not valid: input should be greater than 0"),
        ("[users]\ncreate = 'yes'", "users.create is not valid: input should be a valid boolean"),
        ("[stages]\nWon = 3", "stages.Won is not valid: input should be a valid string (got 3)."),
        ("columns = 'x'", "columns is not valid: input should be a valid dictionary"),
        ("[columns]\nbogus = 'x'", "[columns] names unknown fields: bogus"),
        ("source = ", "is not valid TOML"),
        (b"source = '\xe9t\xe9'\n", "is not UTF-8 text: save it as UTF-8."),
    ],
)
def test_each_mistake_is_one_sentence(tmp_path: Path, text: str | bytes, sentence: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_mapping(_mapping(tmp_path, text))
    message = str(caught.value)
    assert sentence in message and "\n" not in message


def test_a_directory_a_missing_file_and_a_fifo_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is a directory, not a file"):
        load_mapping(tmp_path)
    with pytest.raises(ValidationError, match="does not exist"):
        load_mapping(tmp_path / "none.toml")
    os.mkfifo(tmp_path / "fifo.toml")
    with pytest.raises(ValidationError, match="not a regular file"):
        load_mapping(tmp_path / "fifo.toml")


def test_a_good_mapping_reads_every_table(tmp_path: Path) -> None:
    mapping = load_mapping(
        _mapping(
            tmp_path,
            'source = "maven"\ncurrency = "usd"\ndates = "day-first"\n'
            '[columns]\nexternal_id = "id"\n[stages]\n"Engaging" = "qualification"\n'
            '[owners]\n"Moses" = "moses"\n[users]\ncreate = true\n'
            '[history.entered]\nqualification = "engage_date"\n'
            '[companions]\nteams = "t.csv"\n[rates]\nusd = 0.92\n',
        )
    )
    assert (mapping.source, mapping.currency, mapping.dates) == ("maven", "USD", "day-first")
    assert mapping.columns == {"external_id": "id"} and mapping.create_users
    assert mapping.stage_names == {"Engaging": "qualification"}
    assert mapping.owners == {"Moses": "moses"}
    assert mapping.entered == {"qualification": "engage_date"}
    assert mapping.rates == {"USD": Decimal("0.92")}
