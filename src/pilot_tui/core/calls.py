"""Forecast categories and the call: each rep says what they will win in a period (commit and
best case, with a sentence), the manager reads the roll-up against Pilot's forecast and
records the team call, and once a period is over each call is judged against what was won.

Calls are never edited: each one is a new row with its date, and the call judged for a
period is the latest made before the period ended.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from pilot_tui.core import clock
from pilot_tui.core.context import Context
from pilot_tui.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from pilot_tui.core.metrics.cache import frames_for
from pilot_tui.core.metrics.snapshot import make_window
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.models import Deal, Role, StageKind, User
from pilot_tui.core.money import parse_money
from pilot_tui.core.periods import Period
from pilot_tui.core.store import Store
from pilot_tui.core.store.calls import call_rows
from pilot_tui.core.store.deals import get_deal, update_deal
from pilot_tui.core.store.stages import list_stages
from pilot_tui.core.store.users import get_user, list_users
from pilot_tui.core.text import clean_line
from pilot_tui.i18n import _

CATEGORIES = ("pipeline", "best_case", "commit", "omitted")
"""Forecast categories of an open deal, from least to most certain (omitted: left out)."""


def set_forecast_category(
    store: Store, actor: User, deal_id: int, category: str, *, expected_version: int | None
) -> Deal:
    """Put an open deal in a forecast category, through the audited write path: its owner or
    a manager only (``PermissionDeniedError`` otherwise, nothing written). ``expected_version``
    None: the deal as it is now."""
    if category not in CATEGORIES:
        raise ValidationError(
            _("'{category}' is not a forecast category; use one of: {known}.").format(
                category=category, known=", ".join(CATEGORIES)
            )
        )
    deal = get_deal(store, deal_id)
    if not actor.is_manager and deal.owner != actor.login:
        raise PermissionDeniedError(
            _(
                "{login} is a rep and can only set the category of their own deals; deal {id} "
                "belongs to {owner}."
            ).format(login=actor.login, id=deal_id, owner=deal.owner)
        )
    kinds = {stage.key: stage.kind for stage in list_stages(store)}
    if kinds.get(deal.stage) is not StageKind.OPEN:
        raise ValidationError(
            _("Deal {id} is closed: only an open deal has a forecast category.").format(id=deal_id)
        )
    version = deal.version if expected_version is None else expected_version
    return update_deal(
        store, actor, deal_id, {"forecast_category": category}, expected_version=version
    )


class ForecastCall(BaseModel):
    """A call; money in minor units. ``owner`` None: the team's call (by its manager)."""

    id: int
    period: str
    owner: str | None
    team: str | None
    commit: int
    best_case: int
    note: str | None
    judgment: str | None
    """The team call against the reps' calls when it was made: 'raised', 'lowered', 'kept'."""
    at: datetime
    by: str

    @classmethod
    def of(cls, row: dict[str, object]) -> "ForecastCall":
        return cls.model_validate(
            {**row, "commit": row["commit_minor"], "best_case": row["best_case_minor"]}
        )


def parse_call_amount(text: str) -> int:
    """Minor units of a call typed as 50000, 50 000 or 50k (``ValidationError`` otherwise)."""
    value = parse_money(text)
    if value is None:
        raise ValidationError(_("Give an amount, such as 50000 or 50k."))
    return value


def _check_call(period: Period, commit: int, best_case: int) -> None:
    if period.end < clock.today():
        raise ValidationError(
            _("{period} is over: a call is for a period in progress or to come.").format(
                period=period.label
            )
        )
    if commit < 0 or best_case < 0:
        raise ValidationError(_("A call is zero or more."))
    if best_case < commit:
        raise ValidationError(_("The best case cannot be below the commit."))


def submit_call(
    store: Store,
    actor: User,
    period: Period,
    commit: int,
    best_case: int,
    note: str,
    owner: str | None = None,
) -> ForecastCall:
    """Record ``owner``'s call (default: the actor's) for ``period``. A rep calls only for
    themselves; a manager may call for a rep of theirs. Raises ``PermissionDeniedError`` or
    ``ValidationError`` with one sentence; nothing is written then."""
    login = owner or actor.login
    if login != actor.login and not actor.is_manager:
        raise PermissionDeniedError(
            _("{login} is a rep and can only submit their own call, not {owner}'s.").format(
                login=actor.login, owner=login
            )
        )
    user = get_user(store, login)
    if user is None:
        raise NotFoundError(_("There is no user '{login}'.").format(login=login))
    _check_call(period, commit, best_case)
    if not note.strip():
        raise ValidationError(_("Say in a sentence what the call rests on (--note)."))
    row = {
        "period": period.label,
        "owner": login,
        "team": user.team,
        "commit_minor": commit,
        "best_case_minor": best_case,
        "note": note.strip(),
        "at": clock.now_iso(),
        "by": actor.login,
    }
    with store.write(actor) as writer:
        call_id = writer.insert("forecast_calls", row)
    return ForecastCall.of({**row, "id": call_id, "judgment": None})


