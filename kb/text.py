"""Text normalisation: remove only what the source format adds.

Legal text is quoted exactly. The only changes made to it are those that undo
artefacts of the format: a byte-order mark, soft hyphens and zero-width
characters inside words, no-break spaces, and line breaks or runs of white
space inside a sentence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# Characters the format inserts inside words; they carry no wording.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u00ad\u200b\u200c\u200d\u2060"), None)
# Space-like characters that stand for an ordinary space.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a"), " ")
_WS_RUN = re.compile(r"\s+")

# Danish month names, for dates written out ("22. april 2014").
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}


# Any of the characters above: most texts have none, and a search for them is far
# cheaper than str.translate, which looks every character up in its table.
_FORMAT_CHARS = re.compile("[" + "".join(map(chr, (*_INVISIBLE, *_SPACES))) + "]")


def clean(text: str) -> str:
    """Normalise a piece of provision text for storage and comparison."""
    if _FORMAT_CHARS.search(text):
        text = text.translate(_INVISIBLE).translate(_SPACES)
    return _WS_RUN.sub(" ", text).strip()


# Retsinformation's metadata writes a line break as the two characters "\n": between a
# title and its subtitle ("… og retsplejeloven\n(Ændringer i lyset af …)"), or at its
# end ("… beskæftigelsesindsatsen m.v.\n"); 824 of the 2,343 titles of the 2010-2017
# corpus have one. The export puts it there, not the title: it stands for a space. No
# provision text of the corpus holds a backslash, so only metadata is read this way.
_ESCAPED_BREAK = re.compile(r"\\n")


def clean_meta(text: str) -> str:
    """Like `clean`, for a field of a file's metadata (a title): the format's
    written-out line breaks ("\\n") are white space too.

    >>> clean_meta("Lov om ændring af retsplejeloven\\n(Ændringer)\\n")
    'Lov om ændring af retsplejeloven (Ændringer)'
    """
    return clean(_ESCAPED_BREAK.sub(" ", text))


def clean_keep_lines(text: str) -> str:
    """Like `clean`, but keeps line and tab structure (used for tables)."""
    text = text.translate(_INVISIBLE).translate(_SPACES)
    lines = (re.sub(r"[ \r\f\v]+", " ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def fold(text: str) -> str:
    """Lookup form of a name: normalised, lower case, no trailing period."""
    return clean(text).lower().rstrip(".").strip()


def similar(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` of `candidates` spelt most like `word` (folded), best first: the
    "mente du …?" of a misspelt name. Bounded, whatever the number of candidates.

    >>> similar("forvaltingsloven", ["forvaltningsloven", "færdselsloven", "straffeloven"])
    ['forvaltningsloven']
    """
    return difflib.get_close_matches(fold(word), list(candidates), n=n, cutoff=0.8)


def danish_date(iso: str | None) -> str:
    """'2014-04-22' -> '22. april 2014', the way Danish legal text writes a date."""
    if not iso:
        return ""
    year, month, day = (int(p) for p in iso.split("-"))
    name = next(n for n, number in MONTHS.items() if number == month)
    return f"{day}. {name} {year}"


_SQUEEZE = re.compile(r"[\s\-\u00ad]+")


def squeezed(words: str) -> str:
    """Lower case without white space and hyphens: a name that the grammar can read at
    the start of `words`, or look up from them, is a substring of this form of them.

    >>> squeezed("lov om Udbetaling Dan-\u00admark")
    'lovomudbetalingdanmark'
    """
    return _SQUEEZE.sub("", words.lower())
