"""Find every citation in a text: the extraction stage.

One pass over the text: the scan (`scan`) finds where an anchor may start
(§, stk., pkt., nr., kapitel, an act's name or designation, a practice
reference, an article), and at each the readers are asked in turn: the
fast path for the commonest forms (`quick`, `acts.quick_act`), else the
anchor's own reading below, which hands a citation to the list grammar
(`lists`) and an act to the act readings (`acts`). The list grammar reads
forward as far as the citation goes — lists and ranges at every level, a
trailing act ("…, i lov om social pension"), more items after it — and the
scan resumes after it. Labels that head a quoted provision ("§ 24. En …")
are told from citations (`labels`), and where the quotation closes is
recorded. Nothing is resolved here: the result is what the text says, in
`Found` records with offsets into the original text (`clean`).

The modules depend one way, each only on those before it: `words` (the
words of the levels, abbreviated and written out, that every reader builds
its patterns from), `records` and `labels`, then `ranges`, `lists`,
`quick`, `acts`, `scan`, and this one (tests/test_extract_layout.py holds
them to it). The shortcuts that the
tests switch off to compare the fast path with the full grammar
(`quick.quick`, `quick.quick_led`, `acts.quick_act`, `lists.may_trail`) are
called through their modules, so that switching one off reaches every
caller; everything else is imported by name.
"""

from __future__ import annotations

import re

from kb.citation import acts, grammar, quick
from kb.citation.acts import at_act, version_after
from kb.citation.clean import prepare, to_original
from kb.citation.grammar import Lexicon
from kb.citation.labels import (
    LABEL_KAP,
    LABEL_PAR,
    LABEL_STK,
    LEAD_WORDS,
    QUOTES,
    WORD_BEFORE,
    after_article,
    label_number,
    label_position,
    quotation_closes,
    quote_end,
)
from kb.citation.lists import statute
from kb.citation.model import AMENDED_NAME, FORMER_NAME, ActRef, Found, Pinpoint
from kb.citation.records import label_record, pinpoint
from kb.citation.scan import anchor_pattern, candidates
from kb.citation.words import LEVEL_OF, SUBSECTION
from kb.codes import Problem, say

_L = "a-zæøåA-ZÆØÅ"
_LINK = re.compile(r"\s*,?\s*(?:jf\.|jfr\.|jævnfør)(?:\s+dog)?\s*$")
_PLACEHOLDER = re.compile(rf"§§?\s*(?:[-–_…]{{2,}}|\.{{2,}}|[Xx]{{1,3}}(?![{_L}])|\?+)")
# "artikel 6, stk. 1, litra a og c": an article's stk. is "stk." or written
# out ("artikel 22, stykke 1"), never without its point
_ARTICLE_STK = rf"(?:stk\.|{SUBSECTION.spelled})"
_ARTICLE = re.compile(
    rf"[Aa]rt(?:ikel|\.)\s+\d+(?:\s*,\s*{_ARTICLE_STK}\s*\d+)?(?:\s*,\s*(?:nr\.\s*\d+|litra\s+[a-z]"
    rf"(?:\s*(?:,|og|eller)\s*[a-z](?![{_L}]))*))*"
    rf"(?:\s*,?\s*(?:og|eller)\s+\d+(?:\s*,\s*{_ARTICLE_STK}\s*\d+)?"
    rf"(?:\s*,\s*litra\s+[a-z](?![{_L}]))?)*"
)
_POINT = re.compile(r"\.?\s*\d")
_EU_ACT_BEFORE = re.compile(
    rf"[{_L}-]*(?:forordning|direktiv|konvention|traktat)(?:en|ens|s)\s+$", re.IGNORECASE
)


def extract(text: str, lex: Lexicon | None = None) -> list[Found]:
    """Every citation, label and act mention in `text`, in order."""
    lex = lex or grammar.lexicon()
    prepared = prepare(text)
    work = prepared.text
    found: list[Found] = []
    floor = 0
    pos = 0
    anchor = anchor_pattern(lex)
    closing: int | None = None  # where the quotation mark before a label closes
    unclosed: dict[str, int] = {}
    for candidate in candidates(work, lex):
        if candidate < pos:
            continue
        c = work[candidate]
        if (c == "l" or c == "L") and work.startswith("ov", candidate + 1):
            item = acts.quick_act(work, candidate, floor, lex)
            if item is False:
                pos = candidate + 3
                continue
        else:
            item = quick.quick(work, candidate, floor, lex)
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
            item = version_after(work, item)
        if item.kind == "statute" and "tidligere" in work[max(0, item.start - 12) : item.start]:
            item = _former_numbering(work, item)
        if item.kind == "statute" and "som" in work[item.end : item.end + 6]:
            item = _as_amended(work, item)
        if item.kind in ("statute", "practice", "malformed", "article") and found:
            before = work[found[-1].end : item.start]
            if "j" in before and found[-1].kind in ("statute", "mention") and _LINK.match(before):
                item = item._replace(linked=True)
        if closing is not None and item.start >= closing:
            found.append(quote_end(work, closing))
            closing = None
        found.append(item)
        floor = pos = item.end
        if item.kind == "label" and closing is None and item.start > 1:
            c = work[item.start - 1]
            if c in QUOTES or (c == " " and work[item.start - 2] in QUOTES):
                closing = quotation_closes(work, item, unclosed)
    if closing is not None:
        found.append(quote_end(work, closing))
    if prepared.text is not text:
        found = [to_original(f, prepared) for f in found]
    return found


_FORMER_NUMBER = re.compile(r"(?i:tidligere)[ \t\u00a0]+$")


def _former_numbering(t: str, f: Found) -> Found:
    """ "§ 13 (tidligere § 6)": § 6 is the number the rule had before, in the act the
    one cited replaced, never this act's § 6. Its items are given an act of kind
    "same" named "tidligere", which the context pass completes with the act cited
    before it ("tidligere offentlighedsloven", kb.citation.context)."""
    m = _FORMER_NUMBER.search(t, max(0, f.start - 12), f.start)
    if m is None or f.items[0].pin.paragraf is None or any(i.act for i in f.items):
        return f
    ref = ActRef(m.group().rstrip(), m.start(), m.start() + 9, "same", FORMER_NAME)
    return f._replace(items=tuple(i._replace(act=ref) for i in f.items))


_AS_AMENDED = re.compile(
    r"\s*,?\s*som\s+(?:affattet|nyaffattet|ændret|indsat|ophævet|tilføjet)"
    r"(?:\s*,\s*\w+\s+og\s+\w+|\s+(?:henholdsvis|eller)\s+\w+)?\s+ved\s+"
    r"(?:denne\s+lovs?|lovens)(?![a-zæøå])"
)


def _as_amended(t: str, f: Found) -> Found:
    """ "§ 25 f, som affattet ved denne lovs § 1, nr. 22": in an amending act's own
    provisions, § 25 f is the amended act's, not the amending act's. Its items are given
    an act of kind "self" named "som ændret", which the context pass completes with the
    act amended where it knows it (kb.citation.context), and else reads as none."""
    if _AS_AMENDED.match(t, f.end) is None or any(i.act for i in f.items):
        return f
    if f.items[0].pin.paragraf is None:
        return f
    ref = ActRef("", f.end, f.end, "self", AMENDED_NAME)
    return f._replace(items=tuple(i._replace(act=ref) for i in f.items))


def _at_anchor(t: str, m: re.Match[str], floor: int, lex: Lexicon) -> Found | None:
    """What the anchor `m` begins, by its word: a label, a citation, an article,
    a practice reference or an act; None where it begins nothing."""
    s = m.start()
    c = t[s]
    if s > 0 and c != "§" and (t[s - 1].isalnum() or t[s - 1] in "-§") and not _inside_word_ok(m):
        return None
    if c == "§":
        return _at_section(t, s, floor, lex)
    word = m.group(0)
    level = LEVEL_OF.get(word)
    if level == "stk":
        label = LABEL_STK.match(t, s)
        if label and word.startswith("S") and label_position(t, s, floor):
            pin = pinpoint((None, int(label.group(1)), None, None, None, None))
            return label_record(label.group(0), s, label.end(), pin)
        if after_article(t, s):
            return None
        return statute(t, s, None, lex)
    if level == "pkt":
        return _at_pkt(t, s, floor, lex)
    if level == "par":  # "paragraf 24": the § written out
        return statute(t, s, None, lex)
    if word == "nr.":
        before = WORD_BEFORE.search(t, max(floor, s - 30), s)
        if not before or before.group(1).lower() not in LEAD_WORDS:
            return None
        return statute(t, s, None, lex)
    if word.lower().startswith("kapit"):
        label = LABEL_KAP.match(t, s)
        if label and label_position(t, s, floor):
            pin = Pinpoint(kapitel=grammar.number(t, label.end(1) - len(label.group(1)))[0])  # type: ignore[index]
            return label_record(label.group(0), s, label.end(), pin)
        return statute(t, s, None, lex)
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
    return at_act(t, m, floor, lex)


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
    label = LABEL_PAR.match(t, s)
    if label and label_position(t, s, floor):
        written = label_number(label)
        par = grammar.number(written, 0)
        pin = Pinpoint(paragraf=par[0] if par else written)
        return label_record(label.group(0), s, label.end(), pin)
    return statute(t, s, None, lex)


def _at_pkt(t: str, s: int, floor: int, lex: Lexicon) -> Found | None:
    if t[s + 1] == "k" and _POINT.match(t, s + 3):
        return None  # "pkt. 49" of a vejledning: a point, not a sentence
    window_start = max(floor, s - 40)
    m = grammar.ORDINALS_BEFORE.search(t, window_start, s)
    if not m:
        return None
    return statute(t, m.start(), None, lex)
