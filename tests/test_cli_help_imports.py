"""`pilot --help` and every subcommand's help build their parser without the engines: no
pandas, pydantic or Textual is imported (DESIGN §11: help answers about as fast as argparse)."""

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "pydantic", "textual")

PROBE = """
import argparse, contextlib, io, json, sys
from pilot_tui.cli import build_parser, main

def paths(parser, prefix):
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from paths(sub, [*prefix, name])

asked = list(paths(build_parser(), []))
for path in asked:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main([*path, "--help"])
print(json.dumps({"asked": [" ".join(p) for p in asked], "loaded": sorted(sys.modules)}))
"""


def test_every_help_loads_no_engine() -> None:
    """One fresh interpreter asks for `pilot --help`, then every subcommand's help; none of
    them may have imported pandas, numpy, pydantic or Textual."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    result = json.loads(probe.stdout)
    assert {"", "kpis", "status", "diagnose", "objectives add", "demo"} <= set(result["asked"])
    loaded = {name.split(".")[0] for name in result["loaded"]}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_still_describes_the_commands() -> None:
    """The lazy parser still says what each command does and offers its choices."""
    helped = subprocess.run(
        [sys.executable, "-m", "pilot_tui", "objectives", "add", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "won_value" in helped and "predictive" in helped


def test_export_choices_are_the_exportable_tables() -> None:
    """The names `pilot export` offers are the ones the store has a query for."""
    from pilot_tui.core.store.exports import QUERIES, READ_RULE
    from pilot_tui.core.vocabulary import EXPORT_TABLES

    assert EXPORT_TABLES == tuple(QUERIES) == tuple(READ_RULE)
