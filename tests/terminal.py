"""A command in a real terminal (a detached tmux session): type keys, read the screen."""

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self, *, escapes: bool = False) -> str:
        """The visible text; with ``escapes``, with the terminal's colour sequences too."""
        flags = ["-e"] if escapes else []
        return subprocess.run(
            ["tmux", "capture-pane", "-p", *flags, "-t", self.session],
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, seconds: float = 90) -> str:
        """The screen once ``text`` is on it; fails with the last screen after ``seconds``
        (generous: on a loaded machine an SSH login and the app's start can take long; a
        screen that is right returns at once)."""
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed; the screen was:\n{screen}")

    def keys(self, *keys: str, then: str | None = None) -> str:
        """Type ``keys`` (tmux names: 'Enter', 'C-s'), then wait for ``then`` if given."""
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.session, key], check=True)
            time.sleep(0.3)
        return self.wait_for(then) if then is not None else self.screen()


@contextmanager
def terminal(session: str, command: str, size: tuple[int, int] = (100, 30)) -> Iterator[Terminal]:
    """Run ``command`` in a new tmux session of ``size``; killed on the way out."""
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    width, height = size
    subprocess.run(
        ["tmux", "new", "-d", "-s", session, "-x", str(width), "-y", str(height), command],
        check=True,
    )
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
