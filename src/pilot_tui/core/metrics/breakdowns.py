"""Small breakdowns the diagnostics need beside the catalog's KPIs: deals opened in a span,
and where and why the window's lost deals were lost."""

import numpy as np
import pandas as pd

from pilot_tui.core.metrics.frames import per_deal, run_ends
from pilot_tui.core.metrics.window import Window


def created_between(w: Window, first: int, last: int) -> int:
    """Deals created on days ``first`` to ``last`` (day numbers, inclusive) known by
    ``as_of``."""
    created = w.state["created"].to_numpy()
    return int(((created >= first) & (created <= last)).sum())


def lost_in_window(w: Window) -> pd.DataFrame:
    """Deals lost in the window: id, lost_reason, and ``from_code``, the stage they were in
    when lost (the last move into a lost stage by ``as_of``; -1 when it is not recorded)."""
    closed = w.closed_in_window
    lost = closed[w.lost_mask(closed)]
    changes = w.known_changes
    into_lost = w.frames.stages.is_lost[changes["to_code"].to_numpy()]
    last = run_ends(changes, np.asarray(into_lost, dtype=bool), last=True)
    from_code = per_deal(last, "from_code", lost["id"].to_numpy())
    return pd.DataFrame(
        {
            "id": lost["id"].to_numpy(),
            "lost_reason": lost["lost_reason"].to_numpy(dtype=object),
            "from_code": np.where(np.isnan(from_code), -1, from_code).astype(np.int64),
        }
    )
