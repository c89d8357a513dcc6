"""The SMART check of an objective, letter by letter.

Each letter says pass / fail / unknown and why, with the numbers it used. Figures come from
the KPI engine's windows (``core.metrics.figures``, the scope's own history); thresholds are
``SmartThresholds``.
"""

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from pilot_tui.core import clock
from pilot_tui.core.derivation import Derivation, derive
from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.figures import BEST_OF_PERIODS, best_past_period, today_window
from pilot_tui.core.metrics.pipeline import pipeline_value
from pilot_tui.core.metrics.quality import next_step_coverage
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.stats import MIN_EVENTS
from pilot_tui.core.metrics.targets import won_target
from pilot_tui.core.money import format_money
from pilot_tui.core.percent import format_share
from pilot_tui.core.periods import Period, parse_calendar_period
from pilot_tui.core.store.store import Store
from pilot_tui.core.vocabulary import METRICS as METRICS
from pilot_tui.core.vocabulary import MetricSpec as MetricSpec
from pilot_tui.core.vocabulary import ObjectiveKind as ObjectiveKind
from pilot_tui.core.vocabulary import Unit as Unit
from pilot_tui.i18n import _, ngettext

Status = Literal["pass", "fail", "unknown"]


HISTORY_PERIODS = BEST_OF_PERIODS


@dataclass(frozen=True)
class SmartThresholds:
    max_ratio_to_best: float = 1.5
    """A money or count target above this multiple of the best past period is not achievable."""
    max_share_gain: float = 0.25
    """A share target more than this above today's share (25 points) is not achievable."""


DEFAULT_THRESHOLDS = SmartThresholds()


class ObjectiveDraft(BaseModel):
    """An objective as entered: ``owner`` for a rep, else ``team`` for the team."""

    kind: str
    metric: str
    target: float
    period: str
    owner: str | None = None
    team: str | None = None
    rationale: str | None = None

    @property
    def scope(self) -> Scope:
        return Scope("rep", self.owner) if self.owner else Scope("team", self.team)

    @property
    def whose(self) -> str:
        """'rep sam' or 'team north', for sentences."""
        if self.owner:
            return _("rep {owner}").format(owner=self.owner)
        return _("team {team}").format(team=self.team)


class LetterCheck(BaseModel):
    letter: Literal["S", "M", "A", "R", "T"]
    name: str
    status: Status
    reason: str


class SmartCheck(BaseModel):
    letters: list[LetterCheck]

    @property
    def passes(self) -> bool:
        """True when no letter fails (an unknown letter does not fail the objective)."""
        return all(letter.status != "fail" for letter in self.letters)


def smart_check(
    store: Store, draft: ObjectiveDraft, thresholds: SmartThresholds = DEFAULT_THRESHOLDS
) -> SmartCheck:
    """Check ``draft`` letter by letter against the scope's history and pipeline."""
    spec = METRICS.get(draft.metric)
    period = _period_or_none(draft.period)
    formatter = ValueFormatter.of(store)
    checks = [_specific(draft, spec), _measurable(draft, spec, formatter)]
    if spec is None or period is None or not _positive(draft, spec):
        why = _("cannot be judged until the objective is specific, measurable and dated.")
        checks += [_letter("A", "unknown", why), _letter("R", "unknown", why)]
    else:
        checks += [
            _achievable(store, draft, spec, period, thresholds, formatter),
            _realistic(store, draft, spec, period, formatter),
        ]
    checks.append(_time_bound(draft, period))
    return SmartCheck(letters=checks)


@dataclass(frozen=True)
class ValueFormatter:
    currency: str

    @classmethod
    def of(cls, store: Store) -> "ValueFormatter":
        """In the database's currency (the one the KPI snapshot reports in)."""
        return cls(store.currency())

    def __call__(self, value: float, unit: Unit) -> str:
        """Money in minor units as '€12,500' (``format_money``), a share as '62 %', a count
        as '12'."""
        if unit == "money":
            return format_money(value, self.currency)
        if unit == "share":
            return format_share(value)
        return f"{value:g}"


