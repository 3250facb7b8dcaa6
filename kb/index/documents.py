"""What the index holds: documents made from the store, whatever engine indexes them.

Grain: one document per § of every stored version (with its stk., nr. and
litra), one per practice reference, and one per concept. A § is what a
caseworker cites and reads; its stk. are short, so ranking a whole § loses
little, and a hit list of stk. would split one § over several lines.

A `Corpus` is one store seen as an index's input: its documents, every word
it uses (the dictionary compounds are split against) and its generation (the
stamp an index is built with).

For updates in place the store is also seen as *sources*: each version
(`"v:<id>"`, amending acts too: their words are in the dictionary), the
practice table and the concepts table. A source's fingerprint changes when
anything its documents store changes (an act renamed, an in-force interval
recomputed); its words and its documents can be read alone. A stored
version's units never change (an import refuses to replace a version), so
the fingerprint needs no hash of its text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from kb.resolver.target import render_rows
from kb.store.read import Reader, UnitRow, VersionRow
from kb.units import Address

OPEN = "9999-12-31"  # in_force_to of a version still in force
_WORD = re.compile(r"\w+")


@dataclass
class Doc:
    id: str
    kind: str  # "paragraf", "practice" or "concept"
    canonical: str
    text: str
    heading: str = ""
    context: str = ""
    law: str = ""
    version: str = ""
    version_id: int = 0
    label: str = ""
    in_force_from: str = "0000-01-01"
    in_force_to: str = OPEN
    ord: int = 0


@dataclass(frozen=True)
class Corpus:
    """One store as an index's input, read through `reader`."""

    reader: Reader

    def generation(self) -> str | None:
        return self.reader.generation()

    def documents(self) -> Iterator[Doc]:
        return documents(self.reader)

    def vocabulary(self) -> set[str]:
        return vocabulary(self.reader)

    def fingerprints(self) -> dict[str, str]:
        return fingerprints(self.reader)

    def count(self) -> int:
        """How many documents `documents` yields."""
        (n,) = self.reader.q(
            "SELECT (SELECT count(*) FROM units u JOIN versions v ON v.id = u.version_id "
            "WHERE NOT v.is_amending AND u.kind = 'paragraf' AND coalesce(u.path, '') != '') "
            "+ (SELECT count(*) FROM practice) + (SELECT count(*) FROM concepts)"
        )[0]
        return int(n)

    def words(self, sources: Iterable[str] | None = None) -> Iterator[tuple[str, set[str]]]:
        return source_words(self.reader, sources)

    def documents_of(self, sources: Iterable[str]) -> Iterator[Doc]:
        return source_documents(self.reader, sources)


PRACTICE = "practice"
CONCEPTS = "concepts"
_PRACTICE_SQL = "SELECT ref, title, summary FROM practice ORDER BY ref"
_CONCEPTS_SQL = "SELECT key, name, explanation FROM concepts ORDER BY key"
_VERSIONS_SQL = (
    "SELECT v.id, a.key, v.designation, v.in_force_from, v.in_force_to, v.is_amending "
    "FROM versions v JOIN acts a ON a.id = v.act_id"
)
_UNIT_WORDS_SQL = (
    "SELECT coalesce(heading, '') || ' ' || coalesce(text, '') || ' ' || coalesce(tail, '') "
    "FROM units WHERE version_id = :v"
)


_PRACTICE_WORDS_SQL = "SELECT coalesce(title, '') || ' ' || coalesce(summary, '') FROM practice"
_CONCEPTS_WORDS_SQL = "SELECT name || ' ' || explanation FROM concepts"


def version_source(version_id: int) -> str:
    return f"v:{version_id}"


def fingerprints(reader: Reader) -> dict[str, str]:
    """Every source of the store, with what its documents depend on beyond its own text."""
    out = {
        version_source(vid): repr((key, designation, start, end, bool(amending)))
        for vid, key, designation, start, end, amending in reader.q(_VERSIONS_SQL)
    }
    for source, sql in ((PRACTICE, _PRACTICE_SQL), (CONCEPTS, _CONCEPTS_SQL)):
        out[source] = hashlib.sha256(repr(reader.q(sql)).encode()).hexdigest()
    return out


def source_words(
    reader: Reader, sources: Iterable[str] | None = None
) -> Iterator[tuple[str, set[str]]]:
    """The words of each source (all of them by default), as `vocabulary` reads them."""
    if sources is None:
        sources = [version_source(r[0]) for r in reader.q("SELECT id FROM versions ORDER BY id")]
        sources += [PRACTICE, CONCEPTS]
    for source in sources:
        params: dict[str, int] = {}
        if source == PRACTICE:
            sql = _PRACTICE_WORDS_SQL
        elif source == CONCEPTS:
            sql = _CONCEPTS_WORDS_SQL
        else:
            sql, params = _UNIT_WORDS_SQL, {"v": int(source[2:])}
        text = " ".join(row[0] for row in reader.q(sql, **params))
        yield source, set(_WORD.findall(text.lower()))


def source_documents(reader: Reader, sources: Iterable[str]) -> Iterator[Doc]:
    """The documents of these sources (none for an amending act's), as `documents` makes them."""
    wanted = set(sources)
    ids = sorted(int(s[2:]) for s in wanted if s.startswith("v:"))
    keys = {act.id: act.key for act in reader.acts()}
    for vid in ids:
        version = reader.version(vid)
        if version is None or version.is_amending:
            continue
        yield from _paragraphs(keys[version.act_id], version, reader.units(vid))
    if PRACTICE in wanted:
        yield from _practice(reader)
    if CONCEPTS in wanted:
        yield from _concepts(reader)


def documents(reader: Reader) -> Iterator[Doc]:
    """Every document of the store: §§ of non-amending versions, practice, concepts."""
    for act in reader.acts():
        for version in reader.versions(act.id):
            if version.is_amending:
                continue
            units = reader.units(version.id)
            yield from _paragraphs(act.key, version, units)
    yield from _practice(reader)
    yield from _concepts(reader)


def _practice(reader: Reader) -> Iterator[Doc]:
    for ref, title, summary in reader.q(_PRACTICE_SQL):
        yield Doc(f"practice:{ref}", "practice", ref, summary or "", heading=title or "")


def _concepts(reader: Reader) -> Iterator[Doc]:
    for key, name, explanation in reader.q(_CONCEPTS_SQL):
        yield Doc(f"concept:{key}", "concept", key, explanation, heading=name)


def _paragraphs(law: str, version: VersionRow, units: list[UnitRow]) -> Iterator[Doc]:
    by_ord = {u.ord: u for u in units}
    # Where each unit stands in `units` (in order of ord): a § and its sub-units are one slice.
    at = {u.ord: i for i, u in enumerate(units)}
    introduced: set[int] = set()  # headings already given to the § they stand before
    for u in units:
        if u.kind != "paragraf" or not u.path:
            continue
        rows = units[at[u.ord] : at[u.end_ord] + 1]
        own: list[str] = []
        context: list[str] = []
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
        yield Doc(
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
            in_force_to=version.in_force_to or OPEN,
            ord=u.ord,
        )


def vocabulary(reader: Reader) -> set[str]:
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
