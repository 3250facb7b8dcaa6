"""The references inside a provision, and the provisions that refer to one.

Inside: the § the unit stands in is laid out and read as the graph reads it
(`kb.graph.build.read_passage`), as of the day asked for, so that its targets
speak the language of the caller and carry the contract's messages; each reference
is placed by its offsets in the unit's text as `kb show` and the JSON give it.

Incoming: every stored reference whose target is the unit or a unit below it, in a
version in force on the day (an amending act: one in force by then), from the
`refs` table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kb.citation.model import Pinpoint
from kb.graph.layout import CONTAINERS, Passage, passages
from kb.graph.reading import Readers, amended_acts, law_of, read_passage
from kb.i18n import Language, language
from kb.resolver.target import Target
from kb.store.read import Reader, VersionRow
from kb.units import Address, row_children, unit_text

SCHEMA = 2


@dataclass(frozen=True)
class Inside:
    """A reference in the text of a unit: as written, where, and what it resolves to."""

    text: str
    start: int  # offsets in the unit's text (`Target.text`)
    end: int
    kind: str  # "statute", …, or "act" for an act named without a unit
    targets: tuple[Target, ...] = ()
    act: str | None = None  # for an act named: its key and version
    version: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        data["kind"] = self.kind
        if self.kind == "act":
            data["law"], data["version"] = self.act, self.version
        data["targets"] = [t.to_json() for t in self.targets]
        return data


@dataclass(frozen=True)
class Incoming:
    """A stored provision that refers to the unit (or to a unit below it)."""

    canonical: str  # the provision that refers
    version: str  # its version
    text: str  # the reference as written there
    target: str  # what it refers to: the unit or one below it
    law: str
    path: str | None
    amending: bool  # the provision is an amending act's
    in_force_from: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Refs:
    """What `kb refs` prints: a unit's references, and with `incoming` those to it."""

    as_of: dt.date
    unit: str
    version: str | None
    text: str
    references: list[Inside]
    incoming: list[Incoming] | None = None
    lang: Language = field(default_factory=language)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "unit": self.unit,
            "version": self.version,
            "references": [r.to_json() for r in self.references],
        }
        if self.incoming is not None:
            data["incoming"] = [i.to_json() for i in self.incoming]
        return data


def inside(reader: Reader, target: Target, day: dt.date) -> list[Inside]:
    """The references in the text of the unit `target` names (`where` set by the
    resolver), read as of `day`, placed in `target.text`."""
    if target.where is None:
        return []
    version_id, ord_ = target.where
    version = reader.version(version_id)
    unit = reader.unit_at(version_id, ord_)
    if version is None or unit is None:
        return []
    # The § the unit stands in (the outermost: an amending act's quoted § stands in
    # one of the act's own), which the reading lays out whole.
    around = [u for u in reader.ancestors(version_id, unit) if u.kind in CONTAINERS]
    top = around[0] if around else unit
    units = reader.subtree(version_id, top)
    rows = [u for u in units if unit.ord <= u.ord <= unit.end_ord]
    placed = {(u.ord, part): a for u, part, a, _b in unit_text(rows[0], row_children(rows)).parts}
    key = reader.q("SELECT key FROM acts WHERE id = :a", a=version.act_id)[0][0]
    amended = amended_acts(reader, version)
    readers = Readers(reader)
    out: list[Inside] = []
    for passage in passages(units):
        last = passage.pieces[-1].ord
        if last < unit.ord or passage.head > unit.end_ord:
            continue
        checker = readers.checker(*law_of(passage, amended, key), day)
        for r in read_passage(checker, passage):
            offset = placed.get((r.piece.ord, r.piece.field))
            if offset is None:
                continue  # in the § around the unit, not in the unit
            start, end = offset + r.start, offset + r.end
            targets = tuple(_placed(t, passage, placed) for t in r.targets)
            out.append(Inside(r.text, start, end, r.kind, targets, r.act, r.version))
    return out


def _placed(t: Target, passage: Passage, placed: dict[tuple[int, str], int]) -> Target:
    """`t` with its antecedent's offsets in the unit's text, as the reference's are;
    None where the antecedent stands outside the unit (the § label before it)."""
    if t.antecedent is None or t.antecedent.get("start") is None:
        return t
    a = dict(t.antecedent)
    t = t.copy()
    piece = passage.piece_at(a["start"], a["end"])
    offset = placed.get((piece.ord, piece.field)) if piece is not None else None
    if piece is None or offset is None:
        a["start"] = a["end"] = None
    else:
        a["start"] = offset + a["start"] - piece.start
        a["end"] = offset + a["end"] - piece.start
    t.antecedent = a
    return t


