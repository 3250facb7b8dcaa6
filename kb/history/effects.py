"""What amending acts do to an act: their instructions read as effects.

An amending act (LOV Æ) is stored like any document: each "§ 1" opens with
the act it amends ("I forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9.
oktober 2012, foretages følgende ændringer:"), and each numbered item is an
instruction ("§ 24, stk. 3, affattes således:") with the new text under it
and, where it renumbers, a clause ("Stk. 2-4 bliver herefter stk. 5-7.").
This module reads those into `Effect`s, in the manner of legislation.gov.uk's
effects: which act, which provisions, what kind of change, in force when —
and whether a stored consolidation has folded it in (the lineage each LBK
states in its <Indledning>) or it is still pending.

Instructions are recorded, not applied: the consolidated text comes from
Retsinformation's own consolidations.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from kb.citation.extract import extract
from kb.citation.grammar import Lexicon, lexicon
from kb.citation.lineage import Lineage, read_lineage
from kb.citation.model import Pinpoint
from kb.ingest.commencement import Commencement, read_commencement, sections_of
from kb.store.read import Reader, UnitRow, VersionRow
from kb.units import MAX_RANGE, Address

KINDS = ("replaced", "new wording", "amended", "repealed", "inserted", "renumbered", "heading")

_BECOMES = re.compile(r",?\s+der\s+bliver\s+[^,]+,")
_QUOTED = re.compile(r"»([^«]*)«\s*(?:ændres\s+)?til:?\s*»([^«]*)«")
_QUOTES = re.compile(r"»[^«]*«")
_RENUMBER = re.compile(
    r"(?P<word>Stk|Nr|§§?|Litra)\.?\s+(?P<old>[\dA-Za-z ,og-]+?)\s+bliver\s+herefter\s+"
    r"(?:stk|nr|§§?|litra)\.?\s+(?P<new>[\dA-Za-z ,og-]+?)\s*\.?$",
    re.I,
)


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

    @property
    def status(self) -> str:
        return f"folded into {self.folded_into}" if self.folded_into else "pending"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        return data


def effects_on(reader: Reader, law: str) -> list[Effect]:
    """Every stored amending act's instructions for the act `law`, oldest first.

    Only the amending acts whose §§ name `law` are read: the `amendments` table
    records, at import, which act each amending § changes (`kb.ingest.amendments`).
    """
    found = reader.amending_sections(law)
    if not found:
        return []
    lex = lexicon(tuple(reader.all_act_names()))
    act = reader.act(law)
    consolidations = (
        [v for v in reader.versions(act.id) if not v.is_amending] if act is not None else []
    )
    folds = _Folds(reader, consolidations)
    out: list[Effect] = []
    for v, sections in sorted(
        found, key=lambda f: (f[0].in_force_from or "", f[0].date_signed or "")
    ):
        out += _effects_of(reader, v, law, lex, folds, {o: base for o, _l, base in sections})
    return out


def _effects_of(
    reader: Reader,
    amending: VersionRow,
    law: str,
    lex: Lexicon,
    folds: _Folds,
    sections: dict[int, str | None],
) -> list[Effect]:
    """The instructions of the §§ `sections` (ord -> the version of `law` they name, as
    written) of the amending act `amending`."""
    units = reader.units(amending.id)
    children: dict[int | None, list[UnitRow]] = {}
    for u in units:
        children.setdefault(u.parent_ord, []).append(u)
    out = []
    said: Commencement | None = None
    for section in (u for u in units if u.ord in sections):
        base = sections[section.ord]
        label = (section.label or "").rstrip(".")
        if said is None:
            said = _commencement(children)
        for item in children.get(section.ord, []):
            if item.kind != "aendring":
                continue
            folded = folds.first(amending, label, (item.label or "").strip())
            effect = _effect(item, children, amending, label, law, base, folded, lex)
            day, rule, earliest = _in_force(said, amending, label, item.label)
            out.append(
                replace(effect, in_force=day, in_force_rule=rule, in_force_earliest=earliest)
            )
    return out


def _effect(
    item: UnitRow,
    children: dict[int | None, list[UnitRow]],
    amending: VersionRow,
    section: str,
    law: str,
    base: str | None,
    folded: str | None,
    lex: Lexicon,
) -> Effect:
    text = item.text or ""
    # The address as it stands before the change: without "der bliver stk. 5"
    # and without the quoted words being changed (»§ 1, stk. 2,«).
    head = _QUOTES.sub("", _BECOMES.sub(",", text))
    items = [i for f in extract(head, lex) if f.kind == "statute" for i in f.items]
    pins = [i.pin for i in items]
    targets = tuple(_expand(i.pin, i.upto) for i in items)
    flat = tuple(dict.fromkeys(path for group in targets for path in group))
    new_units = [c for c in children.get(item.ord, []) if c.kind == "nytekst"]
    new = tuple(_new_paths(new_units, children, pins[0] if pins else None))
    renumbered = tuple(
        pair
        for c in children.get(item.ord, [])
        if c.kind == "rykning"
        for pair in _renumbering(c.text or "", pins[0] if pins else None)
    )
    words = tuple((a, b) for a, b in _QUOTED.findall(text))
    return Effect(
        amending=amending.designation,
        section=section,
        item=(item.label or "").strip(),
        law=law,
        base=base,
        kind=_kind(text, renumbered),
        targets=flat,
        new=new,
        renumbered=renumbered,
        words=words,
        instruction=text,
        in_force=None,  # set by _in_force
        in_force_rule=None,
        in_force_earliest=None,
        folded_into=folded,
    )


def _commencement(children: dict[int | None, list[UnitRow]]) -> Commencement:
    """What the amending act's own §§ say about when it, and its parts, come into force."""
    return read_commencement(sections_of(children.get(None, []), lambda u: children.get(u.ord, [])))


