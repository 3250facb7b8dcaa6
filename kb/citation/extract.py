"""Find every citation in a text: the extraction stage.

One pass over the text with a single anchor pattern (§, stk., pkt., nr.,
kapitel, an act's name or designation, a practice reference). At each anchor
the list grammar reads forward as far as the citation goes — lists and
ranges at every level, a trailing act ("…, i lov om social pension"), more
items after it — and the scan resumes after it. Nothing is resolved here:
the result is what the text says, in `Found` records with offsets into the
original text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from kb.citation import grammar
from kb.citation.clean import prepare
from kb.citation.grammar import Lexicon
from kb.citation.model import ActRef, Found, Item, Pinpoint
from kb.codes import Problem, say
from kb.units import MAX_RANGE, number_key

_L = "a-zæøåA-ZÆØÅ"
_LEVELS = ("par", "stk", "nr", "litra", "pkt")
_INDEX = {lvl: i for i, lvl in enumerate(_LEVELS)} | {"kap": 5}
_NO_FIELDS: tuple = (None,) * 6
_PINS: dict[tuple, Pinpoint] = {}
_SIMPLE_PINS: dict[str, Pinpoint] = {}

# Records are made tens of thousands of times a letter, and a named tuple's
# own __new__ (defaults, keywords) costs about four times building the tuple
# directly, which these do for the common records. The assertions keep them
# in step with the models.
_new = tuple.__new__
assert Found._fields == (
    "kind", "text", "start", "end", "items", "act", "practice", "linked", "notes", "message", "acts"
)  # fmt: skip
assert Item._fields == ("pin", "upto", "act", "also") and len(Pinpoint._fields) == 6


def _statute_record(
    text: str, start: int, end: int, items: tuple[Item, ...], acts: tuple[ActRef, ...] = ()
) -> Found:
    return _new(Found, ("statute", text, start, end, items, None, None, False, (), None, acts))


def _label_record(text: str, start: int, end: int, pin: Pinpoint) -> Found:
    item = _new(Item, (pin, None, None, None))
    return _new(Found, ("label", text, start, end, (item,), None, None, False, (), None, ()))


_KAP = re.compile(r"\s*[Kk]apit(?:el|lerne)\s*(?=\d)")
_LITRA = re.compile(rf"\s*litra\s+([a-zæøå])(?![{_L}\d])")
_LITRA_MORE = re.compile(rf"\s*(,|og|eller|[-–])\s*([a-zæøå])(?![{_L}\d])")
_ORDINALS = re.compile(r"\s*" + grammar.ORDINALS.pattern)
# The word that opens the next item, in one match (its branches begin with
# different characters, so the order is the same as trying them in turn).
_NEXT = re.compile(
    r"\s*(?:(?P<sec>§§?)|(?P<stk>[Ss]tk\.?(?=\s*\d))|(?P<nr>nr\.?(?=\s*\d))"
    rf"|(?P<litra>litra\s+[a-zæøå](?![{_L}\d]))"
    r"|(?P<pkt>\d{1,2}\.\s*(?:(?:[-–]|,|og|eller|samt)\s*\d{1,2}\.\s*)*(?:pkt|punktum)\b)"
    r"|(?P<kap>[Kk]apit(?:el|lerne)\s*(?=\d)))"
)
# Between two items: a comma, a conjunction, or both; then, if one does,
# the word that opens the next item (group "sep" is last when none does).
_STEP = re.compile(
    r"(?P<sep>\s*(?:,\s*)?(?:(?:og/eller|og|samt|eller)\s+)?)(?:" + _NEXT.pattern + ")?"
)
_IN = re.compile(r"\s*,?\s*i\s+")
_OF_SECTION = re.compile(r"\s*,?\s+i\s+§(?!§)")
_PLACEHOLDER = re.compile(rf"§§?\s*(?:[-–_…]{{2,}}|\.{{2,}}|[Xx]{{1,3}}(?![{_L}])|\?+)")
# A number that is not an item of a list: a date, a period, an amount.
_NOT_AN_ITEM = re.compile(
    r"\.?\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|"
    r"december|år|uge|uger|dage|dag|måned|måneder|timer|kr|procent|%|mio|gange)\b"
    r"|\.[ \u00a0]+[a-zæøå]"  # an ordinal before a word: "§ 22, 2. led", "§ 24, 2. stk."
)
_CLOSE = re.compile(r"\s*\)")
_BACKWARDS_ORDINALS = re.compile(r"(\d{1,2})\.\s*[-–]\s*(\d{1,2})\.")
# Quotation marks that open a quoted provision, and the mark that closes each.
_QUOTES = {"»": "«", "“": "”", "„": "“", '"': '"', "«": "»"}
_CONJUNCTION = re.compile(r"\b(?:og|eller|samt)\b")
_LETTER_TO = re.compile(rf"([a-hj-zæøå])(?![{_L}\d)-])")
_LINK = re.compile(r"\s*,?\s*(?:jf\.|jfr\.|jævnfør)(?:\s+dog)?\s*$")
_ARTICLE = re.compile(
    rf"[Aa]rt(?:ikel|\.)\s+\d+(?:\s*,\s*stk\.\s*\d+)?(?:\s*,\s*(?:nr\.\s*\d+|litra\s+[a-z]"
    rf"(?:\s*(?:,|og|eller)\s*[a-z](?![{_L}]))*))*(?:\s*,?\s*(?:og|eller)\s+\d+(?:\s*,\s*stk\.\s*\d+)?"
    rf"(?:\s*,\s*litra\s+[a-z](?![{_L}]))?)*"
)
_LABEL_PAR = re.compile(r"§\s*(\d+(?:\s?[a-zæøå])?)\.(?=\s+[A-ZÆØÅ§»«\"(])")
# "Kapitel 1 Formål": a chapter heading in quoted text, not a citation.
_LABEL_KAP = re.compile(
    r"Kapitel\s+(\d+(?:\s?[a-zæøå](?![a-zæøå]))?)(?=[ \t]*(?:\n|$)|\s+[A-ZÆØÅ])"
)
_LABEL_STK = re.compile(r"Stk\.\s*(\d+)\.(?=\s+[A-ZÆØÅ§»«\"(\d])")
_WORD_BEFORE = re.compile(rf"([{_L}\d.)]+)[ \t\u00a0]*$")
_NUMBER_WITHOUT_SEC = re.compile(r"(?<![\d§])(\d+\s?[a-zæøå])\s*,?\s+i\s+$")
_LEAD_WORDS = frozenset(
    [
        "efter",
        "i",
        "jf.",
        "jfr.",
        "dog",
        "under",
        "og",
        "eller",
        "samt",
        "til",
        "af",
        "ifølge",
        "nævnt",
        "omfattet",
        "se",
        "jævnfør",
    ]
)
_ABBREVIATIONS = frozenset({"jf.", "jfr.", "nr.", "stk.", "pkt.", "m.v.", "mv.", "bl.a.", "f.eks."})
# Abbreviations after which a sentence goes on ("m.v." often ends one).
_GOES_ON = frozenset({"jf.", "jfr.", "nr.", "stk.", "pkt.", "bl.a.", "f.eks."})
_GOES_ON_ENDS = frozenset(w[-3:] for w in _GOES_ON)
_ARTICLE_BEFORE = re.compile(r"[Aa]rt(?:ikel|\.)\s+\d+\s*,\s*$")
_POINT = re.compile(r"\.?\s*\d")
_EU_ACT_BEFORE = re.compile(
    rf"[{_L}-]*(?:forordning|direktiv|konvention|traktat)(?:en|ens|s)\s+$", re.IGNORECASE
)
_PREVIOUS_WORD = re.compile(rf"([{_L}]+)\s+$")
_GAP = re.compile(r"\s*,?\s*")
_SPACE_DIGIT = re.compile(r"\s+\d")
# The simplest citations: "§ 24", "§§ 24 a, stk. 2, nr. 3", "stk. 2, nr. 1".
_SIMPLE = re.compile(
    rf"(?:§§?\s*(?P<par>\d{{1,9}})(?!\d)(?:[ \u00a0]?(?P<letter>[a-hj-zæøå])(?![{_L}\d]))?"
    r"(?:\s*,\s*[Ss]tk\.?\s*(?P<sub>\d{1,9})(?!\d)(?!,\d))?"
    r"|[Ss]tk\.?\s*(?P<stk>\d{1,9})(?!\d)(?!,\d))"
    r"(?:\s*,\s*nr\.?\s*(?P<nr>\d{1,9})(?!\d)(?!,\d))?"
)
# A list or range at the simple citation's last level: "§§ 22-24", "stk. 2
# og 3", "§ 19, stk. 2, nr. 1 eller 5". Each further number is one the full
# grammar would take: not followed by what makes it a date or an amount
# (`_NOT_AN_ITEM`, with or without a letter); a number before a ")" is left
# to the full reading (`_not_an_item`), which tells a parenthesis from a label.
_SEP = r"(?:\s*,\s*(?:(?:og/eller|og|samt|eller)\s+)?|\s*(?:og/eller|og|samt|eller)\s+)"
_TO = r"\s*[-–]\s*(?:§\s*)?"
# "3. pkt." after a comma is the next level's word, not a number of this one
_NOT_PKT = r"(?!\d{1,2}\.\s*(?:(?:[-–]|,|og|eller|samt)\s*\d{1,2}\.\s*)*(?:pkt|punktum)\b)"
_PAR_NUMBER = rf"\d{{1,9}}(?!\d)(?:[ \u00a0]?[a-hj-zæøå](?![{_L}\d]))?"
_INT_NUMBER = r"\d{1,9}(?!\d)(?!,\d)"
_ITEM_ENDS = (
    r"(?!(?:[ \u00a0]?[a-zæøåA-ZÆØÅ])?(?:\.?\s*(?:januar|februar|marts|april|maj|juni|juli|"
    r"august|september|oktober|november|december|år|uge|uger|dage|dag|måned|måneder|timer|kr|"
    r"procent|%|mio|gange)\b|\.[ \u00a0]+[a-zæøå]|\s*\)))"
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
# (group "after": `_quick` then checks that no act begins there). Group
# "trail": "i" and, perhaps, the act the citation is of.
_NOT_NEXT = r"(?!(?i:stk|nr|litra|kapit|og\b|eller\b|samt\b))"
_END = re.compile(
    rf"[.;:)!?]|\s*\Z|\s+{_NOT_NEXT}[{_L}]{{2}}"
    rf"|\s*(?:,\s*(?:(?:og/eller|og|samt|eller)\s+)?|(?:og/eller|og|samt|eller)\s+)"
    rf"(?P<after>{_NOT_NEXT}[{_L}]{{2}})"
    r"|(?P<trail>\s*,?\s*i\s+)"
)
# Literal pieces of every anchor, each at the anchor's start (see `_candidates`).
_LITERALS = (
    "§", "stk", "Stk", "pkt", "punktum", "nr.", "kapit", "Kapit", "lov", "Lov",
    "LBK", "LOV", "BEK", "VEJ", "CIR", "CIS", "bekendtg", "Bekendtg", "vejl", "Vejl",
    "cirk", "Cirk", "anordning", "Anordning", "SM", "princip", "Princip", "AFG.",
    "artikel", "Artikel", "art.", "Art.",
)  # fmt: skip
# An act written inside a list is followed by its § within this many
# characters ("lov om social service, lovbekendtgørelse nr. 755 af 9. december
# 2002, § 113" is 73).
_ACT_REACH = 300
_SOCIAL = re.compile(r"[Ss]ociale?\s+$")
# After "lov"/"loven"/"lovens" standing alone: only these make it a reference.
_SELF_USED = re.compile(r"\s*(?:§|nr\.?\s*\d|om\s|,?\s*kapitel\s+\d)")
_PLAIN_NAME = re.compile(rf"[{_L}]+lov(?:en|ens)")
_ACT_ENDINGS = ("lov", "loven", "lovens", "lovs")
_TWO_WORD_STARTS = frozenset({"denne", "samme", "nærværende", "barnets", "borgerlig"})
_TWO_WORD_SEARCH = re.compile("(?i:" + "|".join(sorted(_TWO_WORD_STARTS)) + ")")
_TWO_WORD_ENDINGS = frozenset(w[-1] for w in _TWO_WORD_STARTS) | {
    w[-1].upper() for w in _TWO_WORD_STARTS
}


@cache
def _anchor(lex: Lexicon) -> re.Pattern[str]:
    branches = [
        r"§",
        r"[Ss]tk\.?(?=\s*\d)",
        r"p(?:kt|unktum)\b",
        r"nr\.(?=\s*\d)",
        r"[Kk]apit(?:el|lerne)(?=\s+\d)",
        r"[Ll]ov",
        r"(?:LBK|LOV|BEK|VEJ|CIR|CIS)(?=\s+nr)",
        r"[Bb]ekendtgørelse|[Vv]ejl(?:edning|\.)|[Cc]irk|[Aa]nordning",
        r"SM|[Ss]ociale?\s+[Mm]eddelelse|[Pp]rincip|AFG\.",
        r"[Aa]rt(?:ikel|\.)\s+\d",
    ]
    if lex.abbreviations is not None:
        branches.append(lex.abbreviations.pattern)
    return re.compile("|".join(f"(?:{b})" for b in branches))


def extract(text: str, lex: Lexicon | None = None) -> list[Found]:
    """Every citation, label and act mention in `text`, in order."""
    lex = lex or grammar.lexicon()
    prepared = prepare(text)
    work = prepared.text
    found: list[Found] = []
    floor = 0
    pos = 0
    anchor = _anchor(lex)
    closing: int | None = None  # where the quotation mark before a label closes
    unclosed: dict[str, int] = {}
    for candidate in _candidates(work, lex):
        if candidate < pos:
            continue
        c = work[candidate]
        if (c == "l" or c == "L") and work.startswith("ov", candidate + 1):
            item = _quick_act(work, candidate, floor, lex)
            if item is False:
                pos = candidate + 3
                continue
        else:
            item = _quick(work, candidate, floor, lex)
        if item is None:
            m = anchor.match(work, candidate)
            if m is None:
                continue
            item = _at_anchor(work, m, floor, lex)
            if item is None:
                pos = m.end()
                continue
        if item.kind == "statute" and (
            "j" in (after := work[item.end : item.end + 4]) or "(" in after
        ):
            item = _version_after(work, item)
        if item.kind in ("statute", "practice", "malformed", "article") and found:
            before = work[found[-1].end : item.start]
            if "j" in before and found[-1].kind in ("statute", "mention") and _LINK.match(before):
                item = item._replace(linked=True)
        if closing is not None and item.start >= closing:
            found.append(_quote_end(work, closing))
            closing = None
        found.append(item)
        floor = pos = item.end
        if item.kind == "label" and closing is None and item.start > 1:
            c = work[item.start - 1]
            if c in _QUOTES or (c == " " and work[item.start - 2] in _QUOTES):
                closing = _closing(work, item, unclosed)
    if closing is not None:
        found.append(_quote_end(work, closing))
    if prepared.text is not text:
        found = [_to_original(f, prepared) for f in found]
    return found


def _closing(t: str, label: Found, unclosed: dict[str, int]) -> int | None:
    """Where the quotation that opens just before `label` closes, if it does.
    `unclosed` remembers from where on a mark is never found, so that a text
    of many unclosed quotations is not searched to its end for each."""
    before = t[max(0, label.start - 3) : label.start].rstrip(" \t\u00a0")
    if not before or before[-1] not in _QUOTES:
        return None
    mark = _QUOTES[before[-1]]
    if label.end >= unclosed.get(mark, len(t) + 1):
        return None
    close = t.find(mark, label.end)
    if close == -1:
        unclosed[mark] = label.end
        return None
    return close


def _quote_end(t: str, at: int) -> Found:
    return Found("quote_end", t[at : at + 1], at, at + 1)


# "…, jf. lovbekendtgørelse nr. …", "… (lovbekendtgørelse nr. …)", perhaps after
# the act's name in parentheses: "… område (retssikkerhedsloven), jf. …"
_VERSION_LINK = re.compile(
    r"(?:\s*\([^()\n§]{1,60}\))?\s*(?:,\s*)?(?:(?:jf\.|jfr\.|jævnfør)\s*|(?P<open>\(\s*))"
)


def _version_after(t: str, f: Found) -> Found:
    """The citation with the version written after it, if one is: "offentlighedslovens
    § 6, jf. lov nr. 572 af 19. december 1985", "§ 24 (lovbekendtgørelse nr. 988 af …)".
    It is the version of the citation's act, so only a citation of one act (or
    of none written) takes it."""
    m = _VERSION_LINK.match(t, f.end)
    if m is None:
        return f
    got = grammar.version(t, m.end())
    if got is None:
        return f
    v, end = got
    if m.group("open"):
        close = _CLOSE.match(t, end)
        if close is None:
            return f
        end = close.end()
    owners = {i.act for i in f.items}
    if len(owners) != 1 or v.doc_type not in _LAWS:
        return f  # "…, jf. bekendtgørelse nr. …": a document of its own
    (act,) = owners
    written = ActRef(t[m.end() : got[1]], m.end(), got[1], "version", None, v)
    if act is None:
        ref = written
    elif act.kind == "name" and act.version is None:
        ref = act._replace(version=v)
    else:
        return f
    items = tuple(i._replace(act=ref) for i in f.items)
    acts = (*f.acts, written) if ref is written else (*f.acts, written, ref)
    return f._replace(text=t[f.start : end], end=end, items=items, acts=acts)


def _quick(t: str, s: int, floor: int, lex: Lexicon) -> Found | None:
    """The commonest forms in one match each, or None to read `s` in full.

    Quoted labels at a line's start ("Stk. 2.", "§ 24.") and the simplest
    citations ("§ 24", "stk. 2", "§ 24, stk. 2, nr. 3") where nothing after
    them can continue the citation. Every answer is the one the full grammar
    gives (tests/test_extract_quick.py compares the two).
    """
    c = t[s]
    line_start = s == 0 or t[s - 1] == "\n"
    if c == "§":
        if line_start and (label := _LABEL_PAR.match(t, s)):
            if _continued(t, s, floor):
                return None  # "jf.⏎§ 22. Det …": the line break is inside a sentence
            written = label.group(1)
            if written.isdecimal() and len(written) < 10:
                value = str(int(written))  # as grammar.number writes it
            else:
                par = grammar.number(t, s + 1)
                value = par[0] if par else written
            pin = _pin((value, None, None, None, None, None))
            return _label_record(label.group(0), s, label.end(), pin)
    elif c == "S" or c == "s":
        if c == "S" and (label := _LABEL_STK.match(t, s)):
            if not line_start or _continued(t, s, floor):
                return None  # a label after a sentence, or not one: the full reading decides
            pin = _pin((None, int(label.group(1)), None, None, None, None))
            return _label_record(label.group(0), s, label.end(), pin)
        if s > 0 and (t[s - 1].isalnum() or t[s - 1] in "-§"):
            return None
        if "rt" in t[max(0, s - 20) : s] and _after_article(t, s):
            return None
    else:
        return None
    m = _SIMPLE.match(t, s)
    if m is None:
        return None
    e = m.end()
    if (
        c == "§"
        and t.startswith(".", e)
        and _LABEL_PAR.match(t, s)
        and _label_position(t, s, floor)
    ):
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
            listed = tuple(_new(Item, (i.pin, i.upto, act, None)) for i in listed)
            return _statute_record(t[s:e], s, e, listed, (act,))
        return _statute_record(t[s:e], s, e, listed)
    pin = _simple_pin(m)
    if act is not None:
        return _statute_record(t[s:e], s, e, (_new(Item, (pin, None, act, None)),), (act,))
    return _statute_record(t[s:e], s, e, (_new(Item, (pin, None, None, None)),))


def _quick_led(t: str, pos: int, lead: ActRef, lex: Lexicon) -> Found | None:
    """ "…lovens § 24, stk. 2" after its act `lead`, read the short way, or None."""
    if t[pos] != "§":
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
        items = tuple(_new(Item, (i.pin, i.upto, lead, None)) for i in listed[0])
        return _statute_record(t[s:e], s, e, items, (lead,))
    if ending != -1:
        return None
    item = _new(Item, (_simple_pin(m), None, lead, None))
    return _statute_record(t[s:e], s, e, (item,), (lead,))


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
        return _pin((None, int(m.group("stk")), int(nr) if nr else None, None, None, None))
    par = str(int(m.group("par")))
    if m.group("letter"):
        par = f"{par} {m.group('letter')}"
    sub = m.group("sub")
    return _pin((par, int(sub) if sub else None, int(nr) if nr else None, None, None, None))


def _listed(t: str, m: re.Match[str]) -> tuple[tuple[Item, ...], int] | None:
    """The simple citation `m` continued by a list or range at its last level
    ("§§ 22-24", "stk. 2 og 3", "nr. 1 eller 5"), as `_statute` reads it, or
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
            items.append(Item(_pin((value, None, None, None, None, None))))
        else:
            upto = f"{int(n[3])} {n[4]}" if n[4] else str(int(n[3]))
            if number_key(upto) <= number_key(value):
                return None
            items.append(Item(_pin((value, None, None, None, None, None)), upto))
        rest = n.end()
    return tuple(items), more.end()


