"""The words that open a level of a citation, abbreviated and written out.

Danish writes "§ 24, stk. 2, 2. pkt." and, in fuller prose, "paragraf 24,
stykke 2, 2. punktum"; the laws write "stykke" in the plural too ("nye
stykker 4 og 5 i § 6", "stykkerne 1-5"). Every reader of a citation — the
scan for anchors, the fast path, the list grammar, the act readings — must
know the same words: a word one path knows and the other does not is read
one way or the other by the chance of which path a citation takes (the
list grammar read "§ 24, stykke 2" while the fast path stopped at "§ 24").
So the words are written down once, in `TABLE`, and every pattern that
needs one is built from it; tests/test_extract_words.py reads every word of
the table both ways in the same templates.

A written-out word is a citation's only before its number ("paragraf 24";
not "denne paragraf", "lovens paragraffer"); an abbreviation is as the
readers have always taken it. "paragraffer" is not here: Danish writes
"§§" before numbers (the 2,343 laws of the corpus never write
"paragrafferne 19-21").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """The words of one level: `one` names one unit ("§", "paragraf"), `many`
    several ("§§", "stykkerne"); an abbreviation ends in its point ("stk."),
    which the text may leave out."""

    level: str  # "par", "stk", "pkt": as in `records.LEVELS`
    one: tuple[str, ...]
    many: tuple[str, ...] = ()
    capital: bool = True  # may open a sentence: "Stk. 2", "Stykke 2"
    whole: bool = False  # ends with its word: "pkt" is not "pktx"
    number_follows: bool = True  # "stk. 2"; a pkt.'s ordinal comes before it: "2. pkt."

    @property
    def forms(self) -> tuple[str, ...]:
        """Abbreviations first (they are the common case), then the words,
        longer before shorter ("§§" before "§", "stykker" before "stykke")."""
        forms = (*self.one, *self.many)
        return (
            *sorted((f for f in forms if not _spelled(f)), key=len, reverse=True),
            *sorted((f for f in forms if _spelled(f)), key=len, reverse=True),
        )

    @property
    def written_out(self) -> tuple[str, ...]:
        return tuple(f for f in self.forms if _spelled(f))

    @property
    def literals(self) -> tuple[str, ...]:
        """Each form's letters as the text writes them: "stk", "Stk", "§"."""
        found: dict[str, None] = {}
        for form in self.forms:
            stem = form.removesuffix(".")
            found[stem] = None
            if self.capital and stem[0].isalpha():
                found[stem[0].upper() + stem[1:]] = None
        return tuple(found)

    @property
    def pattern(self) -> str:
        """Every form, as a pattern."""
        return _choice(self, self.forms)

    @property
    def spelled(self) -> str:
        """The written-out forms only, as a pattern."""
        return _choice(self, self.written_out)

    @property
    def single(self) -> str:
        """The forms that name one unit, as a pattern (`many` may begin with one)."""
        return _choice(self, tuple(f for f in self.forms if f in self.one))

    @property
    def not_many(self) -> str:
        """A lookahead that refuses the forms naming several units."""
        many = tuple(f for f in self.forms if f in self.many)
        return f"(?!{_choice(self, many)})" if many else ""


def _spelled(form: str) -> bool:
    return form.isalpha()


def _head(level: Level, form: str) -> str:
    """A form's first character as a pattern: in either case where the word
    may open a sentence."""
    first = form[0]
    if level.capital and first.isalpha():
        return f"[{first.upper()}{first.lower()}]"
    return re.escape(first)


def _tail(level: Level, form: str) -> str:
    """The rest of a form as a pattern: the point optional, a written-out word
    followed by its number."""
    stem = form.removesuffix(".")
    pattern = re.escape(stem[1:]) + (r"\b" if level.whole else "")
    if form.endswith("."):
        pattern += r"\.?"
    if _spelled(form) and level.number_follows:
        pattern += r"(?=\s*\d)"
    return pattern


def either(words: tuple[str, ...]) -> str:
    """Plain `words` as one pattern that tests each shared beginning once:
    ("paragraf", "stk", "stykke") -> "paragraf|s(?:t(?:k|ykke))"."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    parts = []
    for first, rests in by_first.items():
        if len(rests) == 1 or "" in rests:  # longer first: "stykker" before "stykke"
            parts += [re.escape(first + r) for r in sorted(rests, key=len, reverse=True)]
        else:
            parts.append(re.escape(first) + "(?:" + either(tuple(rests)) + ")")
    return "|".join(parts)


def _choice(level: Level, forms: tuple[str, ...]) -> str:
    """`forms` as one pattern, in their order; those that begin alike share
    the test of their first character ("[Ss](?:tk\\.?|tykke…)")."""
    tails: dict[str, list[str]] = {}
    for form in forms:
        tails.setdefault(_head(level, form), []).append(_tail(level, form))
    return (
        "(?:"
        + "|".join(
            h + (t[0] if len(t) == 1 else "(?:" + "|".join(t) + ")") for h, t in tails.items()
        )
        + ")"
    )


SECTION = Level("par", one=("§", "paragraf"), many=("§§",))
SUBSECTION = Level("stk", one=("stk.", "stykke"), many=("stykker", "stykkerne"))
SENTENCE = Level("pkt", one=("pkt.", "punktum"), capital=False, whole=True, number_follows=False)
TABLE = (SECTION, SUBSECTION, SENTENCE)


# The literals the scan looks for (`scan.LITERALS`): each form's letters as
# the text writes them, leaving out those another begins ("stykker" begins
# with "stykke", "§§" with "§").
LITERALS = tuple(
    w
    for level in TABLE
    for w in level.literals
    if not any(w != o and w.startswith(o) for other in TABLE for o in other.literals)
)
# The words that open the next item of a list after a separator, in lower
# case: a §'s and a stk.'s (a pkt.'s word comes after its ordinal).
_OPENING = {w.lower() for level in (SECTION, SUBSECTION) for w in level.literals if w.isalpha()}
OPENING_WORDS = tuple(
    sorted(w for w in _OPENING if not any(w != o and w.startswith(o) for o in _OPENING))
)
# The words that open a § or a stk. item, as the text writes them, by
# their first letter: {"s": ("stk", "stykke"), "P": ("Paragraf",), …}.
_OPENERS = [w for w in LITERALS if w.isalpha() and w not in SENTENCE.literals]
OPENERS = {
    c: tuple(w for w in _OPENERS if w[0] == c) for c in dict.fromkeys(w[0] for w in _OPENERS)
}
SECTION_INITIALS = frozenset(w[0] for w in SECTION.literals)
# "§ 24", "paragraf 24": a § begins here.
SECTION_AT = re.compile(SECTION.pattern)
# What a § is written with ("§", "paragraf", "Paragraf"): looked for in a
# stretch of text as a cheap test before the patterns.
SECTION_LITERALS = tuple(w for w in SECTION.literals if w in LITERALS)
# The level each word of the table opens, as the text writes it: "Stk." -> "stk".
LEVEL_OF = {
    spelling: level.level for level in TABLE for w in level.literals for spelling in (w, w + ".")
}