def _specific(draft: ObjectiveDraft, spec: MetricSpec | None) -> LetterCheck:
    if spec is None:
        reason = _("'{metric}' is not a metric Pilot measures; use one of {known}.").format(
            metric=draft.metric, known=", ".join(METRICS)
        )
        return _letter("S", "fail", reason)
    if spec.kind != draft.kind:
        reason = _("{metric} is a {expected} metric, not a {kind} one.").format(
            metric=draft.metric, expected=spec.kind, kind=draft.kind
        )
        return _letter("S", "fail", reason)
    if not draft.owner and not draft.team:
        reason = _("it names neither a rep nor a team.")
        return _letter("S", "fail", reason)
    reason = _("{metric} for {scope}.").format(metric=draft.metric, scope=draft.whose)
    return _letter("S", "pass", reason)


def _positive(draft: ObjectiveDraft, spec: MetricSpec) -> bool:
    return draft.target > 0 and (spec.unit != "share" or draft.target <= 1)


def _measurable(
    draft: ObjectiveDraft, spec: MetricSpec | None, fmt: "ValueFormatter"
) -> LetterCheck:
    if spec is None:
        reason = _("an unknown metric has no unit.")
        return _letter("M", "fail", reason)
    units = {
        "money": _("an amount of money"),
        "count": _("a count"),
        "share": _("a share between 0 and 1"),
    }
    if not _positive(draft, spec):
        reason = _("the target {target:g} is not {unit} above zero.").format(
            target=draft.target, unit=units[spec.unit]
        )
        return _letter("M", "fail", reason)
    reason = _("the target {value} is {unit}.").format(
        value=fmt(draft.target, spec.unit), unit=units[spec.unit]
    )
    return _letter("M", "pass", reason)


def _achievable(
    store: Store,
    draft: ObjectiveDraft,
    spec: MetricSpec,
    period: Period,
    thresholds: SmartThresholds,
    fmt: ValueFormatter,
) -> LetterCheck:
    scope = draft.scope
    today = today_window(store, scope, clock.today())
    if spec.unit == "share":
        coverage = next_step_coverage(today)
        current, n = coverage.value, coverage.n
        if current is None:
            return _letter("A", "unknown", _("there is no open deal to measure the share on."))
        gain = draft.target - current
        status: Status = "pass" if gain <= thresholds.max_share_gain else "fail"
        reason = _(
            "the target {target} is {points:+.0f} points from today's {current} (n={n});"
            " the limit is +{limit:.0f}."
        ).format(
            target=fmt(draft.target, "share"),
            points=gain * 100,
            current=fmt(current, "share"),
            n=n,
            limit=thresholds.max_share_gain * 100,
        )
        return _letter("A", status, reason)
    if draft.metric == "pipeline_value":
        best = pipeline_value(today).value or 0.0
        basis = _("today's open pipeline ({value})").format(value=fmt(best, "money"))
    else:
        best, best_label = best_past_period(store, scope, draft.metric, period, clock.today())
        basis = _("the best {kind} of the last {count} ({label}: {value})").format(
            kind=period.kind, count=HISTORY_PERIODS, label=best_label, value=fmt(best, spec.unit)
        )
    if best <= 0:
        return _letter("A", "unknown", _("no history to compare the target with."))
    ratio = draft.target / best
    status = "pass" if ratio <= thresholds.max_ratio_to_best else "fail"
    reason = _("the target is {ratio:.1f}× {basis}; the limit is {limit:.1f}×.").format(
        ratio=ratio, basis=basis, limit=thresholds.max_ratio_to_best
    )
    return _letter("A", status, reason)