def _more_ints(t: str, first: Pinpoint, level: int, e: int) -> tuple[tuple[Item, ...], int] | None:
    more = _MORE_INTS.match(t, e)
    if more is None or more.end() == e:
        return None
    prefix, suffix = first[:level], _NO_FIELDS[level + 1 :]
    value: int = first[level]  # type: ignore[assignment]
    hi = more.group("hi")
    if hi is None:
        items = [Item(first)]
    elif value < int(hi) <= value + MAX_RANGE:
        items = [Item(_pin((*prefix, v, *suffix))) for v in range(value, int(hi) + 1)]
    else:
        return None
    rest = more.start("rest")
    while rest < more.end():
        n = _NEXT_INT.match(t, rest)
        assert n is not None  # the same items `_MORE_INTS` matched
        value = int(n[1])
        if n[2] is None:
            items.append(Item(_pin((*prefix, value, *suffix))))
        elif value < int(n[2]) <= value + MAX_RANGE:
            items += [Item(_pin((*prefix, v, *suffix))) for v in range(value, int(n[2]) + 1)]
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


def _candidates(t: str, lex: Lexicon) -> list[int]:
    """Every position where an anchor may start, in order."""
    # Scanning for literals runs at C speed; the anchor pattern then only
    # checks these positions (searching the whole text with it is slower).
    # Each scan costs a pass over the text, so the literals are grouped
    # (see `_scans`): a word written in either case is one scan for the
    # rest of the word, and the words in capitals are one pattern for each
    # first letter (a pattern that begins with one letter is scanned for it
    # fast; one that begins with a choice of letters tests every character).
    plain, cased, capitals, literals = _scans(lex)
    positions: set[int] = set()
    for literal in plain:
        i = t.find(literal)
        while i != -1:
            positions.add(i)
            i = t.find(literal, i + 1)
    for rest, firsts in cased:
        i = t.find(rest, 1)
        while i != -1:
            if t[i - 1] in firsts:
                positions.add(i - 1)
            i = t.find(rest, i + 1)
    for pattern in capitals:
        for m in pattern.finditer(t):
            positions.add(m.start())
            # one literal may begin inside another's match ("LLBK")
            for j in range(m.start() + 1, m.end()):
                if t.startswith(literals, j):
                    positions.add(j)
    # "Social Meddelelse, SM C-37-00": the reference starts at "Social".
    i = t.find("eddelelse")
    while i != -1:
        m = _SOCIAL.search(t, max(0, i - 12), i - 1)
        if m:
            positions.add(m.start())
        i = t.find("eddelelse", i + 1)
    return sorted(positions)


