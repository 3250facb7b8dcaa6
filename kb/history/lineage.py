"""What a consolidation says it is built on and folds in: its lineage sentence.

Every LBK opens (<Indledning>) with a sentence such as "Herved bekendtgøres lov
om social service, jf. lovbekendtgørelse nr. 1284 af 17. november 2015 med de
ændringer, der følger af §1, nr. 2, i lov nr. 495 af 21. maj 2013, § 1, nr. 6,
i lov nr. 722 af 25. juni 2014, … og § 1, nr. 1-4, 6-9, 32 og 33 i lov nr. 647
af 8. juni 2016." (LBK 1270/2016), often followed by sentences on what it does
*not* fold in ("De ændringer, der følger af § 2 i lov nr. 309 af 28. marts 2015
om ændring af varemærkeloven, …, er ikke indarbejdet i denne lovbekendtgørelse,
da tidspunktet for ikrafttræden af disse ændringer fastsættes af erhvervs- og
vækstministeren, jf. § 5, stk. 2, i lov nr. 309 af 28. marts 2015.", LBK
189/2016) and on when parts of it take effect. `read_lineage` reads all of it
into a `Lineage`: the version it is built on, what it folds in, what it says it
does not fold in, the acts it only refers to, and — so that nothing is silently
dropped — every designation of an act it could not place.

The reading is by the role each designation plays in its sentence, decided by
the words before it: the previous version after "jf." in the first sentence;
the folded amendments in the list after "med de ændringer, der følger af" (or
"som ændret ved"); in later sentences, the subject of "De ændringer, der
følger af … er ikke indarbejdet" is not folded in, and a designation after
"jf." is a reference. Written forms seen in the 2010-2017 corpus that the
citation grammar does not read ("lov 601 af …", "lov nr. 628 11. juni 2010",
"af. 19. december", "fællesmærkelov nr. 342 af …") are read here by rewriting
them to the grammar's own form, so that one grammar reads numbers and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import TypeVar

from kb.citation.grammar import version
from kb.citation.model import Version
from kb.text import MONTHS
from kb.units import MAX_RANGE

# --- the models ------------------------------------------------------------------


@dataclass(frozen=True)
class Amendment:
    """Provisions of an amending act, as a lineage names them."""

    act: Version  # the amending act, as written: "lov nr. 326 af 11. april 2012"
    section: str | None  # its § that applies, "§ 7"; None: the act as a whole
    items: tuple[str, ...]  # only these numbered items of it ("nr. 1 og 7"); (): all
    text: str  # the words naming it: "§ 7, nr. 1 og 7, i lov nr. 326 af 11. april 2012"
    stk: str | None = None  # "§ 5, stk. 3, i lov …": only that stk. of the §
    # A qualifier narrows it below what section and items say ("nr. 24 delvis",
    # "for så vidt angår affattelsen af § 16, stk. 2, 1. pkt.", "§ 56 som indsat
    # ved § 1, nr. 49"): the item is named, but not all of it may be meant.
    partial: bool = False
    # "§ 1 i lov nr. 579 …, som ændret ved lov nr. 1556 …": the entry for lov nr.
    # 1556 names what 1556 changed in lov nr. 579, not what it changed in this act.
    amends: Version | None = None

    def covers(self, number: int, year: str | None, section: str, item: str) -> bool:
        """Whether this entry names item `item` of § `section` of the act
        (number, year of signing) as it bears on the consolidated act."""
        if self.amends is not None:
            return False
        if self.act.number != number or (self.act.date or "")[:4] != (year or "")[:4]:
            return False
        return self._covers(_key(section), _key(item))

    def _covers(self, section: str, item: str) -> bool:
        own_section, own_items = self._keys
        return (own_section is None or own_section == section) and (
            not own_items or item in own_items
        )

    @cached_property
    def _keys(self) -> tuple[str | None, frozenset[str]]:
        section = _key(self.section) if self.section is not None else None
        return section, frozenset(_key(i) for i in self.items)


class Folded(Amendment):
    """An amendment the consolidation says it includes."""


class NotFolded(Amendment):
    """An amendment the consolidation says it does not include."""


@dataclass(frozen=True)
class Lineage:
    """What a consolidation's <Indledning> says about where its text comes from."""

    base: Version | None  # the previous version it is built on (LBK or LOV), as written
    folded: tuple[Folded, ...]
    not_folded: tuple[NotFolded, ...]
    cited: tuple[Version, ...]  # acts only referred to ("…, jf. § 5, stk. 2, i lov nr. 309 …")
    unread: tuple[str, ...]  # words naming an act whose role the reader could not tell

    def says_folded(self, number: int, year: str | None, section: str, item: str) -> bool | None:
        """True when the lineage names the item as folded in, False when it
        says it is not, None when it says nothing of it.

        The act is matched on number and year of signing: lineages misdate acts
        (LBK 1507/2016: "lov nr. 494 af 21. juni 2013" for the act of 21 May), and a
        number is unique within a year.
        """
        folded, not_folded = self._by_act.get((number, (year or "")[:4]), ((), ()))
        section, item = _key(section), _key(item)
        if any(n._covers(section, item) for n in not_folded):
            return False
        if any(f._covers(section, item) for f in folded):
            return True
        return None

    @cached_property
    def _by_act(self) -> dict[tuple[int, str], tuple[list[Amendment], list[Amendment]]]:
        """The entries on this act's own text (not "som ændret ved"), by act."""
        out: dict[tuple[int, str], tuple[list[Amendment], list[Amendment]]] = {}
        for kind, entries in ((0, self.folded), (1, self.not_folded)):
            for e in entries:
                if e.amends is None:
                    out.setdefault((e.act.number, (e.act.date or "")[:4]), ([], []))[kind].append(e)
        return out


