"""CRM hygiene: checks on open deals, and the hygiene score that says how far to trust the
numbers (the ``hygiene_score`` KPI).

Each check is a function ``(window, open deals) -> boolean array`` (True = the deal has the
problem) so diagnostics can list the offending deals. The score is the weighted share of
checks passed over all open deals: a deal with no problem counts 1, a deal failing checks
of total weight x counts 1 − x / (sum of weights); score = 100 × mean. No open deal → 100.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel

from pilot_tui.core.metrics.cycle import stuck_thresholds
from pilot_tui.core.metrics.frames import from_day_number
from pilot_tui.core.metrics.quality import future_next_step_mask, skipped_mask
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import Window
from pilot_tui.core.store import Store
from pilot_tui.core.store.deals import deal_names
from pilot_tui.i18n import _

Check = Callable[[Window, pd.DataFrame], np.ndarray]


def past_expected_close(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Open with an expected close before ``as_of``. A deal without one is not past it (its
    missing date is for the figures that need it to say, not a date that went by)."""
    expected = deals["expected_close"].to_numpy()
    return np.asarray(expected < w.as_of, dtype=bool)


def no_future_next_step(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """No next step, or one whose date has passed (or is missing)."""
    return ~future_next_step_mask(w, deals)


def missing_amount(w: Window, deals: pd.DataFrame) -> np.ndarray:
    return np.asarray(np.isnan(deals["amount"].to_numpy(dtype=float)), dtype=bool)


def last_touch(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """The latest of: a done activity on the deal, its last stage change, its creation."""
    activities = w.frames.activities
    done = activities[(activities["status"] == "done") & (activities["done"] <= w.as_of)]
    latest = done.groupby("deal_id")["done"].max()
    touched = latest.reindex(deals["id"].to_numpy()).to_numpy(dtype=float)
    return np.asarray(np.fmax(touched, deals["entered"].to_numpy(dtype=float)), dtype=float)


def no_recent_activity(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Nothing happened on the deal for longer than its stage's rot days (or the stage's
    p75 stay when it has no rot days)."""
    threshold = stuck_thresholds(w)[deals["stage"].to_numpy()]
    return np.asarray(w.as_of - last_touch(w, deals) > threshold, dtype=bool)


def skipped_stage(w: Window, deals: pd.DataFrame) -> np.ndarray:
    return skipped_mask(w, deals)


def inactive_owner(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """The owner is not a Pilot user, or one an admin deactivated. An owner an import created
    is inactive until given a login: the deal is not neglected for that."""
    users = w.frames.users
    gone = users["deactivated"].astype(bool) & ~users["active"].astype(bool)
    owners = set(users.loc[~gone, "login"])
    return ~deals["owner"].isin(owners).to_numpy(dtype=bool)


DUPLICATE_DAYS = 14
"""Two open deals for one account and offer created this close together are one deal
entered twice."""


def duplicate_deal(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Another open deal for the same account (case and spaces ignored) and offer was created
    up to ``DUPLICATE_DAYS`` days before this one (the first one entered is not flagged)."""
    account = deals["account"].astype(object).fillna("").astype(str).str.strip().str.casefold()
    frame = pd.DataFrame(
        {
            "account": account.to_numpy(dtype=object),
            "offer": deals["offer"].astype(object).fillna("").to_numpy(dtype=object),
            "created": deals["created"].to_numpy(dtype=float),
            "id": deals["id"].to_numpy(),
            "row": np.arange(len(deals)),
        }
    ).sort_values(["account", "offer", "created", "id"], kind="stable")
    same = (frame["account"] == frame["account"].shift()) & (
        frame["offer"] == frame["offer"].shift()
    )
    close = frame["created"] - frame["created"].shift() <= DUPLICATE_DAYS
    flagged = np.zeros(len(deals), dtype=bool)
    flagged[frame["row"].to_numpy()[(same & close & (frame["account"] != "")).to_numpy()]] = True
    return flagged


@dataclass(frozen=True)
class HygieneCheck:
    id: str
    weight: float
    label: str
    check: Check


CHECKS: tuple[HygieneCheck, ...] = (
    HygieneCheck("past_expected_close", 2.0, _("past expected close"), past_expected_close),
    HygieneCheck("no_next_step", 2.0, _("no next step or overdue"), no_future_next_step),
    HygieneCheck("missing_amount", 1.0, _("no amount"), missing_amount),
    HygieneCheck(
        "no_recent_activity", 1.0, _("no activity for the stage's rot days"), no_recent_activity
    ),
    HygieneCheck("skipped_stage", 1.0, _("skipped a stage"), skipped_stage),
    HygieneCheck(
        "inactive_owner", 1.0, _("owner is not a user or was deactivated"), inactive_owner
    ),
    HygieneCheck("duplicate", 1.0, _("duplicate of another deal for the account"), duplicate_deal),
)


@dataclass(frozen=True)
class HygieneReport:
    score: float
    """0–100; 100 when there is no open deal."""
    open_deals: int
    clean_deals: int
    problems: dict[str, int]
    """Check id → number of open deals failing it."""
    flags: pd.DataFrame
    """One boolean column per check, indexed by deal id."""


def hygiene_report(w: Window) -> HygieneReport:
    """Run every check on the deals open on ``as_of`` and compute the score."""
    deals = w.open_deals
    flags = pd.DataFrame(
        {c.id: c.check(w, deals) for c in CHECKS}, index=deals["id"].to_numpy(), dtype=bool
    )
    weights = np.array([c.weight for c in CHECKS])
    if len(deals) == 0:
        return HygieneReport(100.0, 0, 0, {c.id: 0 for c in CHECKS}, flags)
    failed_weight = flags.to_numpy(dtype=float) @ weights
    score = 100.0 * float((1 - failed_weight / weights.sum()).mean())
    return HygieneReport(
        score,
        len(deals),
        int((failed_weight == 0).sum()),
        {c.id: int(flags[c.id].sum()) for c in CHECKS},
        flags,
    )


class HygieneCheckCount(BaseModel):
    id: str
    label: str
    weight: float
    count: int
    """Open deals failing the check."""


class HygieneDeal(BaseModel):
    """An open deal with at least one hygiene problem."""

    id: int
    name: str
    owner: str
    stage: str
    amount: int | None
    """Minor units."""
    expected_close: date | None
    problems: list[str]
    """Ids of the failed checks, in ``CHECKS`` order."""


class HygieneSummary(BaseModel):
    """``pilot hygiene``: the score (data quality), each check, each deal."""

    scope: str
    as_of: date
    currency: str
    score: float
    """0–100, one decimal; 100 when there is no open deal."""
    open_deals: int
    clean_deals: int
    checks: list[HygieneCheckCount]
    deals: list[HygieneDeal]
    """Most problems (by weight) first, then by id."""


def summarize_hygiene(store: Store, w: Window) -> HygieneSummary:
    """The hygiene report of ``w`` with the failing deals named (read from ``store``)."""
    report = hygiene_report(w)
    weights = np.array([c.weight for c in CHECKS])
    failing = report.flags[report.flags.any(axis=1)]
    ids = [int(i) for i in failing.index]
    names = deal_names(store, ids)
    keys = w.frames.stages.keys
    deals = w.open_deals.set_index("id").reindex(ids)
    amounts = deals["amount"].to_numpy(dtype=float)
    expected_days = deals["expected_close"].to_numpy(dtype=float)
    owners = deals["owner"].to_numpy(dtype=object)
    stage_codes = deals["stage"].to_numpy()
    listed = []
    for row, (deal_id, flags) in enumerate(zip(ids, failing.to_numpy(dtype=bool), strict=True)):
        amount, expected = amounts[row], expected_days[row]
        listed.append(
            (
                -float(flags @ weights),
                deal_id,
                HygieneDeal(
                    id=deal_id,
                    name=names.get(deal_id, ""),
                    owner=str(owners[row]),
                    stage=keys[int(stage_codes[row])],
                    amount=None if np.isnan(amount) else round(amount),
                    expected_close=None if np.isnan(expected) else from_day_number(expected),
                    problems=[c.id for c, flag in zip(CHECKS, flags, strict=True) if flag],
                ),
            )
        )
    listed.sort(key=lambda item: (item[0], item[1]))
    return HygieneSummary(
        scope=w.scope.label,
        as_of=from_day_number(w.as_of),
        currency=w.frames.currency,
        score=round(report.score, 1),
        open_deals=report.open_deals,
        clean_deals=report.clean_deals,
        checks=[
            HygieneCheckCount(id=c.id, label=c.label, weight=c.weight, count=report.problems[c.id])
            for c in CHECKS
        ],
        deals=[deal for _w, _id, deal in listed],
    )


def compute_hygiene(
    store: Store, scope: Scope | str | None = None, today: date | None = None
) -> HygieneSummary:
    """The hygiene of ``scope``'s open deals (default the team) as of ``today`` (default
    ``clock.today()``): the same score ``compute_status`` gives as data_quality."""
    from pilot_tui.core.metrics import frames_for
    from pilot_tui.core.metrics.snapshot import make_window, resolve

    scope, period, day = resolve(scope, None, today)
    return summarize_hygiene(store, make_window(frames_for(store), scope, period, day))
