"""A tiny, strict front-matter reader for Markdown files (no YAML dependency).

The accepted subset, and nothing more::

    ---
    id: kpi-win_rate
    title: Win rate
    kpis: [win_rate, win_rate_value]
    # a comment line
    ---
    Markdown body...

- The file starts with a line ``---``; the front matter ends at the next line ``---``.
- Each non-blank line is ``key: value`` (``key`` is lowercase letters, digits and ``_``),
  or a comment starting with ``#``. A key appears once.
- A value is either a list in brackets, ``[a, b, c]`` (items separated by commas, no nesting,
  ``[]`` for empty), or a plain string. A string may be wrapped in double or single quotes
  (needed only to keep a leading ``[``); quotes are removed.

Anything else is refused with a ``FrontMatterError`` whose message says what and on which line;
the caller adds the file name.
"""

import re

FrontMatter = dict[str, str | list[str]]
"""Keys to a plain string or a list of strings."""

_DELIMITER = "---"
_LINE = re.compile(r"^(?P<key>[a-z][a-z0-9_]*):(?:\s+(?P<value>.*))?$")


class FrontMatterError(ValueError):
    """The front matter does not follow the accepted subset; the message says where."""


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Parse ``text`` into its front matter and its Markdown body.

    The body keeps its own text but loses the blank lines that separate it from the closing
    ``---``. A file without an opening ``---`` line, or without a closing one, is an error.
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != _DELIMITER:
        raise FrontMatterError("it does not start with a '---' front-matter line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == _DELIMITER)
    except StopIteration:
        raise FrontMatterError("its front matter has no closing '---' line") from None
    fields: FrontMatter = {}
    for number, raw in enumerate(lines[1:end], start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise FrontMatterError(f"line {number} is not 'key: value': {line!r}")
        key = match["key"]
        if key in fields:
            raise FrontMatterError(f"line {number} repeats the key '{key}'")
        fields[key] = _parse_value((match["value"] or "").strip(), number)
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return fields, body + "\n" if body else ""


def _parse_value(value: str, number: int) -> str | list[str]:
    if value.startswith("["):
        if not value.endswith("]"):
            raise FrontMatterError(f"line {number} opens a list with '[' but does not close it")
        inner = value[1:-1].strip()
        if not inner:
            return []
        items = [_unquote(item.strip()) for item in inner.split(",")]
        if any(not item or item.startswith("[") for item in items):
            raise FrontMatterError(f"line {number} has an empty or nested list item")
        return items
    return _unquote(value)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
