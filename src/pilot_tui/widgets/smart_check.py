"""A SMART check letter by letter (✓ pass, ✗ fail, ? unknown, each with its reason)."""

from textual.markup import escape
from textual.widgets import Static

from pilot_tui.core.smart import SmartCheck
from pilot_tui.i18n import _

MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
STYLES = {"pass": "$success", "fail": "$error", "unknown": "$warning"}


def smart_summary(check: SmartCheck | None) -> str:
    """'S✓ M✓ A✗ R? T✓' for a table cell (the marks read without colour); '—' unchecked."""
    if check is None:
        return "—"
    return " ".join(f"{letter.letter}{MARKS[letter.status]}" for letter in check.letters)


class SmartCheckView(Static):
    """One line per letter and a verdict; ``show(None, why)`` says why there is no check."""

    DEFAULT_CSS = """
    SmartCheckView { height: auto; }
    """

    def show(self, check: SmartCheck | None, why: str = "", if_fails: str = "") -> None:
        """``if_fails`` is added to the verdict when a letter fails."""
        if check is None:
            self.update(escape(why or _("Not checked yet: saving an objective checks it.")))
            return
        lines = [
            f"[b {STYLES[letter.status]}]{MARKS[letter.status]} {letter.letter}[/] "
            f"[b]{escape(letter.name)}[/b]: {escape(letter.reason)}"
            for letter in check.letters
        ]
        verdict = _("SMART: no letter fails.")
        if not check.passes:
            verdict = " ".join(filter(None, [_("Not SMART: a letter fails."), if_fails]))
        self.update("\n".join([*lines, f"[i]{escape(verdict)}[/i]"]))