@cache
def _scans(
    lex: Lexicon,
) -> tuple[tuple[str, ...], tuple, tuple[re.Pattern[str], ...], tuple[str, ...]]:
    """The literals of `_candidates` grouped into as few passes as give the same positions."""
    literals = (*_LITERALS, *lex.abbreviation_words)
    both = {w[1:] for w in literals if w[:1].islower() and w[:1].upper() + w[1:] in literals}
    # Not for "lov": "ov" is common without the "l" ("over", "behov").
    both.discard("ov")
    cased = tuple(sorted((r, _cases(r, literals)) for r in both))
    capital = sorted(
        (w for w in literals if w[:2].isupper() and w[:1].isascii()), key=len, reverse=True
    )
    grouped = {w for r, _ in cased for w in literals if w[1:] == r} | set(capital)
    plain = tuple(w for w in literals if w not in grouped)
    by_first: dict[str, list[str]] = {}
    for w in capital:
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    capitals = tuple(
        re.compile(re.escape(first) + "(?:" + "|".join(rests) + ")")
        for first, rests in sorted(by_first.items())
    )
    return plain, cased, capitals, tuple(capital)


def _cases(rest: str, literals: tuple[str, ...]) -> str:
    """The first letters written before `rest` among `literals`: "sS" for "tk"."""
    return "".join(w[0] for w in literals if w[1:] == rest)


