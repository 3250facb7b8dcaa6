"""The records extraction makes, and the levels of a pinpoint they are made of.

Every reader of a citation (the fast path in `quick`, the list grammar in
`lists`, the act readings in `acts`) ends in `Found`, `Item` and `Pinpoint`
tuples, tens of thousands of them a letter. A named tuple's own __new__
(defaults, keywords) costs about four times building the tuple directly,
which these do for the common records; the assertions keep them in step
with the models. The levels of a pinpoint in order, and the test whether a
level refines the last item or lists a sibling, are here for the same
readers: they must agree on what "§ 24, stk. 2" is.
"""

from __future__ import annotations

from kb.citation.model import ActRef, Found, Item, Pinpoint

LEVELS = ("par", "stk", "nr", "litra", "pkt")
INDEX = {lvl: i for i, lvl in enumerate(LEVELS)} | {"kap": 5}
NO_FIELDS: tuple = (None,) * 6
_PINS: dict[tuple, Pinpoint] = {}

new = tuple.__new__
assert Found._fields == (
    "kind", "text", "start", "end", "items", "act", "practice", "linked", "notes", "message", "acts"
)  # fmt: skip
assert Item._fields == ("pin", "upto", "act", "also") and len(Pinpoint._fields) == 6


def statute_record(
    text: str, start: int, end: int, items: tuple[Item, ...], acts: tuple[ActRef, ...] = ()
) -> Found:
    return new(Found, ("statute", text, start, end, items, None, None, False, (), None, acts))


def label_record(text: str, start: int, end: int, pin: Pinpoint) -> Found:
    item = new(Item, (pin, None, None, None))
    return new(Found, ("label", text, start, end, (item,), None, None, False, (), None, ()))


def pinpoint(fields: tuple) -> Pinpoint:
    # Letters cite the same few units over and over; one object each.
    found = _PINS.get(fields)
    if found is None:
        if len(_PINS) > 50_000:
            _PINS.clear()
        found = _PINS[fields] = new(Pinpoint, fields)
    return found


def deeper(lvl: str, cur: tuple) -> bool:
    """Would `lvl` refine the last item ("§ 24" then "stk. 2") rather than list a sibling?"""
    deepest = _deepest(cur)
    return deepest >= 0 and INDEX[lvl] > deepest


def _deepest(cur: tuple) -> int:
    if cur[4] is not None:
        return 4
    if cur[3] is not None:
        return 3
    if cur[2] is not None:
        return 2
    if cur[1] is not None:
        return 1
    return 0 if cur[0] is not None else -1
