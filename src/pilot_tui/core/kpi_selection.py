"""The team's dashboard KPIs: at most 7, each with its answers to the three questions.

A useful KPI is *actionable*, *anticipates* rather than records, and *directly drives results*.
One with fewer than two "yes" is noise: it is kept only with a written reason. The answers
are the KPI catalog's (``core.metrics.catalog``), keyed by KPI id (``CATALOG``).
"""

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from pilot_tui.core.errors import ValidationError
from pilot_tui.core.metrics.catalog import BY_ID, DEFAULT_DASHBOARD
from pilot_tui.core.models import User
from pilot_tui.core.store.kpi_selection import selected_kpis
from pilot_tui.core.store.store import Store
from pilot_tui.core.store.users import team_names
from pilot_tui.core.vocabulary import MAX_KPIS as MAX_KPIS
from pilot_tui.i18n import _

DEFAULT_KPIS = DEFAULT_DASHBOARD


class SelectedKpi(BaseModel):
    kpi: str
    position: int
    actionable: bool
    anticipates: bool
    drives_results: bool
    noise: bool
    why: str | None = None


class KpiSelection(BaseModel):
    team: str
    default: bool
    """True when the team has not chosen yet and sees the default seven."""
    kpis: list[SelectedKpi]


def kpi_selection(store: Store, team: str) -> KpiSelection:
    """The team's dashboard KPIs in order (the default seven when none is saved)."""
    saved = selected_kpis(store, team)
    if not saved:
        return KpiSelection(team=team, default=True, kpis=_selected(DEFAULT_KPIS, {}))
    return KpiSelection(
        team=team,
        default=False,
        kpis=_selected([kpi for kpi, _why in saved], {kpi: why for kpi, why in saved if why}),
    )


def set_kpi_selection(
    store: Store,
    actor: User,
    team: str,
    kpis: Sequence[str],
    why: Mapping[str, str] | None = None,
) -> KpiSelection:
    """Replace the team's selection with ``kpis`` in that order (managers only).

    Refused (``ValidationError``, one sentence) for a team no user is in, an unknown or
    repeated id, none or more than ``MAX_KPIS``, a reason given for a KPI not selected, or a
    noise KPI without a reason.
    """
    reasons = {k: v.strip() for k, v in (why or {}).items() if v.strip()}
    validate_selection(kpis, reasons)
    with store.write(actor) as writer:
        teams = team_names(writer) | {team_for_no_team()}
        if team not in teams:
            raise ValidationError(
                _("There is no team '{team}'; the teams are: {teams}.").format(
                    team=team, teams=", ".join(sorted(teams))
                )
            )
        writer.delete_matching("kpi_selection", {"team": team})
        for position, kpi in enumerate(kpis, start=1):
            writer.insert(
                "kpi_selection",
                {"team": team, "kpi": kpi, "position": position, "why": reasons.get(kpi)},
            )
    return kpi_selection(store, team)


def team_for(user: User) -> str:
    """The team whose dashboard KPIs ``user`` sees and edits: theirs ('team' for a user in
    no team, as the dashboard reads it)."""
    return user.team or team_for_no_team()


def team_for_no_team() -> str:
    """The name under which users in no team keep their KPI selection."""
    return "team"


def refuse_addition(kpis: Sequence[str], kpi: str) -> None:
    """Raise ``ValidationError`` (one sentence) when ``kpi`` cannot join ``kpis``: unknown,
    already there, or the selection is full (``MAX_KPIS``). Noise needs a reason on top; see
    ``validate_selection``."""
    known = BY_ID.get(kpi)
    if known is None:
        raise ValidationError(_("'{kpi}' is not a KPI.").format(kpi=kpi))
    if kpi in kpis:
        raise ValidationError(_("{name} is already selected.").format(name=known.name))
    if len(kpis) >= MAX_KPIS:
        raise ValidationError(
            _(
                "{name} would be KPI number {n}: a dashboard shows at most {max} (fewer "
                "numbers, more actions), so unselect one first."
            ).format(name=known.name, n=len(kpis) + 1, max=MAX_KPIS)
        )


def validate_selection(kpis: Sequence[str], reasons: Mapping[str, str]) -> None:
    """Raise ``ValidationError`` for the first rule ``kpis`` breaks (see ``set_kpi_selection``)."""
    unknown = [k for k in kpis if k not in BY_ID]
    if unknown:
        raise ValidationError(
            _("'{kpi}' is not a KPI; use one of {known}.").format(
                kpi=unknown[0], known=", ".join(BY_ID)
            )
        )
    repeated = sorted({k for k in kpis if list(kpis).count(k) > 1})
    if repeated:
        raise ValidationError(_("{kpi} is selected twice.").format(kpi=repeated[0]))
    if not kpis or len(kpis) > MAX_KPIS:
        raise ValidationError(
            _(
                "Pick between 1 and {max} KPIs (fewer numbers, more actions); {n} were given."
            ).format(max=MAX_KPIS, n=len(kpis))
        )
    stray = sorted(set(reasons) - set(kpis))
    if stray:
        raise ValidationError(
            _("A reason was given for {kpi}, which is not selected.").format(kpi=stray[0])
        )
    for kpi in kpis:
        answers = BY_ID[kpi]
        if answers.noise and kpi not in reasons:
            raise ValidationError(
                _(
                    "{kpi} answers yes to only {n} of the three questions, so it is noise: "
                    "keep it only with a written reason."
                ).format(kpi=kpi, n=answers.yes)
            )


def _selected(kpis: Sequence[str], reasons: Mapping[str, str]) -> list[SelectedKpi]:
    """The selection with the catalog's answers (a KPI no longer in the catalog: all no)."""
    result = []
    for position, kpi in enumerate(kpis, start=1):
        answers = BY_ID.get(kpi)
        actionable, anticipates, drives = (
            (answers.actionable, answers.anticipates, answers.drives_results)
            if answers
            else (False, False, False)
        )
        result.append(
            SelectedKpi(
                kpi=kpi,
                position=position,
                actionable=actionable,
                anticipates=anticipates,
                drives_results=drives,
                noise=answers.noise if answers else True,
                why=reasons.get(kpi),
            )
        )
    return result
