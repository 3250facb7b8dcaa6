"""A caseworker's query, read and ranked over the Whoosh index within a scope.

A plain query (words, and phrases in double quotes) is read here rather than
by Whoosh's parser, so that it can be answered the way a person at the desk
asks: "hvornår skal borgeren partshøres" is four words, of which "hvornår"
and "skal" are Danish stop words that match nothing (inside a quoted phrase
every word counts). Each remaining word (or phrase) is a unit; a provision
that holds every unit ranks above one that holds only some, and among each
the BM25F score decides. The hit says which units it matched.

The BM25F statistics (documents, average field lengths, document
frequencies) are those of the documents the query may return, not of the
whole index: the same social-law query gives the same scores whatever
unrelated acts are stored beside them. They are worked out per query from
the postings it reads anyway (document frequency within the scope is the
number of postings that fall in it) and from the index's length columns,
read once per opened index (a few milliseconds for the social acts); so
nothing is cached on disk, and a rebuilt or updated index is never read with
stale figures.

Two data files in `sources/` feed it: `social_acts.toml` (the acts searched
by default) and `vocabulary.toml` (words caseworkers use that no act uses,
each pointing at provisions, and the question words that count as stop
words beside Snowball's Danish list).
"""

from __future__ import annotations

import math
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from whoosh.lang.stopwords import stoplists

# Whoosh's BM25F defaults; the field boosts multiply each field's score.
K1 = 1.2
B = 0.75
# A word also matches the indexed words that extend its stem by a short ending.
MIN_STEM = 5
MAX_ENDING = 4

