"""Citation models: what a citation says, before and after resolution.

The extractor (`kb.citation.extract`) produces `Found` records over a text;
each holds `Item`s, the units a citation names, with the act it names
written as an `ActRef`. The context pass fills in what a short form leaves
out, and the resolver turns every item into `Target`s.

They are typed named tuples: immutable like frozen dataclasses, and made
several times faster, which counts at tens of thousands per letter. A change
is `x._replace(field=value)`.
"""

from __future__ import annotations

from typing import NamedTuple

from kb.codes import ActKind, FoundKind, NoteCode, Problem
from kb.units import Address


class Pinpoint(NamedTuple):
    """The sub-provision a citation points at, from § down to pkt."""

    paragraf: str | None = None  # "24", "11 a"
    stk: int | None = None
    nr: int | None = None
    litra: str | None = None
    pkt: int | None = None
    kapitel: str | None = None  # "8 b"

    @property
    def address(self) -> Address:
        """The unit it names (pkt. is inside the unit's text)."""
        return Address(self.paragraf, self.stk, self.nr, self.litra, self.kapitel)

    @property
    def path(self) -> str | None:
        """The store's address of the unit (pkt. is inside the unit's text)."""
        return self.address.path

    @property
    def relative(self) -> bool:
        """Written without its § ("stk. 2", "2. pkt."): it leans on context."""
        return self.paragraf is None and self.kapitel is None

    def written(self) -> str:
        """The pinpoint written the standard way: "§ 24, stk. 1, 2. pkt."."""
        written = self.address.written()
        if self.pkt is None or (self.paragraf is None and self.kapitel is not None):
            return written
        return f"{written}, {self.pkt}. pkt." if written else f"{self.pkt}. pkt."

    def canonical(self, law: str | None) -> str:
        return f"{law} {self.written()}" if law else self.written()

    def under(self, base: Pinpoint) -> Pinpoint:
        """This relative pinpoint completed from `base` ("stk. 2" under § 24)."""
        if not self.relative:
            return self
        # the first level written (stk., nr., litra, pkt.) and below come
        # from this pinpoint, the levels above it from `base`
        if self[1] is not None:
            return Pinpoint(base[0], self[1], self[2], self[3], self[4])
        if self[2] is not None:
            return Pinpoint(base[0], base[1], self[2], self[3], self[4])
        if self[3] is not None:
            return Pinpoint(base[0], base[1], base[2], self[3], self[4])
        return Pinpoint(base[0], base[1], base[2], base[3], self[4])


class Item(NamedTuple):
    """One unit a citation names; `upto` ends a range of paragraphs ("§§ 11-11 b")."""

    pin: Pinpoint
    upto: str | None = None
    act: ActRef | None = None  # the act written for this item, if any
    # A second act written for the same item ("forvaltningslovens § 24 i
    # serviceloven"): which one is meant cannot be told from the text.
    also: ActRef | None = None


class Version(NamedTuple):
    """A version designation as written: "lovbekendtgørelse nr. 433 af 22. april 2014"."""

    text: str
    doc_type: str  # LBK, LOV, BEK, VEJ, CIR, ...
    number: int
    date: str | None  # ISO date, or None when the written date is impossible

    @property
    def key(self) -> tuple[str, int, str | None]:
        return (self.doc_type, self.number, self.date)


# The name of an ActRef of kind "same" that stands for the act the one in context
# replaced: "§ 13 (tidligere § 6)" (kb.citation.extract, kb.citation.context).
FORMER_NAME = "tidligere"
# The name of an ActRef of kind "self" that stands for the act an amending act amends:
# "§ 25 f, som affattet ved denne lovs § 1, nr. 22" in the amending act's provisions.
AMENDED_NAME = "som ændret"


class ActRef(NamedTuple):
    """An act as a citation names it.

    kind: "name" (a name or title as written), "self" ("denne lov", "loven":
    the act in context), "same" ("samme lov": the act named last) or
    "version" (only a designation, "lov nr. 285 af 25. april 2001").
    """

    text: str
    start: int
    end: int
    kind: ActKind
    name: str | None = None
    version: Version | None = None
    genitive: bool = False


class Found(NamedTuple):
    """One stretch of text the extractor recognised.

    kind: "statute" (units of an act), "practice" (an Ankestyrelsen
    reference), "malformed" (looks like a citation, names nothing),
    "article" (an article of an EU act or a convention), "label"
    (the "§ 24." or "Stk. 2." heading a quoted provision), "quote_end" (the
    quotation mark that closes a quoted provision opened by one: "»§ 24. …«")
    or "mention" (an act or version named without a pinpoint).
    """

    kind: FoundKind
    text: str
    start: int
    end: int
    items: tuple[Item, ...] = ()
    act: ActRef | None = None  # for mentions
    practice: str | None = None  # normalised practice reference
    linked: bool = False  # joined to the previous citation by "jf."
    notes: tuple[NoteCode, ...] = ()  # remarks on how it is written (kb.codes)
    message: Problem | None = None  # why a malformed citation cannot be read
    acts: tuple[ActRef, ...] = ()  # every act written inside it


class Bound(NamedTuple):
    """One item of a citation with its act and § settled."""

    found: Found
    item: Item
    pin: Pinpoint
    act: ActRef | None
    antecedent: Found | None = None  # the record the short form leaned on
    supplied: tuple[str, ...] = ()  # what the antecedent supplied: "law", "paragraf"
    problem: Problem | None = None  # why the item could not be completed
    default_law: bool = False  # the act came from --law
