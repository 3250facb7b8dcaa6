"""The pieces of a lineage sentence: the acts it names and what of each.

`designations` finds every "lov nr. N af D" of a consolidation's lineage
sentence, reading the misspelt forms the 2010-2017 corpus has ("lov 601 af …",
"lov nr. 628 11. juni 2010", "af. 19. december") by rewriting them to the
citation grammar's own form, so that one grammar reads numbers and dates.
`provisions_before` reads the provisions written before a designation ("§ 7, nr. 1 og 7,
i lov nr. 326 …"). `kb.citation.lineage` decides what role each plays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.citation.grammar import version
from kb.citation.model import Version
from kb.text import MONTHS
from kb.units import MAX_RANGE

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
class Found:
    start: int
    end: int
    version: Version


def designations(text: str) -> list[Found]:
    out: list[Found] = []
    end = 0
    for m in _START.finditer(text):
        if m.start() < end:
            continue
        found = version(text, m.start())
        if found is not None:
            out.append(Found(m.start(), found[1], found[0]))
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
                Found(start, m.end(), Version(text[start : m.end()], "LOV", v.number, v.date))
            )
    return sorted(out, key=lambda f: f.start)


def _month(word: str) -> str | None:
    """The month a word names, also as misspelt in the corpus ("decemer")."""
    word = word.lower()
    if word in MONTHS:
        return word
    near = [m for m in MONTHS if m[:3] == word[:3] and abs(len(m) - len(word)) <= 2]
    return near[0] if len(near) == 1 and len(word) >= 5 else None


def _repaired(text: str, pos: int) -> Found | None:
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
    return Found(pos, m.end(), Version(m.group(0), v.doc_type, v.number, v.date))


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
NARROWED_AFTER = re.compile(r"\s+for\s+så\s+vidt\s+angår\b")


@dataclass(frozen=True)
class Named:
    """What the words before one designation say: the lead and the provisions."""

    lead: str
    lead_start: int
    spec_start: int
    provisions: tuple[tuple[str | None, str | None, tuple[str, ...]], ...]  # (§, stk., items)
    partial: bool


def provisions_before(text: str, start: int, end: int) -> Named:
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
        return Named(lead, start, end, ((None, None, ()),), partial)
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
    return Named(words[: m.start()], start, start + m.start(), _merged(provisions), partial)


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
