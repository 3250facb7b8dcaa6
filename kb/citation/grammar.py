"""The grammar of a Danish statute citation.

This is the part of the citation engine that reads one citation written on
its own — what `kb show` and `kb resolve` take: "forvaltningsloven § 24,
stk. 2", "forvaltningslovens § 24", "§ 24 i forvaltningsloven", "fvl. § 19,
stk. 2, nr. 3", "§ 11a", "§ 24, stk. 1, 2. pkt.", "kapitel 8 b",
"LBK nr 433 af 22/04/2014 § 24".
"""

from __future__ import annotations

import re

from kb.citation.model import ParsedCitation, Pinpoint
from kb.errors import CitationSyntaxError
from kb.text import MONTHS, clean

# A paragraph number: digits, optionally a letter ("11 a", "11a"). The
# preposition "i" ("§ 24 i forvaltningsloven") is not a letter.
_PAR = r"(?P<par>\d+(?:\s?(?!i\s+\w{2})[a-zæøå](?![a-zæøå\d]))?)"
_PINPOINT = re.compile(
    r"§{1,2}\s*"
    + _PAR
    + r"(?:\s*,?\s*stk\.\s*(?P<stk>\d+))?"
    + r"(?:\s*,?\s*nr\.\s*(?P<nr>\d+))?"
    + r"(?:\s*,?\s*litra\s+(?P<litra>[a-zæøå])(?![a-zæøå]))?"
    + r"(?:\s*,?\s*(?P<pkt>\d+)\.\s*pkt\.?)?",
    re.IGNORECASE,
)
_KAPITEL = re.compile(r"\bkapitel\s+(?P<kap>\d+(?:\s?[a-zæøå](?![a-zæøå]))?)", re.IGNORECASE)
_SHORT_VERSION = re.compile(
    r"\b(?P<type>LOV|LBK|BEK)\s+nr\.?\s*(?P<num>\d+)\s+af\s+"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})",
    re.IGNORECASE,
)
_LONG_VERSION = re.compile(
    r"\b(?P<type>lovbekendtgørelse|bekendtgørelse|lov)\s*,?\s+nr\.?\s*(?P<num>\d+)\s+af\s+"
    r"(?P<d>\d{1,2})\.\s*(?P<month>" + "|".join(MONTHS) + r")\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_LONG_TYPES = {"lovbekendtgørelse": "LBK", "bekendtgørelse": "BEK", "lov": "LOV"}
_EDGE_WORDS = re.compile(
    r"^(?:i|efter|jf\.?|jfr\.?|af|,|\s)+|(?:[,;:\s]|\bi\b|\bjf\.?)+$", re.IGNORECASE
)


def parse(text: str) -> ParsedCitation:
    """Read one citation; raise `CitationSyntaxError` if it has no pinpoint."""
    norm = clean(text)
    version, version_key, rest = _take_version(norm)
    m = _PINPOINT.search(rest)
    if m:
        pin = Pinpoint(
            paragraf=_norm_par(m.group("par")),
            stk=_int(m.group("stk")),
            nr=_int(m.group("nr")),
            litra=m.group("litra").lower() if m.group("litra") else None,
            pkt=_int(m.group("pkt")),
        )
    else:
        m = _KAPITEL.search(rest)
        if not m:
            raise CitationSyntaxError(
                f"{text!r} is not a citation lovkb can read: it names no § or kapitel"
            )
        pin = Pinpoint(kapitel=_norm_par(m.group("kap")))
    before, after = rest[: m.start()], rest[m.end() :]
    act = _act_name(after) or _act_name(before)
    return ParsedCitation(text=text, pin=pin, act=act, version=version, version_key=version_key)


def _take_version(text: str) -> tuple[str | None, tuple | None, str]:
    m = _SHORT_VERSION.search(text)
    if m:
        key = (
            m.group("type").upper(),
            int(m.group("num")),
            f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}",
        )
    else:
        m = _LONG_VERSION.search(text)
        if not m:
            return None, None, text
        month = MONTHS[m.group("month").lower()]
        key = (
            _LONG_TYPES[m.group("type").lower()],
            int(m.group("num")),
            f"{int(m.group('y')):04d}-{month:02d}-{int(m.group('d')):02d}",
        )
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    return m.group(0), key, rest


def _act_name(fragment: str) -> str | None:
    name = _EDGE_WORDS.sub("", fragment.strip()).strip()
    return name or None


def _norm_par(raw: str) -> str:
    m = re.match(r"(\d+)\s*([a-zæøå])?$", raw.strip(), re.IGNORECASE)
    if not m:
        return raw
    return m.group(1) + (f" {m.group(2).lower()}" if m.group(2) else "")


def _int(value: str | None) -> int | None:
    return int(value) if value else None
