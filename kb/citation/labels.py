"""Labels and quotations: a provision's own heading told from a citation of it.

Letters quote the provisions they apply: "lyder: »§ 24. En begrundelse …«",
"Stk. 2. Den …", "Kapitel 1 Formål". There "§ 24." is the label that heads
the quoted text, not a citation, and the citations inside the quotation are
of the quoted act until its closing mark. Which one a "§ 24." is depends on
what stands before it: the start of a line or a quotation mark, a heading,
or a sentence that goes on across the line break ("… jf.⏎§ 22. Det …").
These tests read only the text before a position, so every reader (the fast
path, the anchors) asks them the same way; and an "stk." after "artikel 6,"
is the article's, which is decided here by the same kind of look back.
"""

from __future__ import annotations

import re

from kb.citation.model import Found

_L = "a-zæøåA-ZÆØÅ"
# Quotation marks that open a quoted provision, and the mark that closes each.
QUOTES = {"»": "«", "“": "”", "„": "“", '"': '"', "«": "»"}
# "§ 24. En …"; and, alone on the first line of its provision, "§ 22" without its point
# (the provisions of an amending act quoted at the end of a consolidation are so
# printed: "§ 22⏎Stk. 1. Loven træder …"), and a group, "§§ 34-37.⏎(Ophævet)" (or
# "§ 62-62 c.⏎(Ophævet)"). The
# group's label stands for its first §.
LABEL_PAR = re.compile(
    r"(?:§\s*(\d+(?:\s?[a-zæøå])?)\.(?=\s+[A-ZÆØÅ§»«\"(])"
    r"|(?<![^\n])§[ \t]*(\d+(?:[ \t]?[a-zæøå])?)(?=[ \t]*\n[ \t]*[A-ZÆØÅ(])"
    r"|(?<![^\n])§§?[ \t]*(\d+(?:[ \t]?[a-zæøå])?)[ \t]*[-–][ \t]*\d+(?:[ \t]?[a-zæøå])?\."
    r"(?=[ \t]*\n?[ \t]*\((?:Ophævet|Udelades)))"
)
# "Kapitel 1 Formål": a chapter heading in quoted text, not a citation.
LABEL_KAP = re.compile(r"Kapitel\s+(\d+(?:\s?[a-zæøå](?![a-zæøå]))?)(?=[ \t]*(?:\n|$)|\s+[A-ZÆØÅ])")
# "Stk. 2. Den …"; a group of stk. left out or repealed together, "Stk. 2-3. (Udelades)",
# stands for its first.
LABEL_STK = re.compile(r"Stk\.\s*(\d+)(?:\s*[-–]\s*\d+)?\.(?=\s+[A-ZÆØÅ§»«\"(\[\d])")


def label_number(label: re.Match[str]) -> str:
    """The § number a `LABEL_PAR` match labels, as written."""
    return label.group(1) or label.group(2) or label.group(3)


WORD_BEFORE = re.compile(rf"([{_L}\d.)]+)[ \t\u00a0]*$")
LEAD_WORDS = frozenset(
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


def quotation_closes(t: str, label: Found, unclosed: dict[str, int]) -> int | None:
    """Where the quotation that opens just before `label` closes, if it does.
    `unclosed` remembers from where on a mark is never found, so that a text
    of many unclosed quotations is not searched to its end for each."""
    before = t[max(0, label.start - 3) : label.start].rstrip(" \t\u00a0")
    if not before or before[-1] not in QUOTES:
        return None
    mark = QUOTES[before[-1]]
    if label.end >= unclosed.get(mark, len(t) + 1):
        return None
    close = t.find(mark, label.end)
    if close == -1:
        unclosed[mark] = label.end
        return None
    return close


def quote_end(t: str, at: int) -> Found:
    return Found("quote_end", t[at : at + 1], at, at + 1)


def label_position(t: str, s: int, floor: int) -> bool:
    """Does "§ 24." at `s` head a quoted provision rather than end a sentence?"""
    line_start = t.rfind("\n", floor, s) + 1
    if line_start == 0 and floor > 0:
        line_start = floor
    before = t[max(line_start, s - 40) : s].rstrip(" \t\u00a0")
    if not before:
        return not continued(t, line_start, floor)
    if before[-1] in QUOTES:
        return True  # "lyder: »§ 24. En begrundelse …«"
    w = WORD_BEFORE.search(before)
    if not w:
        return before[-1] in ".:!?)"
    word = w.group(1)
    if word.lower() in _ABBREVIATIONS or word.lower() in LEAD_WORDS:
        return False
    if word[0].isdigit() or word[0].isupper():
        return True  # after a heading: "Vejledning § 7 § 7. En …"
    return word.endswith((".", ")")) and word.lower() not in _ABBREVIATIONS


def continued(t: str, line_start: int, floor: int) -> bool:
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
    return word in LEAD_WORDS or word.endswith(("lovens", "lovs"))


def after_article(t: str, s: int) -> bool:
    """Is the "stk." at `s` an article's ("artikel 6, stk. 1")? Then it is no
    statute's: the article reading takes it."""
    return bool(_ARTICLE_BEFORE.search(t, max(0, s - 20), s))
