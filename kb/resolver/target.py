"""One resolved unit, `Target`, in the shape of the citations JSON contract.

`Target.of` makes one for a pinpoint read against an act and version, `Target.copy`
a fresh one from a remembered answer; `render_rows` is the text a target carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.citation.model import Pinpoint
from kb.codes import Day, Reason, Status, Warning, quote, say
from kb.store.read import ActRow, UnitRow, VersionRow
from kb.units import TextLine, row_children, unit_lines, unit_text


@dataclass
class Target:
    """One resolved unit, in the shape of the citations JSON contract."""

    law: str | None
    version: str | None
    eli: str | None
    paragraf: str | None
    stk: int | None
    nr: int | None
    litra: str | None
    pkt: int | None
    canonical: str
    status: Status
    reason: Reason | None = None  # why the status is not ok (kb.codes)
    message: str | None = None
    warnings: list[Warning] = field(default_factory=list)
    text: str | None = None
    candidates: list[str] | None = None
    practice: str | None = None
    source: str | None = None  # a practice reference's: where its stored text comes from
    antecedent: dict[str, Any] | None = None
    # Beyond the contract: where the unit stands, for people reading it.
    label: str | None = None
    heading: str | None = None
    chapter: str | None = None
    version_title: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    partial: bool | None = None
    kapitel: str | None = None
    # A quotation's period: {"from", "until"} (ISO, inclusive) that its source attests the
    # text for; in_force_from/to are then null, for the store does not know them.
    attested: dict[str, str] | None = None
    # Where the text was read: (version id, unit ord), for excerpts. Not in the JSON.
    where: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    # The text in the lines a reader expects (`kb.units.unit_lines`), where it spans
    # several units; for `kb show`. Not in the JSON, whose `text` is the same words.
    lines: list[TextLine] | None = field(default=None, repr=False, compare=False)
    # The references in `text`, as `kb refs` gives them (`kb.graph.read.Inside.to_json`),
    # where the caller asked for them (`kb show`); not in the contract's JSON otherwise.
    references: list[dict[str, Any]] | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls,
        act: ActRow | None,
        version: VersionRow | None,
        pin: Pinpoint,
        status: Status,
        reason: Reason | None,
        message: str | None,
        warnings: list[Warning] | tuple[Warning, ...] | None = None,
    ) -> Target:
        """The target of `pin` read against `act` and `version` (either may be missing)."""
        law = act.key if act else None
        attested = version is not None and version.attested
        # A day the sources do not give is not shown as the day in force: the warning
        # says what the act says instead, and the earliest the day can be.
        known = version is not None and not attested and version.in_force_known
        warnings = list(warnings or [])
        if version is not None and not attested and not version.in_force_known:
            warnings.append(in_force_unknown(version))
        return cls(
            law=law,
            version=version.designation if version else None,
            eli=version.eli if version else None,
            paragraf=pin.paragraf,
            stk=pin.stk,
            nr=pin.nr,
            litra=pin.litra,
            pkt=pin.pkt,
            kapitel=pin.kapitel,
            canonical=pin.canonical(law),
            status=status,
            reason=reason,
            message=message,
            warnings=warnings,
            version_title=version.title if version else None,
            in_force_from=version.in_force_from if version and known else None,
            in_force_to=version.in_force_to if version and not attested else None,
            partial=version.is_partial if version else None,
            attested=version.attested_period() if version and attested else None,
            source=version.source if version and attested else None,
        )

    def copy(self) -> Target:
        """A fresh Target with its own warnings list (dataclasses.replace is slow)."""
        clone = object.__new__(Target)
        fields = self.__dict__.copy()  # a copy of the whole table, far cheaper than update()
        fields["warnings"] = list(self.warnings)
        clone.__dict__ = fields
        return clone

    def to_json(self) -> dict[str, Any]:
        # The field table in field order, copied (not `asdict`, whose deep
        # copy of every value made JSON output cost more than the check).
        data = self.__dict__.copy()
        del data["where"], data["lines"]
        data["warnings"] = [w.to_json() for w in self.warnings]
        optional_fields = ("candidates", "kapitel", "antecedent", "practice", "source", "attested")
        for optional in (*optional_fields, "references"):
            if data[optional] is None:
                del data[optional]
        if self.candidates is not None:
            data["candidates"] = list(self.candidates)
        if self.antecedent is not None:
            data["antecedent"] = {**self.antecedent, "supplies": list(self.antecedent["supplies"])}
        return data


def in_force_unknown(version: VersionRow) -> Warning:
    """The warning that the sources do not give the day `version` came into force, with
    what the act itself says and the earliest day it can be."""
    earliest = Day(version.in_force_from or "")
    message = (
        say(
            "{version} says: {rule}; the date is not in the sources (the earliest it can be "
            "is {earliest})",
            version=version.designation,
            rule=quote(version.in_force_rule),
            earliest=earliest,
        )
        if version.in_force_rule and version.in_force_from
        else say(
            "the day {version} came into force is not in the sources (the earliest it can be "
            "is {earliest})",
            version=version.designation,
            earliest=earliest,
        )
        if version.in_force_from
        else say(
            "the day {version} came into force is not in the sources", version=version.designation
        )
    )
    return Warning("in_force_unknown", message)


def render_rows(rows: list[UnitRow]) -> str:
    """The text of the first row's unit with its sub-units, without its own
    label: labels of sub-units ("Stk. 2.", "1)") stay, notes are left out."""
    return unit_text(rows[0], row_children(rows)).text if rows else ""


def render_lines(rows: list[UnitRow]) -> list[TextLine]:
    """`render_rows`' text in the lines a reader expects (`kb.units.unit_lines`)."""
    return unit_lines(rows[0], row_children(rows)) if rows else []
