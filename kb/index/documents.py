"""What the index holds: documents made from the store, whatever engine indexes them.

Grain: one document per § of every stored version (with its stk., nr. and
litra), one per practice reference, and one per concept. A § is what a
caseworker cites and reads; its stk. are short, so ranking a whole § loses
little, and a hit list of stk. would split one § over several lines.

A `Corpus` is one store seen as an index's input: its documents, every word
it uses (the dictionary compounds are split against) and its generation (the
stamp an index is built with).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


def documents(reader: Reader) -> Iterator[Doc]:
    """Every document of the store: §§ of non-amending versions, practice, concepts."""
    for act in reader.acts():
        for version in reader.versions(act.id):
            if version.is_amending:
                continue
            units = reader.units(version.id)
            yield from _paragraphs(act.key, version, units)
    for row in reader.q("SELECT ref, title, summary FROM practice ORDER BY ref"):
        ref, title, summary = row
        yield Doc(f"practice:{ref}", "practice", ref, summary or "", heading=title or "")
    for key, name, explanation in reader.q(
        "SELECT key, name, explanation FROM concepts ORDER BY key"
    ):
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