def _at_anchor(t: str, m: re.Match[str], floor: int, lex: Lexicon) -> Found | None:
    s = m.start()
    c = t[s]
    if s > 0 and c != "§" and (t[s - 1].isalnum() or t[s - 1] in "-§") and not _inside_word_ok(m):
        return None
    if c == "§":
        return _at_section(t, s, floor, lex)
    word = m.group(0)
    if word.startswith(("Stk", "stk")):
        label = _LABEL_STK.match(t, s)
        if label and word.startswith("S") and _label_position(t, s, floor):
            pin = _pin((None, int(label.group(1)), None, None, None, None))
            return _label_record(label.group(0), s, label.end(), pin)
        if _after_article(t, s):
            return None
        return _statute(t, s, None, lex)
    if word == "pkt" or word == "punktum":
        return _at_pkt(t, s, floor, lex)
    if word == "nr.":
        before = _WORD_BEFORE.search(t, max(floor, s - 30), s)
        if not before or before.group(1).lower() not in _LEAD_WORDS:
            return None
        return _statute(t, s, None, lex)
    if word.lower().startswith("kapit"):
        label = _LABEL_KAP.match(t, s)
        if label and _label_position(t, s, floor):
            pin = Pinpoint(kapitel=grammar.number(t, label.end(1) - len(label.group(1)))[0])  # type: ignore[index]
            return _label_record(label.group(0), s, label.end(), pin)
        return _statute(t, s, None, lex)
    if word.lower().startswith("art"):
        a = _ARTICLE.match(t, s)
        if a is None:
            return None
        # "databeskyttelsesforordningens artikel 6": the act is part of it
        owner = _EU_ACT_BEFORE.search(t, max(floor, s - 60), s)
        start = owner.start() if owner else s
        return Found("article", t[start : a.end()], start, a.end())
    p = grammar.PRACTICE.match(t, s)
    if p:
        ref, notes = grammar.practice(p)
        return Found("practice", p.group(0), s, p.end(), practice=ref, notes=notes)
    return _at_act(t, m, floor, lex)


def _inside_word_ok(m: re.Match[str]) -> bool:
    # "lov" is found inside "forvaltningsloven"; the act reader goes back to
    # the word's start.
    return m.group(0) in ("lov", "Lov")


def _at_section(t: str, s: int, floor: int, lex: Lexicon) -> Found | None:
    placeholder = _PLACEHOLDER.match(t, s)
    if placeholder:
        return Found(
            "malformed",
            placeholder.group(0),
            s,
            placeholder.end(),
            message=Problem(
                "placeholder",
                say("{written!r} is a placeholder, not a paragraph number", written=placeholder[0]),
            ),
        )
    label = _LABEL_PAR.match(t, s)
    if label and _label_position(t, s, floor):
        par = grammar.number(t, s + 1)
        pin = Pinpoint(paragraf=par[0] if par else label.group(1))
        return _label_record(label.group(0), s, label.end(), pin)
    return _statute(t, s, None, lex)


def _label_position(t: str, s: int, floor: int) -> bool:
    """Does "§ 24." at `s` head a quoted provision rather than end a sentence?"""
    line_start = t.rfind("\n", floor, s) + 1
    if line_start == 0 and floor > 0:
        line_start = floor
    before = t[max(line_start, s - 40) : s].rstrip(" \t\u00a0")
    if not before:
        return not _continued(t, line_start, floor)
    if before[-1] in _QUOTES:
        return True  # "lyder: »§ 24. En begrundelse …«"
    w = _WORD_BEFORE.search(before)
    if not w:
        return before[-1] in ".:!?)"
    word = w.group(1)
    if word.lower() in _ABBREVIATIONS or word.lower() in _LEAD_WORDS:
        return False
    if word[0].isdigit() or word[0].isupper():
        return True  # after a heading: "Vejledning § 7 § 7. En …"
    return word.endswith((".", ")")) and word.lower() not in _ABBREVIATIONS


def _continued(t: str, line_start: int, floor: int) -> bool:
    """Does the line before `line_start` end where a sentence cannot ("… jf.",
    "… forvaltningslovens", "… og", "…,")? Then what opens the line goes on
    that sentence and is no label."""
    # Runs for every label at a line's start: plain steps, not patterns.
    end = line_start - 1
    if end <= floor or t[end] != "\n":
        return False
    j = end
    while j > floor and t[j - 1] in " \t\u00a0\r\n":
        j -= 1
    if j <= floor:
        return False
    c = t[j - 1]
    if c == ",":
        return True
    if c == ".":
        if t[j - 3 : j].lower() not in _GOES_ON_ENDS:
            return False  # most lines end a sentence
        k = j - 1
        while k > floor and t[k - 1] not in " \t\n\u00a0(":
            k -= 1
        return t[k:j].lower() in _GOES_ON
    if not c.isalpha():
        return False
    k = j - 1
    while k > floor and t[k - 1].isalpha():
        k -= 1
    word = t[k:j].lower()
    return word in _LEAD_WORDS or word.endswith(("lovens", "lovs"))


def _after_article(t: str, s: int) -> bool:
    return bool(_ARTICLE_BEFORE.search(t, max(0, s - 20), s))


def _at_pkt(t: str, s: int, floor: int, lex: Lexicon) -> Found | None:
    if t[s + 1] == "k" and _POINT.match(t, s + 3):
        return None  # "pkt. 49" of a vejledning: a point, not a sentence
    window_start = max(floor, s - 40)
    m = grammar.ORDINALS_BEFORE.search(t, window_start, s)
    if not m:
        return None
    return _statute(t, m.start(), None, lex)


