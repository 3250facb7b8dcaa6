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
import marshal
import multiprocessing as mp
import os
import pickle
import re
import shutil
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh import query as q
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Characters, Positions
from whoosh.highlight import FIRST, BasicFragmentScorer, PinpointFragmenter, top_fragments
from whoosh.idsets import BitSet
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParserError
from whoosh.reading import SegmentReader
from whoosh.util.filelock import FileLock
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from kb.errors import KbError
from kb.i18n import _
from kb.index.backend import BuildReport, Hit, Progress, Ranked, Scope
from kb.index.compound import MIN_PART, Splitter
from kb.index.documents import CONCEPTS, OPEN, PRACTICE, Corpus, Doc, version_source
from kb.index.query import Plan, Ranker, postings_in, read, vocabulary

INDEX_FORMAT = 2  # bump when the schema or the analysis changes
# Postings held in memory before Whoosh spills a sorted run to disk.
BUILD_MB = 128
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
            # An update killed between its commit and its stamp leaves a newer
            # commit than the stamp speaks for (the stamp then names an older
            # generation of the store too, so this is a second line of defence).
            if "toc" in stamp and ix.latest_generation() != stamp["toc"]:
                raise _Mismatch
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
        # The generation first: a change the build may miss leaves the stamp behind
        # the store, and the next command updates the index for it.
        generation = corpus.generation()
        fingerprints = corpus.fingerprints()
        state = _State.read(corpus, fingerprints)
        schema = _schema(state.vocabulary())
        total = corpus.count()
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
            n = _write(ix, corpus.documents(), total, progress)
            _commit_stamp(fresh, ix, state, generation, n, None)
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
        return BuildReport(n, time.perf_counter() - started, reason)

    def update(self, corpus: Corpus, reason: str) -> BuildReport | None:
        """Bring a sound index that is only behind the store up to date in place:
        the documents of the sources added, changed or removed since its stamp,
        and those whose compounds split otherwise now that the store's words
        changed. None when the index cannot be updated (no state of its own, a
        commit the stamp does not speak for): then it is built anew.

        Crash safety: Whoosh's commit replaces its table of contents in one
        rename, and the stamp (naming that commit) is written after it, in one
        rename too. Killed before the commit, the old index and stamp stand
        and the next update starts again from them; killed after it, the
        stamp names an older commit and the index is built anew."""
        folder = self.folder
        started = time.perf_counter()
        stamp = _read_stamp(folder)
        if stamp is None or stamp.get("format") != INDEX_FORMAT or "state" not in stamp:
            return None
        try:
            ix = _open_index(folder)
            if ix.latest_generation() != stamp["toc"]:
                return None
            with ix.searcher() as s:
                s.doc_count()
            state = _State.load(folder / stamp["state"])
        except Exception:  # a damaged index or state: the caller rebuilds
            return None
        generation = corpus.generation()  # first, as in `build`
        fingerprints = corpus.fingerprints()
        before = state.fingerprints()
        gone = [s for s in before if s not in fingerprints]
        added = [s for s in fingerprints if s not in before]
        changed = [s for s in fingerprints if s in before and before[s] != fingerprints[s]]
        # A version's text never changes, so only the tables' words are read again.
        reread = added + [s for s in changed if s in (PRACTICE, CONCEPTS)]
        old_words = state.vocabulary()
        state.forget(gone + [s for s in changed if s in (PRACTICE, CONCEPTS)])
        for source, words in corpus.words(reread):
            state.learn(source, fingerprints[source], words)
        for source in changed:
            state.refingerprint(source, fingerprints[source])
        new_words = old_words if state.vocabulary() == old_words else state.vocabulary()
        whole = set(gone) | set(changed) | set(added)
        writer = _Writer(ix)
        try:
            _set_vocabulary(writer.schema, new_words)
            with writer.searcher() as searcher:
                single = _resplit_documents(searcher, old_words, new_words, whole)
                # Added sources too: a build that overlapped an import may hold
                # documents of a source its state does not know yet.
                for source in gone + changed + added:
                    _delete_source(writer, searcher, source)
                for doc_id in sorted(single):
                    writer.delete_by_term("id", doc_id, searcher=searcher)
            again = sorted((whole - set(gone)) | set(single.values()))
            for d in corpus.documents_of(again):
                if d.id in single or _source_of(d) in whole:
                    writer.add_document(**_fields(d))
            writer.commit(mergetype=_merge_small)
        except Exception:
            # Whatever failed (a segment damaged where opening it does not look, a
            # full disk), the index stands as it was, and a build, into a folder of
            # its own, is what may still succeed (or say why not).
            with contextlib.suppress(Exception):
                writer.cancel()
            return None
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        try:
            total = _commit_stamp(folder, _open_index(folder), state, generation, None, stamp)
        except OSError as exc:  # committed, not stamped: the next command rebuilds
            raise KbError(
                _("cannot write the search index at {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc
                )
            ) from None
        return BuildReport(total, time.perf_counter() - started, reason)

    def open(self) -> WhooshIndex:
        checked, self._checked = self._checked, None
        stamp = _mtimes(self.folder)
        ix = checked[1] if checked is not None and checked[0] == stamp else _open_index(self.folder)
        parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
        parser.add_plugin(FuzzyTermPlugin())
        return WhooshIndex(self.folder, ix, parser, stamp)


