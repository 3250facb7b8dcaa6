"""What amending acts do to an act: their instructions read as effects.

An amending act (LOV Æ) is stored like any document: each "§ 1" opens with
the act it amends ("I forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9.
oktober 2012, foretages følgende ændringer:"), and each numbered item is an
instruction ("§ 24, stk. 3, affattes således:") with the new text under it
and, where it renumbers, a clause ("Stk. 2-4 bliver herefter stk. 5-7.").
Those are read once, at import (`kb.ingest.instructions`); this module makes
them `Effect`s of one act, in the manner of legislation.gov.uk's effects: which
act, which provisions, what kind of change, in force when — and whether a
stored consolidation has folded it in (the lineage each LBK states in its
<Indledning>) or it is still pending.

Instructions are recorded, not applied: the consolidated text comes from
Retsinformation's own consolidations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from kb.citation.grammar import Lexicon, lexicon
from kb.citation.lineage import Lineage, read_lineage
from kb.ingest.instructions import KINDS, Dates, Instruction, from_json, read_instructions
from kb.store.read import Reader, VersionRow

__all__ = ["KINDS", "Effect", "Folding", "effects_on", "lineage_of"]


@dataclass(frozen=True)
class Effect:
    """One instruction of an amending act, as it bears on one act."""

    amending: str  # the amending act's designation: "LOV nr 638 af 12/06/2013"
    section: str  # its § that holds the instruction: "§ 1"
    item: str  # the instruction's number: "11."
    law: str  # the act changed
    base: str | None  # the version the amending act names: "lovbekendtgørelse nr. 988 af …"
    kind: str  # one of KINDS
    targets: tuple[str, ...]  # paths of the provisions named ("§27/s1")
    new: tuple[str, ...]  # paths of the provisions its new text holds
    renumbered: tuple[tuple[str, str], ...]  # (old path, new path)
    words: tuple[tuple[str, str], ...]  # (old wording, new wording) for "ændres »a« til: »b«"
    instruction: str  # the instruction, word for word
    # The day the instruction comes into force: the one its act states for it ("§ 1, nr. 3,
    # træder i kraft den 1. januar 2015"), else the act's own; None where the sources do not
    # give it ("dagen efter bekendtgørelsen i Lovtidende" without the Lovtidende date).
    in_force: str | None
    in_force_rule: str | None  # the act's sentence that in_force comes from, word for word
    in_force_earliest: str | None  # where in_force is None: the earliest day it can be
    folded_into: str | None  # the stored consolidation that includes it, if any
    # the amending version's id in the store (for `Folding.effect`); not part of the JSON
    amending_id: int = field(default=0, compare=False, repr=False)

    @property
    def status(self) -> str:
        return f"folded into {self.folded_into}" if self.folded_into else "pending"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["amending_id"]
        data["status"] = self.status
        return data


def effects_on(reader: Reader, law: str, *, folded: bool = True) -> list[Effect]:
    """Every stored amending act's instructions for the act `law`, oldest first.

    Read as rows: the `amendments` table records, at import, which act each
    amending § changes (`kb.ingest.amendments`) and what its instructions do
    (`kb.ingest.instructions`); only whether a stored consolidation has folded
    each in is read here, from the act's consolidations. With `folded` false
    that is left out (`folded_into` None): a caller that needs it for a few of
    them asks `Folding`.
    """
    found = reader.amending_sections(law)
    if not found:
        return []
    folds = Folding(reader, law) if folded else None
    lex: Lexicon | None = None
    out: list[Effect] = []
    for v, sections in sorted(
        found, key=lambda f: (f[0].in_force_from or "", f[0].date_signed or "")
    ):
        if any(stored is None for *_s, stored in sections):
            # rows the instructions were not read for (a store that lost them): read now
            lex = lex or lexicon()
            out += _effects_of(reader, v, law, lex, folds, {o: b for o, _l, b, _i in sections})
            continue
        for _ord, label, base, stored in sections:
            read = from_json(stored or "[]")
            out += _effects(v, law, (label or "").rstrip("."), base, read, folds)
    return out


def _effects_of(
    reader: Reader,
    amending: VersionRow,
    law: str,
    lex: Lexicon,
    folds: Folding | None,
    sections: dict[int, str | None],
) -> list[Effect]:
    """The instructions of the §§ `sections` (ord -> the version of `law` they name, as
    written) of the amending act `amending`, read from its units."""
    units = reader.units(amending.id)
    labels = {u.ord: (u.label or "").rstrip(".") for u in units if u.ord in sections}
    read = read_instructions(units, [o for o in sections if o in labels], dates(amending), lex)
    out: list[Effect] = []
    for ord_, instructions in read.items():
        out += _effects(amending, law, labels[ord_], sections[ord_], instructions, folds)
    return out


def dates(v: VersionRow) -> Dates:
    """What `kb.ingest.instructions` needs of an amending version's days."""
    return Dates(v.in_force_from, v.in_force_known, v.in_force_rule, v.published, v.date_signed)


