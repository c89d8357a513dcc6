"""The repository's checks that are not about one feature, run with the tests so CI runs them:
the import contracts of docs/architecture.md (`lint-imports`), the type checker over src and
tests (`mypy`), and core loading in a plain Python process."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_src_and_tests() -> None:
    result = run(sys.executable, "-m", "mypy")  # files: pyproject.toml's [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr


CORE_PROBE = """
import importlib, json, pkgutil, sys
import pilot_tui.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "pilot_tui.core.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""
NOT_IN_CORE = ("textual", "pilot_tui.config")
"""What no core module may load, even indirectly: core runs in a plain Python process and
takes its settings as a Context made at the edge."""


def test_every_core_module_loads_without_textual_or_the_settings() -> None:
    result = run(sys.executable, "-c", CORE_PROBE)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert "pilot_tui.core.metrics.snapshot" in probe["modules"]  # the walk went deep
    assert "pilot_tui.core.diagnostics.rules.pipeline" in probe["modules"]
    loaded = [
        module
        for module in probe["loaded"]
        if any(module == name or module.startswith(f"{name}.") for name in NOT_IN_CORE)
    ]
    assert loaded == []
