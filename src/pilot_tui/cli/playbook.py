"""`pilot playbook list|show|search`: read the team's playbook from the terminal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from pilot_tui.core.vocabulary import EntryKind
from pilot_tui.i18n import _

if TYPE_CHECKING:
    from pilot_tui.cli.common import Context
    from pilot_tui.core.playbook import Entry, Playbook


def register(commands: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    playbook = commands.add_parser(
        "playbook",
        parents=[parent],
        help=_(
            "read the playbook: stage guides, checklists, templates, rituals, KPIs, diagnostics"
        ),
        description=_(
            "The team's playbook: shipped entries plus the team's own (setting "
            "team_playbooks), which replace shipped ones with the same id."
        ),
    )
    actions = playbook.add_subparsers(dest="playbook_command", required=True, metavar="ACTION")

    listing = actions.add_parser("list", parents=[parent], help=_("list entries"))
    listing.add_argument(
        "--kind", choices=[k.value for k in EntryKind], help=_("only entries of this kind")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", parents=[parent], help=_("show one entry"))
    show.add_argument("id", help=_("the entry's id, as 'pilot playbook list' shows it"))
    show.add_argument("--json", action="store_true", help=_("print JSON (Markdown body)"))
    show.set_defaults(handler=run_show)

    search = actions.add_parser(
        "search", parents=[parent], help=_("find entries by words in their title, tags or text")
    )
    search.add_argument("text", nargs="+", help=_("the words to look for"))
    search.add_argument("--json", action="store_true", help=_("print JSON"))
    search.set_defaults(handler=run_search)


def _load(ctx: Context) -> Playbook:
    from pilot_tui.core.playbook import load_playbook

    return load_playbook(ctx.settings.team_playbooks, lang=ctx.settings.locale)


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json

    entries = _load(ctx).list_entries(args.kind)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    table = Table(_("id"), _("kind"), _("title"))
    for entry in entries:
        marker = _(" (team)") if entry.from_team else ""
        table.add_row(entry.id, entry.kind.value, entry.title + marker)
    console().print(table)
    return 0


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    from rich.markdown import Markdown

    from pilot_tui.cli.common import console, print_json

    playbook = _load(ctx)
    entry = playbook.get(args.id)
    if args.json:
        print_json(entry.as_json(with_body=True))
        return 0
    console().print(Markdown(render_markdown(entry, playbook)))
    return 0


def render_markdown(entry: Entry, playbook: Playbook) -> str:
    """The entry as one Markdown page for a terminal: title, what it is about, the body with
    inline links shown as their ids (to pass to ``show``), and the related entries."""
    from pilot_tui.core.playbook import INLINE_LINK

    facts = [entry.kind.value.replace("_", " ")]
    if entry.stage:
        facts.append(_("stage: {stage}").format(stage=entry.stage))
    if entry.kpis:
        facts.append(_("KPIs: {ids}").format(ids=", ".join(entry.kpis)))
    if entry.rules:
        facts.append(_("rules: {ids}").format(ids=", ".join(entry.rules)))
    body = INLINE_LINK.sub(lambda m: f"{m['text']} (`{m['target']}`)", entry.body)
    page = [f"# {entry.title}", "*" + " · ".join(facts) + "*", body.rstrip()]
    related = [playbook.find(i) for i in entry.related]
    if related:
        lines = [
            f"- `{i}` {e.title if e else _('(missing)')}"
            for i, e in zip(entry.related, related, strict=True)
        ]
        page.append("## " + _("Related") + "\n\n" + "\n".join(lines))
    return "\n\n".join(page) + "\n"


def run_search(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    from pilot_tui.cli.common import console, print_json

    text = " ".join(args.text)
    hits = _load(ctx).search(text)
    if args.json:
        print_json([{**h.entry.as_json(), "score": h.score, "snippet": h.snippet} for h in hits])
        return 0
    if not hits:
        print(_("No playbook entry matches '{text}'.").format(text=text))
        return 0
    table = Table(_("id"), _("title"), _("where it says so"))
    for hit in hits:
        table.add_row(hit.entry.id, hit.entry.title, hit.snippet)
    console().print(table)
    return 0
