"""An import plan in words: what each file holds, what will happen, how columns were read.

The CLI prints it as a table, the Import screen as Markdown; both read these functions.
"""

from pilot_tui.core.importers.planning import FilePlan
from pilot_tui.core.importers.run import ImportPlan
from pilot_tui.core.text import md_text
from pilot_tui.i18n import _

COUNT_LABELS = {
    "added": _("added"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "bad": _("bad rows"),
    "deleted": _("deleted in the CRM (left)"),
    "stage_changes": _("stage changes"),
    "close_date_changes": _("close-date changes"),
    "field_changes": _("amount and owner changes"),
    "history_deals": _("deals whose history is (re)written"),
    "unknown_deals": _("history of deals not imported (left)"),
    "reps": _("reps"),
    "owner_names": _("owner names"),
    "users_added": _("users to create"),
    "teams_set": _("teams to set"),
}


def counts_text(file_plan: FilePlan) -> str:
    """'added 12, updated 3, stage changes 7' (non-zero counts only), or 'nothing'."""
    counts = ", ".join(
        f"{COUNT_LABELS.get(key, key)} {value}" for key, value in file_plan.counts.items() if value
    )
    return counts or _("nothing")


def reading_lines(file_plan: FilePlan) -> list[str]:
    """How the file was read (encoding, delimiter, rows, footers), then each decision and note."""
    table = file_plan.table
    first = _("{name}: {encoding}, '{delimiter}'-separated, {rows} rows").format(
        name=table.path.name,
        encoding=table.encoding,
        delimiter=table.delimiter.replace("\t", "\\t"),
        rows=len(table.rows),
    )
    if table.footer_rows:
        first += _(", {n} footer lines ignored").format(n=table.footer_rows)
    return [first, *(f"  {line}" for line in [*file_plan.decisions, *file_plan.notes])]


def new_users_line(plan: ImportPlan) -> str | None:
    if not plan.owners.new_users:
        return None
    return _("Users to create (no login until an admin gives one): {logins}").format(
        logins=", ".join(user["login"] for user in plan.owners.new_users)
    )


def plan_markdown(plan: ImportPlan) -> str:
    """The whole plan as Markdown: a table of files, then how each was read. What comes
    from the files (names, headers, stages) is literal text (``md_text``)."""
    lines = [
        "| " + " | ".join((_("file"), _("holds"), _("what happens"))) + " |",
        "|---|---|---|",
    ]
    for file_plan in plan.files:
        lines.append(
            f"| {md_text(file_plan.path.name)} | {file_plan.kind.value} | "
            f"{md_text(counts_text(file_plan))} |"
        )
    lines.append("")
    for file_plan in plan.files:
        first, *rest = reading_lines(file_plan)
        lines.append(f"**{md_text(first)}**")
        lines += [f"- {md_text(line.strip())}" for line in rest]
        lines.append("")
    lines += [f"- {md_text(note)}" for note in plan.notes]
    users = new_users_line(plan)
    if users:
        lines.append(md_text(users))
    return "\n".join(lines)
