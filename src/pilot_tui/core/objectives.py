"""SMART objectives of four kinds for a team or a rep and a period: create, edit, delete, progress.

Saving runs the SMART check (``core.smart``) and stores it in ``smart_check_json``; an objective
that fails a letter is still saved (the check advises, the manager decides). Writes are for
managers (store permissions); everyone reads objectives.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ConfigDict

from pilot_tui.core import clock
from pilot_tui.core.derivation import Derivation, derive
from pilot_tui.core.errors import DuplicateObjectiveError, NotFoundError, ValidationError
from pilot_tui.core.metrics.figures import (
    PERIOD_FIGURES,
    period_figure,
    period_window,
    today_window,
)
from pilot_tui.core.metrics.pipeline import pipeline_value
from pilot_tui.core.metrics.quality import next_step_coverage
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.models import User
from pilot_tui.core.money import MINOR_DIGITS
from pilot_tui.core.periods import parse_calendar_period
from pilot_tui.core.smart import (
    DEFAULT_THRESHOLDS,
    METRICS,
    ObjectiveDraft,
    SmartCheck,
    SmartThresholds,
    Unit,
    ValueFormatter,
    smart_check,
)
from pilot_tui.core.store.objectives import objective_row, objective_rows, same_target_row
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import user_exists, user_name
from pilot_tui.core.store.writer import Writer
from pilot_tui.core.vocabulary import OBJECTIVE_KINDS
from pilot_tui.i18n import _

KINDS = OBJECTIVE_KINDS


class Objective(ObjectiveDraft):
    """A saved objective: the draft's fields plus its id, stored SMART check and version."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: int
    smart_check_json: str | None = None
    version: int = 1
    updated_at: str | None = None
    updated_by: str | None = None

    @property
    def draft(self) -> ObjectiveDraft:
        return ObjectiveDraft.model_validate(
            self.model_dump(include=set(ObjectiveDraft.model_fields))
        )

    @property
    def smart(self) -> SmartCheck | None:
        """The SMART check stored when the objective was last saved."""
        if not self.smart_check_json:
            return None
        return SmartCheck.model_validate_json(self.smart_check_json)


def create_objective(
    store: Store,
    actor: User,
    draft: ObjectiveDraft,
    thresholds: SmartThresholds = DEFAULT_THRESHOLDS,
) -> Objective:
    """Validate, SMART-check and save ``draft``; returns the saved objective."""
    _validate(store, draft)
    check = smart_check(store, draft, thresholds)
    with store.write(actor) as writer:
        refuse_second_target(store, draft, reader=writer)
        objective_id = writer.insert(
            "objectives", {**draft.model_dump(), "smart_check_json": check.model_dump_json()}
        )
    return get_objective(store, int(objective_id))


def update_objective(
    store: Store,
    actor: User,
    objective_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    thresholds: SmartThresholds = DEFAULT_THRESHOLDS,
) -> Objective:
    """Change fields of an objective and re-run its SMART check, all or nothing."""
    current = get_objective(store, objective_id)
    unknown = set(changes) - set(ObjectiveDraft.model_fields)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: {fields}.").format(fields=", ".join(sorted(unknown)))
        )
    draft = ObjectiveDraft.model_validate({**current.draft.model_dump(), **changes})
    _validate(store, draft)
    check = smart_check(store, draft, thresholds)
    with store.write(actor) as writer:
        refuse_second_target(store, draft, excluding=objective_id, reader=writer)
        writer.update(
            "objectives",
            objective_id,
            {**changes, "smart_check_json": check.model_dump_json()},
            expected_version=expected_version,
        )
    return get_objective(store, objective_id)


METRIC_TARGETS = {
    "won_value": _("a won-value target"),
    "new_opps": _("a new-opportunities target"),
    "activities": _("an activities target"),
    "next_step_coverage": _("a next-step coverage target"),
    "pipeline_value": _("a pipeline-value target"),
}
"""Each objective metric as the refusal of a second target names it."""


