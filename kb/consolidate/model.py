"""What a consolidation gives: the units of an act after instructions, and how each ended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REASONS = (
    "target_not_found",  # the provision or the words named are not in the text
    "ambiguous_occurrence",  # the words stand more often than the instruction says
    "unsupported",  # a construction the applier does not read
    "no_new_text",  # the instruction inserts or rewords, but gives no new text
)


@dataclass(frozen=True)
class Outcome:
    """How one instruction of an amending § ended."""

    nr: str  # its number: "11."
    text: str  # the instruction, word for word
    status: str  # "applied" | "refused"
    reason: str | None  # one of REASONS where refused
    message: str | None  # the reason, for a person (kb.i18n)
    kind: str  # what it does: "replaced", "inserted", "repealed", "words", "renumbered", …
    in_force: str | None = None  # the day it comes into force, as stored

    def to_json(self) -> dict[str, Any]:
        return {
            "nr": self.nr,
            "text": self.text,
            "status": self.status,
            "reason": self.reason,
            "message": self.message,
        }


@dataclass(frozen=True)
class Applied:
    """The instructions of one amending § (or of the items of it chosen) and their outcomes."""

    designation: str  # "LOV nr 638 af 12/06/2013"
    paragraf: str  # "§ 1"
    instructions: tuple[Outcome, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "designation": self.designation,
            "paragraf": self.paragraf,
            "instructions": [o.to_json() for o in self.instructions],
        }


@dataclass(frozen=True)
class Unit:
    """One unit of the resulting text, as the store holds unit text (notes apart)."""

    canonical: str  # its path: "§24/s3"; "kap3" for a chapter; "" for a heading group
    kind: str
    label: str | None
    heading: str | None
    text: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "canonical": self.canonical,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
        }


@dataclass(frozen=True)
class Consolidation:
    """An act's text after the chosen instructions, labelled as computed where any applied."""

    law: str
    base: str  # the base version's designation
    applied: tuple[Applied, ...]
    units: tuple[Unit, ...]
    notice: str | None  # "lovkb's egen konsolidering af …; ikke en officiel …" where computed

    @property
    def refused(self) -> list[Outcome]:
        return [o for a in self.applied for o in a.instructions if o.status == "refused"]

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "schema": 2,
            "lang": lang,
            "law": self.law,
            "base": self.base,
            "official": not self.applied,
            "notice": self.notice,
            "applied": [a.to_json() for a in self.applied],
            "units": [u.to_json() for u in self.units],
        }
