"""The verdict banner: AHEAD / ON PACE / BEHIND / NO TARGET, and why: the forecast with its
range (how sure it is) and the data quality."""

from rich.text import Text
from textual.widgets import Static

from pilot_tui.core.verdict import Verdict, VerdictView
from pilot_tui.i18n import _

LABELS = {
    Verdict.AHEAD: _("AHEAD"),
    Verdict.ON_PACE: _("ON PACE"),
    Verdict.BEHIND: _("BEHIND"),
    Verdict.NO_TARGET: _("NO TARGET"),
}


class VerdictBanner(Static):
    """Takes a ``VerdictView``; its colour comes from the theme (class per verdict)."""

    DEFAULT_CSS = """
    VerdictBanner {
        height: auto; min-height: 3; padding: 0 1; border: tall $panel;
        background: $panel; color: $text;
    }
    VerdictBanner.-ahead { background: $success-muted; border: tall $success; }
    VerdictBanner.-on-pace { background: $warning-muted; border: tall $warning; }
    VerdictBanner.-behind { background: $error-muted; border: tall $error; }
    VerdictBanner.-no-target { background: $panel; border: tall $secondary; }
    """

    def show(self, view: VerdictView) -> None:
        for verdict in Verdict:
            self.set_class(verdict is view.verdict, "-" + verdict.value.lower().replace(" ", "-"))
        # The word carries the verdict, so it reads the same in 16 colours or none.
        text = Text.assemble((LABELS[view.verdict], "bold"), "  ", view.why)
        if view.context:
            text.append("\n" + view.context, style="dim")
        self.update(text)
