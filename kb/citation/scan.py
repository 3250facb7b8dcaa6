"""Where a citation may start: the scan for anchors.

Every citation, label and act mention begins at an anchor: §, stk., pkt.,
nr., kapitel, an act's name or designation, a practice reference, an
article. Scanning a letter with the anchor pattern itself is slow (a
pattern that begins with a choice of letters tests every character), so the
scan looks for literal pieces of the anchors at C speed (`candidates`), and
only the positions found are then matched with the anchor pattern
(`anchor_pattern`). The literals are grouped into as few passes over the text as
give the same positions (`_scans`); tests/test_extract_quick.py holds the
grouping to the plain scan, a literal at a time.
"""

from __future__ import annotations

import re
from functools import cache

from kb.citation.grammar import Lexicon
from kb.citation.words import LITERALS as LEVEL_WORDS
from kb.citation.words import SECTION, SENTENCE, SUBSECTION

# Literal pieces of every anchor, each at the anchor's start (see `candidates`):
# the words of the levels ("§", "stk", "Stk", "stykke", …: `words.LITERALS`), then the rest.
LITERALS = (
    *LEVEL_WORDS, "nr.", "kapit", "Kapit", "lov", "Lov",
    "LBK", "LOV", "BEK", "VEJ", "CIR", "CIS", "bekendtg", "Bekendtg", "vejl", "Vejl",
    "cirk", "Cirk", "anordning", "Anordning", "SM", "princip", "Princip", "AFG.",
    "artikel", "Artikel", "art.", "Art.",
)  # fmt: skip
_SOCIAL = re.compile(r"[Ss]ociale?\s+$")


@cache
def anchor_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The pattern that confirms an anchor at a candidate position."""
    branches = [
        r"§",
        SECTION.spelled,  # "paragraf 24"
        SUBSECTION.pattern + r"(?=\s*\d)",
        SENTENCE.pattern,
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


def candidates(t: str, lex: Lexicon) -> list[int]:
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
        social = _SOCIAL.search(t, max(0, i - 12), i - 1)
        if social:
            positions.add(social.start())
        i = t.find("eddelelse", i + 1)
    return sorted(positions)


@cache
def _scans(
    lex: Lexicon,
) -> tuple[tuple[str, ...], tuple, tuple[re.Pattern[str], ...], tuple[str, ...]]:
    """The literals of `candidates` grouped into as few passes as give the same positions."""
    literals = (*LITERALS, *lex.abbreviation_words)
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
