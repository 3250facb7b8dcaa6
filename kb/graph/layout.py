"""A stored version's provisions laid out as the text the citation engine reads.

The engine reads text, and a statute's rules hang on its labels: a "§ 13." at the
start of a line opens a provision of the act, a "Stk. 2." a stk. of it
(`kb.citation.context.bind`). So each § of a version is laid out as printed —
its label, then each of its units on a line of its own: "Stk. 2. …", "1) …" —
and every stored text and tail keeps where it stands in that layout, so that a
reference found in it is recorded in the words of the unit it stands in.

A § is one `Passage`; so is an LBK's quotation of an amending act's commencement
provisions ("Lov nr. 397 af 28. maj 2003 (…) indeholder følgende
ikrafttrædelsesbestemmelse: § 3 …", the units of kind "ikraft"), whose §§ are that
act's, not the LBK's; and so is each run of units outside both (a chapter's heading,
an LBK's preamble). A § inside one of these (quoted as an amendment's new text, or in
a commencement provision) stays in it. Notes are left out, as everywhere the text is
quoted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from kb.store.read import UnitRow

# The units a passage is made of, with everything below them.
CONTAINERS = frozenset({"paragraf", "ikraft"})


class Piece(NamedTuple):
    """Where one stored text of a unit stands in a passage's layout."""

    ord: int  # the unit's place in its version
    field: str  # "text" or "tail"
    start: int  # its first character in the layout
    end: int


class Passage(NamedTuple):
    """One § (or run of units outside any §) of a version, as the engine reads it."""

    head: int  # the ord of the § unit, or of the run's first unit
    kind: str  # "paragraf", "ikraft" or "other": what `head` is
    text: str
    pieces: tuple[Piece, ...]

    def piece_at(self, start: int, end: int) -> Piece | None:
        """The piece holding the stretch start:end of the layout, if one holds it whole."""
        for p in self.pieces:
            if p.start <= start and end <= p.end:
                return p
        return None


def passages(units: Sequence[UnitRow]) -> Iterator[Passage]:
    """The version's units (in document order, as `Reader.units` gives them) as
    passages: one a §, one a run of units between §§."""
    lines: list[str] = []
    pieces: list[Piece] = []
    size = 0
    head: int | None = None
    kind = "other"
    end_of_passage = -1  # the last ord of the § or "ikraft" unit being laid out
    skip_to = -1  # the end of a note's subtree

    def add(text: str, ord: int | None, field: str, lead: str = "") -> None:
        nonlocal size
        if lines:
            size += 1  # the line break
        line = f"{lead} {text}" if lead else text
        if ord is not None:
            start = size + len(line) - len(text)
            pieces.append(Piece(ord, field, start, start + len(text)))
        lines.append(line)
        size += len(line)

    def flush() -> Passage | None:
        nonlocal lines, pieces, size, head
        out = None
        if head is not None and pieces:
            out = Passage(head, kind, "\n".join(lines), tuple(pieces))
        lines, pieces, size, head = [], [], 0, None
        return out

    tails: list[UnitRow] = []  # units whose tail follows their subtree, innermost last
    for u in units:
        if u.ord <= skip_to:
            continue
        while tails and tails[-1].end_ord < u.ord:
            t = tails.pop()
            add(t.tail or "", t.ord, "tail")
        inside = u.ord <= end_of_passage
        opens = u.kind in CONTAINERS and not inside
        if opens or (kind != "other" and not inside):
            while tails:  # the tails of the units that end with the passage
                t = tails.pop()
                add(t.tail or "", t.ord, "tail")
            done = flush()
            if done is not None:
                yield done
            kind = u.kind if opens else "other"
            end_of_passage = u.end_ord if opens else -1
        if u.kind == "nota":
            skip_to = u.end_ord
            continue
        if head is None:
            head = u.ord
        if u.heading:
            add(u.heading, None, "heading")
        if u.text:
            add(u.text, u.ord, "text", u.label or "")
        elif u.label:
            # "§ 3" printed without its full stop (the commencement provisions an LBK
            # quotes): with the stop, the next line's "Stk. 1." is not read as its stk.
            full = u.label if u.label.endswith((".", ")")) else u.label + "."
            add(full, None, "label")
        if u.tail:
            tails.append(u)
    while tails:
        t = tails.pop()
        add(t.tail or "", t.ord, "tail")
    done = flush()
    if done is not None:
        yield done