def _realistic(
    store: Store, draft: ObjectiveDraft, spec: MetricSpec, period: Period, fmt: ValueFormatter
) -> LetterCheck:
    if spec.kind == "quality":
        return _letter("R", "pass", _("a share of open deals does not depend on pipeline volume."))
    outcome = _outcome_target(store, draft) if spec.kind != "outcome" else round(draft.target)
    if outcome is None:
        return _letter("R", "unknown", _("there is no outcome objective to check it against."))
    derivation = derive(store, draft.scope, outcome, period)
    if derivation.win_rate is None:
        reason = _(
            "{n} deals closed in the last 12 months: too few to know the win rate ({min} needed)."
        ).format(n=derivation.closed_deals, min=MIN_EVENTS)
        return _letter("R", "unknown", reason)
    if spec.kind == "outcome":
        return _realistic_outcome(derivation, period, fmt)
    needed = {
        "pipeline_value": derivation.pipeline_to_cover_minor,
        "new_opps": derivation.new_opps_needed,
        "activities": (
            derivation.new_opps_needed * derivation.activities_per_opportunity
            if derivation.new_opps_needed is not None
            and derivation.activities_per_opportunity is not None
            else None
        ),
    }[draft.metric]
    if needed is None:
        return _letter("R", "unknown", _("no won deal or opportunity history to derive from."))
    if spec.unit == "count":
        needed = math.ceil(needed)
    status: Status = "pass" if draft.target >= needed else "fail"
    reason = _("the outcome objective ({outcome}) needs {needed}; this target is {target}.").format(
        outcome=fmt(outcome, "money"),
        needed=fmt(needed, spec.unit),
        target=fmt(draft.target, spec.unit),
    )
    return _letter("R", status, reason)


def _realistic_outcome(d: Derivation, period: Period, fmt: ValueFormatter) -> LetterCheck:
    assert d.win_rate is not None
    if d.remaining_minor == 0:
        reason = _("{won} is already won, at or above the target.").format(
            won=fmt(d.won_minor, "money")
        )
        return _letter("R", "pass", reason)
    reachable = d.open_due_minor * d.win_rate
    status: Status = "pass" if reachable >= d.remaining_minor else "fail"
    reason = _(
        "open pipeline due by {end} ({open}) × win rate {rate} (n={n}) = {reachable}, "
        "against {remaining} still to win"
    ).format(
        end=period.end.isoformat(),
        open=fmt(d.open_due_minor, "money"),
        rate=fmt(d.win_rate, "share"),
        n=d.closed_deals,
        reachable=fmt(reachable, "money"),
        remaining=fmt(d.remaining_minor, "money"),
    )
    if status == "fail" and d.pipeline_needed_minor is not None:
        reason += _("; {needed} of new pipeline is needed").format(
            needed=fmt(d.pipeline_needed_minor, "money")
        )
    return _letter("R", status, reason + ".")


def _outcome_target(store: Store, draft: ObjectiveDraft) -> int | None:
    """The won-value target of the scope and period, as the dashboard reads it (a team's own,
    else the sum of its reps'), if one is set."""
    target = won_target(frames_for(store).objectives, draft.scope, draft.period)
    return None if target is None else round(target)


def _time_bound(draft: ObjectiveDraft, period: Period | None) -> LetterCheck:
    if period is None:
        return _letter(
            "T",
            "fail",
            _("'{period}' is not a month, ISO week or quarter.").format(period=draft.period),
        )
    left = (period.end - clock.today()).days
    if left < 0:
        reason = _("the period {label} ended on {end}.").format(
            label=period.label, end=period.end.isoformat()
        )
        return _letter("T", "fail", reason)
    reason = (
        _("{label} ends today ({end}).")
        if left == 0
        else ngettext(
            "{label} ends on {end}, in {days} day.", "{label} ends on {end}, in {days} days.", left
        )
    ).format(label=period.label, end=period.end.isoformat(), days=left)
    return _letter("T", "pass", reason)


_NAMES = {
    "S": "specific",
    "M": "measurable",
    "A": "achievable",
    "R": "realistic",
    "T": "time-bound",
}


def _letter(letter: Literal["S", "M", "A", "R", "T"], status: Status, reason: str) -> LetterCheck:
    return LetterCheck(letter=letter, name=_NAMES[letter], status=status, reason=reason)


def _period_or_none(text: str) -> Period | None:
    try:
        return parse_calendar_period(text)
    except ValidationError:
        return None