def latest_calls(
    store: Store, period: Period, *, before: datetime | None = None
) -> dict[str | None, ForecastCall]:
    """Each owner's latest call for ``period`` (key None: the team's), made before ``before``
    when given."""
    rows = call_rows(store, [period.label], before=before.isoformat() if before else None)
    return {row["owner"]: ForecastCall.of(row) for row in rows}


class RepCall(BaseModel):
    """One rep in the roll-up; money in minor units."""

    login: str
    call: ForecastCall | None
    won: int
    commit_deals: int
    """Won so far plus the open deals in commit expected to close in the period."""
    best_case_deals: int
    """``commit_deals`` plus the open deals in best case."""
    forecast: int
    """Pilot's forecast for the rep."""


class Rollup(BaseModel):
    """What the manager reads before the team call; money in minor units."""

    period: str
    team: str
    currency: str
    reps: list[RepCall]
    calls_commit: int
    """Σ the reps' latest commit calls (a rep without a call counts 0)."""
    calls_best_case: int
    missing_calls: list[str]
    commit_deals: int
    best_case_deals: int
    won: int
    forecast: int
    """Pilot's forecast for the team."""
    forecast_low: int
    forecast_high: int
    """The range of Pilot's forecast, from its backtest errors (as ``pilot status``)."""
    team_call: ForecastCall | None
    gap_calls_to_forecast: int
    """Σ calls (commit) − Pilot's forecast: negative when the reps call under Pilot."""
    gap_commit_deals_to_calls: int
    """Σ commit deals − Σ calls (commit): what the reps hold back, or call beyond their deals."""
    gap_team_call_to_forecast: int | None


def signed_money(minor: int, money: Callable[[int | None], str]) -> str:
    """``money`` of ``minor`` with its sign: '+€5K', '−€5K', '€0'."""
    text = money(abs(minor))
    return f"+{text}" if minor > 0 else f"−{text}" if minor < 0 else text


def rollup_summary(rollup: Rollup, money: Callable[[int | None], str]) -> list[str]:
    """The roll-up in words, one line each, for the CLI and the Forecast call screen: Pilot's
    forecast and range, the gaps, who has not called yet, the team call. ``money`` formats
    minor units; user text is cleaned for a terminal."""
    lines = [
        _("Pilot's forecast {value}, range {low}–{high}").format(
            value=money(rollup.forecast),
            low=money(rollup.forecast_low),
            high=money(rollup.forecast_high),
        ),
        _("Calls vs Pilot: {gap} · commit deals vs calls: {held}").format(
            gap=signed_money(rollup.gap_calls_to_forecast, money),
            held=signed_money(rollup.gap_commit_deals_to_calls, money),
        ),
    ]
    if rollup.missing_calls:
        lines.append(_("No call yet from: {who}").format(who=", ".join(rollup.missing_calls)))
    call = rollup.team_call
    if call is not None:
        lines.append(
            _("Team call ({judgment}, {day}): commit {commit}, best case {best} — {why}").format(
                judgment=call.judgment,
                day=call.at.date(),
                commit=money(call.commit),
                best=money(call.best_case),
                why=clean_line(call.note or ""),
            )
        )
    return lines


def team_reps(store: Store, team: str) -> list[str]:
    """Logins of the team's active reps."""
    return [
        u.login
        for u in list_users(store, active_only=True)
        if u.team == team and u.role is Role.REP
    ]


