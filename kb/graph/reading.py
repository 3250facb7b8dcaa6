"""Reading the references of a stored version, § by §.

A version is read § by § (`kb.graph.layout`) as of its first day, each § by a
statute's rules with the version's own act as the act of its bare references —
except a § of an amending act that opens "I lov om social service … foretages
følgende ændringer:", whose "§ 24, stk. 2" and quoted "§ 24." are the amended
act's (the `amendments` table says which act that is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb.citation.grammar import designation_at
from kb.errors import KbError
from kb.graph.layout import Passage, Piece, passages
from kb.resolver.pipeline import Checker, Result
from kb.resolver.target import Target
from kb.store.read import Reader, VersionRow


@dataclass(frozen=True)
class Reading:
    """One citation or act named in a unit's text, with what it resolves to."""

    piece: Piece  # the unit and which of its texts
    start: int  # offsets in that text
    end: int
    text: str  # as written
    kind: str  # "statute", "practice", "article", "malformed"; "act" for an act named
    targets: tuple[Target, ...] = ()
    act: str | None = None  # for an act named: its key, its version, whether stored
    version: str | None = None
    loaded: bool = False


@dataclass
class Readers:
    """One `Checker` per act read as, act it amends, and day, made when first needed."""

    reader: Reader
    detail: bool = True  # False: targets and statuses only, as the graph stores them
    checkers: dict[tuple[str | None, str | None, dt.date], Checker] = field(default_factory=dict)

    def checker(self, law: str | None, within: str | None, day: dt.date) -> Checker:
        key = (law, within, day)
        found = self.checkers.get(key)
        if found is None:
            if len(self.checkers) > 64:
                self.checkers.clear()
            try:
                found = Checker(
                    self.reader, day, law, law is not None, detail=self.detail, within=within
                )
            except KbError:  # an act its own names do not find: read as a letter
                found = Checker(self.reader, day, detail=self.detail)
            self.checkers[key] = found
        return found


def day_of(version: VersionRow) -> dt.date:
    """The day a version's references are read as of: its first day in force, else
    the day it was signed, else today."""
    for value in (version.in_force_from, version.date_signed):
        if value:
            return dt.date.fromisoformat(value)
    return dt.date.today()


def amended_acts(reader: Reader, version: VersionRow) -> dict[int, str | None]:
    """For an amending version: the ord of each § that amends an act, and that act's
    key (None where no stored act is the one it names)."""
    if not version.is_amending:
        return {}
    rows = reader.q("SELECT ord, act_key FROM amendments WHERE version_id = :v", v=version.id)
    return {ord_: key for ord_, key in rows}


def read_passage(checker: Checker, passage: Passage) -> list[Reading]:
    """The references in one passage in the order they stand, each in the words of the
    unit it stands in."""
    result: Result = checker.check(passage.text)
    found: list[tuple[int, Reading]] = []
    for c in result.citations:
        piece = passage.piece_at(c.start, c.end)
        if piece is None:
            # It runs over two units' texts ("nr. 1\n2) …"): it is the first unit's, up
            # to where that unit's text ends.
            piece = passage.piece_at(c.start, c.start + 1)
            if piece is None:
                continue  # in a heading or a label, not in a provision's text
        written = c.text
        if c.end > piece.end:  # the words in the unit's own text are what it says
            written = passage.text[c.start : piece.end].rstrip()
        start = c.start - piece.start
        reading = Reading(piece, start, start + len(written), written, c.kind, tuple(c.targets))
        found.append((c.start, reading))
    for r in result.references:
        piece = passage.piece_at(r.start, r.end)
        if piece is None:
            continue
        start = r.start - piece.start
        reading = Reading(
            piece, start, start + len(r.text), r.text, "act", (), r.law, r.version, r.loaded
        )
        found.append((r.start, reading))
    found.sort(key=lambda f: f[0])
    return [r for _at, r in found]


def read_version(readers: Readers, version: VersionRow, key: str) -> Iterator[Reading]:
    """Every reference in the version's provisions (its act's key `key`), in document
    order."""
    reader = readers.reader
    day = day_of(version)
    amended = amended_acts(reader, version)
    for passage in passages(reader.units(version.id)):
        yield from read_passage(readers.checker(*law_of(passage, amended, key), day), passage)


def law_of(
    passage: Passage, amended: dict[int, str | None], key: str
) -> tuple[str | None, str | None]:
    """The act whose statute a passage is read as (None: read it as a letter is), and
    the act that act amends, where that is what the passage's references lean on.

    A § amending an act not stored is read as a letter: the act its opening names is
    the act of what follows, and not stored. A commencement provision an LBK quotes
    ("Lov nr. 397 af 28. maj 2003 (…) indeholder følgende ikrafttrædelsesbestemmelse:
    § 3 …") is the amending act's own text, read as that act's statute, stored or not;
    its "X, som affattet ved denne lovs § 1" is the consolidated act's X.
    """
    if passage.kind == "ikraft":
        first = passage.pieces[0]
        named = designation_at(passage.text[first.start : first.end])
        return (named, key) if named else (None, None)
    return amended.get(passage.head, key), None
