"""Deterministic demo data: a sales team's last 18 months, ending on today.

``build_demo(path, manager_login=…)`` writes a database whose content depends only on the seed,
"today" (``core.clock.today()``) and the manager's login. The team "north" has one manager (the
OS login running ``pilot demo``, who is the database's admin) and seven reps (alex, bea, carlos,
dina, eli, farah, gus; hana stands in for a rep whose login is the manager's), two segments
(smb, enterprise), three offers (core, analytics, services), about 1,500 deals that move through
prospecting → qualification → discovery → proposal → negotiation → won/lost at log-normal speeds
(some skip a stage, a few step back), close dates that reps push when they pass, activities
(done, open, overdue), monthly won-value targets per rep and for the team, lost reasons,
forecast categories and next steps.

Patterns planted for the diagnostics to find (each checked by tests/test_demo_patterns.py
straight from the tables):

1. **Qualification drop** — dina: among her deals that left qualification in the last 4 weeks,
   about a quarter moved forward (the rest lost, "no fit"/"no budget"), against about 70 % in the
   12 weeks before; n ≥ 10 on each side.
2. **Cycle lengthening** — segment enterprise: deals spend 2.2× longer in proposal and
   negotiation once entered in the last 200 days, so the median days created → won of deals
   won in the last 13 weeks is ≥ 20 % above that of the 52 weeks before (≥ 10 wins each).
3. **Thin top of funnel, good conversion** — bea opens deals at a twentieth of her usual rate in
   the last 5 weeks (a few new ones this month against ~9 a month), with the team's best win
   rate.
4. **Stuck deals** — open deals far past their stage's rot days (six planted, more occur
   naturally); two more are snoozed with a reason, so they are not stuck.
5. **Good month, fragile pipeline** — last month's won value beat the team target by ≥ 10 %
   (big enterprise wins); this month's wins so far stay under 45 % of the target and the open
   pipeline due by month end is under half of (target − won) / win rate: reps pushed the big
   deals to next month.

Hygiene problems: deals past their expected close, open deals without an amount, open deals
without a next step or with an overdue one, and one deal entered twice for the same account.

``DemoSpec.for_scale(100_000)`` builds a benchmark-sized history (more reps, about ten stage
changes per deal through back-and-forth moves).
"""

from pilot_tui.core.demo.build import (
    DemoBuild,
    DemoInfo,
    build_demo,
    read_demo_info,
    remove_database,
)
from pilot_tui.core.demo.cast import REPS, TEAM
from pilot_tui.core.demo.generate import DEFAULT_SEED, DemoSpec

__all__ = [
    "DEFAULT_SEED",
    "REPS",
    "TEAM",
    "DemoBuild",
    "DemoInfo",
    "DemoSpec",
    "build_demo",
    "read_demo_info",
    "remove_database",
]