def refuse_second_target(
    store: Store,
    draft: ObjectiveDraft,
    *,
    excluding: int | None = None,
    reader: Store | Writer | None = None,
) -> None:
    """Raise ``DuplicateObjectiveError`` when ``draft``'s scope already has an objective for
    its metric and period (other than ``excluding``, the one being edited): one target per
    scope, metric and period, so the verdict never judges a sum of two targets. The
    sentence names the first: "Dina already has a won-value target for 2026-11: €40,000
    (objective #12); edit it instead." ``reader``: the write transaction, when saving."""
    row = same_target_row(
        reader or store,
        owner=draft.owner,
        team=draft.team,
        metric=draft.metric,
        period=draft.period,
        excluding=excluding,
    )
    if row is None:
        return
    first = Objective.model_validate(row)
    if first.owner:
        whose = user_name(store, first.owner) or first.owner
    elif first.team:
        whose = _("Team {team}").format(team=first.team)
    else:
        whose = _("The team")
    spec = METRICS.get(first.metric)
    target = ValueFormatter.of(store)(first.target, spec.unit) if spec else f"{first.target:g}"
    raise DuplicateObjectiveError(
        _(
            "{whose} already has {what} for {period}: {target} (objective #{id}); edit it instead."
        ).format(
            whose=whose,
            what=METRIC_TARGETS.get(first.metric, first.metric),
            period=first.period,
            target=target,
            id=first.id,
        ),
        existing_id=first.id,
    )


def check_unchecked(store: Store, actor: User, period: str) -> int:
    """Run and store the SMART check of ``period``'s objectives saved without one (written in
    bulk, like the demo's); returns how many were checked."""
    unchecked = [o for o in list_objectives(store, period=period) if o.smart_check_json is None]
    for objective in unchecked:
        update_objective(store, actor, objective.id, {}, expected_version=objective.version)
    return len(unchecked)


def delete_objective(
    store: Store, actor: User, objective_id: int, *, expected_version: int | None
) -> None:
    with store.write(actor) as writer:
        writer.delete("objectives", objective_id, expected_version=expected_version)


def get_objective(store: Store, objective_id: int) -> Objective:
    row = objective_row(store, objective_id)
    if row is None:
        raise NotFoundError(_("There is no objective {id}.").format(id=objective_id))
    return Objective.model_validate(row)


def list_objectives(
    store: Store, *, period: str | None = None, owner: str | None = None, team: str | None = None
) -> list[Objective]:
    """Objectives, filtered; team objectives (no owner) first, then by owner, kind, metric."""
    rows = objective_rows(store, period=period, owner=owner, team=team)
    return [Objective.model_validate(row) for row in rows]


def derivation_for(store: Store, objective: ObjectiveDraft) -> Derivation:
    """Pipeline and weekly activity an outcome (won value) objective asks for; ``objective``
    may be a draft still being typed (a saved ``Objective`` is one too)."""
    if objective.metric != "won_value":
        raise ValidationError(
            _("Only a won-value objective can be derived into pipeline and activity.")
        )
    return derive(
        store,
        objective.scope,
        round(objective.target),
        parse_calendar_period(objective.period),
    )


def parse_target(metric: str, text: str) -> float:
    """A target as typed, in ``metric``'s unit: money in currency units → minor units
    ('50000' or '50,000' → 5,000,000); a share as 0.8, 80 or '80%' → 0.8; a count as given.

    Raises ``ValidationError`` (one sentence) for an unknown metric or a text that is not a
    number.
    """
    spec = METRICS.get(metric)
    if spec is None:
        raise ValidationError(_("'{metric}' is not a metric Pilot measures.").format(metric=metric))
    cleaned = text.strip().replace(",", "").replace("_", "")
    percent = cleaned.endswith("%")
    refusal = ValidationError(_("'{text}' is not a number.").format(text=text))
    try:
        value = Decimal(cleaned.rstrip("%"))
        if not value.is_finite():
            raise refusal
    except InvalidOperation:
        raise refusal from None
    if spec.unit == "money":
        target = float(value * 10**MINOR_DIGITS)
    elif spec.unit == "share" and (percent or value > 1):
        target = float(value / 100)
    else:
        target = float(value)
    if not math.isfinite(target):  # beyond what a float holds, e.g. 1e999
        raise refusal
    return target


