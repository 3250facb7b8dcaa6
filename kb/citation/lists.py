"""The list grammar: a citation read from its first word to its last item.

A citation is a list: "§ 24, stk. 1, 2. pkt., og stk. 2", "§§ 19 og 20 samt
kapitel 6", "§ 10, nr. 2, § 12, stk. 1, og § 78 a, stk. 3, i lov om
fuldbyrdelse af straf m.v.". `statute` reads it an item at a time: the word
that opens the item (§, stk., nr., litra, pkt., kapitel) or a bare number at
the level named last, its numbers (`ranges`), then perhaps an act: one
written inside the list before its own § ("…, lov om social service, § 113"),
or one that trails the items after "i" ("…, i lov om social pension"), after
which more items may follow. Each item refines the one before ("§ 24" then
"stk. 2") or lists a sibling at its level (`records.deeper`). The fast path
(`quick`) reads the commonest forms without this; every form is read here.
"""

from __future__ import annotations

import re

from kb.citation import grammar
from kb.citation.grammar import Lexicon
from kb.citation.model import ActRef, Found, Item, Pinpoint
from kb.citation.ranges import (
    LETTER_TO,
    bad_range,
    int_list,
    litra,
    not_an_item,
    range_end,
    range_of_pars,
)
from kb.citation.records import INDEX, NO_FIELDS, deeper, new, pinpoint, statute_record
from kb.citation.words import SECTION, SECTION_AT, SECTION_LITERALS, SENTENCE, SUBSECTION
from kb.codes import Problem, say

_L = "a-zæøåA-ZÆØÅ"
_ORDINALS = re.compile(r"\s*" + grammar.ORDINALS.pattern)
# The word that opens the next item, in one match (its branches begin with
# different characters, so the order is the same as trying them in turn).
_NEXT = re.compile(
    rf"\s*(?:(?P<sec>{SECTION.pattern})|(?P<stk>{SUBSECTION.pattern}(?=\s*\d))"
    r"|(?P<nr>nr\.?(?=\s*\d))"
    rf"|(?P<litra>litra\s+[a-zæøå](?![{_L}\d]))"
    rf"|(?P<pkt>\d{{1,2}}\.\s*(?:(?:[-–]|,|og|eller|samt)\s*\d{{1,2}}\.\s*)*{SENTENCE.pattern})"
    # "§ 24, 2. stk.": the stk. written as an ordinal, as people write it
    # (on one line, and not before a number: "1. stk. 2" is stk. 2 after a list's "1.")
    rf"|(?P<stko>(?P<ordinal>\d{{1,2}})\.[ \u00a0]+(?:stk\.|stykke)(?![{_L}])(?!\s*\d))"
    r"|(?P<kap>[Kk]apit(?:el|lerne)\s*(?=\d)))"
)
# Between two items: a comma, a conjunction, or both; then, if one does,
# the word that opens the next item (group "sep" is last when none does).
_STEP = re.compile(
    r"(?P<sep>\s*(?:,\s*)?(?:(?:og/eller|og|samt|eller)\s+)?)(?:" + _NEXT.pattern + ")?"
)
_IN = re.compile(r"\s*,?\s*i\s+")
_OF_SECTION = re.compile(rf"\s*,?\s+i\s+{SECTION.not_many}{SECTION.single}")
_BACKWARDS_ORDINALS = re.compile(r"(\d{1,2})\.\s*[-–]\s*(\d{1,2})\.")
_CONJUNCTION = re.compile(r"\b(?:og|eller|samt)\b")
GAP = re.compile(r"\s*,?\s*")
# An act written inside a list is followed by its § within this many
# characters ("lov om social service, lovbekendtgørelse nr. 755 af 9. december
# 2002, § 113" is 73).
_ACT_REACH = 300
# The designations that can be a version of a named act (see `_version_of`).
LAWS = frozenset({"LOV", "LBK"})


