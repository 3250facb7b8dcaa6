"""Act readings: an act's name or designation, and what it begins.

An act is written by its popular name ("forvaltningsloven",
"retssikkerhedslovens"), a title ("lov om social service"), a designation
("lovbekendtgørelse nr. 988 af 9. oktober 2012"), an abbreviation ("fvl.")
or a reference to the act in context ("denne lov", "samme lov", "loven").
Read where the scan meets one (`at_act`, or `quick_act` for the popular
names, which skips the act patterns), it either begins a citation
("forvaltningslovens § 24": `after_act` hands the list to `quick.quick_led`
or `statute`) or is a mention of its own. The word "lov" is inside
many words that name no act ("lovgivning", "lovlig", "efter loven"): they
are told apart here. A version written after a citation ("§ 6, jf. lov nr.
572 af 19. december 1985") completes the citation's act (`version_after`).
"""

from __future__ import annotations

import re
from typing import Literal

from kb.citation import grammar, quick
from kb.citation.grammar import Lexicon
from kb.citation.labels import LABEL_PAR
from kb.citation.lists import GAP, LAWS, statute
from kb.citation.model import ActRef, Found
from kb.citation.ranges import CLOSE
from kb.citation.records import new
from kb.citation.words import SECTION, SECTION_AT, SECTION_INITIALS

_L = "a-zæøåA-ZÆØÅ"
_KAP = re.compile(r"\s*[Kk]apit(?:el|lerne)\s*(?=\d)")
_NUMBER_WITHOUT_SEC = re.compile(r"(?<![\d§])(\d+\s?[a-zæøå])\s*,?\s+i\s+$")
_PREVIOUS_WORD = re.compile(rf"([{_L}]+)\s+$")
# "forvaltningslovens 24": a § written without its sign, on the act's line (not
# "… efter udlændingelovens⏎1) § 9 b", an act that opens a list of items)
_SPACE_DIGIT = re.compile(r"[ \t\u00a0]+\d+(?:[ \u00a0]?[a-zæøå])?(?![\d)])")
# After "lov"/"loven"/"lovens" standing alone: only these make it a reference.
_SELF_USED = re.compile(rf"\s*(?:{SECTION.pattern}|nr\.?\s*\d|om\s|,?\s*kapitel\s+\d)")
_PLAIN_NAME = re.compile(rf"[{_L}]+lov(?:en|ens)")
_ACT_ENDINGS = ("lov", "loven", "lovens", "lovs")
_TWO_WORD_STARTS = frozenset(
    {"denne", "samme", "nærværende", "nævnte", "tidligere", "barnets", "borgerlig"}
)
_TWO_WORD_SEARCH = re.compile("(?i:" + "|".join(sorted(_TWO_WORD_STARTS)) + ")")
_TWO_WORD_ENDINGS = frozenset(w[-1] for w in _TWO_WORD_STARTS) | {
    w[-1].upper() for w in _TWO_WORD_STARTS
}
# "…, jf. lovbekendtgørelse nr. …", "… (lovbekendtgørelse nr. …)", perhaps after
# the act's name in parentheses: "… område (retssikkerhedsloven), jf. …"
_VERSION_LINK = re.compile(
    r"(?:\s*\([^()\n§]{1,60}\))?\s*(?:,\s*)?(?:(?:jf\.|jfr\.|jævnfør)\s*|(?P<open>\(\s*))"
)


def at_act(t: str, m: re.Match[str], floor: int, lex: Lexicon) -> Found | None:
    """The act named at the anchor `m`, and what it begins (`after_act`); None
    where the word names no act."""
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
    return after_act(t, ref, floor, lex)


def quick_act(t: str, c: int, floor: int, lex: Lexicon) -> Found | Literal[False] | None:
    """The act named by the word around the "lov" at `c`, as `at_act` reads it.

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
    return after_act(t, ref, floor, lex)


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


def after_act(t: str, ref: ActRef, floor: int, lex: Lexicon) -> Found | None:
    """What an act written at `ref` begins: a citation ("…lovens § 24"), or a mention."""
    after = GAP.match(t, ref.end)
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
        and LABEL_PAR.match(t, nxt)
    )
    # "…lovens § 24", "…loven paragraf 24", "…lovens kapitel 5" (a char first: most are §)
    c = t[nxt : nxt + 1]
    cited = (
        c == "§"
        or (c in SECTION_INITIALS and SECTION_AT.match(t, nxt))
        or ((c == "K" or c == "k") and _KAP.match(t, nxt))
    )
    if cited and not heading:
        return quick.quick_led(t, nxt, ref, lex) or statute(t, nxt, ref, lex, start=ref.start)
    if ref.genitive and _SPACE_DIGIT.match(t, ref.end) and grammar.number(t, ref.end):
        found = statute(t, ref.end, ref, lex, start=ref.start, bare=True)
        if found is not None:
            return found._replace(notes=(*found.notes, "no_section_sign"))
    lost = (
        _NUMBER_WITHOUT_SEC.search(t, max(floor, ref.start - 24), ref.start)
        if ref.kind == "name" and t[max(floor, ref.start - 24) : ref.start].rstrip().endswith("i")
        else None
    )
    if lost:
        found = statute(t, lost.start(1), None, lex, bare=True)
        if found is not None and found.end >= ref.end:
            return found._replace(notes=(*found.notes, "no_section_sign"))
    return new(
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


def version_after(t: str, f: Found) -> Found:
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
        close = CLOSE.match(t, end)
        if close is None:
            return f
        end = close.end()
    owners = {i.act for i in f.items}
    if len(owners) != 1 or v.doc_type not in LAWS:
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