@dataclass(frozen=True)
class Progress:
    """Where an objective stands today: ``current`` in the metric's unit (money in minor
    units, shares 0..1); ``ratio`` = current / target."""

    objective_id: int
    metric: str
    unit: Unit
    target: float
    current: float
    ratio: float


def progress(store: Store, objective: Objective) -> Progress:
    """Current value of the objective's metric for its scope, up to today.

    won_value / new_opps / activities count from the period's start to today (or its end);
    next_step_coverage and pipeline_value are today's values (0 with no open deal).
    """
    spec = METRICS.get(objective.metric)
    if spec is None:
        raise ValidationError(
            _("'{metric}' is not a metric Pilot measures.").format(metric=objective.metric)
        )
    period = parse_calendar_period(objective.period)
    scope = objective.draft.scope
    day = clock.today()
    current: float
    if objective.metric in PERIOD_FIGURES:
        current = period_figure(period_window(store, scope, period, day), objective.metric)
    elif objective.metric == "pipeline_value":
        current = pipeline_value(today_window(store, scope, day)).value or 0.0
    else:
        current = _next_step_share(store, scope) or 0.0
    return Progress(
        objective_id=objective.id,
        metric=objective.metric,
        unit=spec.unit,
        target=objective.target,
        current=float(current),
        ratio=float(current) / objective.target if objective.target else 0.0,
    )


@dataclass(frozen=True)
class ObjectiveStatus:
    """One objective as the app and ``pilot objectives`` list it: what it is, where it stands
    today, and, for a won-value objective, what it asks of the pipeline and of activity."""

    objective: Objective
    description: str
    progress: Progress
    derivation: Derivation | None


def objective_statuses(store: Store, *, period: str | None = None) -> list[ObjectiveStatus]:
    """``list_objectives`` (in its order) with each one's description, progress and, for a
    won-value objective, its derivation (``derivation_for``)."""
    return [
        ObjectiveStatus(
            objective=objective,
            description=describe_objective(store, objective),
            progress=progress(store, objective),
            derivation=(
                derivation_for(store, objective) if objective.metric == "won_value" else None
            ),
        )
        for objective in list_objectives(store, period=period)
    ]


@dataclass(frozen=True)
class DraftCheck:
    """What saving a draft would store (its SMART check), and what a won-value target asks of
    the pipeline (None for another metric, or a period or target the check refuses)."""

    smart: SmartCheck
    derivation: Derivation | None
    currency: str
    refusal: str | None = None
    """Why saving would be refused (``refuse_second_target``'s sentence), or None."""


def check_draft(
    store: Store,
    draft: ObjectiveDraft,
    thresholds: SmartThresholds = DEFAULT_THRESHOLDS,
    *,
    excluding: int | None = None,
) -> DraftCheck:
    """Check ``draft`` as it is being typed; saves nothing. ``excluding``: the objective being
    edited, which is not a second target of its own scope."""
    smart = smart_check(store, draft, thresholds)
    derivation = None
    if draft.metric == "won_value" and draft.target > 0:
        try:
            derivation = derivation_for(store, draft)
        except ValidationError:
            derivation = None
    try:
        refuse_second_target(store, draft, excluding=excluding)
        refusal = None
    except DuplicateObjectiveError as refused:
        refusal = str(refused)
    return DraftCheck(
        smart=smart, derivation=derivation, currency=store.currency(), refusal=refusal
    )