def _key(label: str) -> str:
    """ "§ 7" and "§7", "11." and "11", "2 a" and "2a" are one label."""
    return re.sub(r"[\s\u00a0.]", "", label).lower()


# --- designations ----------------------------------------------------------------

# Where a designation may start: a document type, or an act's name ending in
# -lov ("fællesmærkelov nr. 342 af 6. juni 1991").
_START = re.compile(
    r"(?<![\wæøåÆØÅ])(?:lovbekendt[a-zæøå]*|lov(?:en)?|bekendtgørelsen?|anordning|vejledning"
    r"|[a-zæøå]{2,}lov)(?![\wæøåÆØÅ])",
    re.I,
)
# Forms the grammar's `version` does not read, each seen in the corpus: "lov 601
# af", "lov nr. nr. 204", "lov om nr. 1273", "lov nr. 628 11. juni", "af. 19.
# december", "af 26, marts", "27 . december", "11. april. 2012", "28. april af
# 2012", "lovbekendtørelse", "børnelov nr. 460".
_REPAIR = re.compile(
    r"(?P<type>lovbekendt[a-zæøå]*|lov|[a-zæøå]{2,}lov|anordning)\s+(?:om\s+)?(?:nr\.?\s*)*"
    r"(?P<num>\d{1,6})\s*,?\s+(?:af\.?\s+)?(?P<d>\d{1,2})\s*[.,]?\s*(?P<m>[a-zæøå]+)\.?\s+"
    r"(?:af\s+)?(?P<y>\d{4})(?!\d)",
    re.I,
)
# "§ 56 i 1715 af 27. december 2016": the act's type left out after "§ … i".
_BARE = re.compile(
    r"§\s*\d+\s*[a-z]?\s+i\s+(?P<num>\d{1,6})\s+af\s+(?P<d>\d{1,2})\.\s*(?P<m>[a-zæøå]+)\s+"
    r"(?P<y>\d{4})(?!\d)"
)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    version: Version


def _designations(text: str) -> list[_Found]:
    out: list[_Found] = []
    end = 0
    for m in _START.finditer(text):
        if m.start() < end:
            continue
        found = version(text, m.start())
        if found is not None:
            out.append(_Found(m.start(), found[1], found[0]))
            end = found[1]
            continue
        repaired = _repaired(text, m.start())
        if repaired is not None:
            out.append(repaired)
            end = repaired.end
    for m in _BARE.finditer(text):
        start = m.start("num")
        if any(f.start <= start < f.end for f in out) or m.group("m").lower() not in MONTHS:
            continue
        written = f"lov nr. {m.group('num')} af {m.group('d')}. {m.group('m')} {m.group('y')}"
        found = version(written, 0)
        if found is not None:
            v = found[0]
            out.append(
                _Found(start, m.end(), Version(text[start : m.end()], "LOV", v.number, v.date))
            )
    return sorted(out, key=lambda f: f.start)


