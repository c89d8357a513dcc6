"""Standard output and error as the CLI writes them: cleaned of escape sequences and control
characters. Standard library only: every command, ``--help`` included, passes through here."""

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pilot_tui.core.text import clean


class CleanStream(io.TextIOBase):
    """A text stream that writes everything through ``core.text.clean``: no escape sequence
    or control character in a deal name, a title or an error echoing a CSV header reaches the
    terminal, whatever prints it. ``raw`` is the stream underneath (for Rich, which cleans
    its text itself and keeps its own styles)."""

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(clean(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return bool(self.raw.isatty())

    def fileno(self) -> int:
        return int(self.raw.fileno())

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.raw, "encoding", "utf-8"))


@contextmanager
def clean_output() -> Iterator[None]:
    """Within: ``sys.stdout`` and ``sys.stderr`` clean what they are given (the CLI's one
    place where text leaves Pilot toward a terminal)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(sys.stdout), CleanStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved
