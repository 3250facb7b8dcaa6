"""Split Danish compounds into the words they are made of.

Danish writes compounds as one word ("klagevejledning", "vejledningspligt"),
and the Snowball stemmer leaves them whole, so a search for "vejledning"
would miss both. This splitter is dictionary-based, as Lucene's
DictionaryCompoundWordTokenFilter is, with the corpus itself as the
dictionary: a word splits where both sides are words the texts use (at least
`MIN_PART` letters each), with the linking "s" or "e" ("vejledning-s-pligt")
allowed between them; failing that, before the longest tail that is such a
word of more than `MIN_PART` letters ("tavshedspligt": the texts use
"pligt" but never "tavshed" alone). No word list has to be shipped.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_PART = 4
_LINKS = ("s", "e")


class Splitter:
    """Splits words against a vocabulary; remembers every answer."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words = frozenset(w for w in vocabulary if len(w) >= MIN_PART)
        self._memo: dict[str, tuple[str, ...]] = {}

    def parts(self, word: str) -> tuple[str, ...]:
        """The words inside `word` ("klagevejledning" -> klage, vejledning), or ()."""
        if len(word) < 2 * MIN_PART:
            return ()
        found = self._memo.get(word)
        if found is None:
            found = self._memo[word] = tuple(self._split(word, depth=0))
        return found

    def _split(self, word: str, depth: int) -> list[str]:
        cuts = [
            (head, rest)
            for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1)
            for head, tail in [(word[:cut], word[cut:])]
            for rest in [tail] + [tail[1:] for link in _LINKS if tail.startswith(link)]
            if len(rest) >= MIN_PART
        ]
        # Both sides words of the corpus, longest head first: "forvaltningsloven"
        # is forvaltning + s + loven, not forvalt + ningsloven.
        for head, rest in cuts:
            if head in self.words:
                if rest in self.words:
                    return [head, rest]
                if depth < 2 and (deeper := self._split(rest, depth + 1)):
                    return [head, *deeper]
        # Danish compounds end in their head word: failing a split into two
        # known words, the longest known tail is taken ("tavshedspligt":
        # the texts use "pligt" but never "tavshed" alone).
        for head, rest in reversed(cuts):
            if rest in self.words and len(rest) > MIN_PART:
                return [head, rest]
        return []