def _write(ix: Any, docs: Iterator[Doc], total: int, progress: Progress | None) -> int:
    """Index `docs` into the new index `ix`, in one commit; how many there were.

    With two CPUs and a large store, a helper process (forked: it has the schema
    and its analysis already) indexes the first `HELPER_SHARE` of the documents
    into a segment of its own while this process reads and renders them all and
    indexes the rest. The two segments stand in the index in the documents'
    order, so every document has the number a single segment would give it,
    and Whoosh scores with the statistics of the whole index: the same
    results."""
    helper: _Helper | None = None
    if (
        total >= HELPER_MIN
        and _procs() >= 2
        and (os.cpu_count() or 1) >= 2
        and "fork" in mp.get_all_start_methods()
    ):
        helper = _Helper(ix)
    writer = _Writer(ix, limitmb=BUILD_MB // 2 if helper else BUILD_MB)
    n = 0
    try:
        handed = int(total * HELPER_SHARE) if helper else 0
        batch: list[dict[str, Any]] = []
        for n, d in enumerate(docs, start=1):
            if n <= handed and helper is not None:
                batch.append(_fields(d))
                if len(batch) >= 256 or n == handed:
                    helper.send(batch)
                    batch = []
            else:
                writer.add_document(**_fields(d))
            if progress and (n % 200 == 0 or n == total):
                progress(n, total)
        if helper is None:
            writer.commit()
        else:
            segments = [helper.segment()]
            if writer._added:
                segments.append(writer._finalize_segment())
            else:
                writer._close_segment()
            writer._commit_toc(segments)
            writer._finish()
    except BaseException:
        if helper is not None:
            helper.stop()
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    return n


# A build of fewer documents than this stays in one process (the bundled store:
# some 10,000); above it, the helper takes this share, the rest being this
# process's together with reading and rendering every document.
HELPER_MIN = 20_000
HELPER_SHARE = 0.55


def _procs() -> int:
    """`KB_INDEX_PROCS`: 2 lets a full build use the helper. Not by default: on a
    2-CPU machine the whole corpus built in 88 s with it and 87 s without, and its
    two segments made the slowest queries slower (p99 of raw Whoosh 170 ms against
    118 ms on one segment) until they are merged."""
    try:
        return int(os.environ.get("KB_INDEX_PROCS", "1"))
    except ValueError:
        return 1


class _Helper:
    """A forked process that indexes the documents sent to it into one segment."""

    def __init__(self, ix: Any) -> None:
        context = mp.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._proc = context.Process(target=_help, args=(ix, theirs), daemon=True)
        self._proc.start()
        theirs.close()
        self._folder = Path(ix.storage.folder)
        self._sent = 0

    def send(self, batch: list[dict[str, Any]]) -> None:
        # Through a file, the pipe carrying only its name: a pipe holds some 64 kB,
        # and a builder blocked on it would wait for the helper instead of working.
        self._sent += 1
        path = self._folder / f"helper-{self._sent}.batch"
        with path.open("wb") as f:
            marshal.dump(batch, f)
        self._conn.send(str(path))

    def segment(self) -> Any:
        self._conn.send(None)
        try:
            kind, value = self._conn.recv()
        except EOFError:
            kind, value = "error", "the helper process ended without its segment"
        self._proc.join()
        if kind == "error":
            raise RuntimeError(f"indexing helper: {value}")
        return value

    def stop(self) -> None:
        self._proc.kill()
        self._proc.join()
        self._conn.close()


def _help(ix: Any, conn: Any) -> None:
    """The helper's work: documents off the pipe until None, then its segment back."""
    try:
        writer = _Writer(ix, _lk=False, limitmb=BUILD_MB // 2, temp="helper.tmp")
        while (name := conn.recv()) is not None:
            path = Path(name)
            with path.open("rb") as f:
                batch = marshal.load(f)
            path.unlink()
            for fields in batch:
                writer.add_document(**fields)
        segment = writer._finalize_segment()
        writer._tempstorage.destroy()
        conn.send(("segment", segment))
    except EOFError:  # the builder is gone
        return
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


# Segments of fewer documents than both of these are merged by an update (the
# bundled store's whole index is some 10,000; the corpus's 80,000).
SMALL_SEGMENT = 0.02  # of the index's documents
SMALL_SEGMENT_DOCS = 2_000


def _merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """Merge the segments of earlier updates (and of a small build) into this one
    while they are small.

    Whoosh's own policy merges only when five or more segments are tiny, so
    every update would leave a segment of its own and queries slow down
    with their number; the build's segments are left as they are (a rebuild
    makes them anew, and drops what updates deleted from them)."""
    total = sum(s.doc_count_all() for s in segments) or 1
    limit = max(total * SMALL_SEGMENT, SMALL_SEGMENT_DOCS)
    small = [s for s in segments if s.doc_count_all() < limit]
    if not small:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


class _Mismatch(Exception):
    """The index holds a commit its stamp does not name."""


def _fields(d: Doc) -> dict[str, Any]:
    fields = asdict(d)
    fields["parts"] = f"{d.heading} {d.context} {d.text}"
    return fields


def _source_of(d: Doc) -> str:
    if d.kind == "paragraf":
        return version_source(d.version_id)
    return PRACTICE if d.kind == "practice" else CONCEPTS


def _delete_source(writer: Any, searcher: Any, source: str) -> None:
    if source == PRACTICE:
        writer.delete_by_term("kind", "practice", searcher=searcher)
    elif source == CONCEPTS:
        writer.delete_by_term("kind", "concept", searcher=searcher)
    else:
        writer.delete_by_term("version_id", int(source[2:]), searcher=searcher)


def _set_vocabulary(schema: Schema, words: frozenset[str]) -> None:
    """Split compounds against `words` from now on (the schema is saved with the commit)."""
    for item in schema["parts"].analyzer.items:
        if isinstance(item, CompoundFilter):
            item.words, item._splitter = words, None


def _resplit_documents(
    searcher: Any, old: frozenset[str], new: frozenset[str], skip: set[str]
) -> dict[str, str]:
    """The documents (id: source) outside the sources in `skip`
    whose compound parts change with the dictionary: those using a word that
    contains a word that came or went and now splits otherwise."""
    if old is new:
        return {}
    # A word splits against the dictionary's words inside it: only a word that holds
    # one that came or went can split otherwise. One string of all the words
    # searched once per such word (a regular expression of them all tries
    # every one at every letter).
    text = "\n" + "\n".join(w for w in old | new if len(w) >= 2 * MIN_PART) + "\n"
    holding: set[str] = set()
    for part in old ^ new:
        at = text.find(part)
        while at != -1:
            start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
            holding.add(text[start:end])
            at = text.find(part, end)
    before, after = Splitter(old), Splitter(new)
    words = sorted(w for w in holding if before.parts(w) != after.parts(w))
    out: dict[str, str] = {}
    reader = searcher.reader()
    analyzer = searcher.schema["text"]
    for word in words:
        for term in analyzer.process_text(word, mode="index"):
            for field in ("heading", "context", "text"):
                if (field, term) not in reader:
                    continue
                for docnum in reader.postings(field, term).all_ids():
                    if reader.is_deleted(docnum):
                        continue
                    stored = reader.stored_fields(docnum)
                    kind = stored["kind"]
                    source = (
                        version_source(stored["version_id"])
                        if kind == "paragraf"
                        else (PRACTICE if kind == "practice" else CONCEPTS)
                    )
                    if source not in skip:
                        out[stored["id"]] = source
    return out


def _commit_stamp(
    folder: Path,
    ix: Any,
    state: _State,
    generation: str | None,
    documents: int | None,
    previous: dict[str, Any] | None,
) -> int:
    """Save the state and the stamp for the index's newest commit (the stamp last,
    in one rename); the state of the commit before goes. The number of documents."""
    toc = ix.latest_generation()
    if documents is None:
        with ix.searcher() as s:
            documents = int(s.doc_count())
    name = f"lovkb-state-{toc}.pickle"
    state.save(folder / name)
    stamp = {
        "format": INDEX_FORMAT,
        "generation": generation,
        "documents": documents,
        "built": dt.datetime.now().isoformat(),
        "toc": toc,
        "state": name,
    }
    temporary = folder / (STAMP + ".new")
    temporary.write_text(json.dumps(stamp), "utf-8")
    os.replace(temporary, folder / STAMP)
    if previous is not None and previous.get("state") not in (None, name):
        with contextlib.suppress(OSError):
            (folder / previous["state"]).unlink()
    return documents


class _State:
    """What the index was made from, source by source (`kb.index.documents`): each
    source's fingerprint and words, and how many sources use each word. Kept
    beside the index so that an update knows what changed and which words
    the dictionary of compounds loses or gains."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.ids: dict[str, int] = {}
        self.counts = array("I")
        self.sources: dict[str, tuple[str, bytes]] = {}

    @classmethod
    def read(cls, corpus: Corpus, fingerprints: dict[str, str]) -> _State:
        state = cls()
        for source, words in corpus.words(list(fingerprints)):
            state.learn(source, fingerprints[source], words, count=False)
        counted = Counter(
            chain.from_iterable(memoryview(raw).cast("I") for _, raw in state.sources.values())
        )
        state.counts = array("I", (counted[i] for i in range(len(state.words))))
        return state

    def learn(self, source: str, fingerprint: str, words: set[str], count: bool = True) -> None:
        """Take in a source's words (`count=False`: leave the counts to the caller)."""
        long = {w for w in words if len(w) >= MIN_PART}
        ids = self.ids
        for w in [w for w in long if w not in ids]:  # (a set less dict keys copies the keys)
            ids[w] = len(self.words)
            self.words.append(w)
            self.counts.append(0)
        found = array("I", map(ids.__getitem__, long))
        if count:
            for i in found:
                self.counts[i] += 1
        self.sources[source] = (fingerprint, found.tobytes())

    def forget(self, sources: list[str]) -> None:
        for source in sources:
            _, raw = self.sources.pop(source)
            ids = array("I")
            ids.frombytes(raw)
            for i in ids:
                self.counts[i] -= 1

    def refingerprint(self, source: str, fingerprint: str) -> None:
        self.sources[source] = (fingerprint, self.sources[source][1])

    def fingerprints(self) -> dict[str, str]:
        return {source: f for source, (f, _) in self.sources.items()}

    def vocabulary(self) -> frozenset[str]:
        return frozenset(w for w, n in zip(self.words, self.counts, strict=True) if n)

    def save(self, path: Path) -> None:
        data = {"words": self.words, "counts": self.counts.tobytes(), "sources": self.sources}
        temporary = path.with_name(path.name + ".new")
        with temporary.open("wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> _State:
        with path.open("rb") as f:
            data = pickle.load(f)
        state = cls()
        state.words = data["words"]
        state.ids = {w: i for i, w in enumerate(state.words)}
        state.counts.frombytes(data["counts"])
        state.sources = data["sources"]
        return state


class _Writer(SegmentWriter):
    """Whoosh's segment writer, less a disk lookup per posting.

    At commit, Whoosh 2.7.4 asks the new segment for the length of each
    posting's field; for a field that keeps no lengths (ID, NUMERIC) it looks
    for a lengths file on disk every time: a third of the commit on the
    bundled store. The answer (none: 0) is the same without the lookup, and
    for the text fields it is the length this writer was given, kept in
    memory as the byte Whoosh stores it as.
    """

    def __init__(self, ix: Any, temp: str | None = None, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        if temp is not None:  # runs of its own, apart from another writer's
            self._tempstorage: Any = self.storage.temp_storage(temp)
        self.pool = _Pool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        self._lengths: dict[str, dict[int, int]] = {name: {} for name in _TEXT_FIELDS}

    def per_document_reader(self) -> Any:
        scorable = {name for name, f in self.schema.items() if f.scorable}
        return _Lengths(super().per_document_reader(), scorable, self._lengths)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `add_document`, with the four text fields analysed in one pass.

        Whoosh runs a chain of generators per token for each field, and reads the
        text three times (its words, its unstemmed words for spelling, its
        compounds); here the text is tokenised once, each word stemmed once per
        build and each compound split once, and the postings are encoded by the
        fields' own formats: the same terms, weights and positions
        (`tests/test_index_update.py` compares the two writers' indexes). Each
        spelling word is added once per segment instead of once per document:
        Whoosh only reads which words the spelling field has."""
        fast = self._fast
        if fast is None:
            fast = self._fast = _Analysis(self.schema)
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        words = {name: fast.words(fields.get(name) or "") for name in _OWN_WORDS}
        perdocwriter.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if fieldname in _TEXT_FIELDS:
                if fieldname == "parts":
                    items = fast.parts(words["heading"], words["context"], words["text"])
                else:
                    items = fast.stemmed(words[fieldname], field.format)
                vbytes = None
                for tbytes, freq, weight, vbytes in items:
                    length += freq
                    add_post((fieldname, tbytes, docnum, weight, vbytes))
                if length:
                    self._lengths[fieldname][docnum] = _STORED_LENGTH[length_to_byte(length)]
                if fieldname == "text":
                    spellfield = field.spelling_fieldname(fieldname)
                    seen = self._spelled
                    for word in sorted({w for w, _, _ in words["text"]} - seen):
                        seen.add(word)
                        add_post((spellfield, word.encode("utf-8"), 0, 1, vbytes))
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    add_post((fieldname, tbytes, docnum, weight, vbytes))
            sv = value if field.stored else None
            perdocwriter.add_field(fieldname, field, sv, length)
            column = field.column_type
            if column and value is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    _fast: _Analysis | None = None

    @property
    def _spelled(self) -> set[str]:
        seen: set[str] | None = self.__dict__.get("_spelled_words")
        if seen is None:
            seen = self.__dict__["_spelled_words"] = set()
        return seen


_TEXT_FIELDS = frozenset({"heading", "context", "text", "parts"})
_STORED_LENGTH = [byte_to_length(b) for b in range(256)]  # a length as the segment keeps it
_OWN_WORDS = ("heading", "context", "text")  # "parts" is made of these three
_TOKEN = re.compile(r"\w+(\.?\w+)*")  # RegexTokenizer's default expression


class _Analysis:
    """The schema's analysis of its text fields, done in plain loops with memos."""

    def __init__(self, schema: Schema) -> None:
        stem = next(f for f in schema["text"].analyzer.items if isinstance(f, StemFilter))
        self._stemfn = stem._stem
        compound = next(f for f in schema["parts"].analyzer.items if isinstance(f, CompoundFilter))
        self._splitter = Splitter(compound.words)
        self._stems: dict[str, bytes] = {}
        self._parts: dict[str, tuple[bytes, ...]] = {}
        for name in ("heading", "context", "text", "parts"):
            f = schema[name]
            assert f.analyzer is not None and f.format.field_boost == 1.0

    def words(self, value: str) -> list[tuple[str, int, int]]:
        return [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(value)]

    def _stem(self, word: str) -> bytes:
        found = self._stems.get(word)
        if found is None:
            found = self._stems[word] = self._stemfn(word).encode("utf-8")
        return found

    def stemmed(self, words: list[tuple[str, int, int]], fmt: Any) -> list[tuple]:
        stem = self._stem
        if isinstance(fmt, Characters):
            seen: dict[bytes, list[Any]] = {}
            for pos, (word, start, end) in enumerate(words):
                seen.setdefault(stem(word), []).append((pos, start, end))
        else:
            seen = {}
            for pos, (word, _start, _end) in enumerate(words):
                seen.setdefault(stem(word), []).append(pos)
        encode = fmt.encode
        return [(t, len(p), float(len(p)), encode(p)) for t, p in seen.items()]

    def parts(self, *fields: list[tuple[str, int, int]]) -> list[tuple]:
        memo, stem, split = self._parts, self._stem, self._splitter.parts
        seen: dict[bytes, list[int]] = {}
        pos = 0
        for words in fields:
            for word, _start, _end in words:
                found = memo.get(word)
                if found is None:
                    found = memo[word] = tuple(stem(p) for p in split(word))
                for term in found:
                    seen.setdefault(term, []).append(pos)
                pos += 1
        encode = Positions().encode
        return [(t, len(p), float(len(p)), encode(p)) for t, p in seen.items()]


class _Lengths:
    """A per-document reader that answers 0 at once for fields without lengths,
    and from memory for the documents the writer added itself."""

    def __init__(self, reader: Any, scorable: set[str], known: dict[str, dict[int, int]]) -> None:
        self._reader = reader
        self._scorable = scorable
        self._known = known

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if fieldname not in self._scorable:
            return default
        known = self._known.get(fieldname)
        if known is not None:
            found = known.get(docnum)
            if found is not None:
                return found
        return int(self._reader.doc_field_length(docnum, fieldname, default))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class _Pool(PostingPool):
    """Whoosh's pool of postings, its runs on disk written and read a block of
    postings at a time with marshal (Whoosh pickles each posting alone)."""

    BLOCK = 20_000

    def add(self, item: tuple) -> None:
        # Whoosh's own estimate of the posting's size, less its type checks
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f: Any, items: Any) -> None:
        block = []
        for item in items:
            block.append(item)
            if len(block) >= self.BLOCK:
                marshal.dump(block, f)
                block = []
        if block:
            marshal.dump(block, f)
        f.close()

    def _read_run(self, path: str) -> Iterator[tuple]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    block = marshal.load(f)
                except EOFError:
                    return
                yield from block
        finally:
            f.close()
            self._remove_run(path)


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
