"""The playbook ships inside the wheel and loads from a non-editable install."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the checkout so the build leaves nothing in the worktree."""
    source = tmp_path / "src-copy"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    out = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            ".",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = out.glob("pilot_tui-*.whl")
    return wheel


def test_the_wheel_carries_every_playbook_entry_and_loads_them(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    shipped = sorted(p.name for p in (REPO / "src/pilot_tui/playbooks/en").glob("*.md"))
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = sorted(
            n.removeprefix("pilot_tui/playbooks/en/")
            for n in archive.namelist()
            if n.startswith("pilot_tui/playbooks/en/") and n.endswith(".md")
        )
        archive.extractall(tmp_path / "installed")
    assert in_wheel == shipped
    # Import from the unpacked wheel alone (as a non-editable install would) and load.
    probe = (
        "import pilot_tui, sys; from pilot_tui.core.playbook import load_playbook; "
        "assert 'installed' in pilot_tui.__file__, pilot_tui.__file__; "
        "print(len(load_playbook()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(tmp_path / "installed")},
    )
    assert int(done.stdout) == len(shipped)
