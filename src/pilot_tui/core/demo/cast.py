"""Who and what the demo is about: the team, its reps, segments, offers, accounts, wording."""

from dataclasses import dataclass
from random import Random

TEAM = "north"
"""The demo team's name."""


@dataclass(frozen=True)
class RepProfile:
    """A demo rep: login, name, how many deals they open and how well they convert."""

    login: str
    name: str
    volume: float
    """Relative rate of new deals (1.0 = an average rep)."""
    skill: float
    """Multiplies the chance of moving forward at every stage (1.0 = team average)."""


REPS: tuple[RepProfile, ...] = (
    RepProfile("alex", "Alex Moreau", 1.00, 1.00),
    RepProfile("bea", "Bea Lindqvist", 0.85, 1.12),
    RepProfile("carlos", "Carlos Ortega", 1.00, 0.96),
    RepProfile("dina", "Dina Haddad", 1.80, 1.00),
    RepProfile("eli", "Eli Novak", 0.90, 0.92),
    RepProfile("farah", "Farah Mensah", 1.00, 1.04),
    RepProfile("gus", "Gus Keller", 0.90, 0.98),
)
"""The seven reps of the default demo, in login order."""
SPARE_REP = RepProfile("hana", "Hana Sato", 1.00, 1.00)
"""Stands in for a rep whose login is the manager's own OS login."""

QUALIFICATION_DROP_REP = "dina"
"""Pattern 1: her qualification conversion fell in the last 4 weeks."""
QUIET_REP = "bea"
"""Pattern 3: few new opportunities lately, but the best win rate."""

SEGMENTS: tuple[tuple[str, str], ...] = (("smb", "Small business"), ("enterprise", "Enterprise"))
SLOW_SEGMENT = "enterprise"
"""Pattern 2: its cycle lengthened in the last quarter."""
ENTERPRISE_SHARE = 0.5
"""Share of new deals in the enterprise segment."""

OFFERS: tuple[tuple[str, str, int, float, float], ...] = (
    # key, label, priority, share of deals, amount factor
    ("core", "Core platform", 1, 0.55, 1.0),
    ("analytics", "Analytics add-on", 2, 0.28, 0.6),
    ("services", "Onboarding services", 3, 0.17, 0.35),
)

PRIORITY_SEGMENTS: tuple[tuple[str, int, dict[str, str]], ...] = (
    # key, rank, persona
    (
        "smb",
        1,
        {
            "problems": "No one in-house to run the tools; every hour spent on admin is lost",
            "attracts": "Up and running in a week, one price per seat, a named contact",
            "blocks": "Fear of a long set-up and of being locked into a yearly contract",
            "triggers": "A new hire to onboard, a lost customer, the end of the fiscal year",
        },
    ),
    (
        "enterprise",
        2,
        {
            "problems": "Teams on different tools; figures nobody agrees on in the steering",
            "attracts": "A reference in their sector, security answers ready, a pilot site",
            "blocks": "Procurement, the security review, an incumbent vendor",
            "triggers": "A reorganisation, a budget cycle, an audit finding",
        },
    ),
)
"""The demo strategy's segments: rank (1 first) and persona."""
PRIORITY_OFFERS: tuple[tuple[str, int], ...] = (("core", 1), ("analytics", 2))
"""The demo strategy's priority offers by rank (onboarding services are not a priority)."""
EXIT_CRITERIA: tuple[tuple[str, str], ...] = (
    ("prospecting", "A first meeting is booked with someone who feels the problem"),
    ("qualification", "Need, budget, decider and timing are known and written down"),
    ("discovery", "The buyer agrees on the problem, its cost and what success looks like"),
    ("proposal", "The proposal is sent and walked through with the decider"),
    ("negotiation", "Terms are agreed and the order form is with the signer"),
)
"""What must be true to leave each open stage of the demo's process."""

SECTORS = (
    "Manufacturing",
    "Retail",
    "Logistics",
    "Healthcare",
    "Financial services",
    "Software",
    "Energy",
    "Public sector",
    "Education",
    "Hospitality",
)
_NAME_HEADS = (
    "Acme", "Northwind", "Blue Harbor", "Granite", "Silverline", "Redwood", "Kestrel", "Orion",
    "Maple", "Harbor", "Summit", "Vertex", "Lumen", "Cobalt", "Pioneer", "Atlas", "Beacon",
    "Cedar", "Delta", "Evergreen", "Falcon", "Gemini", "Helix", "Ironbridge", "Juniper",
    "Keystone", "Lakeside", "Meridian", "Nimbus", "Oakridge", "Polaris", "Quarry", "Riverside",
    "Sterling", "Tidewater", "Union", "Vanguard", "Westfield", "Yarrow", "Zenith",
)  # fmt: skip
_NAME_TAILS = (
    "Logistics", "Foods", "Clinics", "Retail", "Systems", "Energy", "Labs", "Partners",
    "Industries", "Hotels", "Finance", "Motors", "Textiles", "Pharma", "Media", "Analytics",
)  # fmt: skip


def account_names(count: int) -> list[str]:
    """``count`` distinct company names, always the same ones in the same order.

    Consecutive names differ in both words (the tail index moves with the head's row), so a small
    demo still mixes many of them; past 640 names a number is appended ("Acme Labs 2").
    """
    per_round = len(_NAME_HEADS) * len(_NAME_TAILS)
    names: list[str] = []
    for i in range(count):
        round_, j = divmod(i, per_round)
        row, head = divmod(j, len(_NAME_HEADS))
        tail = (head + row * (len(_NAME_HEADS) + 1)) % len(_NAME_TAILS)
        suffix = f" {round_ + 1}" if round_ else ""
        names.append(f"{_NAME_HEADS[head]} {_NAME_TAILS[tail]}{suffix}")
    return names


def extra_reps(count: int, taken: set[str]) -> list[RepProfile]:
    """More reps for the scale demo: rep0008, rep0009, … (skipping logins already taken)."""
    reps: list[RepProfile] = []
    number = len(REPS) + 1
    while len(reps) < count:
        login = f"rep{number:04d}"
        if login not in taken:
            reps.append(RepProfile(login, f"Rep {number}", 1.0, 1.0))
        number += 1
    return reps


LOST_REASONS_EARLY = ("no fit", "no budget", "timing", "no decision")
LOST_REASONS_LATE = ("competitor", "price", "no decision", "no budget", "timing")
LOST_REASONS_WEAK_QUALIFICATION = ("no fit", "no budget")

NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "prospecting": ("Call back the buyer", "Send intro email", "Book a first call"),
    "qualification": ("Confirm budget owner", "Qualification call", "Map the decision process"),
    "discovery": ("Discovery workshop", "Demo for the ops team", "Collect requirements"),
    "proposal": ("Send proposal v2", "Review pricing with finance", "Proposal walkthrough"),
    "negotiation": ("Legal review of the contract", "Final pricing call", "Get the signature"),
}
ACTIVITY_KINDS: dict[str, str] = {
    "prospecting": "email",
    "qualification": "call",
    "discovery": "meeting",
    "proposal": "meeting",
    "negotiation": "call",
}
ACTIVITY_TITLES: dict[str, str] = {
    "prospecting": "First contact",
    "qualification": "Qualification call",
    "discovery": "Discovery meeting",
    "proposal": "Proposal presentation",
    "negotiation": "Negotiation call",
}
OWN_TASKS = ("Update the territory plan", "Prepare the account review", "Clean up my pipeline")
SNOOZE_REASONS = ("Budget frozen until next quarter", "Buyer on leave, back next month")


def pick(rng: Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]
