"""The Whoosh backend: the index in a folder of files, its analysis and its queries.

The index is stamped with the store's generation and rebuilt — into a new
directory that then replaces the old one, under a lock — by the service
whenever the stamp differs, the index is missing, or it cannot be read
(Whoosh reads its table of contents with pickle, so a truncated file fails in
odd ways; any failure to open it counts as "broken").

Analysis: `RegexTokenizer | LowercaseFilter | StemFilter("da")` with
positions, so phrases work and "stk. 2, nr. 3" keeps its numbers; no stop
words, no folding of æ/ø/å. Compounds are split against the corpus's own
vocabulary (`kb.index.compound`) into a separate field, so "vejledning" finds
"klagevejledning" and "vejledningspligt".

Queries: a plain one (words, "phrases") is read and ranked by `kb.index.query`
(stop words left out outside phrases, full matches before partial ones, the
scope's own BM25F statistics); Whoosh syntax goes to Whoosh's parser. The scope's
documents are the postings of its versions' `version_id` terms.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh import query as q
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.highlight import FIRST, BasicFragmentScorer, PinpointFragmenter, top_fragments
from whoosh.idsets import BitSet
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParserError
from whoosh.util.filelock import FileLock
from whoosh.writing import SegmentWriter

from kb.errors import KbError
from kb.i18n import _
from kb.index.backend import BuildReport, Hit, Progress, Ranked, Scope
from kb.index.compound import MIN_PART, Splitter
from kb.index.documents import OPEN, Corpus
from kb.index.query import Plan, Ranker, postings_in, read, vocabulary

INDEX_FORMAT = 2  # bump when the schema or the analysis changes
LOCK_TIMEOUT = 30.0  # seconds a rebuild waits for another one
STAMP = "lovkb-stamp.json"
_WORD = re.compile(r"\w+")

# Query-time boosts multiply a field's score (index-time boosts would be
# flattened by BM25's saturation of term frequency). A heading names what
# the § under it rules on, so it counts most; a compound's parts least.
FIELD_BOOSTS = {"heading": 4.0, "context": 1.0, "text": 1.0, "parts": 0.5}


# --- schema and analysis -----------------------------------------------------


class CompoundFilter(Filter):
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


# --- the index in its folder: stamp, build, swap, lock --------------------------


class WhooshBackend:
    """The index of one store, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # The index `why_stale` opened to check it, for `open` to take while the
        # folder is unchanged: opening reads the table of contents (on the whole
        # corpus, a 1.7 MB pickle), a third of a cold search if read twice.
        self._checked: tuple[tuple[float, float], Any] | None = None

    def why_stale(self, generation: str | None) -> str | None:
        folder = self.folder
        if not folder.exists():
            return _("there is no search index yet")
        stamp = _read_stamp(folder)
        if stamp is None:
            return _("the search index has no readable stamp")
        if stamp.get("format") != INDEX_FORMAT:
            return _("the search index was built by another version of lovkb")
        if stamp.get("generation") != generation:
            return _("the store has changed since the search index was built")
        try:
            mtimes = _mtimes(folder)
            ix = _open_index(folder)
            with ix.searcher() as s:
                s.doc_count()
        except Exception as exc:  # Whoosh fails in many ways on a damaged index
            return _("the search index is damaged ({kind})").format(kind=type(exc).__name__)
        self._checked = (mtimes, ix)
        return None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        with _lock(self.folder):
            yield

    def build(self, corpus: Corpus, reason: str, progress: Progress | None) -> BuildReport:
        folder = self.folder
        started = time.perf_counter()
        docs = list(corpus.documents())
        vocabulary = corpus.vocabulary()
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
            # One writer, one segment, one commit; the bundled store's postings
            # (some 540,000) fit in 128 MB without a spill to disk (32 MB: three
            # spills, and a build half as slow again).
            writer = _Writer(ix, limitmb=128)
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
                "format": INDEX_FORMAT,
                "generation": corpus.generation(),
                "documents": len(docs),
                "built": dt.datetime.now().isoformat(),
            }
            (fresh / STAMP).write_text(json.dumps(stamp), "utf-8")
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

    def open(self) -> WhooshIndex:
        checked, self._checked = self._checked, None
        stamp = _mtimes(self.folder)
        ix = checked[1] if checked is not None and checked[0] == stamp else _open_index(self.folder)
        parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
        parser.add_plugin(FuzzyTermPlugin())
        return WhooshIndex(self.folder, ix, parser, stamp)


class _Writer(SegmentWriter):
    """Whoosh's segment writer, less a disk lookup per posting.

    At commit, Whoosh 2.7.4 asks the new segment for the length of each
    posting's field; for a field that keeps no lengths (ID, NUMERIC) it looks
    for a lengths file on disk every time: a third of the commit on the
    bundled store. The answer (none: 0) is the same without the lookup.
    """

    def per_document_reader(self) -> Any:
        scorable = {name for name, f in self.schema.items() if f.scorable}
        return _Lengths(super().per_document_reader(), scorable)