class _List:
    """A list being read: its items so far, the acts written in it, and what
    the next step needs to know of them."""

    # the fields by name, written as words: a line each would take 17 of this module's 450
    _FIELDS = "act acts cur group items level lex loose own plural problem segment strong t"
    __slots__ = (*_FIELDS.split(), "trailed")

    def __init__(self, t: str, lex: Lexicon, lead: ActRef | None) -> None:
        self.t = t
        self.lex = lex
        self.items: list[Item] = []
        self.acts: list[ActRef] = [lead] if lead else []
        self.act = lead  # the act the items read now are of
        self.segment = 0  # first item the next trailing act applies to
        self.group: int | None = None  # first item of the last "§" after the leading act's own
        self.own = False  # the next "§" is the act's just written inside the list
        self.problem: tuple[Problem, int] | None = None  # a range that cannot be read, and its end
        self.cur: tuple = NO_FIELDS  # the last item's fields, in LEVELS order, then kapitel
        self.level: str | None = None  # the level the last explicit word named
        self.plural = False  # the list opened with "§§": a later bare number may be a §
        self.trailed = False  # the last step read a trailing act
        self.strong = False  # `group` begins at a "samt": it stays where it is
        self.loose = False  # the leading act stands apart, before a comma ("lov om X, § 2")

    def add(self, lvl: str, values: list, upto: str | None = None) -> None:
        """Append the items `values` name at level `lvl`; `cur` becomes the last one's fields."""
        items, cur, act = self.items, self.cur, self.act
        if lvl == "kap":
            prefix: tuple = NO_FIELDS[:5]
            suffix: tuple = ()
        else:
            idx = INDEX[lvl]
            if items and deeper(lvl, cur):
                items.pop()  # "§ 24" then ", stk. 2": the item is refined, not added to
            prefix, suffix = cur[:idx], NO_FIELDS[idx + 1 :]
        if len(values) == 1:  # the usual case
            cur = pinpoint((*prefix, values[0], *suffix))
            items.append(new(Item, (cur, upto, act, None)))
        else:
            last = values[-1]
            for v in values:
                cur = pinpoint((*prefix, v, *suffix))
                items.append(new(Item, (cur, upto if v == last else None, act, None)))
        self.cur = cur


def statute(
    t: str,
    pos: int,
    lead: ActRef | None,
    lex: Lexicon,
    start: int | None = None,
    bare: bool = False,
) -> Found | None:
    """Read a list of units from `pos`: the core of the grammar.

    `lead`: the act written before the list ("forvaltningslovens § 24"),
    whose record starts at `start`; `bare`: the first item is a number
    written without its § ("forvaltningslovens 24"). Each turn reads the
    separator and the word that opens the next item, and takes the item's
    numbers by that word (`_paragraphs`, `_numbered`, `_litra`, `_sentences`,
    `_chapter`) or, without a word, at the level named last (`_same_level`,
    `_letters`); or it reads an act written inside the list (`_act_inside`).
    After each item an act may trail it (`_trailing_act`). The list ends
    where no step takes anything, and becomes a record (`_of_section`,
    `_malformed`). Each step returns where what it took ends, or None.
    """
    r = _List(t, lex, lead)
    r.loose = lead is not None and not lead.genitive and "," in t[lead.end : pos]
    end = p = pos
    first = True
    while True:
        before = len(r.items)
        if first:
            q, sep = p, ""
            m = None if bare else _NEXT.match(t, q)
            word = m.lastgroup if m is not None else None
        else:
            # the separator and the next level's word in one match
            m = _STEP.match(t, p)
            q = m.end(1)  # type: ignore[union-attr]
            sep = t[p:q]
            word = m.lastgroup  # type: ignore[union-attr]
        took: int | None
        if r.trailed and not sep.strip() and t[q : q + 1].isupper():
            # "… i lov om almene boliger m.v. Stk. 3. …": a label after the act's
            # name opens what follows, it does not go on the list
            break
        r.trailed = False
        if word == "sec":
            r.plural = r.plural or "§§" in m.group()  # type: ignore[union-attr]
            n = grammar.number(t, m.end()) if first or sep.strip() else None  # type: ignore[union-attr]
            took = _paragraphs(r, n) if n else None
        elif word == "stk" or word == "nr":
            took = _numbered(r, word, m.end(), sep, first)  # type: ignore[union-attr]
        elif word == "litra":
            took = _litra(r, q)
        elif word == "pkt":
            took = _sentences(r, q, sep, first)
        elif word == "stko":
            took = _ordinal_stk(r, m, sep, first)  # type: ignore[arg-type]
        elif word == "kap":
            took = _chapter(r, m.end())  # type: ignore[union-attr]
        elif first:  # no word: only a list written without its § begins so
            took = _paragraphs(r, n) if bare and (n := grammar.number(t, q)) else None
        elif not sep.strip():
            took = None
        elif (n := _same_level_number(r, q)) is not None:
            took = _same_level(r, n, q)
        elif (letter := _letter_of_same_number(r, q)) is not None:
            took = _letters(r, letter)
        elif (resume := _act_inside(r, q)) is not None:
            p = resume
            continue
        else:
            took = None
        if took is None:
            break
        # the last "§" after the leading act's own begins what a trailing act takes:
        # "denne lovs § 1, nr. 40, § 1, nr. 42 og 47, § 122 b i lov om …" (§ 1, nr. 42
        # and 47 are still this act's); a "samt" begins it for good: "denne lovs § 1,
        # nr. 1-5, samt § 14, stk. 3, og § 148 i lov om social service"
        if not first and r.act and word == "sec" and not r.own and sep.strip() and not r.strong:
            r.group, r.strong = before, "samt" in sep
        first = r.own = False
        p = end = took
        if may_trail(t, p) and (trail := _IN.match(t, p)):
            p = end = _trailing_act(r, trail, p)
    begin = pos if start is None else start
    if r.problem is not None:
        return _malformed(r, begin)
    if not r.items:
        return None
    items = r.items
    if may_trail(t, end) and (of := _OF_SECTION.match(t, end)):
        items, end = _of_section(r, of, end)
    return statute_record(t[begin:end], begin, end, tuple(items), tuple(r.acts))


