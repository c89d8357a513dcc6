"""What a won-value target asks of the pipeline and of weekly activity, in a few lines."""

from textual.markup import escape
from textual.widgets import Static

from pilot_tui.core.derivation import Derivation
from pilot_tui.core.metrics.catalog import Unit
from pilot_tui.core.metrics.display import format_amount
from pilot_tui.core.metrics.stats import MIN_EVENTS
from pilot_tui.core.percent import format_share
from pilot_tui.i18n import _


def derivation_lines(d: Derivation, currency: str) -> list[str]:
    """Won so far and left to win, win rate (n), coverage against what is required,
    pipeline needed, and new opportunities and activities per week."""

    def money(minor: float) -> str:
        return format_amount(Unit.MONEY, minor, currency)

    if d.remaining_minor == 0:
        return [
            _("Won so far {won} of {target}: the target is reached.").format(
                won=money(d.won_minor), target=money(d.target_minor)
            )
        ]
    lines = [
        _("Won so far {won} of {target}; {remaining} still to win.").format(
            won=money(d.won_minor), target=money(d.target_minor), remaining=money(d.remaining_minor)
        )
    ]
    if d.win_rate is None:
        lines.append(
            _("Win rate: too few to say ({n} deals closed in 12 months, {min} needed).").format(
                n=d.closed_deals, min=MIN_EVENTS
            )
        )
        return lines
    lines.append(
        _("Win rate {rate} (n={n}, last 12 months).").format(
            rate=format_share(d.win_rate), n=d.closed_deals
        )
    )
    if d.coverage is not None and d.required_coverage is not None:
        lines.append(
            _("Coverage {coverage} ({open} due); this win rate needs {required}.").format(
                coverage=format_amount(Unit.RATIO, d.coverage, currency),
                open=money(d.open_due_minor),
                required=format_amount(Unit.RATIO, d.required_coverage, currency),
            )
        )
    if d.pipeline_needed_minor == 0:
        lines.append(_("Pipeline needed: none, the open pipeline due covers it."))
        return lines
    if d.pipeline_needed_minor is not None:
        lines.append(
            _("Pipeline needed: {needed} more.").format(needed=money(d.pipeline_needed_minor))
        )
    if d.weekly_new_opps is not None:
        weekly = _("Each week: {opps:.1f} new opportunities").format(opps=d.weekly_new_opps)
        if d.weekly_activities is not None:
            weekly += _(", {activities:.0f} activities").format(activities=d.weekly_activities)
        lines.append(weekly + _(" ({weeks:.1f} weeks left).").format(weeks=d.weeks_left))
    return lines


class DerivationView(Static):
    """Under a "What it asks" heading; ``show(None)`` hides it (not a won-value target)."""

    DEFAULT_CSS = """
    DerivationView { height: auto; margin-top: 1; }
    """

    def show(self, derivation: Derivation | None, currency: str = "EUR") -> None:
        self.display = derivation is not None
        if derivation is not None:
            heading = "[b]" + escape(_("What it asks")) + "[/b]"
            lines = [escape(line) for line in derivation_lines(derivation, currency)]
            self.update("\n".join([heading, *lines]))
