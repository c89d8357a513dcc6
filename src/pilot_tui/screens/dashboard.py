"""The landing screen: verdict, KPI cards, funnel, stuck deals and actions — team or one rep."""

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from pilot_tui.core.dashboard import DashboardData, ObjectiveLine, build_dashboard
from pilot_tui.core.metrics.state import Scope, parse_scope
from pilot_tui.core.models import Activity, Deal, Role
from pilot_tui.core.money import format_money
from pilot_tui.core.percent import format_share
from pilot_tui.core.periods import Period
from pilot_tui.core.store.pipeline import FilterChoices, filter_choices
from pilot_tui.i18n import _
from pilot_tui.screens.base import PilotScreen
from pilot_tui.screens.periods import PeriodBrowsing, period_bindings
from pilot_tui.screens.pick import PickScreen
from pilot_tui.widgets.forecast_chart import ForecastChart
from pilot_tui.widgets.funnel import Funnel
from pilot_tui.widgets.keyed_table import user_text
from pilot_tui.widgets.kpi_card import KpiCard
from pilot_tui.widgets.titlebar import TitleBar
from pilot_tui.widgets.verdict import VerdictBanner

TEAM = "__team__"


class DashboardScreen(PeriodBrowsing, PilotScreen):
    """The team's dashboard for managers; a rep lands on their own. `v` changes whose."""

    TITLE = _("Dashboard")
    AUTO_FOCUS = "#deals"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose_view", _("View"), id="dashboard.view"),
        *period_bindings("dashboard"),
        Binding("s", "app.switch_mode('kpis')", _("KPIs"), id="dashboard.kpis"),
        Binding("enter", "open_deal", _("Open deal"), show=False, id="dashboard.open"),
    ]
    DEFAULT_CSS = """
    DashboardScreen #dashboard-body { height: 1fr; }
    DashboardScreen #cards { height: 6; }
    DashboardScreen #dashboard-lower { height: auto; }
    DashboardScreen #dashboard-charts { width: 1fr; min-width: 46; height: auto; }
    DashboardScreen #dashboard-lists { width: 1fr; height: auto; }
    DashboardScreen .section-title { text-style: bold; padding: 0 1; }
    DashboardScreen #dashboard-lists OptionList {
        text-wrap: nowrap; text-overflow: ellipsis; height: auto; max-height: 8;
        border: none; padding: 0 1;
    }
    DashboardScreen #objectives-title { margin-top: 1; }
    DashboardScreen #actions, DashboardScreen #objectives { padding: 0 1; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rep: str | None = None
        self.scope: str | None = None
        """A segment or offer scope ('segment:smb'); None for the team or ``rep``."""
        self.period: Period | None = None
        self.data: DashboardData | None = None
        self.opening_view: tuple[str | None, str | None, Period | None] | None = None
        """The view a launch opens on: its verdict is remembered for the next launch."""
        self.choices: FilterChoices | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        with VerticalScroll(id="dashboard-body"):
            yield VerdictBanner(id="verdict")
            yield Horizontal(id="cards")
            with Horizontal(id="dashboard-lower"):
                with Vertical(id="dashboard-charts"):
                    yield Funnel(id="funnel")
                    yield ForecastChart(id="forecast")
                    yield Static(_("Objectives"), id="objectives-title", classes="section-title")
                    yield Static(id="objectives")
                with Vertical(id="dashboard-lists"):
                    yield Static(id="deals-title", classes="section-title")
                    yield OptionList(id="deals")
                    yield Static(id="actions-title", classes="section-title")
                    yield Static(id="actions")
        yield Footer(compact=True, show_command_palette=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reps see their own view only: no key to switch to someone else's."""
        return not (action == "choose_view" and self.pilot.actor.role is Role.REP)

    def why_not(self, action: str) -> str | None:
        if action == "choose_view" and self.pilot.actor.role is Role.REP:
            return _("A rep sees their own dashboard; other views are for managers.")
        return super().why_not(action)

    def on_mount(self) -> None:
        actor = self.pilot.actor
        self.rep = actor.login if actor.role is Role.REP else None
        self.period = self.pilot.context.this_month()
        self.opening_view = (self.rep, self.scope, self.period)
        opening = self.pilot.opening
        if opening is not None:  # already on screen (LaunchScreen): keep it, don't blank it
            self.query_one(VerdictBanner).show(opening.verdict)
            self.show_title(opening.detail)

    def reload(self) -> None:
        super().reload()
        self.load()

    def load(self) -> None:
        view = (self.rep, self.scope, self.period)
        opening = view == self.opening_view

        def read() -> DashboardData:
            # Read before computing: a write in between makes the remembered state older (a
            # miss next time), never a newer state with an older verdict.
            state = self.pilot.launch_state() if opening else None
            data = self.pilot.read(self.dashboard_data, *view)
            if self.choices is None:
                self.choices = self.pilot.read(filter_choices)
            if state is not None:
                self.pilot.remember_launch(state, data.verdict, self.title_detail(data))
            return data

        self.in_background(read, self._show, group="dashboard")

    def dashboard_data(
        self, store: Any, rep: str | None, scope: str | None, period: Period | None
    ) -> DashboardData:
        """The seam: everything this screen shows comes from this one core call."""
        context = self.pilot.context
        whose = parse_scope(scope) if scope else Scope("rep", rep) if rep else Scope()
        return build_dashboard(
            store, context, self.pilot.actor, whose, period or context.this_month()
        )

    @staticmethod
    def title_detail(data: DashboardData) -> str:
        scope = _("rep {login}").format(login=data.rep) if data.rep else data.scope_label
        return f"{scope} · {data.period_label}"

    async def _show(self, data: DashboardData) -> None:
        self.data = data
        self.show_title(self.title_detail(data))
        self.query_one(VerdictBanner).show(data.verdict)
        cards = self.query_one("#cards", Horizontal)
        existing = list(cards.query(KpiCard))
        if [c.view.kpi for c in existing] == [k.kpi for k in data.kpis]:
            for card, view in zip(existing, data.kpis, strict=True):
                card.show(view)
        else:
            await cards.remove_children()
            await cards.mount_all(KpiCard(view) for view in data.kpis)
        self.query_one(Funnel).show(data.funnel, data.currency)
        self.query_one(ForecastChart).show(data.forecast, data.currency)
        self.query_one("#objectives", Static).update(
            _objectives_text(data.objectives, can_set=self.pilot.actor.is_manager)
        )
        deals = data.own_deals if data.rep else data.stuck
        self.query_one("#deals-title", Static).update(
            _("My open deals")
            if data.rep == self.pilot.actor.login
            else _("Open deals")
            if data.rep
            else _("Stuck deals")
        )
        self._fill_deals(deals)
        self.query_one("#actions-title", Static).update(
            _("Open actions") if data.rep else _("Overdue actions")
        )
        self.query_one("#actions", Static).update(_actions_text(data.actions))

    def _fill_deals(self, deals: list[Deal]) -> None:
        options = self.query_one("#deals", OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(
                user_text(
                    f"{d.name[:22]:<22} {d.owner:<5} "
                    f"{format_money(d.amount_minor, d.currency, compact=True):>6}"
                ),
                id=str(d.id),
            )
            for d in deals
        )
        if deals:
            options.highlighted = min(highlighted or 0, len(deals) - 1)
        else:
            options.add_option(Option(_("none"), disabled=True))

    @on(OptionList.OptionSelected, "#deals")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            from pilot_tui.screens.deal import DealScreen

            self.app.push_screen(DealScreen(int(event.option.id)))

    def action_open_deal(self) -> None:
        self.query_one("#deals", OptionList).action_select()

    def action_choose_view(self) -> None:
        choices = [(TEAM, _("The team"))] + self._scope_choices()

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value.startswith("rep:"):
                self.show_scope(value.removeprefix("rep:"), None)
            else:
                self.show_scope(None, None if value == TEAM else value)

        self.app.push_screen(PickScreen(_("Whose dashboard?"), choices), chosen)

    def _scope_choices(self) -> list[tuple[str, str]]:
        logins = self.data.reps if self.data else []
        choices = [(f"rep:{login}", login) for login in logins]
        if self.choices is not None:
            choices += [
                (f"segment:{key}", _("segment {label}").format(label=label))
                for key, label in self.choices.segments
            ]
            choices += [
                (f"offer:{key}", _("offer {label}").format(label=label))
                for key, label in self.choices.offers
            ]
        return choices

    def show_rep(self, rep: str | None) -> None:
        self.show_scope(rep, None)

    def show_scope(self, rep: str | None, scope: str | None) -> None:
        self.rep, self.scope = rep, scope
        self.load()

    def period_changed(self) -> None:
        self.load()

    def extra_commands(self) -> list[tuple[str, Any, str]]:
        logins = self.data.reps if self.data else []
        entries: list[tuple[str, Any, str]] = [
            (_("Dashboard: team view"), lambda: self.show_rep(None), _("the whole team"))
        ]
        for login in logins:
            entries.append(
                (
                    _("Dashboard: view of {login}").format(login=login),
                    lambda login=login: self.show_rep(login),
                    _("that rep's numbers, deals and actions"),
                )
            )
        return entries


def _objectives_text(objectives: list[ObjectiveLine], *, can_set: bool) -> str:
    if not objectives:
        return _("none for this period (o sets them)") if can_set else _("none for this period")
    return "\n".join(
        _("{metric} {current} of {target} · {share}").format(
            metric=f"{o.metric.replace('_', ' '):<18}",
            current=o.current,
            target=o.target,
            share=format_share(o.ratio),
        )
        for o in objectives
    )


def _actions_text(actions: list[Activity]) -> Text | str:
    if not actions:
        return _("none")
    return Text("\n").join(
        user_text(f"{a.due.isoformat()[5:] if a.due else '     '} {a.owner:<5} {a.title[:28]}")
        for a in actions
    )