def call_rollup(store: Store, context: Context, period: Period, team: str) -> Rollup:
    """The reps' latest calls for ``period`` beside their commit and best-case deals and
    Pilot's forecast, the team's totals and the gaps."""
    from pilot_tui.core.forecast import compute_status

    calls = latest_calls(store, period)
    reps = []
    for login in team_reps(store, team):
        status = compute_status(store, context, Scope("rep", login), period)
        reps.append(
            RepCall(
                login=login,
                call=calls.get(login),
                won=status.won,
                commit_deals=status.commit,
                best_case_deals=status.best_case,
                forecast=status.forecast,
            )
        )
    status = compute_status(store, context, Scope("team", team), period)
    calls_commit = sum(r.call.commit for r in reps if r.call)
    team_call = calls.get(None)
    return Rollup(
        period=period.label,
        team=team,
        currency=status.currency,
        reps=reps,
        calls_commit=calls_commit,
        calls_best_case=sum(r.call.best_case for r in reps if r.call),
        missing_calls=[r.login for r in reps if r.call is None],
        commit_deals=status.commit,
        best_case_deals=status.best_case,
        won=status.won,
        forecast=status.forecast,
        forecast_low=status.low,
        forecast_high=status.high,
        team_call=team_call,
        gap_calls_to_forecast=calls_commit - status.forecast,
        gap_commit_deals_to_calls=status.commit - calls_commit,
        gap_team_call_to_forecast=None if team_call is None else team_call.commit - status.forecast,
    )


def record_team_call(
    store: Store,
    actor: User,
    context: Context,
    period: Period,
    commit: int,
    best_case: int,
    reason: str,
    team: str,
) -> ForecastCall:
    """The manager's call for the team, with the reason; its judgment ('raised', 'lowered',
    'kept') compares it with the Σ of the reps' commit calls at that moment."""
    if not actor.is_manager:
        raise PermissionDeniedError(
            _("Only a manager records the team's call; {login} is a rep.").format(login=actor.login)
        )
    _check_call(period, commit, best_case)
    if not reason.strip():
        raise ValidationError(_("Say why the team call is what it is (--reason)."))
    calls = latest_calls(store, period)
    reps = set(team_reps(store, team))
    summed = sum(c.commit for owner, c in calls.items() if owner in reps)
    judgment = "raised" if commit > summed else "lowered" if commit < summed else "kept"
    row = {
        "period": period.label,
        "owner": None,
        "team": team,
        "commit_minor": commit,
        "best_case_minor": best_case,
        "note": reason.strip(),
        "judgment": judgment,
        "at": clock.now_iso(),
        "by": actor.login,
    }
    with store.write(actor) as writer:
        call_id = writer.insert("forecast_calls", row)
    return ForecastCall.of({**row, "id": call_id})


class CallResult(BaseModel):
    """One call judged against what was won in its period; money in minor units."""

    period: str
    owner: str | None
    """None: the team's call."""
    commit: int
    best_case: int
    won: int
    ratio: float | None
    """won / commit (None when the commit was 0)."""
    at: datetime


class CallAccuracy(BaseModel):
    """Each closed period's calls against what was won, and per caller the mean absolute
    error |won − commit| / commit over those periods (None without a non-zero commit)."""

    periods: list[str]
    team: str
    currency: str
    results: list[CallResult]
    mean_abs_error: dict[str, float | None]
    """Per rep login, and 'team' for the team call."""


def call_accuracy(
    store: Store, context: Context, period: Period, team: str, periods: int = 6
) -> CallAccuracy:
    """The calls of the ``periods`` periods before ``period`` that had ended by today (the
    latest call made before each period's end, by the team's reps and its manager), each
    against what was won in it, as ``pilot status`` counts it for the rep or the team."""
    frames = frames_for(store)
    reps = set(team_reps(store, team))
    ended = [p for p in (period.shifted(k) for k in range(1, periods + 1)) if p.end < context.today]
    results: list[CallResult] = []
    for past in reversed(ended):
        end = datetime.combine(past.end + timedelta(days=1), datetime.min.time(), UTC)
        for owner, call in latest_calls(store, past, before=end).items():
            if owner is None and call.team != team or owner is not None and owner not in reps:
                continue
            scope = Scope("team", team) if owner is None else Scope("rep", owner)
            value = round(make_window(frames, scope, past, context.today).won_in_window)
            results.append(
                CallResult(
                    period=past.label,
                    owner=owner,
                    commit=call.commit,
                    best_case=call.best_case,
                    won=value,
                    ratio=value / call.commit if call.commit else None,
                    at=call.at,
                )
            )
    errors: dict[str, list[float]] = {}
    for result in results:
        errors.setdefault(result.owner or "team", [])
        if result.ratio is not None:
            errors[result.owner or "team"].append(abs(result.ratio - 1))
    return CallAccuracy(
        periods=[p.label for p in reversed(ended)],
        team=team,
        currency=frames.currency,
        results=results,
        mean_abs_error={
            who: (sum(values) / len(values) if values else None) for who, values in errors.items()
        },
    )
