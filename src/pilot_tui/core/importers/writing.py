"""Writing a file's plan inside its transaction, and the bad-rows report."""

import csv
from collections.abc import Callable
from pathlib import Path

from pilot_tui.core.importers.planning import DERIVED_BY, FilePlan
from pilot_tui.core.importers.reading import BadRow
from pilot_tui.core.store.imports import (
    deal_close_changes_by,
    deal_ids_of_source,
    deal_stage_changes_by,
)
from pilot_tui.core.store.writer import Writer

_CHUNK = 5000


def apply_plan(
    writer: Writer, plan: FilePlan, progress: Callable[[str, int, int], None] | None = None
) -> None:
    """Write one file's plan with ``writer`` (the caller's transaction: all or nothing).

    New rows go in with one bulk audit entry per table; each updated deal is audited with its
    before and after and checked against the version read when planning, so a deal edited in
    the meantime stops the file with a conflict instead of being overwritten.
    """
    total = max(plan.operations, 1)
    name = plan.path.name
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(name, min(done, total), total)

    note = f"import {name}"
    if plan.account_inserts:
        writer.bulk_insert("accounts", plan.account_inserts, note=note)
        step(len(plan.account_inserts))
    for account, changes in plan.account_updates.items():
        writer.update("accounts", account, changes, expected_version=None)
        step(1)
    if plan.deal_inserts:
        for start in range(0, len(plan.deal_inserts), _CHUNK):
            chunk = plan.deal_inserts[start : start + _CHUNK]
            writer.bulk_insert("deals", chunk, note=note)
            step(len(chunk))
        _insert_histories(writer, plan)
    for deal_id, version, changes in plan.deal_updates:
        writer.update("deals", deal_id, changes, expected_version=version)
        step(1)
    writer.append_many("stage_changes", plan.stage_rows)
    writer.append_many("close_date_changes", plan.close_rows)
    writer.append_many("field_changes", plan.field_rows)
    if plan.history is not None:
        _rewrite_history(writer, plan)
        step(plan.counts.get("history_deals", 0))
    step(0)


def _insert_histories(writer: Writer, plan: FilePlan) -> None:
    ids = deal_ids_of_source(writer, plan.source)
    by = DERIVED_BY.format(source=plan.source)
    writer.append_many(
        "stage_changes",
        (
            {"deal_id": ids[ext], "from_stage": frm, "to_stage": to, "at": at, "by": by}
            for ext, steps in plan.deal_histories.items()
            for frm, to, at in steps
        ),
    )
    # A value known only from a later day (a closing value) was unknown before it.
    writer.append_many(
        "field_changes",
        (
            {
                "deal_id": ids[ext],
                "field": "amount_minor",
                "old": None,
                "new": amount,
                "at": at,
                "by": by,
            }
            for ext, (amount, at) in plan.deal_amounts_known.items()
        ),
    )


def _rewrite_history(writer: Writer, plan: FilePlan) -> None:
    """Replace the rows an import derived for each deal of the history file by the history's
    own (rows users or later imports recorded are kept)."""
    assert plan.history is not None
    history = plan.history
    by = DERIVED_BY.format(source=plan.source)
    ids = deal_ids_of_source(writer, plan.source)
    for ext in set(history.stage_changes) | set(history.close_changes):
        deal_id = ids.get(ext)
        if deal_id is None:
            continue
        steps = history.stage_changes.get(ext, [])
        if deal_stage_changes_by(writer, deal_id, by) != set(steps):
            # History rows are facts from the CRM, not edits: they are replaced as a whole and
            # covered by the import's audit entry.
            writer.remove_history("stage_changes", {"deal_id": deal_id, "by": by})
            writer.append_many(
                "stage_changes",
                (
                    {"deal_id": deal_id, "from_stage": f, "to_stage": t, "at": a, "by": by}
                    for f, t, a in steps
                ),
            )
        pushes = history.close_changes.get(ext, [])
        known = deal_close_changes_by(writer, deal_id, by)
        writer.append_many(
            "close_date_changes",
            (
                {"deal_id": deal_id, "old": o, "new": n, "at": a, "by": by}
                for o, n, a in pushes
                if (o, n, a) not in known
            ),
        )


def write_bad_rows(path: Path, bad: list[BadRow]) -> None:
    """A CSV of the rows left out: file, line, column, reason, then the row's own cells."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["file", "line", "column", "reason", "cells…"])
        for row in bad:
            out.writerow([row.path.name, row.line, row.column or "", row.reason, *row.cells])