class _Lengths:
    """A per-document reader that answers 0 at once for fields without lengths."""

    def __init__(self, reader: Any, scorable: set[str]) -> None:
        self._reader = reader
        self._scorable = scorable

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname not in self._scorable:
            return default
        return int(self._reader.doc_field_length(docnum, fieldname, default))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def _read_stamp(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _mtimes(folder: Path) -> tuple[float, float]:
    """Of the stamp file and of the folder (a build swaps the folder; files come and go)."""
    return (folder / STAMP).stat().st_mtime, folder.stat().st_mtime


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


class WhooshIndex:
    """An opened index, kept for the next query while it is unchanged."""

    def __init__(self, folder: Path, ix: Any, parser: Any, stamp: tuple[float, float]) -> None:
        self.folder = folder
        self.index = ix
        self.parser = parser
        self.stamp = stamp  # `_mtimes` when opened
        self.filters: dict[Any, _Allowed] = {}
        self.searcher: Any = None  # kept open between queries: opening one reads the segments
        self._ranker: Ranker | None = None

    def searching(self) -> Any:
        if self.searcher is None:
            self.searcher = self.index.searcher()
        return self.searcher

    def ranker(self) -> Ranker:
        if self._ranker is None:
            self._ranker = Ranker(self.searching(), FIELD_BOOSTS)
        return self._ranker

    def unchanged(self) -> bool:
        try:
            return _mtimes(self.folder) == self.stamp
        except OSError:
            return False

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()

    def parse(self, query: str) -> Any:
        plan = read(query, vocabulary().stop_words)
        if plan is not None:
            return plan
        try:
            return self.parser.parse(query)
        except QueryParserError as exc:
            raise KbError(
                _("cannot read the query {query}: {reason}").format(query=repr(query), reason=exc)
            ) from None

    def words(self, parsed: Any) -> list[str]:
        return [u.written for u in parsed.units] if isinstance(parsed, Plan) else []

    def ranked(self, parsed: Any, scope: Scope) -> list[Ranked]:
        s = self.searching()
        allowed = self.allowed(s, scope)
        if not isinstance(parsed, Plan):
            # Query syntax: Whoosh's own matching and scoring, within the scope.
            results = s.search(parsed, filter=allowed.bits, limit=None)
            return [Ranked(r.score, r.docnum, True) for r in results]
        found = self.ranker().rank(parsed, allowed.docs, allowed.bits, allowed.key)
        every = (1 << len(parsed.units)) - 1
        units = parsed.units
        out = [
            Ranked(
                m.score,
                d,
                True,
                tuple(u.written for k, u in enumerate(units) if m.units >> k & 1),
                m.units == every,
            )
            for d, m in found.items()
        ]
        out.sort(key=lambda r: (not r.complete, -r.score, r.number))
        return out

    def concepts(self, parsed: Any, limit: int) -> list[str]:
        s = self.searching()
        if isinstance(parsed, Plan):
            # Concepts are few: every unit must match, in their own statistics.
            concepts = self.allowed(s, _CONCEPTS)
            found = self.ranker().rank(parsed, concepts.docs, concepts.bits, concepts.key)
            every = (1 << len(parsed.units)) - 1
            best = sorted(
                (d for d, m in found.items() if m.units == every),
                key=lambda d: (-found[d].score, d),
            )
            return [s.stored_fields(d)["canonical"] for d in best[:limit]]
        matched = s.search(parsed, filter=q.Term("kind", "concept"), limit=limit)
        return [r["canonical"] for r in matched]

    def number(self, doc_id: str) -> int | None:
        docnum: int | None = self.searching().document_number(id=doc_id)
        return docnum

    def hits(self, parsed: Any, page: Sequence[Ranked]) -> list[Hit]:
        s = self.searching()
        words = self.words(parsed)
        if isinstance(parsed, Plan):
            stems = frozenset(self.ranker().stems(t for u in parsed.units for t in u.tokens))
            snippets = {
                r.number: _highlight(s.stored_fields(r.number).get("text") or "", stems, s)
                for r in page
                if r.matched
            }
        else:
            snippets = _snippets(s, parsed, [r.number for r in page if r.matched])
        out = []
        for r in page:
            doc = s.stored_fields(r.number)
            hit = (
                _hit(doc, r.score, snippets.get(r.number))
                if r.matched
                else _stored_hit(doc, r.score)
            )
            if words and r.matched:
                hit.matched = list(r.words)
                hit.missing = [w for w in words if w not in r.words]
            out.append(hit)
        return out

    def suggest(self, query: str, scope: Scope) -> list[str]:
        """Words of the scope's documents (the act, the day) spelt like the
        query's words: candidates from the index's whole word list, kept only if
        the scope's texts use them, the most used first."""
        s = self.searching()
        allowed = self.allowed(s, scope)
        stop = vocabulary().stop_words
        reader = s.reader()
        out: list[str] = []
        for word in _WORD.findall(query.lower()):
            if word in ("and", "or", "not") or word in stop or word in out:
                continue
            stems = self.ranker().stems([word])
            if stems and postings_in(s, "text", stems[0], allowed.docs):
                continue  # the scope uses the word: it is not misspelt
            # Two edits only for longer words (a short word is two edits from
            # too many others), and then only after the same two first letters:
            # the word list is every act's, and walking it is most of the cost.
            for dist, prefix in ((1, 1), (2, 2)) if len(word) >= 6 else ((1, 1),):
                got = []
                for text in reader.terms_within(SPELLING_FIELD, word, dist, prefix=prefix):
                    if text == word or text in out:
                        continue
                    # The spelling field keeps words without their documents:
                    # the scope is asked of the word's stem in the text.
                    stems = self.ranker().stems([text])
                    posts = postings_in(s, "text", stems[0], allowed.docs) if stems else []
                    if posts:
                        got.append((-len(posts), text))
                if got:
                    out.extend(text for _, text in sorted(got)[:3])
                    break
        return out

    def allowed(self, searcher: Any, scope: Scope) -> _Allowed:
        """The documents a search may return, worked out once per scope: the
        §§ of the scope's versions, from the postings of their `version_id`
        terms (a few thousand documents read, not every stored one), and
        practice."""
        key: Any = (
            ("concepts",) if scope is _CONCEPTS else (scope.versions, scope.day, scope.practice)
        )
        found = self.filters.get(key)
        if found is not None:
            return found
        if scope is _CONCEPTS:
            docs = set(searcher.docs_for_query(q.Term("kind", "concept")))
        else:
            docs = set()
            if scope.practice:
                docs.update(searcher.docs_for_query(q.Term("kind", "practice")))
            if scope.versions is not None:
                reader, field = searcher.reader(), searcher.schema["version_id"]
                for vid in scope.versions:
                    term = field.to_bytes(vid)
                    if ("version_id", term) in reader:
                        docs.update(reader.postings("version_id", term).all_ids())
            elif scope.day is not None:
                kept = q.And([q.Term("kind", "paragraf"), _in_force(scope.day.isoformat())])
                docs.update(searcher.docs_for_query(kept))
            else:
                docs.update(searcher.docs_for_query(q.Term("kind", "paragraf")))
        if len(self.filters) > 64:
            self.filters.clear()
        found = self.filters[key] = _Allowed(
            key, sorted(docs), BitSet(docs, size=searcher.doc_count_all())
        )
        return found


SPELLING_FIELD = "spell_text"  # the unstemmed words of `text` (TEXT(spelling=True))


@dataclass(frozen=True)
class _Allowed:
    """A scope's documents: sorted numbers for walking postings, a set for the rest."""

    key: Any
    docs: list[int]
    bits: Any


_CONCEPTS = Scope(None, frozenset({"concepts"}), frozenset())


def _highlight(text: str, stems: frozenset[str], searcher: Any) -> str:
    """The stored text's best fragments with the query's words marked, found by
    analysing the text again (a page of hits: a few kilobytes)."""
    if not text or not stems:
        return ""
    analyzer = searcher.schema["text"].analyzer
    # The analyzer yields one token object again and again: each is copied
    # before the fragmenter keeps it.
    tokens = []
    for t in analyzer(text, chars=True, mode="query", removestops=False):
        t = t.copy()
        t.matched = t.text in stems
        tokens.append(t)
    fragments = PinpointFragmenter(maxchars=240, surround=60, autotrim=True).fragment_tokens(
        text, iter(tokens)
    )
    best = top_fragments(fragments, 3, _FirstOfEqual(), FIRST)
    return str(_Brackets().format(best))


def _in_force(iso: str) -> Any:
    """The in-force rule, as `kb.store.interval.in_force` defines it, stated as a query
    on the ISO days the documents store, where an open end is "0000-01-01" or `OPEN`
    (`kb.index.documents`). `tests/test_search.py` holds the two to agree on real data."""
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


class _FirstOfEqual(BasicFragmentScorer):
    """Whoosh's fragment score, with ties going to the earlier fragment: the
    snippet must not change from one run to the next."""

    def __call__(self, f: Any) -> float:
        return super().__call__(f) - f.startchar * 1e-9


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


def _hit(doc: dict[str, Any], score: float, snippet: str | None) -> Hit:
    """A matched document, its snippet cut around the matches."""
    text = doc.get("text") or ""
    snippet = snippet or text[:200]
    return Hit(
        canonical=doc["canonical"],
        law=doc.get("law") or None,
        version=doc.get("version") or None,
        score=round(score, 4),
        snippet=" ".join(snippet.split()),
        kind=doc["kind"],
        heading=doc.get("heading") or doc.get("context") or None,
        label=doc.get("label") or None,
        in_force_from=doc.get("in_force_from") if doc["kind"] == "paragraf" else None,
        in_force_to=(doc.get("in_force_to") if doc.get("in_force_to") != OPEN else None)
        if doc["kind"] == "paragraf"
        else None,
    )


def _stored_hit(doc: dict[str, Any], score: float) -> Hit:
    """A document the query did not match (a concept's provision): the start of its text."""
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
        in_force_to=doc.get("in_force_to") if doc.get("in_force_to") != OPEN else None,
    )
