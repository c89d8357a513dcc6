"""One translation function for every user-facing string (stdlib gettext).

English is the source language; catalogues under ``locale/`` add others later. Every string a
user reads goes through ``_()`` so that adding French is a catalogue, not a code change.
"""

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation = gettext.translation("pilot", localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the user's language (English when no catalogue matches)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translation.ngettext(singular, plural, n)
