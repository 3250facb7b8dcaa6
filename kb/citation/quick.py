"""The fast path: the commonest citations read in one match each.

Most citations in a letter are the simplest forms: "§ 24", "stk. 2",
"§ 24, stk. 2, nr. 3", a list or range at their last level ("§§ 22-24",
"stk. 2 og 3"), perhaps with the act after "i". `quick` reads them, and
`quick_led` the same after an act's name ("forvaltningslovens § 24"),
where nothing after them can continue the citation; anything else is left
to the list grammar (`lists.statute`) by returning None. Every answer is
the one the full grammar gives: tests/test_extract_quick.py reads the real
texts both ways and compares the records whole. It is here for speed: the
letter's hot loop spends most of its citations in these few patterns.
"""

from __future__ import annotations

import re

from kb.citation import grammar
from kb.citation.grammar import Lexicon
from kb.citation.labels import (
    LABEL_PAR,
    LABEL_STK,
    after_article,
    continued,
    label_number,
    label_position,
)
from kb.citation.model import ActRef, Found, Item, Pinpoint
from kb.citation.records import NO_FIELDS, label_record, new, pinpoint, statute_record
from kb.citation.words import (
    OPENERS,
    OPENING_WORDS,
    SECTION,
    SECTION_INITIALS,
    SENTENCE,
    SUBSECTION,
    either,
)
from kb.units import MAX_RANGE, number_key

_L = "a-zæøåA-ZÆØÅ"
_SIMPLE_PINS: dict[str, Pinpoint] = {}

# The simplest citations: "§ 24", "§§ 24 a, stk. 2, nr. 3", "stk. 2, nr. 1",
# "paragraf 24, stykke 2" (the words of `words.TABLE`).
_SIMPLE = re.compile(
    rf"(?:{SECTION.pattern}\s*(?P<par>\d{{1,9}})(?!\d)"
    rf"(?:[ \u00a0]?(?P<letter>[a-hj-zæøå])(?![{_L}\d]))?"
    rf"(?:\s*,\s*{SUBSECTION.pattern}\s*(?P<sub>\d{{1,9}})(?!\d)(?!,\d))?"
    rf"|{SUBSECTION.pattern}\s*(?P<stk>\d{{1,9}})(?!\d)(?!,\d))"
    r"(?:\s*,\s*nr\.?\s*(?P<nr>\d{1,9})(?!\d)(?!,\d))?"
)
# A list or range at the simple citation's last level: "§§ 22-24", "stk. 2
# og 3", "§ 19, stk. 2, nr. 1 eller 5". Each further number is one the full
# grammar would take: not followed by what makes it a date or an amount
# (`ranges.NOT_AN_ITEM`, with or without a letter); a number before a ")" is
# left to the full reading (`ranges.not_an_item`), which tells a parenthesis
# from a label.
_SEP = r"(?:\s*,\s*(?:(?:og/eller|og|samt|eller)\s+)?|\s*(?:og/eller|og|samt|eller)\s+)"
_TO = rf"\s*[-–]\s*(?:{SECTION.single}\s*)?"
# "3. pkt." after a comma is the next level's word, not a number of this one
_NOT_PKT = rf"(?!\d{{1,2}}\.\s*(?:(?:[-–]|,|og|eller|samt)\s*\d{{1,2}}\.\s*)*{SENTENCE.pattern})"
_PAR_NUMBER = rf"\d{{1,9}}(?!\d)(?:[ \u00a0]?[a-hj-zæøå](?![{_L}\d]))?"
_INT_NUMBER = r"\d{1,9}(?!\d)(?!,\d)"
_ITEM_ENDS = (
    r"(?!(?:[ \u00a0]?[a-zæøåA-ZÆØÅ])?(?:\.?\s*(?:januar|februar|marts|april|maj|juni|juli|"
    r"august|september|oktober|november|december|år|uge|uger|dage|dag|måned|måneder|timer|kr|"
    r"procent|pct|%|mio|gange)\b|\.[ \u00a0]+[a-zæøå]|\s*\)))"
)
_MORE_PARS = re.compile(
    rf"(?:{_TO}(?P<hi>{_PAR_NUMBER}))?(?P<rest>(?:{_SEP}{_NOT_PKT}{_PAR_NUMBER}{_ITEM_ENDS}(?:{_TO}{_PAR_NUMBER})?)*)"
)
_PAR_GROUPS = rf"(\d{{1,9}})(?!\d)(?:[ \u00a0]?([a-hj-zæøå])(?![{_L}\d]))?"
_NEXT_PAR = re.compile(rf"{_SEP}{_PAR_GROUPS}(?:{_TO}{_PAR_GROUPS})?")
_MORE_INTS = re.compile(
    rf"(?:{_TO}(?P<hi>{_INT_NUMBER}))?(?P<rest>(?:{_SEP}{_NOT_PKT}{_INT_NUMBER}{_ITEM_ENDS}(?:{_TO}{_INT_NUMBER})?)*)"
)
_NEXT_INT = re.compile(rf"{_SEP}({_INT_NUMBER})(?:{_TO}({_INT_NUMBER}))?")
# What may follow a citation read the short way, where nothing continues
# it: a sentence's punctuation, the end, a word that is not a conjunction,
# "i" or the next level's word, or a comma or conjunction and such a word
# (group "after": `quick` then checks that no act begins there). Group
# "trail": "i" and, perhaps, the act the citation is of.
_NOT_NEXT = (
    r"(?!(?i:" + either((*OPENING_WORDS, "nr", "litra", "kapit")) + r"|og\b|eller\b|samt\b))"
)
_END = re.compile(
    rf"[.;:)!?]|\s*\Z|\s+{_NOT_NEXT}[{_L}]{{2}}"
    rf"|\s*(?:,\s*(?:(?:og/eller|og|samt|eller)\s+)?|(?:og/eller|og|samt|eller)\s+)"
    rf"(?P<after>{_NOT_NEXT}[{_L}]{{2}})"
    r"|(?P<trail>\s*,?\s*i\s+)"
)


def quick(t: str, s: int, floor: int, lex: Lexicon) -> Found | None:
    """The commonest forms in one match each, or None to read `s` in full.

    Quoted labels at a line's start ("Stk. 2.", "§ 24.") and the simplest
    citations ("§ 24", "stk. 2", "§ 24, stk. 2, nr. 3") where nothing after
    them can continue the citation. Every answer is the one the full grammar
    gives (tests/test_extract_quick.py compares the two).
    """
    c = t[s]
    line_start = s == 0 or t[s - 1] == "\n"
    if c == "§":
        if line_start and (label := LABEL_PAR.match(t, s)):
            if continued(t, s, floor):
                return None  # "jf.⏎§ 22. Det …": the line break is inside a sentence
            written = label_number(label)
            if written.isdecimal() and len(written) < 10:
                value = str(int(written))  # as grammar.number writes it
            else:
                par = grammar.number(written, 0)
                value = par[0] if par else written
            pin = pinpoint((value, None, None, None, None, None))
            return label_record(label.group(0), s, label.end(), pin)
    elif (words := OPENERS.get(c)) and t.startswith(words, s):  # "stk. 2", "paragraf 24"
        if c == "S" and (label := LABEL_STK.match(t, s)):
            if not line_start or continued(t, s, floor):
                return None  # a label after a sentence, or not one: the full reading decides
            pin = pinpoint((None, int(label.group(1)), None, None, None, None))
            return label_record(label.group(0), s, label.end(), pin)
        if s > 0 and (t[s - 1].isalnum() or t[s - 1] in "-§"):
            return None
        if "rt" in t[max(0, s - 20) : s] and after_article(t, s):
            return None
    else:
        return None
    m = _SIMPLE.match(t, s)
    if m is None:
        return None
    e = m.end()
    if c == "§" and t.startswith(".", e) and LABEL_PAR.match(t, s) and label_position(t, s, floor):
        return None  # "§ 24." heads a quoted provision
    ending = _ended(t, e, lex)
    listed: tuple[Item, ...] | None = None
    if ending is None:
        more = _listed(t, m)
        if more is None:
            return None
        listed, e = more
        ending = _ended(t, e, lex)
        if ending is None:
            return None
    act: ActRef | None = None
    if ending >= 0:  # "§ 24 i forvaltningsloven"
        act = grammar.act(t, ending, lex, trailing=True)
        if act is None or _ended(t, act.end, lex) != -1:
            return None
        e = act.end
    if listed is not None:
        if act is not None:
            listed = tuple(new(Item, (i.pin, i.upto, act, None)) for i in listed)
            return statute_record(t[s:e], s, e, listed, (act,))
        return statute_record(t[s:e], s, e, listed)
    pin = _simple_pin(m)
    if act is not None:
        return statute_record(t[s:e], s, e, (new(Item, (pin, None, act, None)),), (act,))
    return statute_record(t[s:e], s, e, (new(Item, (pin, None, None, None)),))


def quick_led(t: str, pos: int, lead: ActRef, lex: Lexicon) -> Found | None:
    """ "…lovens § 24, stk. 2" after its act `lead`, read the short way, or None."""
    if t[pos] not in SECTION_INITIALS:
        return None
    m = _SIMPLE.match(t, pos)
    if m is None:
        return None
    s, e = lead.start, m.end()
    ending = _ended(t, e, lex)
    if ending is None and (listed := _listed(t, m)) is not None:
        e = listed[1]
        if _ended(t, e, lex) != -1:
            return None
        items = tuple(new(Item, (i.pin, i.upto, lead, None)) for i in listed[0])
        return statute_record(t[s:e], s, e, items, (lead,))
    if ending != -1:
        return None
    item = new(Item, (_simple_pin(m), None, lead, None))
    return statute_record(t[s:e], s, e, (item,), (lead,))