def _month(word: str) -> str | None:
    """The month a word names, also as misspelt in the corpus ("decemer")."""
    word = word.lower()
    if word in MONTHS:
        return word
    near = [m for m in MONTHS if m[:3] == word[:3] and abs(len(m) - len(word)) <= 2]
    return near[0] if len(near) == 1 and len(word) >= 5 else None


def _repaired(text: str, pos: int) -> _Found | None:
    m = _REPAIR.match(text, pos)
    month = _month(m.group("m")) if m is not None else None
    if m is None or month is None:
        return None
    kind = m.group("type").lower()
    word = "lovbekendtgørelse" if kind.startswith("lovbekendt") else kind
    if word != "anordning" and word != "lovbekendtgørelse":
        word = "lov"
    written = f"{word} nr. {m.group('num')} af {m.group('d')}. {month} {m.group('y')}"
    found = version(written, 0)
    if found is None:
        return None
    v = found[0]
    return _Found(pos, m.end(), Version(m.group(0), v.doc_type, v.number, v.date))


# --- the provisions named before a designation --------------------------------------

# A § or item number, with its letter ("11 a"); "i" after a number is the
# preposition ("§ 1 i lov nr. …") unless another "i" or a comma follows it.
_N = r"\d+(?:\s?(?:[a-hj-zA-HJ-Z]|i(?=\s+i\s|,))(?![a-zA-ZæøåÆØÅ]))?"
_RANGE = rf"{_N}(?:\s*[-–]\s*{_N})?"
_SEP = r"\s*(?:,\s*og|,\s*samt|,|og|samt)\s*"
_ITEMS = rf"(?:nr\.\s*)?{_RANGE}(?:{_SEP}(?:nr\.\s*)?{_RANGE})*"
_ONE = rf"§\s*{_N}(?:\s*,?\s*stk\.\s*{_N})?(?:\s*,?\s*nr\.\s*{_ITEMS})?"
_MANY = rf"§§\s*{_RANGE}(?:\s*(?:,|og)\s*{_RANGE})*"
# Items without their § ("§ 2, nr. 1, 5, 6 og 10, i lov nr. 484 af 11. maj 2010 og nr.
# 1-11, 15, 16 og 18-22, i lov nr. 653 af 15. juni 2010").
_BARE_ITEMS = rf"nr\.\s*{_ITEMS}"
# The provisions at the end of the words before a designation: "§ 7, nr. 1 og 7, i".
_SPEC = re.compile(
    rf"(?P<spec>(?:{_ONE}|{_MANY}|{_BARE_ITEMS})(?:{_SEP}(?:{_ONE}|{_MANY}))*)\s*,?\s*(?:i|af)?\s*$"
)
_ONE_RE = re.compile(
    rf"§\s*(?P<sec>{_N})(?:\s*,?\s*stk\.\s*(?P<stk>{_N}))?(?:\s*,?\s*nr\.\s*(?P<items>{_ITEMS}))?"
)
_MANY_RE = re.compile(rf"§§\s*(?P<secs>{_RANGE}(?:\s*(?:,|og)\s*{_RANGE})*)")
# Words that narrow the provisions named, blanked before the provisions are read
# (the same length, so that positions stay those of the text as written).
_QUALIFIERS = re.compile(
    # "§ 56 som indsat ved § 1, nr. 49", "§§ 55 a, 56 a og 56 b, som indsat ved § 1, nr. 49"
    r"§§?\s*\d+(?:\s?[a-z])?(?:\s*(?:,|og)\s*\d+(?:\s?[a-z])?)*,?\s+som\s+indsat\s+ved\s+(?=§)"
    r"|\s*\((?:delvis|delvist|for\s+så\s+vidt\s+angår[^)]*)\)"  # "nr. 6 (delvist)"
    r"|\s+delvist?(?=[\s,])"  # "nr. 24 delvis"
    r"|,?\s*jf\.\s+[a-zæøå-]+lovens\s+§\s*\d+(?:\s*[a-z])?(?:,\s*stk\.\s*\d+)?(?:,\s*nr\.\s*\d+)?"
    # "§ 1, nr. 134, for så vidt angår § 344 a, i lov nr. 268 …"
    r"|,?\s+for\s+så\s+vidt\s+angår\s(?:(?!jfr?\.|\ber\s|\bikke\b).)*?(?=,?\s*\bi\s*$)"
    r"|\s+vedrørende\s+§\s*\d+(?:\s*[a-z])?(?:\s+og\s+§\s*\d+(?:\s*[a-z])?)*(?=\s+i\s)"
)
# After a designation: "… i lov nr. 493 af 12. maj 2010 for så vidt angår affattelsen af …".
_NARROWED_AFTER = re.compile(r"\s+for\s+så\s+vidt\s+angår\b")


