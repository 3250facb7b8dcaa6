"""The in-force rule: when a version is law. Its one definition.

A version is in force on a day when in_force_from <= day < in_force_to: its first
day counts, its end does not (the end is the first day it is no longer in force),
and a missing start or end is open. Days are ISO strings (the read model) or dates
(the schema); both compare in calendar order.

The chain of versions is derived by this rule (`chain_ends`, which
`kb.store.engine.recompute_chain` writes), `kb.store.read.VersionRow.in_force_on`
answers by it, and the search index's filter (`kb.index.whoosh_backend`) states it
as a query; a test holds the query to this definition on the bundled store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

D = TypeVar("D", str, dt.date)


def begun(start: D | None, day: D) -> bool:
    """Whether an interval starting on `start` has begun by `day` (an open start has)."""
    return start is None or start <= day


def ended(end: D | None, day: D) -> bool:
    """Whether an interval ending on `end` is over on `day`: the end day itself is
    no longer in force; an open end never comes."""
    return end is not None and end <= day


def in_force(start: D | None, end: D | None, day: D) -> bool:
    """The rule: in force on `day` when start <= day < end, open ends open."""
    return begun(start, day) and not ended(end, day)


def replaces(newer_type: str, older_type: str) -> bool:
    """Whether a version of type `newer_type`, later in a chain than one of
    `older_type`, replaces it: a LOV after a LOV is a new act of the same name,
    which numbers its rules afresh, not a consolidation of the older one (an
    LBK, or a LOV after an LBK). The chain does not run across a replacement."""
    return newer_type == "LOV" and older_type == "LOV"


def chain_ends(starts: Sequence[D | None]) -> list[D | None]:
    """The ends of a chain of versions, given their starts in chain order.

    By the rule each version ends on the day the next one starts, which is then
    the next one's alone: no day has two versions in force, and none between
    two has none. The newest stays open.
    """
    ends: list[D | None] = list(starts[1:])
    if starts:
        ends.append(None)
    return ends
