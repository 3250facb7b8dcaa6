"""Sentence (punktum, "pkt.") boundaries in Danish statute text.

LexDania has no element for a sentence: one <Linea> can hold several and a
sentence can run over two, so boundaries are computed from the text. A
sentence ends at ".", "?" or "!" followed by white space and a capital
letter (or "§" opening a new sentence), unless the word before the period
is an abbreviation that Danish legal text uses mid-sentence (jf., nr., stk.,
pkt., m.v., bl.a., f.eks., fx ...). A period after a number (", stk. 4.")
does end a sentence when a capital follows, which is how a §-reference at
the end of a sentence reads.
"""

from __future__ import annotations

import re

# Abbreviations after which a period never ends a sentence. Lower case,
# without the final period.
ABBREVIATIONS = frozenset(
    [
        "jf",
        "jfr",
        "nr",
        "stk",
        "pkt",
        "litra",
        "bl.a",
        "f.eks",
        "fx",
        "m.v",
        "mv",
        "m.fl",
        "m.m",
        "pr",
        "ca",
        "evt",
        "inkl",
        "ekskl",
        "osv",
        "dvs",
        "vedr",
        "ifm",
        "iht",
        "mht",
        "kl",
        "tlf",
        "bkg",
        "lbk",
        "lovbkg",
        "cirk",
        "vejl",
        "kap",
        "afs",
        "a.h.t",
        "s.d",
        "ang",
        "bekendtg",
        "sml",
        "smh",
        "hhv",
        "el",
        "ff",
    ]
)

_CANDIDATE = re.compile(r"[.?!](?=[»”\"')\]]*\s+[A-ZÆØÅ§])")
_WORD_BEFORE = re.compile(r"([\wæøåÆØÅ.]+)$")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if text[m.start()] == "." and _is_abbreviation(text[start : m.start()]):
            continue
        # Closing quotes or brackets belong to the sentence they close.
        while end < len(text) and text[end] in "»”\"')]":
            end += 1
        out.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in spans(text)]


def _is_abbreviation(before: str) -> bool:
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1).lower().lstrip(".")
    return word in ABBREVIATIONS