@dataclass(frozen=True)
class _Named:
    """What the words before one designation say: the lead and the provisions."""

    lead: str
    lead_start: int
    spec_start: int
    provisions: tuple[tuple[str | None, str | None, tuple[str, ...]], ...]  # (§, stk., items)
    partial: bool


def _named(text: str, start: int, end: int) -> _Named:
    """Read the words text[start:end] before a designation."""
    words = text[start:end]
    blanked = _QUALIFIERS.sub(lambda m: " " * len(m.group(0)), words)
    partial = blanked != words
    # "§ 1 i § lov nr. 469 …": a stray § before the designation
    blanked = re.sub(r"(?<=\si)\s+§\s*$", lambda m: " " * len(m.group(0)), blanked)
    m = _SPEC.search(blanked)
    if m is None:
        # ", lov nr. 1264 af 20. december 2000, ": the act as a whole
        lead = re.sub(r"\s*\bi\s*$", "", words) if re.search(r",\s*i\s*$", words) else words
        return _Named(lead, start, end, ((None, None, ()),), partial)
    spec = m.group("spec")
    provisions: list[tuple[str | None, str | None, tuple[str, ...]]] = []
    bare = re.match(_BARE_ITEMS, spec)
    if bare is not None:
        # the § left out: the items of the amending act's provisions for this act
        provisions.append((None, None, tuple(_expand(bare.group(0)))))
    for part in re.finditer(rf"{_MANY}|{_ONE}", spec):
        many = _MANY_RE.fullmatch(part.group(0))
        if many is not None:
            provisions += [(f"§ {s}", None, ()) for s in _expand(many.group("secs"))]
            continue
        one = _ONE_RE.fullmatch(part.group(0))
        assert one is not None  # the same pattern matched it
        items = tuple(_expand(one.group("items"))) if one.group("items") else ()
        provisions.append((f"§ {_label(one.group('sec'))}", one.group("stk"), items))
    return _Named(words[: m.start()], start, start + m.start(), _merged(provisions), partial)


def _merged(
    provisions: list[tuple[str | None, str | None, tuple[str, ...]]],
) -> tuple[tuple[str | None, str | None, tuple[str, ...]], ...]:
    """One entry per § ("§ 1, nr. 15 og 17, § 1, nr. 20, og § 1, nr. 21 i …" names
    items 15, 17, 20 and 21 of § 1); a § named whole takes in its items."""
    out: dict[tuple[str | None, str | None], tuple[str, ...]] = {}
    for sec, stk, items in provisions:
        key = (sec, stk)
        if key not in out:
            out[key] = items
        elif out[key] and items:
            out[key] = tuple(dict.fromkeys(out[key] + items))
        else:
            out[key] = ()
    return tuple((sec, stk, items) for (sec, stk), items in out.items())


def _label(number: str) -> str:
    """ "11a" and "11 a" as "11 a"."""
    m = re.fullmatch(r"(\d+)\s?([a-zA-Z])?", number.strip())
    if m is None:
        return number.strip()
    return m.group(1) + (f" {m.group(2).lower()}" if m.group(2) else "")


