"""What a rule sees: the frames, the requested scope and window, the thresholds, and cached
windows for any scope and period (so rules share their computations)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from pilot_tui.core.context import Context, DiagnosticThresholds
from pilot_tui.core.metrics.frames import Frames
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope, scoped, scoped_each
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.periods import Period, PeriodKind, date_range, period_containing


def default_window(today: date, weeks: int) -> Period:
    """The last ``weeks`` weeks up to and including ``today``."""
    return date_range(today - timedelta(days=7 * weeks - 1), today)


def diagnostic_window(context: Context) -> Period:
    """The window diagnostics look at when none is asked for: the last ``window_weeks``
    weeks up to and including today."""
    return default_window(context.today, context.thresholds.window_weeks)


def weeks_before(period: Period, weeks: int) -> Period:
    """The ``weeks`` weeks just before ``period`` (the baseline a rate is compared with)."""
    return date_range(period.start - timedelta(days=7 * weeks), period.start - timedelta(days=1))


@dataclass
class RuleContext:
    frames: Frames
    scope: Scope
    """The scope asked for (a team, or one rep, segment or offer)."""
    period: Period
    """The diagnostic window."""
    today: date
    thresholds: DiagnosticThresholds
    _windows: dict[tuple[Scope, Period], Window] = field(default_factory=dict, repr=False)
    _split: dict[str, dict[str, Frames]] = field(default_factory=dict, repr=False)

    @property
    def as_of(self) -> date:
        return min(self.today, self.period.end)

    def window(self, scope: Scope, period: Period | None = None) -> Window:
        """The window of ``period`` (default: the diagnostic window) for ``scope``."""
        key = (scope, period or self.period)
        if key not in self._windows:
            self._windows[key] = make_window(
                self.frames, scope, key[1], self.today, within=self._within(scope)
            )
        return self._windows[key]

    def _within(self, scope: Scope) -> Frames | None:
        """The frames of one rep, segment or offer, split for all of them at once (rules
        scan hundreds of reps); None for a team (``make_window`` scopes it)."""
        if scope.kind == "team" or scope.value is None:
            return None
        if scope.kind not in self._split:
            self._split[scope.kind] = scoped_each(self.frames, scope.kind)
        split = self._split[scope.kind]
        return split.get(scope.value) or scoped(self.frames, scope)

    @property
    def baseline(self) -> Period:
        """The ``baseline_weeks`` weeks before the window."""
        return weeks_before(self.period, self.thresholds.baseline_weeks)

    def trailing(self, weeks: int) -> Period:
        """The last ``weeks`` weeks up to the window's last day seen."""
        return default_window(self.as_of, weeks)

    @property
    def calendar_period(self) -> Period:
        """The week, month or quarter diagnosed; for a date range, the month of its last day
        seen (objectives and targets are set per calendar period)."""
        if self.period.kind is PeriodKind.RANGE:
            return period_containing(self.as_of, PeriodKind.MONTH)
        return self.period

    def sub_scopes(self, kind: str) -> list[Scope]:
        """Under a team: each rep (active users owning deals), segment or offer present in
        its deals, sorted; under another scope: that scope itself when of ``kind``."""
        if self.scope.kind != "team":
            return [self.scope] if self.scope.kind == kind else []
        deals = scoped(self.frames, self.scope).deals
        if kind == "rep":
            users = self.frames.users
            active = set(users.loc[users["active"].astype(bool), "login"])
            values = {str(v) for v in deals["owner"].dropna()} & active
        else:
            values = {str(v) for v in deals[kind].dropna() if str(v)}
        return [Scope(kind, v) for v in sorted(values)]