def _paragraphs(r: _List, n: tuple[str, int]) -> int:
    """ "§ 24", "§§ 22-24": the paragraph number `n` and the range it begins."""
    values, q, upto = range_of_pars(r.t, n)
    r.add("par", values, upto)
    r.level = "par"
    return q


def _numbered(r: _List, word: str, at: int, sep: str, first: bool) -> int | None:
    """ "stk. 2", "nr. 1-3" after the word that ends at `at`."""
    if not first:
        refines = deeper(word, r.cur)
        if not sep.strip() and not refines:
            return None
        if refines and _CONJUNCTION.search(sep) is not None:
            # "§ 81 a eller stk. 1": not § 81 a's stk. 1 but one of the
            # § in context; a citation of its own, bound by the context
            return None
    got = int_list(r.t, at)
    if not got:
        return None
    if len(got[0]) == 1 and (problem := bad_range(r.t, word, got)):
        r.problem = problem
        return None
    r.add(word, got[0])
    r.level = word
    return got[1]


def _ordinal_stk(r: _List, m: re.Match[str], sep: str, first: bool) -> int | None:
    """ "§ 24, 2. stk.": stk. 2, where it refines the § named before it."""
    if first or not sep.strip() or not deeper("stk", r.cur):
        return None
    r.add("stk", [int(m.group("ordinal"))])
    r.level = "stk"
    return m.end()


def _litra(r: _List, q: int) -> int:
    """ "litra a, c og e" from `q`."""
    letters, q = litra(r.t, q)
    r.add("litra", letters)
    r.level = "litra"
    return q


def _sentences(r: _List, q: int, sep: str, first: bool) -> int | None:
    """ "2. pkt.", "2.-4. pkt." from `q`."""
    if not first and not sep.strip() and not deeper("pkt", r.cur):
        return None
    o = _ORDINALS.match(r.t, q)
    assert o is not None  # `_NEXT` matched the same ordinals
    back = _BACKWARDS_ORDINALS.search(o.group())
    if back and int(back[1]) >= int(back[2]):
        lo, hi = back[1], back[2]
        message = say(
            "the range {lo}.-{hi}. pkt. runs backwards; "
            "write {hi}.-{lo}. pkt. if that is what is meant",
            lo=lo,
            hi=hi,
        )
        r.problem = (Problem("range_backwards", message), o.end())
        return None
    r.add("pkt", grammar.ordinals(o))
    r.level = "pkt"
    return o.end()


