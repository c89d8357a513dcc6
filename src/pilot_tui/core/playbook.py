"""The playbook: short Markdown pages a sales team reads in a meeting (docs/playbook.md).

Entries ship inside the package (``pilot_tui/playbooks/<lang>/*.md``, read through
``importlib.resources`` so a wheel install works) and a team may add its own directory of
``*.md`` files (setting ``team_playbooks``); a team entry replaces a shipped one with the same
id. Each file starts with front matter in the subset ``core.frontmatter`` reads (see
docs/playbook.md). Entries link each other with ``related: [id, ...]`` and inline with
``[text](playbook:ID)``; ``Playbook.broken_links`` lists links that lead nowhere.
"""

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pilot_tui.core.errors import NotFoundError, ValidationError
from pilot_tui.core.frontmatter import FrontMatterError, split_front_matter
from pilot_tui.core.vocabulary import EntryKind as EntryKind
from pilot_tui.i18n import _

DEFAULT_LANG = "en"
INLINE_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(playbook:(?P<target>[^)\s]+)\)")
"""An inline link to another entry: ``[text](playbook:ID)``."""
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_WORD = re.compile(r"\w+")


KIND_ORDER = {kind: index for index, kind in enumerate(EntryKind)}
_STRING_KEYS = frozenset({"id", "title", "kind", "stage"})
_LIST_KEYS = frozenset({"kpis", "rules", "tags", "related"})


class PlaybookEntryError(ValidationError):
    """A playbook file cannot be read as an entry; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One playbook page. ``body`` is Markdown; ``source`` names the file it came from."""

    id: str
    title: str
    kind: EntryKind
    body: str
    source: str
    stage: str | None = None
    kpis: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    from_team: bool = False

    def as_json(self, *, with_body: bool = False) -> dict[str, object]:
        """The entry as JSON-ready data (lists for tuples); the body only when asked."""
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "kind": self.kind.value,
            "stage": self.stage,
            "kpis": list(self.kpis),
            "rules": list(self.rules),
            "tags": list(self.tags),
            "related": list(self.related),
            "source": self.source,
            "from_team": self.from_team,
        }
        if with_body:
            data["body"] = self.body
        return data

    @property
    def inline_links(self) -> tuple[str, ...]:
        """Ids this entry's body links to with ``[text](playbook:ID)``, in order, once each."""
        return tuple(dict.fromkeys(m["target"] for m in INLINE_LINK.finditer(self.body)))

    @property
    def summary(self) -> str:
        """The first paragraph of the body that is not a heading, on one line."""
        for paragraph in re.split(r"\n\s*\n", self.body):
            text = " ".join(paragraph.split())
            if text and not text.startswith("#"):
                return INLINE_LINK.sub(lambda m: m["text"], text)
        return ""


@dataclass(frozen=True)
class SearchHit:
    """A search result: the entry, its score (higher is better) and a line of context."""

    entry: Entry
    score: int
    snippet: str


@dataclass(frozen=True)
class BrokenLink:
    """A link from ``entry_id`` to ``target`` that matches no entry; ``via`` is 'related' or
    'inline'."""

    entry_id: str
    target: str
    via: str