_TOKEN = re.compile(r"\w+(?:\.?\w+)*")  # Whoosh's RegexTokenizer: "m.v" is one token
# What makes a query Whoosh syntax rather than words: operators, fields,
# wildcards, fuzzy and boost marks, groups, ranges.
_SYNTAX = re.compile(r"[*?~:^()\[\]{}+]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_PHRASE = re.compile(r'"([^"]*)"')


# --- the data in sources/ -----------------------------------------------------------


def _source(name: str) -> dict[str, Any]:
    text = resources.files("kb.sources").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def social_acts() -> tuple[str, ...]:
    """The acts of the caseworker's field, by their keys in the store (social_acts.toml)."""
    return tuple(_source("social_acts.toml")["acts"])


@dataclass(frozen=True)
class Entry:
    """A caseworker's word (or words) and the provisions it means."""

    words: tuple[tuple[str, ...], ...]  # each form as lower-case tokens
    provisions: tuple[str, ...]  # citations: "serviceloven § 114", "act §§ 19-21"


@dataclass(frozen=True)
class Vocabulary:
    entries: tuple[Entry, ...]
    stop_words: frozenset[str]


# "serviceloven § 114", "forvaltningsloven §§ 19-21", "retssikkerhedsloven §§ 11-11b og 12"
_NUMBER = r"\d+(?: ?[a-zæøå])?(?![\w])"
_CITED = re.compile(rf"(?P<law>.+?) §§? (?P<items>{_NUMBER}(?:(?:-| og |, ){_NUMBER})*)")
_ITEM = re.compile(rf"(?P<first>{_NUMBER})(?:-(?P<last>{_NUMBER}))?")


def cited(text: str) -> tuple[str, tuple[tuple[str, str | None], ...]] | None:
    """The act and the §§ of a plain citation ("act § 12", "act §§ 5-7 og 9"):
    (act, ((first, last or None), …)), numbers as the store writes them
    ("11 b"); None if the text is not one."""
    m = _CITED.fullmatch(text.strip())
    if m is None:
        return None
    items = []
    for i in _ITEM.finditer(m["items"]):
        first, last = _number(i["first"]), i["last"]
        items.append((first, _number(last) if last else None))
    return m["law"], tuple(items)


def _number(written: str) -> str:
    """ "11b" and "11 b" as the store writes them: "11 b"."""
    m = re.fullmatch(r"(\d+) ?([a-zæøå])?", written)
    assert m is not None
    return f"{m[1]} {m[2]}" if m[2] else m[1]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The caseworkers' vocabulary and the stop words (vocabulary.toml)."""
    data = _source("vocabulary.toml")
    entries: list[tuple[list[str], tuple[str, ...]]] = []
    for e in data.get("entry", []):
        provisions = []
        for p in e["provisions"]:
            if cited(p) is None:
                raise ValueError(f"vocabulary.toml: {p!r} is not 'act § number' or 'act §§ a-b'")
            provisions.append(p)
        entries.append((e["words"], tuple(provisions)))
    stop = frozenset(stoplists["da"]) | frozenset(data.get("stop_words", []))
    # A form is matched against the query's units, which hold no stop words.
    return Vocabulary(
        tuple(
            Entry(tuple(f for f in (_content(w, stop) for w in words) if f), provisions)
            for words, provisions in entries
        ),
        stop,
    )


def _content(words: str, stop: frozenset[str]) -> tuple[str, ...]:
    tokens = [t.lower() for t in _TOKEN.findall(words)]
    kept = tuple(t for t in tokens if t not in stop)
    return kept or tuple(tokens)


# --- reading a plain query ------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A word or a quoted phrase of the query: what must match, as it was written."""

    written: str
    tokens: tuple[str, ...]  # lower case, as the tokenizer splits them
    phrase: bool


@dataclass(frozen=True)
class Plan:
    """A plain query: its units, and the stop words left out of them."""

    query: str
    units: tuple[Unit, ...]
    stopped: tuple[str, ...] = ()
    # filled in by the service: for each unit, the documents the vocabulary
    # says it means (document numbers of the open index)
    meant: dict[int, tuple[int, ...]] = field(default_factory=dict, compare=False)


def is_plain(query: str) -> bool:
    """Whether the query is words and quoted phrases only (no Whoosh syntax)."""
    if query.count('"') % 2:
        return False
    return _SYNTAX.search(_PHRASE.sub(" ", query)) is None


def read(query: str, stop_words: frozenset[str]) -> Plan | None:
    """The plain query's units, stop words left out outside phrases; None for
    Whoosh syntax. A query of stop words only keeps them: it asks for them."""
    if not is_plain(query):
        return None
    units: list[Unit] = []
    stopped: list[str] = []
    pos = 0
    pieces: list[tuple[str, bool]] = []
    for m in _PHRASE.finditer(query):
        pieces.append((query[pos : m.start()], False))
        pieces.append((m.group(1), True))
        pos = m.end()
    pieces.append((query[pos:], False))
    for text, quoted in pieces:
        tokens = [t.lower() for t in _TOKEN.findall(text)]
        if quoted:
            if tokens:
                units.append(Unit(text.strip(), tuple(tokens), len(tokens) > 1))
            continue
        for m in _TOKEN.finditer(text):
            word = m.group().lower()
            if word in stop_words:
                stopped.append(m.group())
            else:
                units.append(Unit(m.group(), (word,), False))
    if not units and stopped:
        units = [Unit(w, (w.lower(),), False) for w in stopped]
        stopped = []
    return Plan(query, tuple(units), tuple(stopped))


def meant_provisions(plan: Plan, entries: Sequence[Entry]) -> dict[int, list[str]]:
    """For each unit of the plan, the provisions vocabulary entries give it: an
    entry's form matches the unit's words (a form of several words matches
    them as consecutive units, and each of those units means the provisions).
    Words are compared by their first letters so that endings do not matter
    ("hjemmehjælpen" is "hjemmehjælp"): a form matches a word that starts with
    it and is at most three letters longer."""
    words = [" ".join(u.tokens) for u in plan.units]
    out: dict[int, list[str]] = {}
    for entry in entries:
        for form in entry.words:
            n = len(form)
            for start in range(len(words) - n + 1):
                if all(_same_word(words[start + k], form[k]) for k in range(n)):
                    for k in range(start, start + n):
                        got = out.setdefault(k, [])
                        got.extend(p for p in entry.provisions if p not in got)
    return out


def _same_word(word: str, form: str) -> bool:
    return word.startswith(form) and len(word) - len(form) <= 3


# --- ranking within a scope -----------------------------------------------------------


@dataclass
class Match:
    """One document's score for the plan, and which units it holds."""

    score: float = 0.0
    units: int = 0  # bit k: unit k matched


class Lengths:
    """Each field's length for every document of an open index, read from
    Whoosh's length columns at once (one byte a document), so that a scope's
    average lengths cost a sum, not a reader call per document."""

    def __init__(self, searcher: Any, fields: Iterable[str]) -> None:
        from whoosh.util.numeric import byte_to_length

        self.decode = [byte_to_length(b) for b in range(256)]
        self.size = searcher.doc_count_all()
        self.columns: dict[str, bytes] = {}
        for name in fields:
            self.columns[name] = _length_bytes(searcher, name, self.size)
        self.sums: dict[tuple[Any, str], float] = {}

    def of(self, fieldname: str, docnum: int) -> int:
        return self.decode[self.columns[fieldname][docnum]]

    def average(self, key: Any, fieldname: str, docs: Sequence[int]) -> float:
        """The field's average length over `docs` (remembered under `key`)."""
        got = self.sums.get((key, fieldname))
        if got is None:
            column, decode = self.columns[fieldname], self.decode
            total = sum(decode[column[d]] for d in docs)
            got = self.sums[(key, fieldname)] = (total / len(docs)) if docs else 1.0
        return got or 1.0


def _length_bytes(searcher: Any, fieldname: str, size: int) -> bytes:
    """The length bytes of a field for every document, segment after segment."""
    out = bytearray(size)
    for reader, base in searcher.reader().leaf_readers():
        count = reader.doc_count_all()
        raw = _segment_lengths(reader, fieldname, count)
        if raw is None:  # another codec: ask document by document
            from whoosh.util.numeric import length_to_byte

            raw = bytes(
                length_to_byte(reader.doc_field_length(d, fieldname, 0) or 0) for d in range(count)
            )
        out[base : base + count] = raw
    return bytes(out)


def _segment_lengths(reader: Any, fieldname: str, count: int) -> bytes | None:
    """Whoosh 2.7's W3 codec keeps a field's lengths as a column of one byte per
    document: read it whole (None if this reader is not laid out so)."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return bytes(count)
        # Documents after the last one with the field have no byte: length 0.
        stored = min(column._count, count)
        data = bytes(column._dbfile.get(column._basepos, stored))
        return data + bytes(count - stored) if len(data) == stored else None
    except (AttributeError, ImportError, TypeError):
        return None


def idf(df: int, n: int) -> float:
    """Whoosh's BM25 idf, on the scope's counts."""
    return math.log(n / (df + 1)) + 1


def bm25(idf_: float, tf: float, length: float, avg: float) -> float:
    return idf_ * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avg)))


def postings_in(searcher: Any, fieldname: str, text: str, allowed: Sequence[int]) -> list:
    """(document, term frequency) of a term's postings that fall in `allowed`
    (sorted document numbers), skipping the blocks outside it."""
    try:
        # The reader's postings, not the searcher's: no scorer is made for them
        # (the spelling field has none), and deleted documents are left out.
        m = searcher.reader().postings(fieldname, text)
    except Exception:  # TermNotFound, or a field without the term
        return []
    out = []
    i, n = 0, len(allowed)
    while i < n and m.is_active():
        d = m.id()
        a = allowed[i]
        if d < a:
            m.skip_to(a)
        elif d > a:
            i = bisect_left(allowed, d, i)
        else:
            out.append((d, m.weight()))
            m.next()
            i += 1
    return out


def phrase_in(searcher: Any, fieldname: str, words: Sequence[str], allowed: Sequence[int]) -> list:
    """(document, occurrences) of a phrase in a field, within `allowed`: the
    documents of the scope that hold every word, then their positions (a
    phrase matcher over the whole index would walk every act's documents)."""
    lists = [postings_in(searcher, fieldname, w, allowed) for w in words]
    if not all(lists):
        return []
    common = {d for d, _ in lists[0]}
    for posts in lists[1:]:
        common.intersection_update(d for d, _ in posts)
        if not common:
            return []
    reader = searcher.reader()
    try:
        matchers = [reader.postings(fieldname, w) for w in words]
    except Exception:
        return []
    out = []
    for d in sorted(common):
        at: list[set[int]] = []
        for m in matchers:
            if m.id() < d:
                m.skip_to(d)
            at.append(set(m.value_as("positions")))
        count = sum(1 for p in at[0] if all(p + k in at[k] for k in range(1, len(at))))
        if count:
            out.append((d, count))
    return out


class Ranker:
    """Ranks plans over one open searcher; remembers stems and each scope's
    average lengths while the index stays open."""

    def __init__(self, searcher: Any, boosts: dict[str, float]) -> None:
        self.searcher = searcher
        self.boosts = boosts
        self.analyzer = searcher.schema["text"].analyzer
        self.lengths = Lengths(searcher, boosts)
        self._stems: dict[str, tuple[str, ...]] = {}
        self._forms: dict[tuple[str, str], list[str]] = {}

    def stems(self, tokens: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for t in tokens:
            got = self._stems.get(t)
            if got is None:
                got = self._stems[t] = tuple(x.text for x in self.analyzer(t, mode="query"))
            out.extend(got)
        return tuple(out)

    def forms(self, fieldname: str, stem: str) -> list[str]:
        """The indexed terms that are forms of the word: its stem, and terms that
        extend a stem of `MIN_STEM` letters or more by at most `MAX_ENDING`
        (Snowball's Danish stemmer leaves "-ing" alone, so "partshøres" (stem
        "partshør") would otherwise never meet "partshøring")."""
        key = (fieldname, stem)
        got = self._forms.get(key)
        if got is None:
            got = [stem]
            if len(stem) >= MIN_STEM:
                reader = self.searcher.reader()
                for term in reader.expand_prefix(fieldname, stem):
                    text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                    if text != stem and len(text) - len(stem) <= MAX_ENDING:
                        got.append(text)
            self._forms[key] = got
        return got

    def rank(self, plan: Plan, allowed: Sequence[int], members: Any, key: Any) -> dict[int, Match]:
        """Every allowed document that holds at least one unit of the plan."""
        n = len(allowed)
        found: dict[int, Match] = {}
        if not n:
            return found
        averages = {f: self.lengths.average(key, f, allowed) for f in self.boosts}
        for k, unit in enumerate(plan.units):
            bit = 1 << k
            stems = self.stems(unit.tokens)
            if not stems:
                continue
            scores: dict[int, float] = {}
            for fieldname, boost in self.boosts.items():
                if len(stems) > 1:
                    if fieldname == "parts":  # parts have no order of their own
                        continue
                    lists = [phrase_in(self.searcher, fieldname, stems, allowed)]
                else:
                    lists = [
                        postings_in(self.searcher, fieldname, term, allowed)
                        for term in self.forms(fieldname, stems[0])
                    ]
                # A word's forms count once in a field: the best of them.
                best: dict[int, float] = {}
                avg, of = averages[fieldname], self.lengths.of
                for posts in lists:
                    if not posts:
                        continue
                    weight = boost * idf(len(posts), n)
                    for d, tf in posts:
                        length = of(fieldname, d)
                        s = weight * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avg)))
                        if s > best.get(d, 0.0):
                            best[d] = s
                for d, s in best.items():
                    scores[d] = scores.get(d, 0.0) + s
            meant = [d for d in plan.meant.get(k, ()) if d in members]
            if meant:
                # A caseworker's word that an entry gives these provisions counts
                # as if it stood in their headings: a heading's score for a term
                # found in as many documents as the entry names.
                said = self.boosts["heading"] * idf(len(meant), n) * (K1 + 1) / (1 + K1)
                for d in meant:
                    scores[d] = max(scores.get(d, 0.0), said)
            for d, s in scores.items():
                m = found.get(d)
                if m is None:
                    m = found[d] = Match()
                m.score += s
                m.units |= bit
        return found