def _chapter(r: _List, at: int) -> int | None:
    """ "kapitel 6", "kapitel 9 b-12", "kapitlerne 10-12" after the word that ends at `at`."""
    n = grammar.number(r.t, at)
    if not n:
        return None
    upto, end = range_end(r.t, n)  # the resolver takes in the chapters between
    r.add("kap", [n[0]], upto)
    r.level = "kap"
    return end


def _same_level_number(r: _List, q: int) -> tuple[str, int] | None:
    """A number at `q` that lists one more unit at the level named last ("§ 12, 14"), if one is."""
    if r.level is None or r.level == "pkt":
        return None
    n = grammar.number(r.t, q)
    if not n or not_an_item(r.t, n[1]):
        return None
    return n


def _same_level(r: _List, n: tuple[str, int], q: int) -> int | None:
    """ "stk. 2 og 3", "§§ 19 og 20": the number `n` at `q`, at the level named last."""
    level = r.level
    if level == "par" or _next_paragraph(r, n):
        return _paragraphs(r, n)
    if level == "kap":  # "kapitel 7 og 9 b-12": a range as the first number's
        upto, end = range_end(r.t, n)
        r.add("kap", [n[0]], upto)
        return end
    got = int_list(r.t, q)
    if not got:
        return None
    if len(got[0]) == 1 and (problem := bad_range(r.t, level, got)):  # type: ignore[arg-type]
        r.problem = problem
        return None
    r.add(level, got[0])  # type: ignore[arg-type]
    return got[1]


# After a number: the word of a level below the §'s ("46, stk. 1"), so the number is a §.
_THEN_BELOW = re.compile(r"\s*,?\s*(?:stk\.|stykke|nr\.)\s*\d")


def _next_paragraph(r: _List, n: tuple[str, int]) -> bool:
    """In a "§§" list, is the bare number `n` after a stk. or nr. the next §? It is
    when it has a letter ("§§ 56, stk. 2, 56 a og 57") or a stk. of its own follows
    ("§§ 43, stk. 3, og 46, stk. 1"): no stk. or nr. is lettered or has a stk."""
    if not r.plural or r.level not in ("stk", "nr"):
        return False
    return " " in n[0] or _THEN_BELOW.match(r.t, n[1]) is not None


def _letter_of_same_number(r: _List, q: int) -> re.Match[str] | None:
    """ "§§ 11 a, b og c": a letter at `q` standing for the last paragraph's number."""
    if r.level != "par" or " " not in (r.cur[0] or ""):
        return None
    return LETTER_TO.match(r.t, q)


def _letters(r: _List, letter: re.Match[str]) -> int:
    n = (f"{r.cur[0].split()[0]} {letter.group(1)}", letter.end())
    return _paragraphs(r, n)


def _act_inside(r: _List, q: int) -> int | None:
    """An act written inside the list before its own "§" ("§ 3, lov om social
    service, lovbekendtgørelse nr. 755 af …, § 113"): where its "§" begins, or None."""
    t = r.t
    reach = q + _ACT_REACH
    for written in SECTION_LITERALS:
        if t.find(written, q, reach) != -1:
            break
    else:
        return None
    ref = grammar.act(t, q, r.lex)
    if ref is None:
        return None
    after = GAP.match(t, ref.end)
    if not (after and SECTION_AT.match(t, after.end())):
        return None
    r.act = ref
    r.acts.append(ref)
    r.segment = len(r.items)
    r.group, r.own, r.strong, r.loose = None, True, False, False  # the next "§" is its own
    return after.end()


