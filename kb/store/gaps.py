"""Gaps in a chain of versions: where the store does not hold the text.

A version is the text of its act until the next stored version, unless the
sources say a version came between them that the store lacks: the next
version's lineage names a base that is not stored ("jf. lovbekendtgørelse nr.
1019 af 23. september 2014"), or the version's own metadata lists a later
consolidation that is not stored (<AendresAf>: "LBK nr 656 af 15/06/2011").
From the earliest such date on, the stored version is no longer asserted:
`kb.store.engine.recompute_chain` ends its interval there, and the resolver
says for days in the gap that the text is not in the store, and why.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

from kb.citation.lineage import read_lineage


@dataclass(frozen=True)
class Gap:
    """Where a stored version stops being the text of its act, and why."""

    start: str  # ISO date: the missing version's date
    missing: str  # the missing version, as the source writes it
    kind: Literal["later_version", "base"]  # named by the metadata, or as the next one's base


def base_of(lineage: str | None) -> tuple[str, int, str] | None:
    """The version a consolidation says it is based on: (as written, number, ISO date)."""
    base = read_lineage(lineage).base
    if base is None or base.date is None:
        return None
    return base.text, base.number, base.date


def gap_after(
    signed: str | None,
    later_changes: str | None,
    following_start: str | None,
    following_lineage: str | None,
    stored: set[str],
    chain: set[tuple[int | None, str | None]],
) -> Gap | None:
    """The gap after a version signed on `signed` with the metadata list
    `later_changes` (JSON, as stored), before the next stored version (starting
    `following_start`, with its lineage); `stored` holds the designations the
    store has, `chain` the (number, ISO date signed) of the act's stored versions."""
    gaps: list[Gap] = []
    for change in json.loads(later_changes) if later_changes else []:
        designation, day = change.get("designation") or "", change.get("date") or ""
        if (
            designation.startswith("LBK")
            and designation not in stored
            and (signed or "") < day < (following_start or "9999")
        ):
            gaps.append(Gap(day, designation, "later_version"))
    base = base_of(following_lineage)
    if base is not None:
        written, number, day = base
        if day > (signed or "") and (number, day) not in chain:
            gaps.append(Gap(day, written, "base"))
    return min(gaps, key=lambda g: g.start) if gaps else None


def later_designations(later_changes: str | None) -> list[str]:
    """The designations a stored `later_changes` list names."""
    if not later_changes:
        return []
    return [c["designation"] for c in json.loads(later_changes) if c.get("designation")]


def iso(value: dt.date | str | None) -> str | None:
    """A date of the schema (date) or the read model (ISO string) as ISO."""
    return value.isoformat() if isinstance(value, dt.date) else value
