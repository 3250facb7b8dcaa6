"""The query service behind `kb search`: full-text search over the store.

The store (SQLite) is the truth; the index is a copy derived from it
(`kb.index.documents`), kept by a backend (`kb.index.backend`; Whoosh today,
`kb.index.whoosh_backend`). It is stamped with the store's generation and
rebuilt whenever it cannot serve the store: missing, behind, or damaged.

The service keeps what is the same whatever the engine: when to rebuild, the
open store and index kept between queries, the scope (the social-law acts of
`sources/social_acts.toml`, the act a `--law` names, or every act; the versions
in force on the day, from the store), the caseworkers' vocabulary
(`sources/vocabulary.toml`: the provisions a word means, as documents), and the
concepts: a plain query that is a concept's name ("helhedsvurdering") marks
the provisions the concept rests on and adds those the words do not find.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.config import database_url, sqlite_path
from kb.errors import KbError, StoreNotReady
from kb.i18n import _
from kb.index.backend import (
    Backend,
    BuildReport,
    Hit,
    OpenIndex,
    Progress,
    Ranked,
    Scope,
    SearchResult,
)
from kb.index.documents import Corpus
from kb.index.query import Plan, cited, meant_provisions, social_acts, vocabulary
from kb.index.whoosh_backend import WhooshBackend
from kb.store.interval import in_force
from kb.store.read import Reader, open_reader
from kb.text import fold, similar
from kb.units import Address

__all__ = [
    "BuildReport",
    "Hit",
    "Progress",
    "SearchResult",
    "ensure",
    "index_dir",
    "rebuild",
    "search",
    "search_store",
]

_PLAIN = re.compile(r"\w+(?:[ -]\w+)*")  # words only, no query syntax


# --- where the index lives ---------------------------------------------------


def index_dir(url: str | None = None) -> Path:
    """`KB_INDEX_DIR`, else beside a SQLite store, else in the user cache."""
    if os.environ.get("KB_INDEX_DIR"):
        return Path(os.environ["KB_INDEX_DIR"])
    url = url or database_url()
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.name + ".index")
    # Imported here to keep the CLI's start fast: only a store that is not a
    # SQLite file needs it.
    from platformdirs import user_cache_dir

    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return Path(user_cache_dir("lovkb")) / f"index-{digest}"


def _backend(url: str | None) -> Backend:
    """The backend that keeps the index of the store at `url`."""
    return WhooshBackend(index_dir(url))


# --- build ----------------------------------------------------------------------


def rebuild(
    url: str | None = None,
    reason: str | None = None,
    progress: Progress | None = None,
    reader: Reader | None = None,
) -> BuildReport:
    """Build the index from the store anew and put it in place."""
    reason = reason or _("asked to rebuild")
    backend = _backend(url)
    own = reader is None
    reader = reader or open_reader(url)
    try:
        with backend.locked():
            return backend.build(Corpus(reader), reason, progress)
    finally:
        if own:
            reader.close()


def ensure(
    url: str | None = None,
    on_rebuild: Callable[[str], Progress | None] | None = None,
    reader: Reader | None = None,
) -> BuildReport | None:
    """Bring the index up to date if it cannot serve the store (updated in place when
    it is only behind, else rebuilt); None if it can."""
    return _ensure(_backend(url), url, on_rebuild, reader)


def _ensure(
    backend: Backend,
    url: str | None,
    on_rebuild: Callable[[str], Progress | None] | None,
    reader: Reader | None,
) -> BuildReport | None:
    own = reader is None
    reader = reader or open_reader(url)
    try:
        reason = backend.why_stale(reader.generation())
        if reason is None:
            return None
        with backend.locked():
            reason = backend.why_stale(reader.generation())
            if reason is None:  # another process just rebuilt it
                return None
            corpus = Corpus(reader)
            progress = on_rebuild(reason) if on_rebuild else None
            # An index only behind the store is updated in place for what changed;
            # any other (missing, damaged, of another format) is built anew.
            updated = backend.update(corpus, reason)
            if updated is not None:
                if progress is not None:
                    progress(updated.documents, updated.documents)
                return updated
            return backend.build(corpus, reason, progress)
    finally:
        if own:
            reader.close()


# --- queries --------------------------------------------------------------------


def search_store(
    query: str,
    as_of: dt.date | None = None,
    *,
    all_versions: bool = False,
    law: str | None = None,
    all_acts: bool = False,
    limit: int = 10,
    url: str | None = None,
    on_rebuild: Callable[[str], Progress | None] | None = None,
) -> SearchResult:
    """`search`, setting the store up first if it is missing (first use): what
    `kb.api.search` and `kb search` run. Here rather than in `kb.api` so that the
    command does not import the resolver a search never uses."""

    def searched() -> SearchResult:
        return search(
            query,
            url=url,
            as_of=None if all_versions else as_of,
            all_versions=all_versions,
            law=law,
            all_acts=all_acts,
            limit=limit,
            on_rebuild=on_rebuild,
        )

    # The search service keeps its own reader between queries: the store is set
    # up only when it turns out to be missing, not checked again on every query.
    try:
        return searched()
    except StoreNotReady:
        from kb.ingest.setup import open_store

        open_store(url).close()  # first use: set the store up, as every call does
        return searched()


def search(
    query: str,
    *,
    url: str | None = None,
    as_of: dt.date | None = None,
    all_versions: bool = False,
    law: str | None = None,
    all_acts: bool = False,
    limit: int = 10,
    on_rebuild: Callable[[str], Progress | None] | None = None,
) -> SearchResult:
    """Ranked hits for a query over provisions and practice.

    A plain query (words, "quoted phrases") ranks the provisions that hold
    every word first, then those that hold some, Danish stop words left out;
    any other query is read as Whoosh syntax. Without `all_versions`, only
    versions in force on `as_of` (default today) are searched. The scope is
    the social-law acts of `sources/social_acts.toml` (every act if the store
    holds none of them), or the one act `law` names, or with `all_acts` every
    act. Concepts whose words match are listed apart.
    """
    if not query.strip():
        raise KbError(_("the search query is empty"))
    if limit < 1:
        raise KbError(_("--limit {limit}: give 1 or more").format(limit=limit))
    if law is not None and all_acts:
        raise KbError(_("--law and --all-acts exclude each other"))
    day = None if all_versions else (as_of or dt.date.today())
    try:
        return _search(query, url, day, law, all_acts, limit, on_rebuild)
    except KbError:
        raise
    except Exception:
        # An index kept open from an earlier query was damaged under us: drop
        # it; the next open checks it and rebuilds it.
        _forget(url)
        return _search(query, url, day, law, all_acts, limit, on_rebuild)


def _search(
    query: str,
    url: str | None,
    day: dt.date | None,
    law: str | None,
    all_acts: bool,
    limit: int,
    on_rebuild: Callable[[str], Progress | None] | None,
) -> SearchResult:
    opened, rebuilt = _opened(url, on_rebuild)
    reader, index = opened.reader, opened.index
    if law is not None:
        try:
            law = reader.act_called(law).key
        except KbError as exc:
            raise KbError(f"--law: {exc}") from None
    parsed = index.parse(query)
    acts: frozenset[str] | None
    if law is not None:
        acts, name = frozenset({law}), law
    elif all_acts:
        acts, name = None, "all"
    else:
        acts, name = opened.social(), "social"
    scope = Scope(day, acts, opened.versions(acts, day), practice=law is None)
    ranked = index.ranked(_meaning(parsed, index, opened, scope), scope)
    total = len(ranked)
    concepts = index.concepts(parsed, limit=3)
    named = _named_concept(query, reader)
    marks: dict[int, str] = {}
    if named is not None:
        # The query is a concept's name: the provisions it rests on are
        # marked, and those the words do not find are added at the top score,
        # after the word match that has it.
        top = ranked[0].score if ranked else 1.0
        present = {r.number for r in ranked}
        for docnum in _concept_docs(index, opened, named, scope):
            marks[docnum] = named
            if docnum not in present:
                ranked.append(Ranked(top, docnum, False))
                present.add(docnum)
                total += 1
        concepts = [named, *(c for c in concepts if c != named)]
        ranked.sort(key=lambda r: (not r.complete, -r.score, not r.matched, r.number))
    page = ranked[:limit]
    hits = index.hits(parsed, page)
    for r, hit in zip(page, hits, strict=True):
        hit.concept = marks.get(r.number)
    suggestions = (
        [] if total else index.suggest(query, scope) + _said_like(parsed, index, opened, scope)
    )
    stopped = list(parsed.stopped) if isinstance(parsed, Plan) else []
    return SearchResult(query, hits, total, day, suggestions, concepts, rebuilt, name, stopped)


def _meaning(parsed: Any, index: OpenIndex, opened: _Opened, scope: Scope) -> Any:
    """A plain query with, for each of its words, the provisions the caseworkers'
    vocabulary (sources/vocabulary.toml) gives it, as documents of the scope."""
    if not isinstance(parsed, Plan):
        return parsed
    meant: dict[int, tuple[int, ...]] = {}
    for k, provisions in meant_provisions(parsed, vocabulary().entries).items():
        docs: list[int] = []
        for citation in provisions:
            for docnum in _cited_docs(index, opened, citation, scope):
                if docnum not in docs:
                    docs.append(docnum)
        if docs:
            meant[k] = tuple(docs)
    return replace(parsed, meant=meant)


def _said_like(parsed: Any, index: OpenIndex, opened: _Opened, scope: Scope) -> list[str]:
    """The caseworkers' words (the vocabulary) spelt like a word of the query,
    where the provisions they mean are in the scope ("handicapbiil")."""
    if not isinstance(parsed, Plan):
        return []
    words: dict[str, list[str]] = {}
    for entry in vocabulary().entries:
        for form in entry.words:
            if len(form) == 1:
                words.setdefault(form[0], []).extend(entry.provisions)
    out: list[str] = []
    for unit in parsed.units:
        if unit.phrase:
            continue
        for word in similar(unit.tokens[0], words):
            if word not in out and any(_cited_docs(index, opened, c, scope) for c in words[word]):
                out.append(word)
    return out


def _cited_docs(index: OpenIndex, opened: _Opened, citation: str, scope: Scope) -> list[int]:
    """The documents of the §§ a plain citation names, in the scope's versions of
    its act (a range runs over the §§ each version has between its ends)."""
    found = cited(citation)
    if found is None:
        return []
    law, items = found
    out = []
    for vid in opened.versions_of(law, scope):
        numbers = opened.paragraphs(vid)
        for first, last in items:
            wanted = [first]
            if last is not None and first in numbers and last in numbers:
                wanted = numbers[numbers.index(first) : numbers.index(last) + 1]
            for number in wanted:
                docnum = index.number(f"{vid}:{Address(number)}")
                if docnum is not None:
                    out.append(docnum)
    return out


def _concept_docs(index: OpenIndex, opened: _Opened, key: str, scope: Scope) -> list[int]:
    """Documents of the provisions a concept rests on, within the scope: today's
    counterparts where the store has them in the scope, else the provisions as
    the pamphlet cites them (read with `query.cited`, not the resolver, which a
    cold search cannot afford)."""
    rows = [r for r in opened.reader.concepts() if r[1] == key]
    if not rows:
        return []
    provisions = opened.reader.concept_provisions(rows[0][0])
    out: list[int] = []
    for kind in ("current", "source"):
        for docnum in (
            d for k, c in provisions if k == kind for d in _cited_docs(index, opened, c, scope)
        ):
            if docnum not in out:
                out.append(docnum)
        if out:
            break
    return out


def _named_concept(query: str, reader: Reader) -> str | None:
    """The concept a plain query names ("helhedsvurdering", "bisidder"), if any."""
    if not _PLAIN.fullmatch(query.strip()):
        return None  # phrases, operators, wildcards: the user is searching words
    rows = reader.concepts_named(fold(query))
    return rows[0][1] if len(rows) == 1 else None


# --- the store and index kept open between queries ------------------------------


@dataclass
class _Opened:
    """An open store and index, kept for the next query while both are unchanged."""

    reader: Reader
    index: OpenIndex
    generation: str | None
    # (id, act key, in force from, in force to) of every stored version with a
    # text of its own, read once: the scopes are made from it
    table: list[tuple[int, str, str | None, str | None]] | None = None
    scopes: dict[Any, frozenset[int]] = field(default_factory=dict)
    numbers: dict[int, list[str]] = field(default_factory=dict)

    def rows(self) -> list[tuple[int, str, str | None, str | None]]:
        if self.table is None:
            self.table = [
                (int(vid), key, start, end)
                for vid, key, start, end in self.reader.q(
                    "SELECT v.id, a.key, v.in_force_from, v.in_force_to FROM versions v "
                    "JOIN acts a ON a.id = v.act_id WHERE NOT v.is_amending"
                )
            ]
        return self.table

    def social(self) -> frozenset[str] | None:
        """The social-law acts the store holds (None if it holds none: every act)."""
        stored = {key for _, key, _, _ in self.rows()}
        acts = frozenset(social_acts()) & stored
        return acts or None

    def versions(self, acts: frozenset[str] | None, day: dt.date | None) -> frozenset[int] | None:
        """The versions of `acts` (None: all) in force on `day` (None: every one),
        by the rule of `kb.store.interval`; None for every version of every act."""
        if acts is None and day is None:
            return None
        key = (acts, day)
        got = self.scopes.get(key)
        if got is None:
            iso = day.isoformat() if day else None
            got = self.scopes[key] = frozenset(
                vid
                for vid, law, start, end in self.rows()
                if (acts is None or law in acts) and (iso is None or in_force(start, end, iso))
            )
        return got

    def versions_of(self, law: str, scope: Scope) -> list[int]:
        """The versions of one act within a scope."""
        return [
            vid
            for vid, key, _, _ in self.rows()
            if key == law and (scope.versions is None or vid in scope.versions)
        ]

    def paragraphs(self, version_id: int) -> list[str]:
        """The version's § numbers in order."""
        got = self.numbers.get(version_id)
        if got is None:
            got = self.numbers[version_id] = self.reader.paragraf_numbers(version_id)
        return got

    def close(self) -> None:
        self.index.close()
        self.reader.close()


_OPENED: dict[str, _Opened] = {}


def _forget(url: str | None) -> None:
    kept = _OPENED.pop(url or database_url(), None)
    if kept is not None:
        kept.close()


def _opened(
    url: str | None, on_rebuild: Callable[[str], Progress | None] | None
) -> tuple[_Opened, BuildReport | None]:
    """The store and index for `url`, rebuilt first if the index cannot serve.

    A process that searches again and again (the letter tool) pays for the
    checks once: later calls compare the store's generation and ask the index
    whether it is still the one opened, and reopen only when either has moved.
    """
    key = url or database_url()
    kept = _OPENED.get(key)
    if kept is not None:
        if kept.reader.generation() == kept.generation and kept.index.unchanged():
            return kept, None
        _OPENED.pop(key)
        kept.close()
    reader = open_reader(url)
    try:
        backend = _backend(url)  # one backend: it opens the index it checked
        rebuilt = _ensure(backend, url, on_rebuild, reader)
        index = backend.open()
    except BaseException:
        reader.close()
        raise
    opened = _OPENED[key] = _Opened(reader, index, reader.generation())
    return opened, rebuilt
