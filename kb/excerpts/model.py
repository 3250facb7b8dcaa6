"""What an excerpt holds, independent of the format it is written in."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from kb.codes import Reason, Status, WarningCode

SCHEMA = "lovkb-excerpt/2"  # 2: messages carry codes and `lang` says their language
GAP = "[…]"  # stands where text of the provision is left out


@dataclass(frozen=True)
class Line:
    """One printed piece of an excerpt, in document order.

    kind: "unit" (a §, stk., nr. or litra with its text), "heading" (a
    chapter's or paragraph group's heading), "tail" (the closing words of a
    unit after its list), or "gap" (units left out).
    `pieces` is the unit's text exactly as stored; a None piece is text left
    out (sentences not cited).
    """

    kind: str
    level: int = 0  # 0 §, 1 stk., 2 nr., 3 litra
    label: str | None = None
    heading: str | None = None
    pieces: tuple[str | None, ...] = ()
    path: str | None = None
    cited: bool = False

    @property
    def text(self) -> str:
        return " ".join(GAP if p is None else p for p in self.pieces)


@dataclass(frozen=True)
class ActPart:
    """The excerpt of one version of one act."""

    law: str
    heading: str  # "Forvaltningsloven, jf. lovbekendtgørelse nr. 433 af 22. april 2014"
    title: str  # the version's official title
    version: str  # the designation as stored: "LBK nr 433 af 22/04/2014"
    eli: str | None
    in_force_from: str | None
    in_force_to: str | None
    partial: bool
    current: bool  # in force on the excerpt's date
    stamp: tuple[str, ...]  # sentences (Danish) on the version and its status
    cited: tuple[str, ...]  # the canonical citations it answers
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class PracticePart:
    """What the store holds of one practice reference."""

    ref: str
    title: str | None
    text: str | None
    source: str | None


@dataclass(frozen=True)
class Omission:
    """A citation the excerpt leaves out, and why; or, as a note, what was said of one."""

    text: str
    status: Status
    message: str | None
    canonical: str | None = None
    line: int | None = None
    column: int | None = None
    reason: Reason | None = None  # the target's reason (kb.codes)
    code: WarningCode | None = None  # for a note that is a warning: its code


@dataclass(frozen=True)
class Excerpt:
    as_of: dt.date
    acts: tuple[ActPart, ...] = ()
    practice: tuple[PracticePart, ...] = ()
    omitted: tuple[Omission, ...] = field(default=())
    # What the resolver said of quoted citations: warnings, and why a quoted
    # text is not in force. Same shape as `omitted`.
    notes: tuple[Omission, ...] = field(default=())
    lang: str = "da"  # the language of the messages in `omitted` and `notes`

    @property
    def empty(self) -> bool:
        return not self.acts and not self.practice

    @property
    def complete(self) -> bool:
        """Every citation quoted, and every quoted text in force."""
        return not self.omitted and all(n.status == "ok" for n in self.notes)

    def to_json(self) -> dict[str, Any]:
        acts = []
        for part in self.acts:
            data = asdict(part)
            data["lines"] = [{**asdict(line), "text": line.text} for line in part.lines]
            acts.append(data)
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "acts": acts,
            "practice": [asdict(p) for p in self.practice],
            "omitted": [asdict(o) for o in self.omitted],
            "notes": [asdict(n) for n in self.notes],
        }