def _expand(text: str) -> list[str]:
    """ "1-3, 7 og nr. 9" → 1, 2, 3, 7, 9."""
    out: list[str] = []
    for part in re.split(_SEP, text.strip()):
        part = re.sub(r"^nr\.\s*", "", part.strip())
        if not part:
            continue
        r = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if r and 0 <= int(r.group(2)) - int(r.group(1)) < MAX_RANGE:
            out += [str(n) for n in range(int(r.group(1)), int(r.group(2)) + 1)]
        elif r:
            out += [r.group(1), r.group(2)]
        else:
            out.append(_label(part))
    return list(dict.fromkeys(out))


# --- sentences ------------------------------------------------------------------------

# A sentence ends at a full stop before a capital letter or a §, outside parentheses and
# not before a month ("af 28. Juni 2010"), or — the full stop left out — at a
# year followed by "De ændringer"/"Den ændring".
_BOUNDARY = re.compile(
    r"\.\s*(?=[A-ZÆØÅ])|(?<=[a-zæøå\d)])\.\s+(?=§)"
    r"|(?<=\d{4})\s+(?=(?:De|Den|Dele\s+af\s+de)\s+ændring)"
)
_ABBREVIATIONS = re.compile(r"(?:\bjfr?|\bnr|\bstk|§)\s*$", re.I)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        if before.count("(") > before.count(")"):
            continue
        word = re.match(r"[A-Za-zÆØÅæøå]+", text[m.end() :])
        if word and word.group(0).lower() in MONTHS:
            continue
        if _ABBREVIATIONS.search(before):
            continue
        spans.append((start, m.start() + (1 if text[m.start()] == "." else 0)))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# The first sentence: "Herved bekendtgøres …".
_MAIN = re.compile(r"\bbekendtgøres\b")
# Where its list of folded amendments starts.
_FOLD = re.compile(
    r"\bmed\s+(?:de|den)\s+ændring(?:er)?(?:\s+og\s+tilføjelser)?\s*,?\s*(?:(?:der|som)\s+)?"
    r"følger\s+af\b|,?\s*\bsom\s+ændret\s+ved\b",
    re.I,
)
# A sentence that says what it names is not in the text ("De ændringer, der følger
# af … er ikke indarbejdet i denne lovbekendtgørelse", "… er efterfølgende ophævet",
# "Den bekendtgjorte tekst indeholder ikke de ændringer, der følger af …").
_NOT = re.compile(
    r"\b(?:er|var)\s+(?:derfor\s+)?ikke\s+(?:blevet\s+)?(?:indarbejdet|medtaget)"
    r"|\bikke\s+er\s+(?:indarbejdet|medtaget)"
    r"|\bindeholder\s+ikke\b"
    r"|\ber\s+(?:efterfølgende|senere)\s+ophævet",
    re.I,
)
# A sentence that says what it names is in the text after all ("…, er tillige medtaget").
_IN = re.compile(
    r"\ber\s+(?:tillige\s+)?(?:medtaget|indarbejdet)\s+i\s+"
    r"(?:denne|nærværende|lovbekendtgørelsen\b(?!\s+nr))|\ber\s+tillige\s+medtaget\b",
    re.I,
)
# A sentence that says the amendments of the sentence before it are not in the
# text ("Disse ændringer er derfor ikke indarbejdet i lovteksten nedenfor").
_BACK = re.compile(
    r"^\s*(?:Disse|Denne|Den)?\s*(?:lov)?ændring(?:er|en|erne)?\s+er\s+derfor\s+ikke\s+"
    r"(?:indarbejdet|medtaget)",
    re.I,
)
# The words before a designation that make it the subject of its sentence.
_SUBJECT = re.compile(
    r"\b(?:følger|følge)(?:\s+af)?\b|som\s+nævnt\s+i|^\s*Ved\b|\b(?:foretaget|indsat|affattet)"
    r"(?:\s+henholdsvis\s+\w+)?\s+ved\b|ændringer(?:ne)?\s+(?:i|af)\b",
    re.I,
)
# … and those that make it a mere reference.
_REFERENCE = re.compile(r"\bjfr?\.|\bophævet\s+ved\b", re.I)
# "X, som ændret ved Y": Y changed the amending act X.
_AMENDS = re.compile(r"^(?:\s+om\s[^§]*?)?\s*,?\s*som\s+(?:ændret|affattet)\s+ved\s*$", re.I)
# "De ændringer, der følger af A, træder i kraft …, B, træder i kraft …": a list of
# amendments, each with when it takes effect.
_IN_FORCE_BETWEEN = re.compile(
    r"\s*,\s*(?:træder\s+i\s+kraft|har\s+virkning|gælder)\b[^;§]*,\s*$", re.I
)
# Words that may not stand between two items of one list.
_NOT_A_LIST = re.compile(r"jfr?\.|\bikke\b|følger|ændret|indarbejdet|medtaget|træder|gælder", re.I)