def _trailing_act(r: _List, trail: re.Match[str], p: int) -> int:
    """ "…, i lov om social pension" after the item that ends at `p` (`trail`
    is the "i"): where the act ends, the items before it given it; else `p`."""
    ref = grammar.act(r.t, trail.end(), r.lex, trailing=True)
    if ref is None:
        return p
    items, segment = r.items, r.segment
    lead = r.act
    if r.loose and lead is not None and ref.kind in ("name", "version"):
        # "… børneloven, lov om børns forsørgelse, § 2, 2. pkt., og § 20 i lov om opkrævning
        # …": the act before the comma is one of a list of acts; the items are the trailing act's
        items[segment:] = [i._replace(act=None) if i.act is lead else i for i in items[segment:]]
        lead = None
    r.loose = False
    items[segment:] = _trailed(items[segment:], lead, ref, r.group, segment)
    r.acts.append(ref)
    r.segment = len(items)
    r.act, r.group, r.strong = None, None, False
    r.level = None  # after "i <act>", only a new §, stk. … continues the list
    r.trailed = True
    return ref.end


def _trailed(
    items: list[Item], lead: ActRef | None, ref: ActRef, group: int | None, offset: int
) -> list[Item]:
    """The items before a trailing act `ref`, given the act they name.

    Items with no act of their own take `ref`. Items under a leading act
    ("forvaltningslovens § 24 … i …"): `ref` applies from the first "§"
    written after the leading act's own ("forvaltningslovens § 24 og § 3 i
    serviceloven"). Where there is none, a law's or a consolidation's
    designation completes the leading act ("forvaltningslovens § 24 i
    lovbekendtgørelse nr. 988 af …"), and another act makes the text name two
    acts for the same items: both are kept, for the resolver to report
    unless they turn out to be one act.
    """
    if lead is None:
        return [i if i.act is not None else new(Item, (i.pin, i.upto, ref, None)) for i in items]
    if group is not None and ref.kind != "same":
        # "straffelovens § 279 og § 12 b i denne lov": § 12 b is this act's;
        # "retssikkerhedslovens § 10 og § 2 i bekendtgørelse nr. 1248 af …":
        # § 2 is the bekendtgørelse's ("… og § 5 i samme lov" is the act just
        # named: the items keep it)
        cut = group - offset
        return items[:cut] + [i._replace(act=ref) for i in items[cut:]]
    if _version_of(ref) and lead.kind == "name" and lead.version is None:
        merged = lead._replace(version=ref.version)
        return [i._replace(act=merged) if i.act is lead else i for i in items]
    if ref.kind in ("self", "same") or lead.kind != "name":
        return items
    return [i._replace(also=ref) if i.act is lead else i for i in items]


def _version_of(ref: ActRef) -> bool:
    """Is `ref` a designation alone that can be a version of a named act? A law
    or a consolidation can; a bekendtgørelse or a vejledning is a document of
    its own ("forvaltningslovens § 24 i bekendtgørelse nr. …" names two)."""
    return ref.kind == "version" and ref.version is not None and ref.version.doc_type in LAWS


def _malformed(r: _List, begin: int) -> Found:
    """ "§ 19, stk. 3-2": reported, not read as its first end."""
    message, end = r.problem  # type: ignore[misc]
    return Found("malformed", r.t[begin:end], begin, end, message=message, acts=tuple(r.acts))


def _of_section(r: _List, of: re.Match[str], end: int) -> tuple[list[Item], int]:
    """ "stk. 2 i § 24" (`of` the " i §"): relative items completed by the §
    after them, and by its act; and where the citation then ends."""
    t, items = r.t, r.items
    if all(i.pin.relative for i in items) and (n := grammar.number(t, of.end())):
        base = Pinpoint(paragraf=n[0])
        items = [i._replace(pin=i.pin.under(base)) for i in items]
        end = n[1]
        trail = _IN.match(t, end)
        ref = grammar.act(t, trail.end(), r.lex, trailing=True) if trail else None
        if ref is not None:
            items = [i if i.act else Item(i.pin, i.upto, ref) for i in items]
            r.acts.append(ref)
            end = ref.end
    return items, end


def may_trail(t: str, p: int) -> bool:
    """Can "i …" follow at `p` (`_IN`, `_OF_SECTION`)? A cheap test before the pattern."""
    c = t[p : p + 1]
    return c == "," or c == "i" or c.isspace()