def _at_act(t: str, m: re.Match[str], floor: int, lex: Lexicon) -> Found | None:
    s = m.start()
    start = s
    while start > floor and (t[start - 1].isalpha() or t[start - 1] == "-"):
        start -= 1
    ref = None
    if m.group(0) in ("lov", "Lov"):
        word = t[start : grammar.WORD.match(t, s).end()].lower()  # type: ignore[union-attr]
        if not word.endswith(_ACT_ENDINGS) and not word.startswith("lovbekendtg"):
            return None  # "lovgivning", "lovlig", "forlovede": not an act
        if word in ("lov", "loven", "lovens") and not _SELF_USED.match(t, start + len(word)):
            before = _PREVIOUS_WORD.search(t, max(floor, start - 16), start)
            if not before or before.group(1).lower() not in _TWO_WORD_STARTS:
                return None  # "efter loven": the act in context, named elsewhere
        prev = _PREVIOUS_WORD.search(t, max(floor, start - 16), start)
        if prev and prev.group(1).lower() in _TWO_WORD_STARTS:
            ref = grammar.act(t, start - len(prev.group(0)), lex)
        if ref is None:
            ref = grammar.act(t, start, lex)
    elif lex.abbreviations is not None and lex.abbreviations.match(t, s):
        ref = grammar.act(t, start, lex)
    elif (v := grammar.version(t, start)) is not None:
        ref = ActRef(t[start : v[1]], start, v[1], "version", None, v[0])
    if ref is None:
        return None
    return _after_act(t, ref, floor, lex)


def _quick_act(t: str, c: int, floor: int, lex: Lexicon) -> Found | Literal[False] | None:
    """The act named by the word around the "lov" at `c`, as `_at_act` reads it.

    False: no act is named there ("lovgivning", "efter loven"); None: read it
    in full, which is left for a word after "denne", "samme" and the like.
    Popular names ("forvaltningsloven", "retssikkerhedslovens"), where no
    version, "denne"/"samme" form or longer registered name can begin, skip
    the act patterns.
    """
    rest = grammar.WORD.match(t, c).end()  # type: ignore[union-attr]
    start = c
    while start > floor and (t[start - 1].isalpha() or t[start - 1] == "-"):
        start -= 1
    word = t[start:rest]
    low = word.lower()
    if not low.endswith(_ACT_ENDINGS) and not low.startswith("lovbekendtg"):
        return False
    if _two_word_start(t, start, floor):
        return None  # "denne lov", "samme lovs": the full reading decides
    if low in ("lov", "loven", "lovens") and not _SELF_USED.match(t, start + len(word)):
        return False  # "efter loven": the act in context, named elsewhere
    if (
        start < c
        and low.endswith(("loven", "lovens"))
        and low not in grammar.NOT_ACTS
        and low not in lex.name_prefixes
        and _PLAIN_NAME.fullmatch(word)
    ):
        ref: ActRef | None = grammar.named(t, start, rest)
    else:
        ref = grammar.act(t, start, lex)
    if ref is None:
        return False
    return _after_act(t, ref, floor, lex)


def _two_word_start(t: str, start: int, floor: int) -> bool:
    """May the word before `start` be "denne", "samme", … (`_PREVIOUS_WORD`)?"""
    j = start - 1
    if j < floor or not t[j].isspace():
        return False
    while j > floor and t[j].isspace():
        j -= 1
    # each of them ends in "e", "s" or "g": most words end in another letter
    if t[j] not in _TWO_WORD_ENDINGS:
        return False
    return _TWO_WORD_SEARCH.search(t, max(floor, start - 16), start) is not None


def _after_act(t: str, ref: ActRef, floor: int, lex: Lexicon) -> Found | None:
    """What an act written at `ref` begins: a citation ("…lovens § 24"), or a mention."""
    after = _GAP.match(t, ref.end)
    assert after is not None
    nxt = after.end()
    # "Forvaltningsloven⏎§ 24. En …": the act's name alone on its line heads
    # the quoted provision; "… jf. forvaltningslovens⏎§ 22. Det …" cites it.
    gap = t[ref.end : nxt]
    heading = (
        "\n" in gap
        and (
            gap.count("\n") > 1  # a blank line between
            or (not ref.genitive and not t[t.rfind("\n", 0, ref.start) + 1 : ref.start].strip())
        )
        and _LABEL_PAR.match(t, nxt)
    )
    if nxt < len(t) and (t[nxt] == "§" or (t[nxt] in "Kk" and _KAP.match(t, nxt))) and not heading:
        return _quick_led(t, nxt, ref, lex) or _statute(t, nxt, ref, lex, start=ref.start)
    if ref.genitive and _SPACE_DIGIT.match(t, ref.end) and grammar.number(t, ref.end):
        found = _statute(t, ref.end, ref, lex, start=ref.start, bare=True)
        if found is not None:
            return found._replace(notes=(*found.notes, "no_section_sign"))
    lost = (
        _NUMBER_WITHOUT_SEC.search(t, max(floor, ref.start - 24), ref.start)
        if ref.kind == "name" and t[max(floor, ref.start - 24) : ref.start].rstrip().endswith("i")
        else None
    )
    if lost:
        found = _statute(t, lost.start(1), None, lex, bare=True)
        if found is not None and found.end >= ref.end:
            return found._replace(notes=(*found.notes, "no_section_sign"))
    return _new(
        Found,
        (
            "mention",
            t[ref.start : ref.end],
            ref.start,
            ref.end,
            (),
            ref,
            None,
            False,
            (),
            None,
            (ref,),
        ),
    )