def _simple_pin(m: re.Match[str]) -> Pinpoint:
    # The same few citations come back: their pinpoints are kept by text.
    written = m.group()
    pin = _SIMPLE_PINS.get(written)
    if pin is None:
        if len(_SIMPLE_PINS) > 50_000:
            _SIMPLE_PINS.clear()
        pin = _SIMPLE_PINS[written] = _read_simple_pin(m)
    return pin


def _read_simple_pin(m: re.Match[str]) -> Pinpoint:
    nr = m.group("nr")
    if m.start("stk") >= 0:
        return pinpoint((None, int(m.group("stk")), int(nr) if nr else None, None, None, None))
    par = str(int(m.group("par")))
    if m.group("letter"):
        par = f"{par} {m.group('letter')}"
    sub = m.group("sub")
    return pinpoint((par, int(sub) if sub else None, int(nr) if nr else None, None, None, None))


def _listed(t: str, m: re.Match[str]) -> tuple[tuple[Item, ...], int] | None:
    """The simple citation `m` continued by a list or range at its last level
    ("§§ 22-24", "stk. 2 og 3", "nr. 1 eller 5"), as `lists.statute` reads it, or
    None where the full reading is needed (it may also read less)."""
    first = _simple_pin(m)
    if m.start("nr") >= 0:
        return _more_ints(t, first, 2, m.end())
    if m.start("stk") >= 0 or m.start("sub") >= 0:
        return _more_ints(t, first, 1, m.end())
    return _more_pars(t, first, m.end())


def _more_pars(t: str, first: Pinpoint, e: int) -> tuple[tuple[Item, ...], int] | None:
    more = _MORE_PARS.match(t, e)
    if more is None or more.end() == e:
        return None
    hi = more.group("hi")
    if hi is None:
        items = [Item(first)]
    else:
        upto = _par_value(hi)
        if number_key(upto) <= number_key(first.paragraf or ""):
            return None  # backwards or empty: the full reading decides
        items = [Item(first, upto)]
    rest = more.start("rest")
    while rest < more.end():
        n = _NEXT_PAR.match(t, rest)
        assert n is not None  # the same items `_MORE_PARS` matched
        value = f"{int(n[1])} {n[2]}" if n[2] else str(int(n[1]))
        if n[3] is None:
            items.append(Item(pinpoint((value, None, None, None, None, None))))
        else:
            upto = f"{int(n[3])} {n[4]}" if n[4] else str(int(n[3]))
            if number_key(upto) <= number_key(value):
                return None
            items.append(Item(pinpoint((value, None, None, None, None, None)), upto))
        rest = n.end()
    return tuple(items), more.end()


def _more_ints(t: str, first: Pinpoint, level: int, e: int) -> tuple[tuple[Item, ...], int] | None:
    more = _MORE_INTS.match(t, e)
    if more is None or more.end() == e:
        return None
    prefix, suffix = first[:level], NO_FIELDS[level + 1 :]
    value: int = first[level]  # type: ignore[assignment]
    hi = more.group("hi")
    if hi is None:
        items = [Item(first)]
    elif value < int(hi) <= value + MAX_RANGE:
        items = [Item(pinpoint((*prefix, v, *suffix))) for v in range(value, int(hi) + 1)]
    else:
        return None
    rest = more.start("rest")
    while rest < more.end():
        n = _NEXT_INT.match(t, rest)
        assert n is not None  # the same items `_MORE_INTS` matched
        value = int(n[1])
        if n[2] is None:
            items.append(Item(pinpoint((*prefix, value, *suffix))))
        elif value < int(n[2]) <= value + MAX_RANGE:
            items += [Item(pinpoint((*prefix, v, *suffix))) for v in range(value, int(n[2]) + 1)]
        else:
            return None
        rest = n.end()
    return tuple(items), more.end()


def _par_value(written: str) -> str:
    """ "11a" or "11 a" -> "11 a"; "011" -> "11" (as `grammar.number` writes them)."""
    digits = written.rstrip("abcdefghjklmnopqrstuvwxyzæøå \u00a0")
    letter = written[len(digits) :].strip(" \u00a0")
    return f"{int(digits)} {letter}" if letter else str(int(digits))


def _ended(t: str, e: int, lex: Lexicon) -> int | None:
    """Does a citation read the short way end at `e`? -1: it does; None: it may
    go on; else where the act after "i" begins."""
    m = _END.match(t, e)
    if m is None:
        return None
    if m.start("trail") >= 0:
        return m.end("trail")
    after = m.start("after")
    if after >= 0:
        word = grammar.WORD.match(t, after).group()  # type: ignore[union-attr]
        if (
            grammar.may_begin_version(word) and grammar.version(t, after) is not None
        ) or grammar.may_name(word, lex):
            return None  # ", forvaltningslovens § 5": the list may go on in another act
    return -1
