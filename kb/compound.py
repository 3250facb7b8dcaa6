"""Split Danish compounds into the words they are made of.

Danish writes compounds as one word ("klagevejledning", "vejledningspligt"),
and the Snowball stemmer leaves them whole, so a search for "vejledning"
would miss both. This splitter is dictionary-based, as Lucene's
DictionaryCompoundWordTokenFilter is: a word splits where both sides are
words of the corpus itself (at least `MIN_PART` letters each), with the
linking "s" or "e" ("vejledning-s-pligt") allowed between them. No word list
has to be shipped, and a split never invents a word the texts do not use.
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
        # Longest head first: "forvaltningsloven" is forvaltning + s + loven,
        # not forvalt + ningsloven.
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if head not in self.words:
                continue
            rests = [tail] + [tail[1:] for link in _LINKS if tail.startswith(link)]
            for rest in rests:
                if len(rest) < MIN_PART:
                    continue
                if rest in self.words:
                    return [head, rest]
                if depth < 2:
                    deeper = self._split(rest, depth + 1)
                    if deeper:
                        return [head, *deeper]
        return []