def describe_objective(store: Store, draft: ObjectiveDraft) -> str:
    """'won_value €50,000.00 for team north in 2026-11' (the target in the metric's unit)."""
    spec = METRICS.get(draft.metric)
    fmt = ValueFormatter.of(store)
    target = fmt(draft.target, spec.unit) if spec else f"{draft.target:g}"
    return _("{metric} {target} for {scope} in {period}").format(
        metric=draft.metric, target=target, scope=draft.whose, period=draft.period
    )


QUALITY_STEP = 0.2
"""A proposed next-step coverage target is today's share plus this (at most 100 %)."""


def propose_from_outcome(store: Store, outcome: Objective) -> list[ObjectiveDraft]:
    """Objectives derived from a won-value target, for the same scope and period:
    predictive pipeline_value = remaining / win rate (rounded up to a whole currency unit);
    means new_opps = new opportunities needed and activities = that × activities per
    opportunity (both rounded up); quality
    next_step_coverage = today's share + ``QUALITY_STEP`` (rounded to 5 %, at most 1).
    A figure that needs an unknown rate is left out."""
    d = derivation_for(store, outcome)
    scope = {"owner": outcome.owner, "team": outcome.team, "period": outcome.period}
    why = _("derived from the outcome objective {id}").format(id=outcome.id)
    drafts = []
    if d.pipeline_to_cover_minor is not None:
        unit = 10**MINOR_DIGITS
        pipeline = math.ceil(d.pipeline_to_cover_minor / unit) * unit
        drafts.append(("predictive", "pipeline_value", float(pipeline)))
    if d.new_opps_needed is not None:
        drafts.append(("means", "new_opps", float(math.ceil(d.new_opps_needed))))
        if d.activities_per_opportunity is not None:
            activities = math.ceil(d.new_opps_needed * d.activities_per_opportunity)
            drafts.append(("means", "activities", float(activities)))
    share = _next_step_share(store, outcome.draft.scope)
    if share is not None:
        drafts.append(
            ("quality", "next_step_coverage", min(1.0, round((share + QUALITY_STEP) * 20) / 20))
        )
    return [
        ObjectiveDraft(kind=kind, metric=metric, target=target, rationale=why, **scope)
        for kind, metric, target in drafts
    ]


def starting_draft(
    store: Store, *, kind: str, period: str, owner: str | None, team: str | None
) -> ObjectiveDraft:
    """A new objective of ``kind`` for a scope and period, as objective setting starts it:
    derived from the scope's won-value objective for the period when there is one
    (``propose_from_outcome``; its first proposal of that kind), else the kind's first metric
    with no target yet."""
    if kind != "outcome":
        outcomes = [
            o
            for o in list_objectives(store, period=period, owner=owner)
            if o.metric == "won_value" and o.owner == owner
        ]
        if outcomes:
            proposals = propose_from_outcome(store, outcomes[-1])
            proposal = next((draft for draft in proposals if draft.kind == kind), None)
            if proposal is not None:
                return proposal
    metric = next((name for name, spec in METRICS.items() if spec.kind == kind), "won_value")
    return ObjectiveDraft(kind=kind, metric=metric, target=0, period=period, owner=owner, team=team)


def _next_step_share(store: Store, scope: Scope) -> float | None:
    """Today's share of the scope's open deals with a future next step (None: no open deal)."""
    return next_step_coverage(today_window(store, scope, clock.today())).value


def _validate(store: Store, draft: ObjectiveDraft) -> None:
    """Refuse what cannot be stored at all (the SMART check judges the rest)."""
    if draft.kind not in KINDS:
        raise ValidationError(
            _("'{kind}' is not an objective kind; use one of {kinds}.").format(
                kind=draft.kind, kinds=", ".join(KINDS)
            )
        )
    parse_calendar_period(draft.period)
    if draft.owner is not None and not user_exists(store, draft.owner):
        raise ValidationError(_("There is no user '{login}'.").format(login=draft.owner))
