"""The query service behind `kb search`: full-text search over the store.

The store (SQLite) is the truth; the index is a copy derived from it
(`kb.index.documents`), kept by a backend (`kb.index.backend`; Whoosh today,
`kb.index.whoosh_backend`). It is stamped with the store's generation and
rebuilt whenever it cannot serve the store: missing, behind, or damaged.

The service keeps what is the same whatever the engine: when to rebuild, the
open store and index kept between queries, the act a `--law` names, and the
concepts: a plain query that is a concept's name ("helhedsvurdering") marks
the provisions the concept rests on and adds those the words do not find.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.config import database_url, sqlite_path
from kb.errors import KbError
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
from kb.index.whoosh_backend import WhooshBackend
from kb.resolver.concepts import concept as read_concept
from kb.store.read import Reader, open_reader
from kb.text import fold
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
    backend = _backend(url)
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


def search(
    query: str,
    *,
    url: str | None = None,
    as_of: dt.date | None = None,
    all_versions: bool = False,
    law: str | None = None,
    limit: int = 10,
    on_rebuild: Callable[[str], Progress | None] | None = None,
) -> SearchResult:
    """Ranked hits for a Whoosh query over provisions and practice.

    Without `all_versions`, only versions in force on `as_of` (default
    today) are searched. Concepts whose words match are listed apart.
    """
    if not query.strip():
        raise KbError(_("the search query is empty"))
    if limit < 1:
        raise KbError(_("--limit {limit}: give 1 or more").format(limit=limit))
    day = None if all_versions else (as_of or dt.date.today())
    try:
        return _search(query, url, day, law, limit, on_rebuild)
    except KbError:
        raise
    except Exception:
        # An index kept open from an earlier query was damaged under us: drop
        # it; the next open checks it and rebuilds it.
        _forget(url)
        return _search(query, url, day, law, limit, on_rebuild)


def _search(
    query: str,
    url: str | None,
    day: dt.date | None,
    law: str | None,
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
    # Every match is ranked (the corpus is small), so that provisions a
    # concept adds are placed among all of them, not only the first page.
    ranked = index.ranked(parsed, Scope(day, law))
    total = len(ranked)
    concepts = index.concepts(parsed, limit=3)
    named = _named_concept(query, reader)
    marks: dict[int, str] = {}
    if named is not None:
        # The query is a concept's name: the provisions it rests on are
        # marked, and those the words do not find are added at the top.
        top = ranked[0].score if ranked else 1.0
        present = {r.number for r in ranked}
        for docnum in _concept_docs(index, named, day, law, url):
            marks[docnum] = named
            if docnum not in present:
                ranked.append(Ranked(top, docnum, False))
                present.add(docnum)
                total += 1
        concepts = [named, *(c for c in concepts if c != named)]
    ranked.sort(key=lambda r: (-r.score, r.number))
    page = ranked[:limit]
    hits = index.hits(parsed, page)
    for r, hit in zip(page, hits, strict=True):
        hit.concept = marks.get(r.number)
    suggestions = [] if total else index.suggest(query)
    return SearchResult(query, hits, total, day, suggestions, concepts, rebuilt)


def _concept_docs(
    index: OpenIndex, key: str, day: dt.date | None, law: str | None, url: str | None
) -> list[int]:
    """Document numbers of the provisions a concept rests on, in force on `day`."""
    out = []
    for provision in read_concept(key, day, url).today:
        for t in provision.targets:
            if t.status != "ok" or t.where is None or t.paragraf is None:
                continue
            if law is not None and t.law != law:
                continue
            docnum = index.number(f"{t.where[0]}:{Address(t.paragraf)}")
            if docnum is not None and docnum not in out:
                out.append(docnum)
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
        rebuilt = ensure(url, on_rebuild, reader)
        index = _backend(url).open()
    except BaseException:
        reader.close()
        raise
    opened = _OPENED[key] = _Opened(reader, index, reader.generation())
    return opened, rebuilt