def _is_join(lead: str) -> bool:
    """Whether the words between two designations only join a list (", ", " og ",
    ", og ", " samt ", or after the first act's title "om …")."""
    if re.fullmatch(r"[\s,]*(?:og|samt)?(?:\s+af)?[\s,]*", lead):
        return True
    return bool(
        re.match(r"\s+om\s", lead)
        and not _NOT_A_LIST.search(lead)
        and re.search(r"(?:,|\bog|\bsamt)\s*$", lead)
    )


# --- reading --------------------------------------------------------------------------


@dataclass
class _Reading:
    """What has been read so far, in the order read."""

    base: Version | None = None
    folded: list[Folded] = field(default_factory=list)
    not_folded: list[NotFolded] = field(default_factory=list)
    cited: list[Version] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


_A = TypeVar("_A", Folded, NotFolded)


def _entries(
    cls: type[_A], text: str, found: _Found, named: _Named, amends: Version | None
) -> list[_A]:
    """One entry per § the words name before the designation `found`."""
    partial = named.partial or bool(_NARROWED_AFTER.match(text, found.end))
    written = text[named.spec_start : found.end].strip()
    return [
        cls(found.version, sec, items, written, stk, partial, amends)
        for sec, stk, items in named.provisions
    ]


@lru_cache(maxsize=4096)
def read_lineage(text: str | None, notes: tuple[str, ...] = ()) -> Lineage:
    """Read a consolidation's lineage sentence(s) (`versions.lineage`).

    `notes` are the texts of the <Nota> footnotes of its <Indledning>: of them
    only statements that an amendment is not included are read ("Ændringer som
    nævnt i § 3, nr. 3-5 og 8-11, i lov nr. 1338 … er ikke medtaget"); the rest
    (quoted amendments, remarks) is not the lineage and is not reported unread.
    """
    r = _Reading()
    if text:
        _read(text, r, notes=False)
    for note in notes:
        _read(note, r, notes=True)
    return Lineage(r.base, tuple(r.folded), tuple(r.not_folded), tuple(r.cited), tuple(r.unread))


