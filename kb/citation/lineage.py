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

from kb.citation.folds import NARROWED_AFTER, Found, Named, designations, provisions_before
from kb.citation.model import Version
from kb.text import MONTHS

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
    cls: type[_A], text: str, found: Found, named: Named, amends: Version | None
) -> list[_A]:
    """One entry per § the words name before the designation `found`."""
    partial = named.partial or bool(NARROWED_AFTER.match(text, found.end))
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
    found = designations(text)
    spans = _sentences(text)
    main_seen = notes  # notes hold no "Herved bekendtgøres …"
    subjects_before: list[tuple[Found, Named, Version | None]] = []
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
        subjects: list[tuple[Found, Named, Version | None]] = []
        roles: list[str] = []
        for k, f in enumerate(here):
            start = here[k - 1].end if k else a
            named = provisions_before(text, start, f.start)
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


def _read_main(text: str, a: int, b: int, here: list[Found], r: _Reading) -> None:
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
        named = provisions_before(text, start, f.start)
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
