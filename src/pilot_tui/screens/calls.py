"""The forecast call of this month: each rep's call beside their commit deals, what they won
and Pilot's forecast, the team's sums and gaps, and past calls' accuracy; `s` submits a call."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Footer, Input, Label, Static

from pilot_tui.core.calls import (
    CallAccuracy,
    ForecastCall,
    Rollup,
    call_accuracy,
    call_rollup,
    parse_call_amount,
    rollup_summary,
    submit_call,
)
from pilot_tui.core.errors import PilotError
from pilot_tui.core.money import format_money
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.form import FormModal
from pilot_tui.widgets.keyed_table import KeyedTable
from pilot_tui.widgets.titlebar import TitleBar

COLUMNS = (
    (_("Rep"), 10),
    (_("Commit call"), 11),
    (_("Best case"), 10),
    (_("Won"), 9),
    (_("Commit deals"), 12),
    (_("Pilot"), 9),
)


class CallsScreen(PilotScreen):
    """The team's calls for this month; `s` submits yours."""

    TITLE = _("Forecast call")
    AUTO_FOCUS = "#calls"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "submit_call", _("Submit my call"), id="calls.submit"),
    ]
    DEFAULT_CSS = """
    CallsScreen #calls { height: auto; max-height: 1fr; }
    CallsScreen #calls-summary { height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield KeyedTable(COLUMNS, id="calls")
        yield Static(id="calls-summary", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        context, actor = self.pilot.context, self.pilot.actor
        team = actor.team or ""
        period = context.this_month()

        def read() -> tuple[Rollup, CallAccuracy]:
            return (
                self.pilot.read(call_rollup, context, period, team),
                self.pilot.read(call_accuracy, context, period, team),
            )

        self.in_background(read, self._show, group="calls")

    def _show(self, loaded: tuple[Rollup, CallAccuracy]) -> None:
        rollup, accuracy = loaded
        locale = self.pilot.context.locale

        def money(minor: int | None) -> str:
            return format_money(minor, rollup.currency, compact=True, locale=locale)

        self.show_title(f"{rollup.team} · {rollup.period}")
        rows = [
            (
                rep.login,
                [
                    rep.login,
                    money(rep.call.commit) if rep.call else _("no call"),
                    money(rep.call.best_case) if rep.call else "—",
                    money(rep.won),
                    money(rep.commit_deals),
                    money(rep.forecast),
                ],
            )
            for rep in rollup.reps
        ]
        rows.append(
            (
                "",
                [
                    _("Σ"),
                    money(rollup.calls_commit),
                    money(rollup.calls_best_case),
                    money(rollup.won),
                    money(rollup.commit_deals),
                    money(rollup.forecast),
                ],
            )
        )
        self.query_one(KeyedTable).replace_rows(rows)
        lines = rollup_summary(rollup, money)
        judged = {who: e for who, e in accuracy.mean_abs_error.items() if e is not None}
        if judged:
            lines.append(
                _("Calls off by, on average over the last periods: {list}").format(
                    list=", ".join(f"{who} {error:.0%}" for who, error in judged.items())
                )
            )
        self.query_one("#calls-summary", Static).update("\n".join(lines))

    def action_submit_call(self) -> None:
        def submitted(call: ForecastCall | None) -> None:
            if call is not None:
                self.notify(_("Call saved for {period}.").format(period=call.period), timeout=3)
                self.pilot.data_changed()

        self.app.push_screen(CallForm(), submitted)


class CallForm(FormModal[ForecastCall | None]):
    """Commit, best case and the sentence the call rests on; ctrl+s submits it through core."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", _("Submit"), id="call.submit"),
    ]
    DEFAULT_CSS = """
    CallForm #call-error { color: $error; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("[b]My call for this month[/b]  ctrl+s submit · Esc cancel"))
            with Grid():
                yield Label(_("Commit"))
                yield Input(placeholder="50k", compact=True, id="call-commit")
                yield Label(_("Best case"))
                yield Input(placeholder="80k", compact=True, id="call-best")
                yield Label(_("Because"))
                yield Input(compact=True, id="call-note")
            yield Static(id="call-error")
            yield from self.submit_buttons(_("Submit"))

    def action_submit(self) -> None:
        app = self.pilot
        commit = self.query_one("#call-commit", Input).value
        best = self.query_one("#call-best", Input).value
        note = self.query_one("#call-note", Input).value

        def save() -> ForecastCall:
            return app.write(
                submit_call,
                app.actor,
                app.context.this_month(),
                parse_call_amount(commit),
                parse_call_amount(best),
                note,
            )

        self.in_background(save, self.dismiss, group="call-form", refused=self.show_error)

    def show_error(self, error: PilotError) -> None:
        self.query_one("#call-error", Static).update(str(error))