def _in_force(
    said: Commencement, amending: VersionRow, section: str, item: str | None
) -> tuple[str | None, str | None, str | None]:
    """When the instruction `item` of `section` comes into force — the rule its act states
    for that provision, else the act's own (`kb.ingest.commencement`) —, the rule's
    sentence, and where the day is not in the sources, the earliest it can be."""
    paragraf = section.removeprefix("§").replace("\xa0", " ").strip()
    rule = said.rule_for(paragraf, (item or "").strip().rstrip(".") or None)
    if rule is None:  # the act says nothing this reader reads: the stored day, if known
        if amending.in_force_known:
            return amending.in_force_from, amending.in_force_rule, None
        return None, amending.in_force_rule, amending.in_force_from
    published = _date(amending.published)
    day = rule.day(published)
    if day is not None:
        return day.isoformat(), rule.sentence, None
    earliest = rule.earliest(_date(amending.date_signed), published)
    return None, rule.sentence, earliest.isoformat() if earliest else None


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _kind(text: str, renumbered: tuple) -> str:
    t = text.lower()
    if "ophæves, og i stedet indsættes" in t:
        return "replaced"
    if "affattes således" in t:
        return "new wording"
    if "ændres" in t and "»" in t:
        return "amended"
    if t.rstrip(" .").endswith("ophæves"):
        return "repealed"
    if "indsættes" in t:
        return "inserted"
    if "overskrift" in t:
        return "heading"
    return "renumbered" if renumbered else "amended"


def _expand(pin: Pinpoint, upto: str | None) -> tuple[str, ...]:
    """Paths a pinpoint names; "§§ 9-12" gives §9 and §12 (the ends as written)."""
    path = pin.path
    if path is None:
        return ()
    if upto is None:
        return (path,)
    first, last = _number(pin.paragraf), _number(upto)
    if first is not None and last is not None and last - first < MAX_RANGE:
        return tuple(str(Address(str(n))) for n in range(first, last + 1))
    return (path, str(Address(upto)))


def _number(value: str | None) -> int | None:
    m = re.match(r"\d+", value or "")
    return int(m.group(0)) if m else None


def _new_paths(
    roots: list[UnitRow], children: dict[int | None, list[UnitRow]], target: Pinpoint | None
) -> list[str]:
    """Addresses of the provisions in an instruction's new text."""
    out: list[str] = []

    def visit(u: UnitRow, base: Address | None) -> None:
        address = base
        if u.kind == "paragraf" and u.number:
            address = Address(u.number)
        elif u.kind == "kapitel" and u.number:
            address = Address(kapitel=u.number)
        elif u.number and base is not None and base.holds(u.kind):
            address = base.child(u.kind, u.number)
        if address != base or u.kind in ("paragraf", "kapitel"):
            out.append(str(address or ""))
        for c in children.get(u.ord, []):
            visit(c, address)

    for root in roots:
        visit(root, _parent_path(target, root, children))
    return out


def _parent_path(
    target: Pinpoint | None, nytekst: UnitRow, children: dict[int | None, list[UnitRow]]
) -> Address | None:
    """The address new units hang under: § 19, stk. 2 for a new "1)" in § 19, stk. 2."""
    if target is None or target.paragraf is None:
        return None
    first = next(iter(children.get(nytekst.ord, [])), None)
    kind = first.kind if first is not None else None
    return _above(kind or "stk", target)


def _above(kind: str, target: Pinpoint) -> Address | None:
    """The address a unit of `kind` in `target` stands under (its only stk. if none is named)."""
    if kind == "stk":
        return Address(target.paragraf)
    if kind == "nr":
        return Address(target.paragraf, target.stk or 1)
    if kind == "litra":
        return Address(target.paragraf, target.stk or 1, target.nr)
    return None


def _renumbering(text: str, target: Pinpoint | None) -> list[tuple[str, str]]:
    """ "Stk. 2-4 bliver herefter stk. 5-7." under § 27 → (§27/s2, §27/s5), …"""
    m = _RENUMBER.search(text.strip())
    if not m or target is None or target.paragraf is None:
        return []
    old, new = _numbers(m.group("old")), _numbers(m.group("new"))
    if len(old) != len(new):
        return []
    word = m.group("word").lower().rstrip(".")
    if word.startswith("§"):
        return [(str(Address(a)), str(Address(b))) for a, b in zip(old, new, strict=True)]
    base = _above(word, target)
    if base is None:
        return []
    return [
        (str(base.child(word, a)), str(base.child(word, b))) for a, b in zip(old, new, strict=True)
    ]


def _numbers(text: str) -> list[str]:
    """ "2-4" → 2, 3, 4; "2 og 3" → 2, 3."""
    out: list[str] = []
    for part in re.split(r"\s*(?:,|og)\s*", text.strip()):
        r = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        if r:
            out += [str(n) for n in range(int(r.group(1)), int(r.group(2)) + 1)]
        elif part:
            out.append(part.strip())
    return out


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
        seen.add(v.id)
        said = self.lineage(v).says_folded(
            amending.number, amending.date_signed, section.replace("\xa0", " "), item
        )
        if said is not None:
            return said
        base = self._base_of(v)
        return (
            base is not None
            and base.id not in seen
            and self._includes(base, amending, section, item, seen)
        )

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