def _effects(
    amending: VersionRow,
    law: str,
    section: str,
    base: str | None,
    instructions: list[Instruction],
    folds: Folding | None,
) -> list[Effect]:
    # An effect is its instruction (every field of `Instruction`) in the act `law`.
    return [
        Effect(
            amending=amending.designation,
            section=section,
            law=law,
            base=base,
            folded_into=folds.first(amending, section, i.item) if folds else None,
            amending_id=amending.id,
            **{f.name: getattr(i, f.name) for f in fields(i)},
        )
        for i in instructions
    ]


# --- lineage --------------------------------------------------------------------


def lineage_of(reader: Reader, v: VersionRow) -> Lineage:
    """What a stored consolidation says it is built on and folds in: its
    lineage sentence, with the footnotes of its <Indledning> (which may say that
    part of an amendment named in the sentence is not included)."""
    if not v.lineage:
        return read_lineage(None)
    rows = reader.q(
        "SELECT text FROM units WHERE version_id = :v AND kind = 'nota' AND parent_ord IN "
        "(SELECT ord FROM units WHERE version_id = :v AND kind = 'indledning') ORDER BY ord",
        v=v.id,
    )
    return read_lineage(v.lineage, tuple(t for (t,) in rows if t))


class _Folds:
    """Which stored consolidation of an act first includes an instruction.

    A consolidation includes it when its lineage names it, or when it says
    nothing of it and is built — through its base chain, following the stored
    versions — on one that names it: LBK 150/2015 folds in "§ 1, nr. 11 og 12,
    i lov nr. 722 af 25. juni 2014", and LBK 1053/2015, built on it, includes
    them too without naming them. A lineage that says an item is not included
    stops the chain for that item (LBK 1053/2015: "Den ændring, der følger af §
    1, nr. 6, i lov nr. 722 af 25. juni 2014 …, er ikke indarbejdet i denne
    lovbekendtgørelse"). Only the items named are folded in: "§ 1, nr. 11 og 12"
    says nothing of § 1, nr. 6.
    """

    def __init__(self, reader: Reader, consolidations: list[VersionRow]) -> None:
        self.reader = reader
        self.chain = sorted(
            consolidations, key=lambda v: (v.in_force_from or "", v.date_signed or "")
        )
        self._lineage: dict[int, Lineage] = {}
        self._base: dict[int, VersionRow | None] = {}
        self._known: dict[tuple[int, int, str, str], bool] = {}

    def first(self, amending: VersionRow, section: str, item: str) -> str | None:
        """The designation of the first consolidation that includes item `item`
        of § `section` of the amending act, or None."""
        if amending.number is None:
            return None
        for v in self.chain:
            if self._includes(v, amending, section, item, set()):
                return v.designation
        return None

    def _includes(
        self, v: VersionRow, amending: VersionRow, section: str, item: str, seen: set[int]
    ) -> bool:
        assert amending.number is not None
        # `first` asks each consolidation of the chain in turn, and each asks its bases
        # again: kept, an instruction costs one walk down the chain, not one a version
        key = (v.id, amending.id, section, item)
        known = self._known.get(key)
        if known is not None:
            return known
        seen.add(v.id)
        said = self.lineage(v).says_folded(
            amending.number, amending.date_signed, section.replace("\xa0", " "), item
        )
        if said is None:
            base = self._base_of(v)
            said = (
                base is not None
                and base.id not in seen
                and self._includes(base, amending, section, item, seen)
            )
        self._known[key] = said
        return said

    def lineage(self, v: VersionRow) -> Lineage:
        if v.id not in self._lineage:
            self._lineage[v.id] = lineage_of(self.reader, v)
        return self._lineage[v.id]

    def _base_of(self, v: VersionRow) -> VersionRow | None:
        if v.id not in self._base:
            base = self.lineage(v).base
            found = (
                self.reader.version_by_designation(base.doc_type, base.number, base.date)
                if base is not None and base.date
                else []
            )
            self._base[v.id] = next((b for b in found if not b.is_amending), None)
        return self._base[v.id]


class Folding(_Folds):
    """`_Folds` over the stored consolidations of the act `law`, which also reads an
    effect's `folded_into` when asked (`effect`), its amending version kept."""

    def __init__(self, reader: Reader, law: str) -> None:
        act = reader.act(law)
        super().__init__(
            reader,
            [v for v in reader.versions(act.id) if not v.is_amending] if act is not None else [],
        )
        self._amending: dict[int, VersionRow | None] = {}

    def effect(self, e: Effect) -> Effect:
        """`e` with its `folded_into` read."""
        if e.amending_id not in self._amending:
            self._amending[e.amending_id] = self.reader.version(e.amending_id)
        amending = self._amending[e.amending_id]
        if amending is None:
            return e
        return replace(e, folded_into=self.first(amending, e.section, e.item))