def _statute(
    t: str,
    pos: int,
    lead: ActRef | None,
    lex: Lexicon,
    start: int | None = None,
    bare: bool = False,
) -> Found | None:
    """Read a list of units from `pos`: the core of the grammar."""
    items: list[Item] = []
    acts: list[ActRef] = [lead] if lead else []
    act = lead
    segment = 0  # first item the next trailing act applies to
    group: int | None = None  # first item of a later "§" after the leading act's own
    own = False
    problem: tuple[Problem, int] | None = None  # a range that cannot be read, and its end
    cur: tuple = _NO_FIELDS  # the last item's fields, in _LEVELS order, then kapitel
    level: str | None = None  # the level the last explicit word named
    end = pos
    p = pos
    first = True

    while True:
        took = False
        before = len(items)
        if first:
            q = p
            sep = ""
            if bare:
                n = grammar.number(t, q)
                if n:
                    values, q, upto = _range_of_pars(t, n)
                    cur = _add(items, cur, "par", values, upto, act)
                    level, took = "par", True
                m = None
            else:
                m = _NEXT.match(t, q)
                word = m.lastgroup if m is not None else None
        else:
            # the separator and the next level's word in one match
            m = _STEP.match(t, p)
            q = m.end(1)  # type: ignore[union-attr]
            sep = t[p:q]
            word = m.lastgroup  # type: ignore[union-attr]
            if word == "sep":
                m = None
        if m is not None:
            if word == "sec":
                if not first and not sep.strip():
                    break
                n = grammar.number(t, m.end())
                if n:
                    values, q, upto = _range_of_pars(t, n)
                    cur = _add(items, cur, "par", values, upto, act)
                    level, took = "par", True
            elif word == "stk" or word == "nr":
                if not first and not sep.strip() and not _deeper(word, cur):  # type: ignore[arg-type]
                    break
                if (
                    not first
                    and _deeper(word, cur)  # type: ignore[arg-type]
                    and _CONJUNCTION.search(sep) is not None
                ):
                    # "§ 81 a eller stk. 1": not § 81 a's stk. 1 but one of the
                    # § in context; a citation of its own, bound by the context
                    break
                got = _int_list(t, m.end())
                if got:
                    if len(got[0]) == 1 and (problem := _bad_range(t, word, got)):  # type: ignore[arg-type]
                        end = problem[1]
                        break
                    cur = _add(items, cur, word, got[0], None, act)  # type: ignore[arg-type]
                    level, took, q = word, True, got[1]
            elif word == "litra":
                letters, q = _litra(t, q)
                cur = _add(items, cur, "litra", letters, None, act)
                level, took = "litra", True
            elif word == "pkt":
                if not first and not sep.strip() and not _deeper("pkt", cur):
                    break
                o = _ORDINALS.match(t, q)
                back = _BACKWARDS_ORDINALS.search(o.group())  # type: ignore[union-attr]
                if back and int(back[1]) >= int(back[2]):
                    lo, hi = back[1], back[2]
                    message = say(
                        "the range {lo}.-{hi}. pkt. runs backwards; "
                        "write {hi}.-{lo}. pkt. if that is what is meant",
                        lo=lo,
                        hi=hi,
                    )
                    problem = (Problem("range_backwards", message), o.end())  # type: ignore[union-attr]
                    end = problem[1]
                    break
                cur = _add(items, cur, "pkt", grammar.ordinals(o), None, act)  # type: ignore[arg-type]
                level, took, q = "pkt", True, o.end()  # type: ignore[union-attr]
            else:
                n = grammar.number(t, m.end())
                if n:
                    cur = _add(items, cur, "kap", [n[0]], None, act)
                    level, took, q = "kap", True, n[1]
        elif (
            not first
            and level is not None
            and level != "pkt"
            and sep.strip()
            and (n := grammar.number(t, q))
            and not _not_an_item(t, n[1])
        ):
            if level == "par":
                values, q2, upto = _range_of_pars(t, n)
                cur = _add(items, cur, "par", values, upto, act)
            elif level == "kap":
                cur = _add(items, cur, "kap", [n[0]], None, act)
                q2 = n[1]
            else:
                got = _int_list(t, q)
                if not got:
                    break
                if len(got[0]) == 1 and (problem := _bad_range(t, level, got)):
                    end = problem[1]
                    break
                cur = _add(items, cur, level, got[0], None, act)
                q2 = got[1]
            took, q = True, q2
        elif (
            not first
            and level == "par"
            and sep.strip()
            and " " in (cur[0] or "")
            and (letter := _LETTER_TO.match(t, q))
        ):
            # "§§ 11 a, b og c": letters of the same number
            n = (f"{cur[0].split()[0]} {letter.group(1)}", letter.end())
            values, q, upto = _range_of_pars(t, n)
            cur = _add(items, cur, "par", values, upto, act)
            took = True
        elif (
            not first
            and sep.strip()
            and t.find("§", q, q + _ACT_REACH) != -1
            and (ref := grammar.act(t, q, lex)) is not None
        ):
            after = _GAP.match(t, ref.end)
            if after and t.startswith("§", after.end()):
                act = ref
                acts.append(ref)
                segment = len(items)
                group, own = None, True  # the next "§" is this act's own
                p = after.end()
                continue
        if not took:
            break
        if not first and group is None and act is not None and word == "sec" and not own:
            group = before
        first = own = False
        p = end = q
        if _may_trail(t, p) and (trail := _IN.match(t, p)):
            ref = grammar.act(t, trail.end(), lex, trailing=True)
            if ref is not None:
                items[segment:] = _trailed(items[segment:], act, ref, group, segment)
                acts.append(ref)
                segment = len(items)
                act = group = None
                level = None  # after "i <act>", only a new §, stk. … continues the list
                p = end = ref.end
    if problem is not None:
        # "§ 19, stk. 3-2": reported, not read as its first end
        begin = pos if start is None else start
        return Found("malformed", t[begin:end], begin, end, message=problem[0], acts=tuple(acts))
    if not items:
        return None
    of = _OF_SECTION.match(t, end) if _may_trail(t, end) else None
    if of and all(i.pin.relative for i in items) and (n := grammar.number(t, of.end())):
        # "stk. 2 i § 24": the units are § 24's
        base = Pinpoint(paragraf=n[0])
        items = [i._replace(pin=i.pin.under(base)) for i in items]
        end = n[1]
        trail = _IN.match(t, end)
        ref = grammar.act(t, trail.end(), lex, trailing=True) if trail else None
        if ref is not None:
            items = [i if i.act else Item(i.pin, i.upto, ref) for i in items]
            acts.append(ref)
            end = ref.end
    begin = pos if start is None else start
    return _statute_record(t[begin:end], begin, end, tuple(items), tuple(acts))


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
        return [i if i.act is not None else _new(Item, (i.pin, i.upto, ref, None)) for i in items]
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
    return ref.kind == "version" and ref.version is not None and ref.version.doc_type in _LAWS


_LAWS = frozenset({"LOV", "LBK"})


