"""When an act comes into force, as its own ikrafttrædelse provision says.

A LOV (or BEK) says when it comes into force in its last §§, in a small number
of forms that the 1,341 LOVs of 2010-2017 use again and again:

- for the act as a whole: "Loven træder i kraft den 1. januar 2014[, jf. dog stk. 2]",
  "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende", "… ved bekendtgørelsen
  i Lovtidende", "… den 1. i måneden efter bekendtgørelsen i Lovtidende";
  "Justitsministeren fastsætter tidspunktet for lovens ikrafttræden";
- for some provisions: "§ 1, nr. 3, 5 og 7, træder i kraft den 1. januar 2015", "§§ 2 og 3
  træder i kraft …", "§ 15, stk. 2, i lov om sygedagpenge som affattet ved denne lovs § 1,
  nr. 3, træder i kraft …", "Skatteministeren fastsætter tidspunktet for ikrafttrædelsen af
  § 1, nr. 4".

`read_commencement` reads these from an act's §§ (`Section`s) into a `Commencement`: the
act's own `Rule`, the rules for parts of it, and every sentence that speaks of entry into
force in a way this module does not read (so that a person can be told, and a test can list
them). A `Rule` keeps its sentence word for word and gives a day only where the sources
do: "dagen efter bekendtgørelsen i Lovtidende" is a day only when the Lovtidende date
(DiesEdicti) is known, and a minister's date is never in the act.

Pure: text in, typed values out; no store, no XML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from kb.sentences import split
from kb.text import MONTHS

# How a rule says when: a date it states; a day counted from the Lovtidende date; a day a
# minister sets; or an event outside the act ("når protokollen træder i kraft").
RuleKind = Literal[
    "date", "day_after_publication", "publication", "month_after_publication", "minister", "event"
]
# The kinds whose day the sources can give: stated, or counted from the Lovtidende date.
_COUNTED = ("day_after_publication", "publication", "month_after_publication")


@dataclass(frozen=True)
class Rule:
    """One statement of when (part of) an act comes into force."""

    kind: RuleKind
    sentence: str  # the act's sentence, word for word
    on: dt.date | None = None  # the date it states (kind "date")

    def day(self, published: dt.date | None) -> dt.date | None:
        """The day it comes into force, where the sources give it: the date stated, or a
        day counted from the Lovtidende date `published`; None otherwise."""
        if self.kind == "date":
            return self.on
        if self.kind in _COUNTED and published is not None:
            return _counted(self.kind, published)
        return None

    def earliest(self, signed: dt.date | None, published: dt.date | None) -> dt.date | None:
        """The first day it can be in force: its day where known, else the first day the
        rule allows counted from the earliest the act can be published (the day it was
        signed), else the day of publication or signing (no act is in force before it
        exists; a date set later by a minister or an event comes after)."""
        known = self.day(published)
        if known is not None:
            return known
        start = published or signed
        if start is None:
            return None
        return _counted(self.kind, start) if self.kind in _COUNTED else start


@dataclass(frozen=True)
class Part:
    """Provisions of the act itself that a rule is for: § `paragraf` (or kapitel
    `kapitel`), or only its nr. `nr` (an amending act's numbered changes), stk. `stk` or
    pkt. `pkt`."""

    paragraf: str | None  # "1", "3 a"; None for a kapitel
    kapitel: str | None = None
    nr: tuple[str, ...] = ()
    stk: tuple[str, ...] = ()
    pkt: tuple[str, ...] = ()

    def covers(self, paragraf: str, item: str | None) -> bool:
        """Whether the rule is for all of § `paragraf`, or for its nr. `item`."""
        if self.paragraf is None or _norm(paragraf) != self.paragraf:
            return False
        if self.stk or self.pkt:
            return False  # a stk. or pkt. of a § is no amending item, nor all of the §
        return not self.nr or (item is not None and _norm(item) in self.nr)


@dataclass(frozen=True)
class PartRule:
    """A rule for some provisions of the act: `parts`, when `rule` says."""

    parts: tuple[Part, ...]
    rule: Rule
    # The sentence names this act's provisions only through those of the act it amends
    # ("§ 15, stk. 2, i lov om sygedagpenge som affattet ved denne lovs § 1, nr. 3"): the
    # rule may be for part of what those items change.
    through_amended: bool = False


@dataclass(frozen=True)
class Commencement:
    """What an act's §§ say about when it comes into force."""

    act: Rule | None  # for the act as a whole, if it says
    parts: tuple[PartRule, ...]  # for some of its provisions
    unread: tuple[str, ...]  # sentences about entry into force this module does not read

    def rule_for(self, paragraf: str, item: str | None = None) -> Rule | None:
        """The rule for the act's § `paragraf` (its nr. `item`, for an amending act's
        numbered change): the one for that nr., else the one for the whole §, else the
        act's own."""
        covering = [(part, p.rule) for p in self.parts for part in p.parts]
        for wanted in (True, False):
            for part, rule in covering:
                if bool(part.nr) == wanted and part.covers(paragraf, item):
                    return rule
        return self.act


class _UnitLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def path(self) -> str | None: ...
    @property
    def label(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def tail(self) -> str | None: ...


# A document node (kb.ingest.document.Node) or a stored unit row (kb.store.read.UnitRow).
U = TypeVar("U", bound=_UnitLike)


@dataclass(frozen=True)
class Section:
    """One § of the act: its label and its own text, one piece per stk. (or nr.)."""

    label: str
    pieces: tuple[str, ...]

    @classmethod
    def of(cls, unit: U, children: Callable[[U], Iterable[U]]) -> Section:
        """The § `unit` (a document node or a stored unit row) with its stk., nr. and litra,
        leaving out what an amending act quotes or instructs (its new text says "træder i
        kraft" of the act it amends, not of itself) and notes."""
        pieces: list[str] = []

        def visit(u: U) -> None:
            if u.text:
                pieces.append(u.text)
            for child in children(u):
                if child.kind in ("stk", "nr", "litra"):
                    visit(child)
            if u.tail:
                pieces.append(u.tail)

        visit(unit)
        return cls((unit.label or "").strip(), tuple(pieces))


# Subtrees that are not the act's own provisions: an amending act's instructions and the
# new text they quote, notes, annexes, the preamble and the enacting formula.
_NOT_OWN = frozenset(
    {"aendring", "nytekst", "rykning", "nota", "ikraft", "bilag", "indledning", "hymne"}
)


def sections_of(roots: Iterable[U], children: Callable[[U], Iterable[U]]) -> list[Section]:
    """The act's own §§ under `roots` (a document's body, or its stored top units), in order:
    those with a label and those without (some ikrafttrædelse §§ carry none)."""
    out: list[Section] = []

    def visit(u: U) -> None:
        if u.kind in _NOT_OWN:
            return
        if u.kind == "paragraf":
            out.append(Section.of(u, children))
            return
        for child in children(u):
            visit(child)

    for root in roots:
        visit(root)
    return out


def read_commencement(sections: Sequence[Section]) -> Commencement:
    """What the §§ `sections` of an act say about when it, and parts of it, come into force."""
    act: Rule | None = None
    parts: list[PartRule] = []
    unread: list[str] = []
    for section in sections:
        for piece in section.pieces:
            for sentence in split(piece):
                if not _speaks_of_commencement(sentence):
                    continue
                read = _read_sentence(sentence)
                if read is None:
                    unread.append(sentence)
                elif isinstance(read, Rule):
                    if act is None:
                        act = read
                    elif not _announces(read, act):
                        unread.append(sentence)  # a second rule for the whole act
                else:
                    parts.append(read)
    return Commencement(act, tuple(parts), tuple(unread))


def _announces(second: Rule, first: Rule) -> bool:
    """Whether `second` only announces the day of `first`: "Loven træder i kraft på det
    tidspunkt, hvor aftalen … har virkning. Skatteministeren bekendtgør tidspunktet for
    lovens ikrafttræden."."""
    return first.kind == "event" and second.kind == "minister" and " bekendtgør " in second.sentence


# --- the forms ------------------------------------------------------------------

_MONTH = "|".join(MONTHS)
_DATE = rf"den (?P<d>\d{{1,2}})\.\s*(?P<m>{_MONTH}) (?P<y>\d{{4}})"
_LOVTIDENDE = r"(?:lovens |bekendtgørelsens )?bekendtgørelsen?\s+i\s+Lovtidende"
# When, at the start of what follows "træder i kraft".
_WHEN = re.compile(
    rf"(?:og\s+har\s+virkning\s+fra\s+og\s+med\s+)?{_DATE}"
    rf"|(?P<month>den\s+(?:1\.|første)\s+i\s+måneden\s+efter\s+{_LOVTIDENDE})"
    rf"|(?P<after>dagen\s+efter\s+{_LOVTIDENDE})"
    rf"|(?P<on>ved\s+{_LOVTIDENDE})"
    r"|(?P<minister>efter\s+[\wæøå-]*ministerens\s+nærmere\s+bestemmelse)"
    r"|(?P<event>på\s+det\s+tidspunkt,\s+h(?:vor|vorfra)\b|samtidig\s+med\b|efter\s+\w+)",
    re.IGNORECASE,
)
_IN_FORCE = re.compile(r"\s+træder\s+(?:dog\s+)?i\s+kraft\s+")
# What follows "træder i kraft" in a statement of when (and not in "… træder i kraft, kan …").
_WHEN_WORD = re.compile(r"(?:den|dagen|ved|på\s+det|samtidig|efter|og\s+har\s+virkning)\b")
# A subordinate clause ("Indtil § 3 træder i kraft, …", "… efter loven træder i kraft den …")
# or a power to split the date ("Ministeren kan herunder fastsætte, at … træder i kraft på
# forskellige tidspunkter"): no statement of when.
_NOT_A_RULE = re.compile(
    r"^(?:Indtil|Når|I tiden indtil|Hvis|Såfremt|Fra)\b|\bkan\b[^.]*\bfastsætte,\s+at\b"
    r"|på\s+(?:forskellige|andre)\s+tidspunkter"
    r"|\b(?:efter|før|inden|når|indtil|at)\s+\S+\s+træder\s+i\s+kraft",
    re.IGNORECASE,
)
# "Justitsministeren fastsætter tidspunktet for lovens ikrafttræden": who, and of what.
_SETS_THE_DATE = re.compile(
    r"^(?P<who>[^.]*?minister[^.]*?)\s+"
    r"(?P<verb>fastsætter|bekendtgør|bemyndiges\s+til\s+at\s+fastsætte|kan\s+fastsætte)\s+"
    r"(?:[^.]{0,120}?\s+)?(?:tidspunktet\s+for|ikrafttrædelsestidspunktet\s+for)\s+"
    r"(?P<what>.+?)\.?$",
    re.IGNORECASE | re.S,
)
_WHOLE_ACT_WORDS = re.compile(
    r"^(?:(?:lovens|denne\s+lovs|bekendtgørelsens)(?:\s+eller\s+dele\s+af\s+lovens)?\s+"
    r"ikrafttræde(?:n|lse)|ikrafttræde(?:n|lsen)\s+af\s+(?:loven|denne\s+lov))"
    r"(?:\s*,\s*jf\.\s+dog\s+.+|\s+og\s+kan\s+.+)?$",
    re.IGNORECASE,
)
# The provisions a minister's date is for: "ikrafttrædelsen af § 1, nr. 4[, og for
# ikrafttrædelsen af …][, til den 1. april 2016 eller en senere dato][ særskilt]".
_OF = re.compile(r"(?:,?\s+og\s+for\s+)?ikrafttræde(?:n|lse|lsen)\s+af\s+", re.IGNORECASE)
_OBJECT_TAIL = re.compile(r"(?:,?\s+til\s+den\s+.+|\s+særskilt)$", re.IGNORECASE)
_WHOLE_ACT = re.compile(r"^(?:Loven|Denne lov|Bekendtgørelsen|Lov)$")
# The act's date left to a minister, in the forms that do not read "fastsætter tidspunktet
# for": "… bemyndiges til at fastsætte lovens ikrafttrædelsestidspunkt", "Lovens
# ikrafttræden fastsættes af miljøministeren ved bekendtgørelse".
_MINISTER_SETS_ACT = re.compile(
    r"^(?:[^.]*?minister[^.]*?\s+(?:bemyndiges\s+til\s+at\s+|kan\s+)?fastsætte[r]?\s+"
    r"lovens\s+ikrafttrædelsestidspunkt"
    r"|Lovens\s+ikrafttræden\s+fastsættes\s+af\s+[^.]*?minister[^.]*?)"
    r"(?:\s*,\s*jf\.\s+dog\s+.+)?\.?$",
    re.IGNORECASE,
)
# The naturalisation acts' own form (lov om indfødsrets meddelelse).
_EFFECT_FROM_SIGNING = re.compile(r"^Loven har virkning fra ugedagen efter dens stadfæstelse\.?$")

# A number of a §, stk. or nr.: "3", "3 a", "15 K" (never the word "i" of "§ 12 i lov om").
# A number followed by "." and "og", "-" or "pkt." is a pkt. ("§ 25, stk. 1, 1. og 2. pkt.").
_NUM = r"\d+(?!\d)(?!\.\s*(?:og\b|-|pkt\.|\d))(?:\s?(?!i\s)[A-Za-zÆØÅæøå](?![\wæøå]))?"
_NUMS = rf"{_NUM}(?:\s*-\s*{_NUM})?(?:(?:\s*,\s*(?:og\s+)?|\s+og\s+){_NUM}(?:\s*-\s*{_NUM})?)*"
_PKT = r"\d+\.(?:\s*(?:-|og)\s*\d+\.)*\s*pkt\."
_REF = (
    rf"§§\s*(?P<pars>{_NUMS})"
    rf"|§\s*(?P<par>{_NUM})(?:\s*,\s*stk\.\s*(?P<stk>{_NUMS}))?"
    rf"(?:\s*,\s*nr\.\s*(?P<nr>{_NUMS}))?(?:\s*,\s*(?P<pkt>{_PKT}))?"
    rf"|[Kk]apitel\s+(?P<kap>{_NUMS})"
)
_REF_RE = re.compile(_REF)
_ANY_REF = re.sub(r"\?P<\w+>", "", _REF)  # the same, without its groups, for the lists
_LIST_SEP = r"(?:\s*,\s*(?:og\s+|samt\s+)?|\s+(?:og|samt)\s+)(?:lovens\s+)?"
_REFS = rf"(?:{_ANY_REF})(?:{_LIST_SEP}(?:{_ANY_REF}))*"
_ONLY_REFS = re.compile(
    rf"^(?:Lovens\s+|Denne\s+lovs\s+|Bestemmelserne\s+i\s+|Bestemmelsen\s+i\s+|"
    rf"Lovens\s+bestemmelser\s+i\s+)?(?P<refs>{_REFS})\s*,?$",
    re.IGNORECASE,
)
# Words that only join one list of references to the next.
_CONNECTIVES = re.compile(r"^[\s,]*(?:(?:og|samt)\b[\s,]*)?$")
# This act's provisions named inside a sentence about the provisions of the act it amends
# ("som affattet ved denne lovs § 1, nr. 3"; "som indsat ved § 1, nr. 12"), never those of
# another act ("som ændret ved § 3 i lov nr. 278 af …").
_THIS_ACTS = re.compile(
    rf"(?:\bdenne\s+lovs\s+|\blovens\s+(?=§)|"
    rf"(?:affattet|ændret|indsat|foretaget|ophævet)\s+ved\s+(?=§))"
    rf"(?P<refs>{_REFS})(?![\wæøå])(?!,?\s+i\s)(?!\s*,\s*(?:stk\.|nr\.|\d+\.\s*pkt\.))",
    re.IGNORECASE,
)


def _speaks_of_commencement(sentence: str) -> bool:
    """Whether the sentence states when the act or part of it comes into force."""
    if _SETS_THE_DATE.match(sentence) and "ikrafttræd" in sentence.lower():
        return True
    if _EFFECT_FROM_SIGNING.match(sentence) or _MINISTER_SETS_ACT.match(sentence):
        return True
    m = _IN_FORCE.search(sentence)
    if m is None or _NOT_A_RULE.search(sentence):
        return False
    return bool(_WHEN_WORD.match(sentence[m.end() :]))


def _read_sentence(sentence: str) -> Rule | PartRule | None:
    """The rule a sentence states, or None where its form is not read."""
    if _EFFECT_FROM_SIGNING.match(sentence):
        return Rule("event", sentence)
    if _MINISTER_SETS_ACT.match(sentence):
        return Rule("minister", sentence)
    setter = _SETS_THE_DATE.match(sentence)
    if setter is not None:
        rule = Rule("minister", sentence)
        what = setter.group("what").strip()
        if _WHOLE_ACT_WORDS.match(what):
            return rule
        objects = [_OBJECT_TAIL.sub("", o).strip() for o in _OF.split(what) if o.strip()]
        read = [_for(o, rule, subject_is_object=True) for o in objects]
        if not read or any(not isinstance(r, PartRule) for r in read):
            return None
        parts = [r for r in read if isinstance(r, PartRule)]
        return PartRule(
            tuple(p for r in parts for p in r.parts), rule, any(r.through_amended for r in parts)
        )
    m = _IN_FORCE.search(sentence)
    if m is None:
        return None
    when = _WHEN.match(sentence[m.end() :])
    stated = _rule(when, sentence) if when is not None else None
    return _for(sentence[: m.start()].strip(), stated) if stated is not None else None


def _rule(when: re.Match[str], sentence: str) -> Rule | None:
    if when.group("d"):
        try:
            month = MONTHS[when.group("m").lower()]
            on = dt.date(int(when.group("y")), month, int(when.group("d")))
        except ValueError:
            return None
        return Rule("date", sentence, on)
    kinds: tuple[tuple[str, RuleKind], ...] = (
        ("month", "month_after_publication"),
        ("after", "day_after_publication"),
        ("on", "publication"),
        ("minister", "minister"),
        ("event", "event"),
    )
    return next((Rule(kind, sentence) for group, kind in kinds if when.group(group)), None)


def _for(subject: str, rule: Rule, subject_is_object: bool = False) -> Rule | PartRule | None:
    """The rule for `subject` ("Loven", "§ 1, nr. 3 og 5", …): the act's or its parts'."""
    if not subject_is_object and _WHOLE_ACT.match(subject):
        return rule
    only = _ONLY_REFS.match(subject)
    if only is not None:
        return PartRule(_parts(only.group("refs")), rule)
    found = list(_THIS_ACTS.finditer(subject))
    ends = [f.start() for f in found[1:]] + [len(subject)]
    through: list[Part] = []
    for m, following in zip(found, ends, strict=False):
        elements = [_parts_of(r) for r in _REF_RE.finditer(m.group("refs"))]
        if not _CONNECTIVES.match(subject[m.end() : following]):
            # More follows before the next "denne lovs": the list may run on into the
            # amended act's provisions ("… ved denne lovs § 1, nr. 4, §§ 57 b-57 d som
            # affattet ved …"; "… § 1, nr. 3-7, § 8, stk. 4, og § 8 a og bilag 4 i lov om
            # …"). This act's are the first, and the numbered changes right after it.
            kept = elements[:1]
            for parts in elements[1:]:
                if not all(p.nr and not (p.stk or p.pkt) for p in parts):
                    break
                kept.append(parts)
            elements = kept
        through += [p for parts in elements for p in parts]
    return PartRule(tuple(through), rule, True) if through else None


def _parts(refs: str) -> tuple[Part, ...]:
    return tuple(p for m in _REF_RE.finditer(refs) for p in _parts_of(m))


def _parts_of(m: re.Match[str]) -> tuple[Part, ...]:
    """The provisions one reference names ("§§ 2 og 3", "§ 1, nr. 3-5", "kapitel 8")."""
    if m.group("pars"):
        return tuple(Part(p) for p in _numbers(m.group("pars")))
    if m.group("kap"):
        return tuple(Part(None, kapitel=k) for k in _numbers(m.group("kap")))
    return (
        Part(
            _norm(m.group("par")),
            nr=_numbers(m.group("nr") or ""),
            stk=_numbers(m.group("stk") or ""),
            pkt=tuple(re.findall(r"\d+", m.group("pkt") or "")),
        ),
    )


def _numbers(text: str) -> tuple[str, ...]:
    """ "3, 5 og 7-9" → 3, 5, 7, 8, 9 ("2 a-2 c" stays its two ends)."""
    out: list[str] = []
    for piece in re.split(r"\s*,\s*(?:og\s+)?|\s+og\s+", text.strip()):
        if not piece:
            continue
        ends = [e.strip() for e in re.split(r"\s*-\s*", piece)]
        if len(ends) == 2 and ends[0].isdecimal() and ends[1].isdecimal():
            lo, hi = int(ends[0]), int(ends[1])
            if 0 <= hi - lo <= 500:
                out += [str(n) for n in range(lo, hi + 1)]
                continue
        out += [_norm(e) for e in ends]
    return tuple(out)


def _norm(number: str) -> str:
    """ "3a", "3 A", "3." → "3 a"; "15 K" → "15 k"."""
    m = re.fullmatch(r"(\d+)\s*([A-Za-zÆØÅæøå])?\.?", number.strip())
    if not m:
        return number.strip().rstrip(".")
    return m.group(1) + (f" {m.group(2).lower()}" if m.group(2) else "")


def _counted(kind: str, published: dt.date) -> dt.date:
    if kind == "day_after_publication":
        return published + dt.timedelta(days=1)
    if kind == "month_after_publication":
        return (published.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return published
