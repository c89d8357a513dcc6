"""User text made safe to show: what a rep typed or a CRM file held never drives a terminal.

A deal name, an action title, a note or a CSV header reaches other people's terminals (the
manager's ``pilot actions``, the Actions screen, a weekly report piped to ``less``). Escape
sequences hidden in it could set the window title (OSC 0), write the clipboard (OSC 52), move
the cursor or hide text. ``clean`` removes every escape sequence and control character and
keeps all printable Unicode, so what is shown is what was typed, minus the invisible.
"""

import re

_ST = r"(?:\x1b\\|\x07|\x9c)"
"""String terminator: ESC \\, BEL (xterm's OSC end) or the 8-bit ST."""

_SEQUENCES = re.compile(
    # OSC, DCS, SOS, PM, APC (7-bit ESC ] P X ^ _ or their 8-bit forms): up to the terminator,
    # or to the end of the text when it never comes (a terminal would swallow the rest).
    rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:{_ST}|$)"
    # CSI (ESC [ or 8-bit CSI): parameters, intermediates, one final byte.
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # Other escapes (ESC c, ESC 7, ESC ( B ...): intermediates then one final byte.
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?",
    re.DOTALL,
)

_BIDI = "\u202a-\u202e\u2066-\u2069"
"""Bidirectional embeddings, overrides and isolates: they reorder what the eye reads."""

_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\n\t\v\f\u2028\u2029\x85]")


def clean(text: str, *, multiline: bool = True) -> str:
    """``text`` without escape sequences (CSI, OSC, DCS, SOS, PM, APC, lone ESC), C0/C1 control
    characters, DEL or bidirectional overrides; printable Unicode is kept as is.

    With ``multiline`` tabs and newlines stay (a CR LF or lone CR becomes a newline); without
    it, every line break or tab becomes one space, for one-line places (a table cell, a title).
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEQUENCES.sub("", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """``clean`` for a one-line place: line breaks and tabs become spaces."""
    return clean(text, multiline=False)


_MARKDOWN_SIGNS = re.compile(r"([\\`\[\]<>|])")
"""Signs that make links, images, autolinks, raw HTML, code spans or table cells out of a
line. Emphasis stays (it changes no meaning); user text never starts a line in Pilot's
reports, so list and heading signs are left as is."""


def md_text(value: object) -> str:
    """``value`` as literal text inside one line of Markdown: cleaned (``clean_line``) and
    the signs of links, images, HTML and code backslash-escaped, so a rep's
    ``[x](https://…)`` or ``![](…)`` shows as typed instead of becoming a live link or a
    remote image. A pipe is escaped too, so the text also fits a table cell."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", clean_line(str(value)))
