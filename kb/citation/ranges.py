"""The numbers of one step of a list: ranges, letters, and what is no item.

After the word that opens an item ("§", "stk.", "nr.", "litra") comes its
number, and perhaps more at the same level: "§§ 15 a-c", "stk. 2-4",
"litra a, c og e". These readers take them and say where they end. A number
is not always an item: "§ 24, 3 dage", "stk. 2, 1. januar" and the label of
an inline list ("§ 12 a, 2) konsekvenserne") are not, and a range that runs
backwards or is too wide for one provision ("stk. 3-2", "nr. 2-900") is a
mistake to report rather than a range to guess at. The list grammar
(`lists`) asks these at every step; they read only numbers, never words.
"""

from __future__ import annotations

import re

from kb.citation import grammar
from kb.codes import Problem, say
from kb.units import MAX_RANGE, number_key

_L = "a-zæøåA-ZÆØÅ"
_LITRA = re.compile(rf"\s*litra\s+([a-zæøå])(?![{_L}\d])")
_LITRA_MORE = re.compile(rf"\s*(,|og|eller|[-–])\s*([a-zæøå])(?![{_L}\d])")
# A number that is not an item of a list: a date, a period, an amount.
NOT_AN_ITEM = re.compile(
    r"\.?\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|"
    r"december|år|uge|uger|dage|dag|måned|måneder|timer|kr|procent|pct|%|mio|gange)\b"
    r"|\.[ \u00a0]+[a-zæøå]"  # an ordinal before a word: "§ 22, 2. led", "§ 24, 2. stk."
)
# The ")" a list may end at (`not_an_item` tells a parenthesis from a label).
CLOSE = re.compile(r"\s*\)")
# "§§ 15 a-c", "§§ 11 a, b og c": a letter standing for the same number
LETTER_TO = re.compile(rf"([a-hj-zæøå])(?![{_L}\d)-])")


def litra(t: str, q: int) -> tuple[list[str], int]:
    """ "litra a, c og e" -> [a, c, e]; "litra a-c" -> [a, b, c]."""
    m = _LITRA.match(t, q)
    assert m is not None
    letters = [m.group(1)]
    q = m.end()
    while (more := _LITRA_MORE.match(t, q)) is not None:
        if more.group(2) == "i" and not grammar.I_AS_LETTER.match(t, more.end()):
            break  # "litra a, i retssikkerhedsloven": the preposition
        if more.group(1) in "-–" and more.group(2) > letters[-1]:
            letters += [chr(c) for c in range(ord(letters[-1]) + 1, ord(more.group(2)) + 1)]
        else:
            letters.append(more.group(2))
        q = more.end()
    return letters, q


def range_of_pars(t: str, n: tuple[str, int]) -> tuple[list, int, str | None]:
    """A paragraph number `n` and the end of its range if one is written
    ("§§ 22-24", "§ 15 a-c"): its values, where it ends, and the range's end."""
    value, q = n
    d = grammar.dash(t, q)
    if d is not None:
        hi = grammar.number(t, d)
        if hi is None and " " in value and (letter := LETTER_TO.match(t, d)):
            hi = (f"{value.split()[0]} {letter.group(1)}", letter.end())  # "§ 15 a-c"
        # A range that runs backwards ("§§ 24-22") is read as written; the
        # resolver reports it rather than guess which end was meant.
        if hi and number_key(hi[0]) > number_key(value):
            return [value], hi[1], hi[0]
        if hi and number_key(hi[0]) < number_key(value) and not not_an_item(t, hi[1]):
            return [value], hi[1], hi[0]
    return [value], q, None


def range_end(t: str, n: tuple[str, int]) -> tuple[str | None, int]:
    """The end of a range of chapters the number `n` begins ("kapitel 9 b-12"), if one
    is written, and where the range ends; (None, `n`'s end) if none is."""
    d = grammar.dash(t, n[1])
    hi = grammar.number(t, d) if d is not None else None
    if hi and number_key(hi[0]) > number_key(n[0]) and not not_an_item(t, hi[1]):
        return hi
    return None, n[1]


def not_an_item(t: str, e: int) -> bool:
    """Is the number that ends at `e` not an item of a list? A date, a period
    or an amount is not, nor the label of an inline list's item ("efter
    § 12 a, 2) konsekvenserne"); a ")" that closes a parenthesis opened
    before it ("(jf. §§ 3 og 5)") ends the list after the number instead."""
    if NOT_AN_ITEM.match(t, e):
        return True
    return CLOSE.match(t, e) is not None and not _in_parenthesis(t, e)


def _in_parenthesis(t: str, pos: int) -> bool:
    """Is a "(" open at `pos`? Looked for in the paragraph, at most 200 characters back."""
    lo = max(0, pos - 200)
    paragraph = t.rfind("\n\n", lo, pos)
    if paragraph != -1:
        lo = paragraph
    return t.rfind("(", lo, pos) > t.rfind(")", lo, pos)


def bad_range(t: str, level: str, got: tuple[list[int], int]) -> tuple[Problem, int] | None:
    """Why a range of stk. or nr. that `int_list` did not take cannot be read
    ("stk. 3-2", "nr. 2-900"), and where it ends; None where there is none."""
    (value,), q = got
    d = grammar.dash(t, q)
    hi = grammar.integer(t, d) if d is not None else None
    if hi is None or not_an_item(t, hi[1]):
        return None
    word = f"{level}." if level in ("stk", "nr") else level
    if hi[0] <= value:
        message = say(
            "the range {word} {lo}-{hi} runs backwards; write {word} {hi}-{lo} if that is what "
            "is meant",
            word=word,
            lo=value,
            hi=hi[0],
        )
        return Problem("range_backwards", message), hi[1]
    message = say(
        "{word} {lo}-{hi} is too wide to be a range of one provision", word=word, lo=value, hi=hi[0]
    )
    return Problem("range_too_wide", message), hi[1]


def int_list(t: str, pos: int) -> tuple[list[int], int] | None:
    """ "2-4" -> [2, 3, 4]; a single number -> [n]."""
    first = grammar.integer(t, pos)
    if not first:
        return None
    value, q = first
    d = grammar.dash(t, q)
    if d is not None and (hi := grammar.integer(t, d)) and value < hi[0] <= value + MAX_RANGE:
        return list(range(value, hi[0] + 1)), hi[1]
    return [value], q
