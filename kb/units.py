"""A unit's address in the store, and a unit's text.

Every stage speaks of units (a §, its stk., nr. and litra, a chapter) by the
address the store keeps in `units.path`: "§24", "§24/s2/n3", "§11 a/s1",
"§11 c/s1/n5/la", "kap8 b". `Address` is that address as a typed value: the
importer builds it, a citation's pinpoint names it, the history of amending
acts and the search index use it, and the CLI and the resolver write it out
the standard way ("§ 24, stk. 2, nr. 3").

`unit_text` is the text of a unit with its sub-units, as the resolver quotes
it, the excerpt counts its sentences, the index searches it and the importer
reads it; with where each stored piece stands in it.

A foundation module: it imports only the standard library, and every stage
may import it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

# The widest range a citation can mean at one level: "nr. 1-600" is a typing
# error, not 600 provisions. The extractor refuses a range of stk. or nr.
# wider than this, an amending act's wider "§§ 9-12" names only its two ends,
# and the resolver expands a range of §§ to at most this many targets.
# Why 200: it is the limit where ranges are read (the extractor, the reading
# of amending acts) and the one the tests observe: "nr. 1-600 is too wide"
# (test_resolve) and the "1-300" pieces of test_extract_quick lie above it,
# where 500 would read those pieces as ranges and no longer test the refusal.
# The resolver's own cap was 500: no test and no real text comes near either
# (the widest range of §§ in the texts of tests/conftest.py spans 29).
MAX_RANGE = 200

_LEVELS = ("stk", "nr", "litra")  # the levels below a §, in order
_PREFIX = {"stk": "s", "nr": "n", "litra": "l"}  # in the store's form: "§24/s2/n3/la"
_LEVEL_OF = {prefix: kind for kind, prefix in _PREFIX.items()}
_LEADING_NUMBER = re.compile(r"\d+")
# The Danish alphabet ends æ, ø, å (§ 75 ø comes before § 75 å; beskæftigelsesloven has
# both); by code point å comes first. Mapped onto the characters after z (and Z).
_DANISH_ORDER = str.maketrans("æøåÆØÅ", "{|}[\\]")


def number_key(value: str) -> tuple[int, str]:
    """The order of numbers of §§ (and chapters, nr.): § 2 < § 10 < § 10 a.

    The number it begins with counts, then what follows it: a group printed
    under one label ("§§ 22-29.") stands where its first § would. Never
    raises: a value that does not begin with a number sorts as 0, by its text.

    >>> sorted(["10 a", "10", "2", "9 b"], key=number_key)
    ['2', '9 b', '10', '10 a']
    >>> number_key("63 og 64"), number_key("22-29"), number_key("")
    ((63, 'og 64'), (22, '-29'), (0, ''))
    >>> sorted(["75 å", "75 ø", "75 z", "75 æ"], key=number_key)
    ['75 z', '75 æ', '75 ø', '75 å']
    """
    num, _, letter = value.partition(" ")
    if num.isdecimal():
        return (int(num), letter.translate(_DANISH_ORDER))
    lead = _LEADING_NUMBER.match(value)
    if lead is None:
        return (0, value.translate(_DANISH_ORDER))
    return (int(lead.group()), value[lead.end() :].translate(_DANISH_ORDER))


# --- repealed provisions and groups ------------------------------------------------

# What a version prints for a provision it keeps only as its number, as the
# 2010-2017 consolidations write it: "(Ophævet)", "(Ophævet).", "(ophævet)",
# "Ophævet.", "( Ophævet)", "(Ophævet ved L 1989 888).", "(Ophævet/udeladt)";
# after a footnote's mark, which the files print as text ("6) (Ophævet).").
_REPEALED = re.compile(
    r"(?:\d+\)\s*)?\(?\s*[Oo]phævet(?:\s+ved\s+[^()]{1,60}|/udeladt)?\s*\.?\s*\)?\s*\.?"
)


def is_repealed(text: str | None) -> bool:
    """Is `text` (a unit's whole text, without its label) a repeal placeholder?

    >>> [is_repealed(t) for t in ("(Ophævet).", "6) (Ophævet).", "(Ophævet ved L 1989 888).")]
    [True, True, True]
    >>> [is_repealed(t) for t in ("(Udeladt)", "Ophævet er § 5.", "", None)]
    [False, False, False, False]
    """
    return text is not None and _REPEALED.fullmatch(text.strip()) is not None


_ONE_NUMBER = r"\d+(?: [a-zæøå])?"
_SPAN = re.compile(rf"(?P<lo>{_ONE_NUMBER})\s*[-–]\s*(?P<hi>{_ONE_NUMBER}|[a-zæøå])")
_LISTED = re.compile(rf"{_ONE_NUMBER}(?:\s*(?:,|og)\s*{_ONE_NUMBER})+")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|\bog\b)\s*")


class ParagrafGroup(NamedTuple):
    """The §§ one label stands for ("§§ 22-29.", "§§ 62 a-b.", "§§ 63 og 64."):
    a span from `lo` to `hi`, or the numbers `listed`. A version prints such a
    group for provisions repealed together."""

    lo: str
    hi: str
    listed: tuple[str, ...] = ()

    def __contains__(self, paragraf: object) -> bool:
        """Is § `paragraf` one of the group's? Of a span, every number between
        its ends is ("§ 50 b" is in "§§ 50 a-51"): the version says all of them
        are gone, whichever it once had."""
        if not isinstance(paragraf, str) or not paragraf:
            return False
        if self.listed:
            return paragraf in self.listed
        return number_key(self.lo) <= number_key(paragraf) <= number_key(self.hi)

    def named(self) -> list[str]:
        """The §§ the label names: each of a list; a span's ends, the whole
        numbers between them, and the letters between two ends of one number.

        >>> [paragraf_group(g).named() for g in ("22-24", "62 a-c", "12-14 a", "50 a-51")]
        [['22', '23', '24'], ['62 a', '62 b', '62 c'], ['12', '13', '14', '14 a'], ['50 a', '51']]
        """
        if self.listed:
            return list(self.listed)
        (ln, ll), (hn, hl) = number_key(self.lo), number_key(self.hi)
        if ln == hn:
            start = ord(ll) if ll else ord("a") - 1
            return [self.lo] + [f"{ln} {chr(c)}" for c in range(start + 1, ord(hl or "a") + 1)]
        out = [self.lo] + [str(n) for n in range(ln + 1, min(hn, ln + MAX_RANGE) + 1)]
        return out + ([self.hi] if hl else [])

    def wholes(self) -> set[int]:
        """The whole numbers among the group's §§ ("50 a-51" has only 51)."""
        if self.listed:
            return {int(n) for n in self.listed if n.isdecimal()}
        lo, hi = number_key(self.lo)[0], number_key(self.hi)[0]
        return {n for n in range(lo, min(hi, lo + MAX_RANGE) + 1) if str(n) in self}


def paragraf_group(number: str | None) -> ParagrafGroup | None:
    """The group a §'s stored number stands for, or None for one §.

    >>> paragraf_group("62 a-b"), paragraf_group("24") is None
    (ParagrafGroup(lo='62 a', hi='62 b', listed=()), True)
    >>> paragraf_group("46 g, 46 h og 46 i").listed
    ('46 g', '46 h', '46 i')
    """
    if not number:
        return None
    if m := _SPAN.fullmatch(number):
        lo, hi = m["lo"], m["hi"]
        if hi.isalpha():  # "62 a-b": the second end's number is the first's
            hi = f"{number_key(lo)[0]} {hi}"
        return ParagrafGroup(lo, hi)
    if _LISTED.fullmatch(number):
        listed = tuple(_LIST_SEPARATOR.split(number))
        return ParagrafGroup(listed[0], listed[-1], listed)
    return None


def _level_number(value: int | str) -> int | str:
    """A stk. or nr. as the address holds it: 3 for "3"; "3 a" as printed."""
    if isinstance(value, str) and value.isdecimal() and str(int(value)) == value:
        return int(value)
    return value


def _level_key(value: int | str | None) -> tuple[int, str]:
    if value is None:
        return (-1, "")
    if isinstance(value, int):
        return (value, "")
    return number_key(value)


class Address(NamedTuple):
    """The store's address of a unit: a § and what is below it, or a chapter.

    stk. and nr. are numbers (a nr. printed "3 a)" stays "3 a"); § and
    kapitel are written as the act numbers them ("11 a", "22-29", "8 b").
    An address with neither § nor kapitel is relative (a citation's "stk.
    2" before its § is known): it has no store form. A § address does not
    name its chapter, and a chapter address is only the chapter.

    A named tuple rather than a frozen dataclass: addresses are made in the
    importer's and the resolver's loops, and a named tuple is made about
    three times as fast.

    >>> a = Address.parse("§24/s2/n3")
    >>> a
    Address(paragraf='24', stk=2, nr=3, litra=None, kapitel=None)
    >>> str(a), a.written()
    ('§24/s2/n3', '§ 24, stk. 2, nr. 3')
    >>> Address("11 a", 1).path, Address(kapitel="8 b").path
    ('§11 a/s1', 'kap8 b')
    """

    paragraf: str | None = None
    stk: int | str | None = None
    nr: int | str | None = None
    litra: str | None = None
    kapitel: str | None = None

    @classmethod
    def parse(cls, path: str) -> Address:
        """The address a store path stands for; ValueError if it is none.

        >>> Address.parse("§11 c/s1/n5/la")
        Address(paragraf='11 c', stk=1, nr=5, litra='a', kapitel=None)
        >>> Address.parse("kap8 b")
        Address(paragraf=None, stk=None, nr=None, litra=None, kapitel='8 b')
        >>> Address.parse("§24/n3/s2")
        Traceback (most recent call last):
        ...
        ValueError: '§24/n3/s2' is not a unit's address
        """
        if path.startswith("kap") and len(path) > 3 and "/" not in path:
            return cls(kapitel=path[3:])
        head, *rest = path.split("/")
        if len(head) < 2 or head[0] != "§":
            raise ValueError(f"{path!r} is not a unit's address")
        address = cls(head[1:])
        for part in rest:
            kind = _LEVEL_OF.get(part[:1])
            if kind is None or len(part) < 2 or not address.holds(kind):
                raise ValueError(f"{path!r} is not a unit's address")
            address = address.child(kind, part[1:])
        return address

    @property
    def path(self) -> str | None:
        """The store's form ("§24/s2/n3", "kap8 b"); None for a relative address."""
        paragraf, stk, nr, litra, kapitel = self
        if paragraf is None:
            return f"kap{kapitel}" if kapitel else None
        path = f"§{paragraf}"
        if stk is not None:
            path += f"/s{stk}"
        if nr is not None:
            path += f"/n{nr}"
        if litra is not None:
            path += f"/l{litra}"
        return path

    def __str__(self) -> str:
        """The store's form; empty for a relative address."""
        return self.path or ""

    def written(self) -> str:
        """The standard way to write it in a citation.

        >>> Address("24", 2, 3, "a").written()
        '§ 24, stk. 2, nr. 3, litra a'
        >>> Address(kapitel="8 b").written(), Address(stk=2).written()
        ('kapitel 8 b', 'stk. 2')
        """
        paragraf, stk, nr, litra, kapitel = self
        parts = []
        if paragraf is not None:
            parts.append(f"§ {paragraf}")
        elif kapitel is not None:
            return f"kapitel {kapitel}"
        if stk is not None:
            parts.append(f"stk. {stk}")
        if nr is not None:
            parts.append(f"nr. {nr}")
        if litra is not None:
            parts.append(f"litra {litra}")
        return ", ".join(parts)

    # --- order ----------------------------------------------------------------

    def sort_key(self) -> tuple[tuple[int, str], ...]:
        """The key of the act's order: § 2 < § 10 < § 10 a, a unit before its
        sub-units, and chapters before §§ (their address says nothing of
        where they stand among the §§).

        >>> paths = ["§10 a", "§10/s2", "§2", "§10", "kap3", "§10/s1/n2"]
        >>> [str(a) for a in sorted(map(Address.parse, paths), key=Address.sort_key)]
        ['kap3', '§2', '§10', '§10/s1/n2', '§10/s2', '§10 a']
        """
        paragraf, stk, nr, litra, kapitel = self
        return (
            _level_key(paragraf),
            _level_key(stk),
            _level_key(nr),
            _level_key(litra),
            _level_key(kapitel),
        )

    # The act's order, not the tuple's: sorted(addresses) reads like the act.
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    # --- the tree ---------------------------------------------------------------

    @property
    def parent(self) -> Address | None:
        """The unit this one stands in, as far as the address tells: None for a
        § or a chapter.

        >>> Address.parse("§11 c/s1/n5/la").parent
        Address(paragraf='11 c', stk=1, nr=5, litra=None, kapitel=None)
        >>> Address("24").parent is None
        True
        """
        if self.litra is not None:
            return self._replace(litra=None)
        if self.nr is not None:
            return self._replace(nr=None)
        if self.stk is not None:
            return self._replace(stk=None)
        return None

    def holds(self, kind: str) -> bool:
        """Can a sub-unit of `kind` ("stk", "nr", "litra") have an address
        under this one? Only under a §, and only a level below the deepest
        one written: a litra may stand in a stk. directly, a stk. never in a nr.

        >>> Address("24", 1).holds("litra"), Address("24", 1, 2).holds("stk")
        (True, False)
        """
        if self.paragraf is None or kind not in _PREFIX:
            return False
        if self.litra is not None:
            return False
        deepest = "nr" if self.nr is not None else "stk" if self.stk is not None else None
        return deepest is None or _LEVELS.index(kind) > _LEVELS.index(deepest)

    def child(self, kind: str, number: int | str) -> Address:
        """The address of sub-unit `kind` numbered `number`; ValueError where
        `holds(kind)` is false.

        >>> Address("24").child("stk", "2").child("nr", 3).child("litra", "a").path
        '§24/s2/n3/la'
        """
        if not self.holds(kind):
            raise ValueError(f"{self} holds no {kind} address")
        if kind == "stk":
            return self._replace(stk=_level_number(number))
        if kind == "nr":
            return self._replace(nr=_level_number(number))
        return self._replace(litra=str(number))

    def is_within(self, other: Address) -> bool:
        """Is this `other` or a unit inside it?

        >>> a = Address.parse("§24/s2/n3")
        >>> a.is_within(Address("24")), a.is_within(a), a.is_within(Address("24", 3))
        (True, True, False)
        >>> Address.parse("§24/s2/la").is_within(Address.parse("§24/s2/n1"))
        False
        """
        address: Address | None = self
        while address is not None:
            if address == other:
                return True
            address = address.parent
        return False


# --- a unit's text -----------------------------------------------------------------


class _Unit(Protocol):
    """What `unit_text` reads of a unit: a document node or a store row."""

    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def heading(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def tail(self) -> str | None: ...


_U = TypeVar("_U", bound=_Unit)


# Where one stored piece stands in a unit's text: (the node or row that
# stores it, "text" or "tail", start, end). A plain tuple: with a named one,
# rendering every unit of the store took about a fifth longer.
Part = tuple[Any, str, int, int]


class UnitText(NamedTuple):
    text: str
    parts: list[Part]  # every stored text and tail in it, in order


def unit_text(
    unit: _U,
    children: Callable[[_U], Iterable[_U]],
    *,
    label: bool = False,
    heading: bool = False,
    sub_labels: bool = True,
) -> UnitText:
    """The text of `unit` with its sub-units, in document order, one space
    between pieces: its text, each sub-unit (label, heading, text, its own
    sub-units), its tail. Notes are left out.

    `label` and `heading` print the unit's own label and heading first;
    `sub_labels=False` leaves out the labels and headings of the sub-units.
    `parts` says where each stored text and tail stands in the text.

    >>> class U(NamedTuple):
    ...     kind: str
    ...     label: str | None
    ...     heading: str | None
    ...     text: str | None
    ...     tail: str | None = None
    ...     kids: tuple = ()
    >>> stk2 = U("stk", "Stk. 2.", None, "Fristen er 4 uger.")
    >>> par = U("paragraf", "§ 7.", "Frister", "Der gælder en frist.", kids=(stk2,))
    >>> unit_text(par, lambda u: u.kids).text
    'Der gælder en frist. Stk. 2. Fristen er 4 uger.'
    >>> unit_text(par, lambda u: u.kids, label=True, heading=True).text
    '§ 7. Frister Der gælder en frist. Stk. 2. Fristen er 4 uger.'
    >>> [(u.kind, field, a, b) for u, field, a, b in unit_text(par, lambda u: u.kids).parts]
    [('paragraf', 'text', 0, 20), ('stk', 'text', 29, 47)]
    """
    pieces: list[str] = []
    parts: list[Part] = []
    end = -1  # where the text so far ends, less the space before the next piece

    def visit(u: _U, with_label: bool, with_heading: bool) -> None:
        nonlocal end
        if with_label and u.label:
            pieces.append(u.label)
            end += 1 + len(u.label)
        if with_heading and u.heading:
            pieces.append(u.heading)
            end += 1 + len(u.heading)
        if u.text:
            pieces.append(u.text)
            parts.append((u, "text", end + 1, end + 1 + len(u.text)))
            end += 1 + len(u.text)
        for child in children(u):
            if child.kind != "nota":
                visit(child, sub_labels, sub_labels)
        if u.tail:
            pieces.append(u.tail)
            parts.append((u, "tail", end + 1, end + 1 + len(u.tail)))
            end += 1 + len(u.tail)

    visit(unit, label, heading)
    return UnitText(" ".join(pieces), parts)


class TextLine(NamedTuple):
    """One line of a unit's text as a reader sees it (`unit_lines`)."""

    level: int  # 0 for a § (and a heading), 1 a stk., 2 a nr., 3 a litra
    text: str
    heading: bool = False  # a chapter's or a group's label and heading


# How deep each kind of unit stands in the printed text (as `kb excerpt` indents it).
_LINE_LEVEL = {"paragraf": 0, "stk": 1, "nr": 2, "litra": 3, "aendring": 1, "rykning": 2}
_LINE_LEVEL["nytekst"] = 1
_HEADINGS = frozenset({"bog", "afsnit", "kapitel", "gruppe"})


def unit_lines(unit: _U, children: Callable[[_U], Iterable[_U]]) -> list[TextLine]:
    """`unit_text(unit, children).text` in the lines a reader expects: each
    sub-unit that prints a label or heading (a §, "Stk. 2.", "1)") begins a
    line, a chapter's or group's heading is a line of its own, and the words
    that close a list follow it on a line of their own. A sub-unit without a
    label (a § 's first stk.) goes on with the line before. The text is not
    touched: the lines, joined by single spaces, are the text.

    >>> class U(NamedTuple):
    ...     kind: str
    ...     label: str | None
    ...     heading: str | None
    ...     text: str | None
    ...     tail: str | None = None
    ...     kids: tuple = ()
    >>> items = (U("nr", "1)", None, "a,"), U("nr", "2)", None, "b"))
    >>> stk2 = U("stk", "Stk. 2.", None, "Fristen er:", "eller mere.", items)
    >>> par = U("paragraf", "§ 7.", None, None, kids=(U("stk", None, None, "Frist."), stk2))
    >>> for line in unit_lines(par, lambda u: u.kids):
    ...     print(line.level, line.text)
    0 Frist.
    1 Stk. 2. Fristen er:
    2 1) a,
    2 2) b
    1 eller mere.
    >>> " ".join(line.text for line in unit_lines(par, lambda u: u.kids)) == unit_text(
    ...     par, lambda u: u.kids).text
    True
    """
    lines: list[TextLine] = []
    pieces: list[str] = []
    at = [_LINE_LEVEL.get(unit.kind, 0), 0]  # the level of the line being written; lines begun

    def flush() -> None:
        if pieces:
            lines.append(TextLine(at[0], " ".join(pieces)))
            pieces.clear()

    def visit(u: _U, level: int, top: bool) -> None:
        if not top and (u.label or u.heading):
            flush()
            at[1] += 1
            own = [p for p in (u.label, u.heading) if p]
            if u.kind in _HEADINGS:
                lines.append(TextLine(0, " ".join(own), heading=True))
            else:
                at[0] = level
                pieces.extend(own)
        if u.text:
            pieces.append(u.text)
        begun = at[1]
        for child in children(u):
            if child.kind != "nota":
                visit(child, _LINE_LEVEL.get(child.kind, level + 1), top=False)
        if u.tail:
            if at[1] != begun:
                flush()
                at[0] = level
            pieces.append(u.tail)

    visit(unit, at[0], top=True)
    flush()
    return lines


class _Row(Protocol):
    @property
    def ord(self) -> int: ...
    @property
    def parent_ord(self) -> int | None: ...


_R = TypeVar("_R", bound=_Row)


def row_children(rows: Sequence[_R]) -> Callable[[_R], list[_R]]:
    """The sub-units of each row of a subtree (the first row and all below it,
    in document order, as `Reader.subtree` gives them), for `unit_text`."""
    children: dict[int | None, list[_R]] = {}
    for row in rows[1:]:
        children.setdefault(row.parent_ord, []).append(row)
    return lambda row: children.get(row.ord, [])