class Playbook:
    """The entries in force: shipped ones, with the team's added or put in their place."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = {entry.id: entry for entry in entries}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.list_entries())

    def list_entries(self, kind: EntryKind | str | None = None) -> list[Entry]:
        """Entries of one kind (all when ``None``), ordered by kind then title."""
        wanted = EntryKind(kind) if kind is not None else None
        chosen = [e for e in self._entries.values() if wanted is None or e.kind is wanted]
        return sorted(chosen, key=lambda e: (KIND_ORDER[e.kind], e.title.casefold(), e.id))

    def find(self, entry_id: str) -> Entry | None:
        """The entry with this id, or ``None``."""
        return self._entries.get(entry_id)

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; an unknown id raises ``NotFoundError`` naming close ids."""
        entry = self._entries.get(entry_id)
        if entry is not None:
            return entry
        close = self.close_ids(entry_id)
        if close:
            raise NotFoundError(
                _("There is no playbook entry '{id}'; did you mean {close}?").format(
                    id=entry_id, close=", ".join(close)
                )
            )
        raise NotFoundError(
            _("There is no playbook entry '{id}'; 'pilot playbook list' shows them all.").format(
                id=entry_id
            )
        )

    def close_ids(self, entry_id: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` ids that look like ``entry_id`` (difflib ratio ≥ 0.6)."""
        return difflib.get_close_matches(entry_id, list(self._entries), n=limit)

    def for_kpi(self, kpi_id: str) -> list[Entry]:
        """Entries about this KPI: its own page (``kpi-<id>``) first, then those listing it."""
        return self._linked(f"kpi-{kpi_id}", lambda e: kpi_id in e.kpis)

    def for_rule(self, rule_id: str) -> list[Entry]:
        """Entries about this diagnostic rule: ``rule-<id>`` first, then those listing it."""
        return self._linked(f"rule-{rule_id}", lambda e: rule_id in e.rules)

    def for_stage(self, stage_key: str) -> list[Entry]:
        """Entries for this stage: its guide (``stage-<key>``) first, then the others."""
        return self._linked(f"stage-{stage_key}", lambda e: e.stage == stage_key)

    def _linked(self, own_id: str, matches: Callable[[Entry], bool]) -> list[Entry]:
        own = self._entries.get(own_id)
        others = [e for e in self.list_entries() if e.id != own_id and matches(e)]
        return [own, *others] if own is not None else others

    def search(self, text: str, limit: int | None = None) -> list[SearchHit]:
        """Entries matching the words of ``text``, best first.

        A word matches a title, id or tag word it starts, or anywhere in the body. Entries
        matching more of the words come first; then the score: 10 per word in the title (and
        10 more when a text of several words appears whole in the title), 6 in the id, 5 in
        the tags, 1 per body occurrence up to 3. Entries matching no word are left out; an
        empty text finds none.
        """
        words = [w.casefold() for w in _WORD.findall(text)]
        phrase = " ".join(words)
        ranked: list[tuple[int, int, str, SearchHit]] = []
        for entry in self._entries.values():
            title_words = _words(entry.title)
            id_words = _words(entry.id.replace("_", " "))
            tag_words = [w for tag in entry.tags for w in _words(tag)]
            body = entry.body.casefold()
            score = matched = 0
            for word in words:
                gained = (
                    10 * _starts_any(word, title_words)
                    + 6 * _starts_any(word, id_words)
                    + 5 * _starts_any(word, tag_words)
                    + min(body.count(word), 3)
                )
                matched += gained > 0
                score += gained
            if matched == 0:
                continue
            if len(words) > 1 and phrase in " ".join(title_words):
                score += 10
            hit = SearchHit(entry, score, _snippet(entry.body, words))
            ranked.append((-matched, -score, entry.title.casefold(), hit))
        ranked.sort(key=lambda item: item[:3])
        hits = [item[3] for item in ranked]
        return hits if limit is None else hits[:limit]

    def broken_links(self) -> list[BrokenLink]:
        """Every ``related`` or inline link whose target is not an entry."""
        broken: list[BrokenLink] = []
        for entry in self.list_entries():
            broken += [
                BrokenLink(entry.id, t, "related") for t in entry.related if t not in self._entries
            ]
            broken += [
                BrokenLink(entry.id, t, "inline")
                for t in entry.inline_links
                if t not in self._entries
            ]
        return broken


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _starts_any(word: str, candidates: list[str]) -> int:
    return int(any(c.startswith(word) for c in candidates))


def _snippet(body: str, words: list[str], width: int = 100) -> str:
    for line in body.splitlines():
        folded = line.casefold()
        if any(w in folded for w in words):
            text = " ".join(line.lstrip("#>-* ").split())
            return text if len(text) <= width else text[: width - 1] + "…"
    return ""


def load_playbook(team_dir: Path | None = None, *, lang: str = DEFAULT_LANG) -> Playbook:
    """The shipped entries for ``lang`` (English when the package has none in that language),
    with the entries of ``team_dir`` added or replacing shipped ones of the same id.

    Raises ``PlaybookEntryError`` (one sentence naming the file) for the first bad entry or
    for two files of one source claiming the same id, and ``NotFoundError`` when ``team_dir``
    is given but is not a directory.
    """
    shipped_root = resources.files("pilot_tui").joinpath("playbooks")
    shipped_dir = shipped_root.joinpath(lang)
    if not shipped_dir.is_dir():
        shipped_dir = shipped_root.joinpath(DEFAULT_LANG)
    entries = _read_all(
        ((f"pilot_tui/playbooks/{shipped_dir.name}/{f.name}", f) for f in _markdown(shipped_dir)),
        from_team=False,
    )
    if team_dir is not None:
        if not team_dir.is_dir():
            raise NotFoundError(
                _("The team playbook directory {path} does not exist.").format(path=team_dir)
            )
        team = _read_all(((str(f), f) for f in _markdown(team_dir)), from_team=True)
        entries.update(team)
    return Playbook(entries.values())


def _markdown(directory: Traversable) -> list[Traversable]:
    return sorted(
        (f for f in directory.iterdir() if f.name.endswith(".md") and f.is_file()),
        key=lambda f: f.name,
    )


def _read_all(files: Iterable[tuple[str, Traversable]], *, from_team: bool) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for source, file in files:
        entry = parse_entry(file.read_text(encoding="utf-8"), source, from_team=from_team)
        if entry.id in entries:
            raise PlaybookEntryError(
                _("The playbook entry {source} uses the id '{id}' already used by {other}.").format(
                    source=source, id=entry.id, other=entries[entry.id].source
                )
            )
        entries[entry.id] = entry
    return entries


def parse_entry(text: str, source: str, *, from_team: bool = False) -> Entry:
    """Read one entry from the text of its file; ``source`` names the file in error messages.

    Required keys: ``id`` (lowercase letters, digits, ``-`` and ``_``), ``title``, ``kind``
    (an ``EntryKind`` value). Optional: ``stage`` (a stage key), and lists ``kpis``, ``rules``,
    ``tags``, ``related``. Any other key is refused, so a typo cannot go unnoticed.
    """

    def fail(reason: str) -> PlaybookEntryError:
        return PlaybookEntryError(
            _("The playbook entry {source} is not valid: {reason}.").format(
                source=source, reason=reason
            )
        )

    try:
        fields, body = split_front_matter(text)
    except FrontMatterError as exc:
        raise fail(str(exc)) from None
    unknown = sorted(set(fields) - _STRING_KEYS - _LIST_KEYS)
    if unknown:
        raise fail(_("unknown key(s) {keys}").format(keys=", ".join(unknown)))
    for key in ("id", "title", "kind"):
        if not fields.get(key):
            raise fail(_("the '{key}' key is missing").format(key=key))
    strings: dict[str, str] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for key, value in fields.items():
        if key in _STRING_KEYS:
            if not isinstance(value, str):
                raise fail(_("'{key}' must be a single value, not a list").format(key=key))
            strings[key] = value
        else:
            lists[key] = tuple(value) if isinstance(value, list) else (value,) if value else ()
    if not _ID.match(strings["id"]):
        raise fail(
            _("the id '{id}' may only hold lowercase letters, digits, '-' and '_'").format(
                id=strings["id"]
            )
        )
    try:
        kind = EntryKind(strings["kind"])
    except ValueError:
        raise fail(
            _("the kind '{kind}' is not one of {kinds}").format(
                kind=strings["kind"], kinds=", ".join(k.value for k in EntryKind)
            )
        ) from None
    if not body.strip():
        raise fail(_("it has no text after its front matter"))
    return Entry(
        id=strings["id"],
        title=strings["title"],
        kind=kind,
        body=body,
        source=source,
        stage=strings.get("stage") or None,
        kpis=lists.get("kpis", ()),
        rules=lists.get("rules", ()),
        tags=lists.get("tags", ()),
        related=lists.get("related", ()),
        from_team=from_team,
    )
