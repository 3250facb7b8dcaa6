"""Prepare a letter for extraction without losing its offsets.

Extraction reads a working copy of the text from which the format's
additions are taken out: soft hyphens and zero-width characters, and the
hyphen that breaks a word at the end of a line ("forvaltnings-⏎loven").
Every offset found in the copy maps back to the original, so that a
citation's `text` is always the original's slice, character for character
(`to_original` maps a record's offsets back, its acts' with it). No-break
spaces need no work: the grammar treats them as white space.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kb.citation.model import ActRef, Found, Item

_INVISIBLES = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]+")
# A word broken over a line: "forvaltnings-\nloven". Not "Social-\nog": there
# the hyphen stands for a shared word part and stays.
_SOFT_BREAK = re.compile(
    r"-(?<=[a-zæøå]-)[ \t\u00a0]*\r?\n[ \t\u00a0]*(?=[a-zæøå])(?!(?:og|eller|samt|til)\b)"
)


@dataclass(frozen=True)
class Prepared:
    """The working text and the way back to the original's offsets."""

    original: str
    text: str
    _marks: tuple[int, ...] = ()  # working offsets where characters were removed
    _shifts: tuple[int, ...] = ()  # characters removed up to and including each mark

    def start(self, i: int) -> int:
        """Original offset of the working text's character `i`."""
        if not self._marks:
            return i
        k = bisect.bisect_right(self._marks, i)
        return i + (self._shifts[k - 1] if k else 0)

    def end(self, i: int) -> int:
        """Original offset for an exclusive end `i` of the working text."""
        return self.start(i - 1) + 1 if i > 0 else 0

    def span(self, start: int, end: int) -> tuple[str, int, int]:
        s, e = self.start(start), self.end(end)
        return self.original[s:e], s, e


def prepare(text: str) -> Prepared:
    # `in` per character is a fast scan; the class pattern tests every character.
    if not (any(c in text for c in _INVISIBLES) or _SOFT_BREAK.search(text)):
        return Prepared(text, text)
    pieces: list[str] = []
    marks: list[int] = []
    shifts: list[int] = []
    removed = 0
    last = 0
    length = 0
    for m in sorted(
        [*_INVISIBLE.finditer(text), *_SOFT_BREAK.finditer(text)], key=lambda m: m.start()
    ):
        if m.start() < last:
            continue
        pieces.append(text[last : m.start()])
        length += m.start() - last
        removed += m.end() - m.start()
        marks.append(length)
        shifts.append(removed)
        last = m.end()
    pieces.append(text[last:])
    return Prepared(text, "".join(pieces), tuple(marks), tuple(shifts))


def to_original(found: Found, prepared: Prepared) -> Found:
    """`found`, read in the working text, with the original's text and offsets."""
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
