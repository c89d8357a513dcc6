"""Load the Maven 'CRM + Sales + Opportunities' deals into a Pilot database (tests only).

Mapping: Prospecting → 'prospecting' (no dates: created on the data's first day), Engaging →
'discovery' entered on engage_date (the deal's creation day), Won / Lost → 'won' / 'lost' on
close_date. Agents become reps (login = lower-case name with dots). close_value → amount.
"""

from pathlib import Path

import pandas as pd
import pytest

from conftest import ADMIN, make_team_store
from pilot_tui.core.store import Store

MAVEN = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "maven-crm"
FIRST_DAY = "2016-10-20"
needs_maven = pytest.mark.skipif(
    not (MAVEN / "sales_pipeline.csv").exists(),
    reason=f"the Maven CRM data is not at {MAVEN} (it lives in the shared data folder, "
    "outside the repository)",
)
STAGE = {"Prospecting": "prospecting", "Engaging": "discovery", "Won": "won", "Lost": "lost"}


def login_of(agent: str) -> str:
    return agent.lower().replace(" ", ".")


def load_maven(store: Store, csv: Path = MAVEN / "sales_pipeline.csv") -> None:
    """Insert every deal and its stage history."""
    data = pd.read_csv(csv, dtype=str, keep_default_na=False)
    deals: list[dict[str, object]] = []
    changes: list[tuple[int, str | None, str, str]] = []
    for number, record in enumerate(data.to_dict(orient="records"), start=1):
        row = {str(column): str(value) for column, value in record.items()}
        stage = STAGE[row["deal_stage"]]
        created = row["engage_date"] or FIRST_DAY
        deals.append(
            {
                "id": number,
                "external_id": row["opportunity_id"],
                "source": "maven",
                "name": f"{row['product']} · {row['account'] or '?'}",
                "account": row["account"] or None,
                "owner": login_of(row["sales_agent"]),
                "offer": row["product"],
                "amount_minor": int(row["close_value"]) * 100 if row["close_value"] else None,
                "stage": stage,
                "created_on": created,
                "closed_on": row["close_date"] or None,
                "lost_reason": "unknown" if stage == "lost" else None,
            }
        )
        if stage == "prospecting":
            changes.append((number, None, "prospecting", FIRST_DAY))
            continue
        changes.append((number, None, "discovery", row["engage_date"]))
        if row["close_date"]:
            changes.append((number, "discovery", stage, row["close_date"]))
    with store.write(ADMIN) as writer:
        writer.bulk_insert(
            "users",
            (
                {"login": login_of(a), "name": a, "role": "rep", "team": "maven", "active": 1}
                for a in sorted(set(data["sales_agent"]))
            ),
            note="maven",
        )
        writer.bulk_insert("deals", deals, note="maven")
        writer.conn.executemany(
            "INSERT INTO stage_changes (deal_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?)",
            changes,
        )


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The Maven deals in a team database, built once per test module (whose tests only read);
    a plugin of conftest.py."""
    store = make_team_store(tmp_path_factory.mktemp("maven") / "maven.db")
    load_maven(store)
    return store