def incoming(reader: Reader, law: str, path: str, day: dt.date) -> list[Incoming]:
    """Every stored reference to the unit `path` of the act `law`, or to a unit below
    it, from a version in force on `day` (an amending act's: in force by then)."""
    act = reader.act(law)
    if act is None:
        return []
    # A unit and those below it: "§24" and "§24/…", not "§24 a" (a range on the
    # column's index, as LIKE would not use it on every backend).
    rows = reader.q(
        "SELECT f.version_id, f.ord, f.id, f.text, t.path, t.pkt FROM ref_targets t "
        "JOIN refs f ON f.id = t.ref_id WHERE t.act_id = :a AND (t.path = :p "
        "OR (t.path >= :lo AND t.path < :hi)) AND t.status IN ('ok', 'not_in_force') "
        "ORDER BY f.version_id, f.ord, f.start, t.id",
        a=act.id,
        p=path,
        lo=path + "/",
        hi=path + "0",
    )
    if not rows:
        return []
    iso = day.isoformat()
    versions: dict[int, VersionRow | None] = {}
    keys: dict[int, str] = {}
    places: dict[tuple[int, int], str | None] = {}
    seen: set[int] = set()
    out: list[Incoming] = []
    for version_id, ord_, ref_id, written, target_path, pkt in rows:
        if ref_id in seen:
            continue  # "stk. 1 og 3" refers to § 24 twice, but is one reference
        seen.add(ref_id)
        if version_id not in versions:
            v = reader.version(version_id)
            if v is not None and not _read_on(v, iso):
                v = None
            versions[version_id] = v
            if v is not None:
                keys[version_id] = reader.q("SELECT key FROM acts WHERE id = :a", a=v.act_id)[0][0]
        version = versions[version_id]
        if version is None:
            continue
        where = places.get((version_id, ord_))
        if (version_id, ord_) not in places:
            where = places[(version_id, ord_)] = _place(reader, version_id, ord_)
        key = keys[version_id]
        source = f"{key} {Address.parse(where).written()}" if where else key
        out.append(
            Incoming(
                source,
                version.designation,
                written,
                _canonical(law, target_path, pkt),
                key,
                where,
                version.is_amending,
                version.in_force_from,
            )
        )
    return out


def _canonical(law: str | None, path: str | None, pkt: int | None) -> str:
    if path is None:
        return law or ""
    a = Address.parse(path)
    return Pinpoint(a.paragraf, a.stk, a.nr, a.litra, pkt, a.kapitel).canonical(law)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Stored:
    """One target of a stored reference, as `kb refs` would give it."""

    ord: int
    part: str
    start: int
    end: int
    text: str
    kind: str
    canonical: str
    path: str | None  # the target's address in its act
    status: str
    reason: str | None


def stored(reader: Reader, version_id: int) -> list[Stored]:
    """The stored references of a version, one row a target, in document order."""
    rows = reader.q(
        'SELECT f.ord, f.part, f.start, f."end", f.text, f.kind, a.key, t.path, t.pkt, '
        "t.status, t.reason FROM refs f JOIN ref_targets t ON t.ref_id = f.id "
        "LEFT JOIN acts a ON a.id = t.act_id WHERE f.version_id = :v ORDER BY f.id, t.id",
        v=version_id,
    )
    return [
        Stored(o, part, a, b, text, kind, _canonical(key, path, pkt) or text, path, status, reason)
        for o, part, a, b, text, kind, key, path, pkt, status, reason in rows
    ]


def _read_on(v: VersionRow, day: str) -> bool:
    if v.is_amending:
        start = v.in_force_from or v.date_signed
        return start is not None and start <= day
    return v.in_force_on(day)


def _place(reader: Reader, version_id: int, ord_: int) -> str | None:
    """The address of the unit at `ord_`, or of the nearest unit above it that has
    one (an amending act's quoted text has none of its own)."""
    rows = reader.q(
        "SELECT ord, path FROM units WHERE version_id = :v AND ord <= :o AND end_ord >= :o "
        "ORDER BY ord DESC",
        v=version_id,
        o=ord_,
    )
    for _ord, path in rows:
        if path is not None:
            return path
    return None
