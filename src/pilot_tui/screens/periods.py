"""The period keys screens share: `[` earlier, `]` later, `t` week / month / quarter."""

from textual.binding import Binding

from pilot_tui.core.clock import today
from pilot_tui.core.periods import Period, next_calendar_kind
from pilot_tui.i18n import _


def period_bindings(prefix: str) -> list[Binding]:
    """The three keys, with ids ``<prefix>.previous|next|period`` (so a keymap can rebind)."""
    return [
        Binding(
            "left_square_bracket",
            "shift_period(-1)",
            _("Earlier"),
            key_display="[",
            id=f"{prefix}.previous",
        ),
        Binding(
            "right_square_bracket",
            "shift_period(1)",
            _("Later"),
            key_display="]",
            id=f"{prefix}.next",
        ),
        Binding("t", "cycle_period_kind", _("Period"), id=f"{prefix}.period"),
    ]


class PeriodBrowsing:
    """Mixin for a screen about one ``period``: the actions of ``period_bindings``;
    ``period_changed`` loads the new period."""

    period: Period | None = None

    def period_changed(self) -> None:
        raise NotImplementedError

    def action_shift_period(self, step: int) -> None:
        if self.period is not None:
            self.period = self.period.next() if step > 0 else self.period.previous()
            self.period_changed()

    def action_cycle_period_kind(self) -> None:
        self.period = next_calendar_kind(self.period, today())
        self.period_changed()