def _read(text: str, r: _Reading, notes: bool) -> None:
    """Read one text: the lineage sentences, or (`notes`) one footnote."""
    found = _designations(text)
    spans = _sentences(text)
    main_seen = notes  # notes hold no "Herved bekendtgøres …"
    subjects_before: list[tuple[_Found, _Named, Version | None]] = []
    for a, b in spans:
        here = [f for f in found if a <= f.start < b]
        sentence = text[a:b]
        if not main_seen and _MAIN.search(sentence):
            main_seen = True
            _read_main(text, a, b, here, r)
            subjects_before = []
            continue
        if _BACK.match(sentence):
            for f, named, amends in subjects_before:
                r.not_folded += _entries(NotFolded, text, f, named, amends)
        elif not notes:
            r.cited += [f.version for f, _n, _a in subjects_before]
        subjects_before = []
        if not here:
            continue
        verdict = _NOT.search(sentence)
        folded_in = None if notes else _IN.search(sentence)
        subjects: list[tuple[_Found, _Named, Version | None]] = []
        roles: list[str] = []
        for k, f in enumerate(here):
            start = here[k - 1].end if k else a
            named = _named(text, start, f.start)
            role = _role(named.lead, k, roles)
            if role == "unread" and f.version.doc_type != "LOV":
                # a bekendtgørelse, vejledning or consolidation named in a remark
                # ("… er fastsat i § 4 i bekendtgørelse nr. 136 …"): not an amendment
                role = "cited"
            roles.append(role)
            if role == "cited":
                if not notes:
                    r.cited.append(f.version)
                continue
            if role == "unread":
                if not notes:
                    r.unread.append(text[named.lead_start : f.end].strip())
                continue
            amends = here[k - 1].version if role == "amends" else None
            subjects.append((f, named, amends))
        if verdict is not None:
            # "De ændringer, der følger af A, er ikke indarbejdet …, da …, jf. B" names
            # what is not in before its verdict; "Den bekendtgjorte tekst indeholder
            # ikke de ændringer, der følger af A" after it.
            after = verdict.group(0).lower().startswith("indeholder")
            some = bool(re.match(r"\s*Dele\s+af\b", sentence))  # "Dele af de ændringer, …"
            for f, named, amends in subjects:
                if (f.start >= a + verdict.start()) == after:
                    entries = _entries(NotFolded, text, f, named, amends)
                    if some:
                        entries = [replace(e, partial=True) for e in entries]
                    r.not_folded += entries
                elif not notes:
                    r.cited.append(f.version)
        elif folded_in is not None:
            for f, named, amends in subjects:
                r.folded += _entries(Folded, text, f, named, amends)
        else:
            # A remark ("De ændringer, der følger af … træder i kraft den 1. juli
            # 2011"): a reference, unless the next sentence says they are not in.
            subjects_before = subjects
    if not notes:
        r.cited += [f.version for f, _n, _a in subjects_before]


def _role(lead: str, k: int, roles: list[str]) -> str:
    """The role of a designation in a sentence after the main one, by the words before it."""
    if k and _is_join(lead):
        return roles[k - 1] if roles[k - 1] != "amends" else "subject"
    if k and _AMENDS.match(lead):
        return "amends" if roles[k - 1] in ("subject", "amends") else roles[k - 1]
    last_ref = max((m.end() for m in _REFERENCE.finditer(lead)), default=-1)
    last_subject = max((m.end() for m in _SUBJECT.finditer(lead)), default=-1)
    if last_ref > last_subject:
        return "cited"
    if last_subject >= 0:
        # provisions between the subject's words and the ones read before the
        # designation were not understood: say so rather than drop them
        return "unread" if "§" in lead[last_subject:] else "subject"
    if k == 0 and not lead.strip():
        return "subject"  # "Lov nr. 639 af 12. juni 2013, hvis § 18 …, er ikke indarbejdet."
    if k and _IN_FORCE_BETWEEN.match(lead):
        return roles[k - 1]
    return "unread"


def _read_main(text: str, a: int, b: int, here: list[_Found], r: _Reading) -> None:
    """The sentence "Herved bekendtgøres <act>, jf. <base>, med de ændringer, der
    følger af <list>."."""
    fold = _FOLD.search(text, a, b)
    zone = fold.start() if fold else b
    before = [f for f in here if f.start < zone]
    after = [f for f in here if f.start >= zone]
    if before:
        # "…, jf. lovbekendtgørelse nr. …", "… lov nr. 632 af 12. maj 2015 om …",
        # "…, som sat i kraft for Grønland ved § 1, nr. 9, i lov nr. 104 …"
        r.base = before[0].version
        for g, h in pairwise(before):
            if re.match(r"\s+om\s", text[g.end : h.start]) and not _NOT_A_LIST.search(
                text[g.end : h.start]
            ):
                # "lov nr. 376 af 12. juli 1946 om tillæg til lov nr. 475 af …": its title
                r.cited.append(h.version)
            else:
                r.unread.append(text[g.end : h.end].strip())
    previous: Folded | None = None
    for k, f in enumerate(after):
        start = after[k - 1].end if k else (fold.end() if fold else a)
        named = _named(text, start, f.start)
        if k and _AMENDS.match(named.lead) and previous is not None:
            amends: Version | None = previous.act
        elif (not k and not named.lead.strip()) or (k and _is_join(named.lead)):
            amends = None
        else:
            r.unread.append(text[named.lead_start : f.end].strip())
            continue
        entries = _entries(Folded, text, f, named, amends)
        r.folded += entries
        if amends is None:
            previous = entries[0]
