"""Full-text search over the store with Whoosh: the index and the queries.

The store (SQLite) is the truth; the index is a copy derived from it. It is
stamped with the store's generation and rebuilt — into a new directory that
then replaces the old one, under a lock — whenever the stamp differs, the
index is missing, or it cannot be read (Whoosh reads its table of contents
with pickle, so a truncated file fails in odd ways; any failure to open it
counts as "broken").

Grain: one document per § of every stored version (with its stk., nr. and
litra), one per practice reference, and one per concept. A § is what a
caseworker cites and reads; its stk. are short, so ranking a whole § loses
little, and a hit list of stk. would split one § over several lines.

Analysis: `RegexTokenizer | LowercaseFilter | StemFilter("da")` with
positions, so phrases work and "stk. 2, nr. 3" keeps its numbers; no stop
words, no folding of æ/ø/å. Compounds are split against the corpus's own
vocabulary (`kb.index.compound`) into a separate field, so "vejledning" finds
"klagevejledning" and "vejledningspligt".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh import query as q
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.highlight import BasicFragmentScorer, PinpointFragmenter
from whoosh.idsets import BitSet
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParserError
from whoosh.util.filelock import FileLock

from kb.config import database_url, sqlite_path
from kb.errors import KbError
from kb.i18n import _
from kb.index.compound import MIN_PART, Splitter
from kb.store.read import Reader, UnitRow, open_reader
from kb.units import Address

INDEX_FORMAT = 2  # bump when the schema or the analysis changes
LOCK_TIMEOUT = 30.0  # seconds a rebuild waits for another one
_OPEN = "9999-12-31"  # in_force_to of a version still in force
_WORD = re.compile(r"\w+")
_PLAIN = re.compile(r"\w+(?:[ -]\w+)*")  # words only, no query syntax

Progress = Callable[[int, int], None]  # (done, total)

# Query-time boosts multiply a field's score (index-time boosts would be
# flattened by BM25's saturation of term frequency). A heading names what
# the § under it rules on, so it counts most; a compound's parts least.
FIELD_BOOSTS = {"heading": 4.0, "context": 1.0, "text": 1.0, "parts": 0.5}


# --- where the index lives ---------------------------------------------------


def index_dir(url: str | None = None) -> Path:
    """`KB_INDEX_DIR`, else beside a SQLite store, else in the user cache."""
    if os.environ.get("KB_INDEX_DIR"):
        return Path(os.environ["KB_INDEX_DIR"])
    url = url or database_url()
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.name + ".index")
    from platformdirs import user_cache_dir

    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return Path(user_cache_dir("lovkb")) / f"index-{digest}"


# --- schema and analysis -----------------------------------------------------


class CompoundFilter(Filter):  # type: ignore[misc]
    """At indexing, replace each compound by its parts (other words go); in a
    query, keep the word, so that it meets the parts that were indexed.

    Whoosh pickles the analyzer into the index, vocabulary and all, so a
    query is analysed exactly as the documents were.
    """

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self._splitter: Splitter | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words}  # the splitter's memo is rebuilt, not pickled

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.words, self._splitter = state["words"], None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompoundFilter) and other.words == self.words

    __hash__ = None  # type: ignore[assignment]

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        if self._splitter is None:
            self._splitter = Splitter(self.words)
        for t in tokens:
            if t.mode == "query":
                yield t
                continue
            for part in self._splitter.parts(t.text):
                t.text = part
                yield t


def _schema(vocabulary: frozenset[str]) -> Schema:
    words = RegexTokenizer() | LowercaseFilter()
    danish = words | StemFilter(lang="da")
    parts = words | CompoundFilter(vocabulary) | StemFilter(lang="da")
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        law=ID(stored=True),
        version=STORED(),
        version_id=NUMERIC(stored=True),
        canonical=STORED(),
        label=STORED(),
        heading=TEXT(analyzer=danish, stored=True),
        context=TEXT(analyzer=danish, stored=True),
        # chars: the highlighter reads match positions instead of re-analysing
        text=TEXT(analyzer=danish, stored=True, spelling=True, chars=True),
        parts=TEXT(analyzer=parts),
        in_force_from=ID(stored=True),
        in_force_to=ID(stored=True),
        ord=NUMERIC(stored=True),
    )


# --- documents ----------------------------------------------------------------


@dataclass
class _Doc:
    id: str
    kind: str
    canonical: str
    text: str
    heading: str = ""
    context: str = ""
    law: str = ""
    version: str = ""
    version_id: int = 0
    label: str = ""
    in_force_from: str = "0000-01-01"
    in_force_to: str = _OPEN
    ord: int = 0


def _documents(reader: Reader) -> Iterator[_Doc]:
    from kb.resolver.resolve import render_rows

    for act in reader.acts():
        for version in reader.versions(act.id):
            if version.is_amending:
                continue
            units = reader.units(version.id)
            yield from _paragraphs(act.key, version, units, render_rows)
    for row in reader.q("SELECT ref, title, summary FROM practice ORDER BY ref"):
        ref, title, summary = row
        yield _Doc(f"practice:{ref}", "practice", ref, summary or "", heading=title or "")
    for key, name, explanation in reader.q(
        "SELECT key, name, explanation FROM concepts ORDER BY key"
    ):
        yield _Doc(f"concept:{key}", "concept", key, explanation, heading=name)


def _paragraphs(law: str, version: Any, units: list[UnitRow], render_rows: Any) -> Iterator[_Doc]:
    by_ord = {u.ord: u for u in units}
    introduced: set[int] = set()  # headings already given to the § they stand before
    for u in units:
        if u.kind != "paragraf" or not u.path:
            continue
        rows = [r for r in units if u.ord <= r.ord <= u.end_ord]
        own, context = [], []
        parent = by_ord.get(u.parent_ord) if u.parent_ord is not None else None
        while parent is not None:
            if parent.kind in ("kapitel", "gruppe", "afsnit") and (parent.label or parent.heading):
                words = " ".join(p for p in (parent.label, parent.heading) if p)
                # A heading is printed right above the first § under it and
                # names what that § rules on ("Kapitel 5 Partshøring" → § 19);
                # the §§ after it only stand in its context.
                (context if parent.ord in introduced else own).append(words)
                introduced.add(parent.ord)
            parent = by_ord.get(parent.parent_ord) if parent.parent_ord is not None else None
        if u.heading:
            own.append(u.heading)
        yield _Doc(
            id=f"{version.id}:{u.path}",
            kind="paragraf",
            canonical=f"{law} {Address(u.number).written()}",
            text=render_rows(rows),
            heading=" · ".join(reversed(own)),
            context=" · ".join(reversed(context)),
            law=law,
            version=version.designation,
            version_id=version.id,
            label=u.label or "",
            in_force_from=version.in_force_from or "0000-01-01",
            in_force_to=version.in_force_to or _OPEN,
            ord=u.ord,
        )


# --- build, stamp, open ---------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    documents: int
    seconds: float
    reason: str


def _stamp_of(reader: Reader) -> dict[str, Any]:
    return {"format": INDEX_FORMAT, "generation": reader.generation()}


def _read_stamp(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / "lovkb-stamp.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _why_stale(folder: Path, reader: Reader) -> str | None:
    """Why the index at `folder` cannot serve this store, or None if it can."""
    if not folder.exists():
        return "there is no search index yet"
    stamp = _read_stamp(folder)
    if stamp is None:
        return "the search index has no readable stamp"
    want = _stamp_of(reader)
    if stamp.get("format") != want["format"]:
        return "the search index was built by another version of lovkb"
    if stamp.get("generation") != want["generation"]:
        return "the store has changed since the search index was built"
    try:
        ix = _open_index(folder)
        with ix.searcher() as s:
            s.doc_count()
    except Exception as exc:  # Whoosh fails in many ways on a damaged index
        return f"the search index is damaged ({type(exc).__name__})"
    return None


def rebuild(
    url: str | None = None,
    reason: str = "asked to rebuild",
    progress: Progress | None = None,
    reader: Reader | None = None,
) -> BuildReport:
    """Build the index from the store into a new directory and swap it in."""
    folder = index_dir(url)
    folder.parent.mkdir(parents=True, exist_ok=True)
    own = reader is None
    reader = reader or open_reader(url)
    try:
        with _lock(folder):
            return _build(folder, reader, reason, progress)
    finally:
        if own:
            reader.close()


def ensure(
    url: str | None = None,
    on_rebuild: Callable[[str], Progress | None] | None = None,
    reader: Reader | None = None,
) -> BuildReport | None:
    """Rebuild the index if it cannot serve the store; None if it can."""
    folder = index_dir(url)
    own = reader is None
    reader = reader or open_reader(url)
    try:
        reason = _why_stale(folder, reader)
        if reason is None:
            return None
        folder.parent.mkdir(parents=True, exist_ok=True)
        with _lock(folder):
            if _why_stale(folder, reader) is None:  # another process just rebuilt it
                return None
            progress = on_rebuild(reason) if on_rebuild else None
            return _build(folder, reader, reason, progress)
    finally:
        if own:
            reader.close()


def _build(folder: Path, reader: Reader, reason: str, progress: Progress | None) -> BuildReport:
    started = time.perf_counter()
    docs = list(_documents(reader))
    vocabulary = _vocabulary(reader)
    schema = _schema(frozenset(w for w in vocabulary if len(w) >= MIN_PART))
    try:
        fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise KbError(
            _("cannot write the search index beside {folder}: {reason}").format(
                folder=folder, reason=exc.strerror
            )
        ) from None
    try:
        ix = index.create_in(str(fresh), schema)
        writer = ix.writer(limitmb=128)
        try:
            for n, d in enumerate(docs, start=1):
                fields = asdict(d)
                fields["parts"] = f"{d.heading} {d.context} {d.text}"
                writer.add_document(**fields)
                if progress and (n % 200 == 0 or n == len(docs)):
                    progress(n, len(docs))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        stamp = {
            **_stamp_of(reader),
            "documents": len(docs),
            "built": dt.datetime.now().isoformat(),
        }
        (fresh / "lovkb-stamp.json").write_text(json.dumps(stamp), "utf-8")
        _swap(fresh, folder)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise KbError(
            _("cannot write the search index at {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc
            )
        ) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return BuildReport(len(docs), time.perf_counter() - started, reason)


def _vocabulary(reader: Reader) -> set[str]:
    """Every word the store uses anywhere (notes and amending acts too): the
    dictionary compounds are split against."""
    words: set[str] = set()
    for (text,) in reader.q(
        "SELECT coalesce(heading, '') || ' ' || coalesce(text, '') || ' ' || coalesce(tail, '') "
        "FROM units"
    ):
        words.update(_WORD.findall(text.lower()))
    for (text,) in reader.q(
        "SELECT coalesce(title, '') || ' ' || coalesce(summary, '') FROM practice"
    ):
        words.update(_WORD.findall(text.lower()))
    for (text,) in reader.q("SELECT name || ' ' || explanation FROM concepts"):
        words.update(_WORD.findall(text.lower()))
    return words


def _open_index(folder: Path) -> Any:
    """The index, read with plain file reads: a memory map of a segment that
    is damaged while a process keeps it open kills the process (SIGBUS)
    instead of raising an error it can recover from."""
    return FileStorage(str(folder), supports_mmap=False).open_index()


def _swap(fresh: Path, folder: Path) -> None:
    """Put the new index in place; readers of the old one keep their files."""
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        os.replace(folder, old)
    os.replace(fresh, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """One rebuild at a time, across processes."""
    lock = FileLock(str(folder.with_name(folder.name + ".lock")))
    deadline = time.monotonic() + (LOCK_TIMEOUT if timeout is None else timeout)
    while not _acquire(lock, folder):
        if time.monotonic() >= deadline:
            raise KbError(
                _(
                    "the search index at {folder} is being rebuilt by another process "
                    "(its lock has been held for over {seconds} s); try again shortly"
                ).format(folder=folder, seconds=f"{LOCK_TIMEOUT:.0f}")
            )
        time.sleep(0.05)
    try:
        yield
    finally:
        lock.release()


def _acquire(lock: FileLock, folder: Path) -> bool:
    try:
        return bool(lock.acquire(blocking=False))
    except OSError as exc:  # a read-only data directory, a full disk
        raise KbError(
            _(
                "the search index at {folder} must be built, but lovkb cannot write in "
                "{parent} ({reason}); make the folder writable, or set KB_INDEX_DIR to a "
                "folder that is, and run `kb index rebuild`"
            ).format(folder=folder, parent=folder.parent, reason=exc.strerror or exc)
        ) from None


# --- queries --------------------------------------------------------------------


@dataclass
class Hit:
    canonical: str
    law: str | None
    version: str | None
    score: float
    snippet: str
    kind: str
    heading: str | None = None
    label: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    concept: str | None = None  # the concept that names this provision, when one matched


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    as_of: dt.date | None
    suggestions: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    rebuilt: BuildReport | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "total": self.total,
            "hits": [asdict(h) for h in self.hits],
            "suggestions": self.suggestions,
            "concepts": self.concepts,
        }


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
    reader, parser = opened.reader, opened.parser
    if law is not None:
        try:
            law = reader.act_called(law).key
        except KbError as exc:
            raise KbError(f"--law: {exc}") from None
    try:
        parsed = parser.parse(query)
    except QueryParserError as exc:
        raise KbError(
            _("cannot read the query {query}: {reason}").format(query=repr(query), reason=exc)
        ) from None
    s = opened.searching()  # one searcher per opened index, reused by every query
    allowed = opened.allowed(s, day, law)
    # Every match is ranked (the corpus is small), so that provisions a
    # concept adds are placed among all of them, not only the first page.
    results = s.search(parsed, filter=allowed, limit=None)
    ranked: list[tuple[float, int, Any]] = [(r.score, r.docnum, r) for r in results]
    total = len(ranked)
    matched = s.search(parsed, filter=q.Term("kind", "concept"), limit=3)
    concepts = [r["canonical"] for r in matched]
    named = _named_concept(query, reader)
    marks: dict[int, str] = {}
    if named is not None:
        # The query is a concept's name: the provisions it rests on are
        # marked, and those the words do not find are added at the top.
        top = ranked[0][0] if ranked else 1.0
        present = {docnum for _score, docnum, _r in ranked}
        for docnum in _concept_docs(s, named, day, law, url):
            marks[docnum] = named
            if docnum not in present:
                ranked.append((top, docnum, None))
                present.add(docnum)
                total += 1
        concepts = [named, *(c for c in concepts if c != named)]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    page = ranked[:limit]
    snippets = _snippets(s, parsed, [docnum for _s, docnum, r in page if r is not None])
    hits = []
    for score, docnum, r in page:
        if r is None:
            hit = _stored_hit(s.stored_fields(docnum), score)
        else:
            hit = _hit(r, snippets.get(docnum))
        hit.concept = marks.get(docnum)
        hits.append(hit)
    suggestions = [] if total else _suggest(s, query)
    return SearchResult(query, hits, total, day, suggestions, concepts, rebuilt)


def _concept_docs(
    searcher: Any, key: str, day: dt.date | None, law: str | None, url: str | None
) -> list[int]:
    """Document numbers of the provisions a concept rests on, in force on `day`."""
    from kb.resolver.concepts import concept as read_concept

    out = []
    for provision in read_concept(key, day, url).today:
        for t in provision.targets:
            if t.status != "ok" or t.where is None or t.paragraf is None:
                continue
            if law is not None and t.law != law:
                continue
            docnum = searcher.document_number(id=f"{t.where[0]}:{Address(t.paragraf)}")
            if docnum is not None and docnum not in out:
                out.append(docnum)
    return out


class _FirstOfEqual(BasicFragmentScorer):  # type: ignore[misc]
    """Whoosh's fragment score, with ties going to the earlier fragment: the
    snippet must not change from one run to the next."""

    def __call__(self, f: Any) -> float:
        return super().__call__(f) - f.startchar * 1e-9


def _named_concept(query: str, reader: Reader) -> str | None:
    """The concept a plain query names ("helhedsvurdering", "bisidder"), if any."""
    if not _PLAIN.fullmatch(query.strip()):
        return None  # phrases, operators, wildcards: the user is searching words
    from kb.text import fold

    rows = reader.concepts_named(fold(query))
    return rows[0][1] if len(rows) == 1 else None


@dataclass
class _Opened:
    """An open store and index, kept for the next query while both are unchanged."""

    reader: Reader
    index: Any
    parser: Any
    generation: str | None
    stamp: tuple[float, float]  # mtimes of the stamp file and of the folder (files come and go)
    filters: dict[tuple, Any] = field(default_factory=dict)
    searcher: Any = None  # kept open between queries: opening one reads the segments

    def searching(self) -> Any:
        if self.searcher is None:
            self.searcher = self.index.searcher()
        return self.searcher

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
        self.reader.close()

    def allowed(self, searcher: Any, day: dt.date | None, law: str | None) -> Any:
        """The documents a search may return (the filter), worked out once per
        date and act: provisions in force that day (or all), and practice."""
        key = (day, law)
        if key not in self.filters:
            parts = [q.Or([q.Term("kind", "paragraf"), q.Term("kind", "practice")])]
            if day is not None:
                parts.append(q.Or([q.Not(q.Term("kind", "paragraf")), _in_force(day.isoformat())]))
            if law is not None:
                parts.append(q.Term("law", law))
            if len(self.filters) > 64:
                self.filters.clear()
            docs = searcher.docs_for_query(q.And(parts))
            self.filters[key] = BitSet(docs, size=searcher.doc_count_all())
        return self.filters[key]


_OPENED: dict[str, _Opened] = {}


def _mtimes(folder: Path) -> tuple[float, float]:
    return (folder / "lovkb-stamp.json").stat().st_mtime, folder.stat().st_mtime


def _forget(url: str | None) -> None:
    kept = _OPENED.pop(url or database_url(), None)
    if kept is not None:
        kept.close()


def _opened(
    url: str | None, on_rebuild: Callable[[str], Progress | None] | None
) -> tuple[_Opened, BuildReport | None]:
    """The store and index for `url`, rebuilt first if the index cannot serve.

    A process that searches again and again (the letter tool) pays for the
    checks once: later calls compare the store's generation and the stamp's
    modification time, and reopen only when either has moved.
    """
    key = url or database_url()
    folder = index_dir(url)
    kept = _OPENED.get(key)
    if kept is not None:
        try:
            same = kept.reader.generation() == kept.generation and _mtimes(folder) == kept.stamp
        except OSError:
            same = False
        if same:
            return kept, None
        _OPENED.pop(key)
        kept.close()
    reader = open_reader(url)
    try:
        rebuilt = ensure(url, on_rebuild, reader)
        ix = _open_index(folder)
        parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
        parser.add_plugin(FuzzyTermPlugin())
        stamp = _mtimes(folder)
    except BaseException:
        reader.close()
        raise
    opened = _OPENED[key] = _Opened(reader, ix, parser, reader.generation(), stamp)
    return opened, rebuilt


def _stored_hit(doc: dict[str, Any], score: float) -> Hit:
    text = " ".join(doc.get("text", "").split())
    return Hit(
        canonical=doc["canonical"],
        law=doc.get("law") or None,
        version=doc.get("version") or None,
        score=round(score, 4),
        snippet=text[:200] + (" …" if len(text) > 200 else ""),
        kind=doc["kind"],
        heading=doc.get("heading") or doc.get("context") or None,
        label=doc.get("label") or None,
        in_force_from=doc.get("in_force_from"),
        in_force_to=doc.get("in_force_to") if doc.get("in_force_to") != _OPEN else None,
    )


def _in_force(iso: str) -> Any:
    return q.And(
        [
            q.TermRange("in_force_from", None, iso, startexcl=False, endexcl=False),
            q.TermRange("in_force_to", iso, None, startexcl=True, endexcl=False),
        ]
    )


def _snippets(searcher: Any, parsed: Any, docnums: list[int]) -> dict[int, str]:
    """Highlighted snippets for the shown hits, from the match positions the
    index stores (no re-analysis of the text)."""
    if not docnums:
        return {}
    page = searcher.search(parsed, filter=set(docnums), limit=len(docnums), terms=True)
    page.fragmenter = PinpointFragmenter(maxchars=240, surround=60, autotrim=True)
    page.formatter = _Brackets()
    page.scorer = _FirstOfEqual()
    return {r.docnum: r.highlights("text") for r in page}


class _Brackets:
    """Mark matched words «like this» in a plain-text snippet."""

    between = " … "

    def __call__(self, text: str, fragments: list[Any]) -> str:
        return self.format(fragments)

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        out = []
        for fragment in fragments:
            text = fragment.text
            pieces, pos = [], fragment.startchar
            for t in sorted(fragment.matches, key=lambda t: t.startchar):
                if t.startchar < pos:
                    continue
                pieces.append(text[pos : t.startchar])
                pieces.append(f"«{text[t.startchar : t.endchar]}»")
                pos = t.endchar
            pieces.append(text[pos : fragment.endchar])
            out.append("".join(pieces))
        return self.between.join(out)


def _hit(r: Any, snippet: str | None) -> Hit:
    text = r.get("text") or ""
    snippet = snippet or text[:200]
    return Hit(
        canonical=r["canonical"],
        law=r.get("law") or None,
        version=r.get("version") or None,
        score=round(r.score, 4),
        snippet=" ".join(snippet.split()),
        kind=r["kind"],
        heading=r.get("heading") or r.get("context") or None,
        label=r.get("label") or None,
        in_force_from=r.get("in_force_from") if r["kind"] == "paragraf" else None,
        in_force_to=(r.get("in_force_to") if r.get("in_force_to") != _OPEN else None)
        if r["kind"] == "paragraf"
        else None,
    )


def _suggest(searcher: Any, query: str) -> list[str]:
    """Spellings the index knows, for each word of a query that found nothing."""
    out: list[str] = []
    corrector = searcher.corrector("text")
    for word in _WORD.findall(query.lower()):
        if word in ("and", "or", "not"):
            continue
        for suggestion in corrector.suggest(word, limit=3, maxdist=2):
            if suggestion != word and suggestion not in out:
                out.append(suggestion)
    return out
