"""CRM hygiene: checks on open deals, and the hygiene score that says how far to trust the
numbers (DESIGN §4, §5).

Each check is a function ``(window, open deals) -> boolean array`` (True = the deal has the
problem) so diagnostics can list the offending deals. The score is the weighted share of
checks passed over all open deals: a deal with no problem counts 1, a deal failing checks
of total weight x counts 1 − x / (sum of weights); score = 100 × mean. No open deal → 100.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.cycle import stuck_thresholds
from pilot_tui.core.metrics.quality import future_next_step_mask, skipped_mask
from pilot_tui.core.metrics.window import Window
from pilot_tui.i18n import _

Check = Callable[[Window, pd.DataFrame], np.ndarray]


def past_expected_close(w: Window, deals: pd.DataFrame) -> np.ndarray:
    """Open with an expected close before ``as_of`` (or none at all)."""
    expected = deals["expected_close"].to_numpy()
    return np.asarray(~(expected >= w.as_of), dtype=bool)


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
    """The owner is not an active Pilot user."""
    users = w.frames.users
    active = set(users.loc[users["active"].astype(bool), "login"])
    return ~deals["owner"].isin(active).to_numpy(dtype=bool)


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
    HygieneCheck("inactive_owner", 1.0, _("owner is not an active user"), inactive_owner),
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
