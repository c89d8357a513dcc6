"""Helpers shared by the import tests: write a CSV, run an import, read the deals back."""

from pathlib import Path
from typing import Any

import pytest

from pilot_tui.core.importers.mapping import ImportMapping
from pilot_tui.core.importers.run import ImportOptions, ImportPlan, apply_import, prepare_import
from pilot_tui.core.models import User
from pilot_tui.core.store import Store

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "import"


def shared_data() -> Path:
    """The real CRM files next to the checkout; the test is skipped when they are missing."""
    path = REPO.parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip(f"real CRM data not found at {path} (only present on the team's machines)")
    return path


def write_csv(tmp_path: Path, text: str, name: str = "deals.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(
    store: Store,
    actor: User,
    paths: list[Path],
    tmp_path: Path,
    *,
    mapping: ImportMapping | None = None,
    **options: Any,
) -> ImportPlan:
    plan = prepare_import(
        store,
        actor,
        paths,
        ImportOptions(mapping=mapping or ImportMapping(), work_dir=tmp_path, **options),
    )
    apply_import(store, actor, plan)
    return plan


def deals(store: Store) -> dict[str, dict[str, Any]]:
    return {r["external_id"]: r for r in store.rows("SELECT * FROM deals ORDER BY id")}


def history(store: Store, external_id: str) -> list[tuple[str | None, str, str]]:
    return [
        (r["from_stage"], r["to_stage"], r["at"])
        for r in store.rows(
            "SELECT c.* FROM stage_changes c JOIN deals d ON d.id = c.deal_id "
            "WHERE d.external_id = ? ORDER BY c.at, c.id",
            (external_id,),
        )
    ]
