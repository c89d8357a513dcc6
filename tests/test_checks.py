"""The repository's static checks run with the tests, so CI runs them: the import contracts of
docs/architecture.md (`lint-imports`) and the type checker over src and tests (`mypy`)."""

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