def _add(
    items: list[Item], cur: tuple, lvl: str, values: list, upto: str | None, act: ActRef | None
) -> tuple:
    """Append the items `values` name at level `lvl`; return the last one's fields."""
    if lvl == "kap":
        prefix: tuple = _NO_FIELDS[:5]
        suffix: tuple = ()
    else:
        idx = _INDEX[lvl]
        if items and _deeper(lvl, cur):
            items.pop()  # "§ 24" then ", stk. 2": the item is refined, not added to
        prefix, suffix = cur[:idx], _NO_FIELDS[idx + 1 :]
    if len(values) == 1:  # the usual case
        cur = _pin((*prefix, values[0], *suffix))
        items.append(_new(Item, (cur, upto, act, None)))
        return cur
    last = values[-1]
    for v in values:
        cur = _pin((*prefix, v, *suffix))
        items.append(_new(Item, (cur, upto if v == last else None, act, None)))
    return cur


def _may_trail(t: str, p: int) -> bool:
    """Can "i …" follow at `p` (`_IN`, `_OF_SECTION`)? A cheap test before the pattern."""
    c = t[p : p + 1]
    return c == "," or c == "i" or c.isspace()


def _litra(t: str, q: int) -> tuple[list[str], int]:
    """ "litra a, c og e" -> [a, c, e]; "litra a-c" -> [a, b, c]."""
    m = _LITRA.match(t, q)
    assert m is not None
    letters = [m.group(1)]
    q = m.end()
    while (more := _LITRA_MORE.match(t, q)) is not None:
        if more.group(2) == "i" and not grammar.I_AS_LETTER.match(t, more.end()):
            break  # "litra a, i retssikkerhedsloven": the preposition
        if more.group(1) in "-–" and more.group(2) > letters[-1]:
            letters += [chr(c) for c in range(ord(letters[-1]) + 1, ord(more.group(2)) + 1)]
        else:
            letters.append(more.group(2))
        q = more.end()
    return letters, q


def _range_of_pars(t: str, n: tuple[str, int]) -> tuple[list, int, str | None]:
    value, q = n
    d = grammar.dash(t, q)
    if d is not None:
        hi = grammar.number(t, d)
        if hi is None and " " in value and (letter := _LETTER_TO.match(t, d)):
            hi = (f"{value.split()[0]} {letter.group(1)}", letter.end())  # "§ 15 a-c"
        # A range that runs backwards ("§§ 24-22") is read as written; the
        # resolver reports it rather than guess which end was meant.
        if hi and number_key(hi[0]) > number_key(value):
            return [value], hi[1], hi[0]
        if hi and number_key(hi[0]) < number_key(value) and not _not_an_item(t, hi[1]):
            return [value], hi[1], hi[0]
    return [value], q, None


def _not_an_item(t: str, e: int) -> bool:
    """Is the number that ends at `e` not an item of a list? A date, a period
    or an amount is not, nor the label of an inline list's item ("efter
    § 12 a, 2) konsekvenserne"); a ")" that closes a parenthesis opened
    before it ("(jf. §§ 3 og 5)") ends the list after the number instead."""
    if _NOT_AN_ITEM.match(t, e):
        return True
    return _CLOSE.match(t, e) is not None and not _in_parenthesis(t, e)


def _in_parenthesis(t: str, pos: int) -> bool:
    """Is a "(" open at `pos`? Looked for in the paragraph, at most 200 characters back."""
    lo = max(0, pos - 200)
    paragraph = t.rfind("\n\n", lo, pos)
    if paragraph != -1:
        lo = paragraph
    return t.rfind("(", lo, pos) > t.rfind(")", lo, pos)


def _bad_range(t: str, level: str, got: tuple[list[int], int]) -> tuple[Problem, int] | None:
    """Why a range of stk. or nr. that `_int_list` did not take cannot be read
    ("stk. 3-2", "nr. 2-900"), and where it ends; None where there is none."""
    (value,), q = got
    d = grammar.dash(t, q)
    hi = grammar.integer(t, d) if d is not None else None
    if hi is None or _not_an_item(t, hi[1]):
        return None
    word = f"{level}." if level in ("stk", "nr") else level
    if hi[0] <= value:
        message = say(
            "the range {word} {lo}-{hi} runs backwards; write {word} {hi}-{lo} if that is what "
            "is meant",
            word=word,
            lo=value,
            hi=hi[0],
        )
        return Problem("range_backwards", message), hi[1]
    message = say(
        "{word} {lo}-{hi} is too wide to be a range of one provision", word=word, lo=value, hi=hi[0]
    )
    return Problem("range_too_wide", message), hi[1]


def _int_list(t: str, pos: int) -> tuple[list[int], int] | None:
    """ "2-4" -> [2, 3, 4]; a single number -> [n]."""
    first = grammar.integer(t, pos)
    if not first:
        return None
    value, q = first
    d = grammar.dash(t, q)
    if d is not None and (hi := grammar.integer(t, d)) and value < hi[0] <= value + MAX_RANGE:
        return list(range(value, hi[0] + 1)), hi[1]
    return [value], q


def _deeper(lvl: str, cur: tuple) -> bool:
    """Would `lvl` refine the last item ("§ 24" then "stk. 2") rather than list a sibling?"""
    deepest = _deepest(cur)
    return deepest >= 0 and _INDEX[lvl] > deepest


def _deepest(cur: tuple) -> int:
    if cur[4] is not None:
        return 4
    if cur[3] is not None:
        return 3
    if cur[2] is not None:
        return 2
    if cur[1] is not None:
        return 1
    return 0 if cur[0] is not None else -1


def _pin(fields: tuple) -> Pinpoint:
    # Letters cite the same few units over and over; one object each.
    pin = _PINS.get(fields)
    if pin is None:
        if len(_PINS) > 50_000:
            _PINS.clear()
        pin = _PINS[fields] = _new(Pinpoint, fields)
    return pin


def _to_original(found: Found, prepared) -> Found:  # type: ignore[no-untyped-def]
    text, start, end = prepared.span(found.start, found.end)

    def ref(r: ActRef | None) -> ActRef | None:
        if r is None:
            return None
        _, s, e = prepared.span(r.start, r.end)
        return r._replace(start=s, end=e)

    items = tuple(Item(i.pin, i.upto, ref(i.act), ref(i.also)) for i in found.items)
    return found._replace(
        text=text,
        start=start,
        end=end,
        items=items,
        act=ref(found.act),
        acts=tuple(ref(a) for a in found.acts),  # type: ignore[misc]
    )
