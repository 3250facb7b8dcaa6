"""An amending act's instructions, read once at import into the `amendments` table.

Each numbered item under an amending § is an instruction ("§ 24, stk. 3, affattes
således:") with the new text under it and, where it renumbers, a clause ("Stk. 2-4
bliver herefter stk. 5-7."). What it does — which provisions, what kind of change,
the provisions of its new text, the words it changes, the day it comes into force
by its act's own ikrafttrædelse provision (`kb.ingest.commencement`) — depends on
the amending act's own text alone, so it is read here, with the document, and
stored beside the § it stands in as JSON. `kb.history.effects` then reads an act's
effects as rows, without reading the amending acts again (a `kb show` on the whole
corpus read 52 amending acts of serviceloven, their commencement and every
instruction, for each command).

Instructions are recorded, not applied: the consolidated text comes from
Retsinformation's own consolidations.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from kb.citation.model import Pinpoint
from kb.store.read import UnitRow
from kb.units import MAX_RANGE, Address

if TYPE_CHECKING:
    from kb.citation.grammar import Lexicon
    from kb.ingest.commencement import Commencement

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
class Dates:
    """What the amending version's own metadata says of its days (ISO strings)."""

    in_force_from: str | None
    in_force_known: bool
    in_force_rule: str | None
    published: str | None
    date_signed: str | None


@dataclass(frozen=True)
class Instruction:
    """One numbered item of an amending §, read."""

    item: str  # its number: "11."
    kind: str  # one of KINDS
    targets: tuple[str, ...]  # paths of the provisions named ("§27/s1")
    new: tuple[str, ...]  # paths of the provisions its new text holds
    renumbered: tuple[tuple[str, str], ...]  # (old path, new path)
    words: tuple[tuple[str, str], ...]  # (old wording, new wording) for "ændres »a« til: »b«"
    instruction: str  # the instruction, word for word
    # The day it comes into force: the one its act states for it ("§ 1, nr. 3, træder i
    # kraft den 1. januar 2015"), else the act's own; None where the sources do not
    # give it ("dagen efter bekendtgørelsen i Lovtidende" without the Lovtidende date).
    in_force: str | None
    in_force_rule: str | None  # the act's sentence that in_force comes from, word for word
    in_force_earliest: str | None  # where in_force is None: the earliest day it can be


def read_instructions(
    units: Sequence[UnitRow], sections: Iterable[int], dates: Dates, lex: Lexicon
) -> dict[int, list[Instruction]]:
    """The instructions under each amending § of `sections` (their units' ords) of the
    amending act whose units are `units`, in document order."""
    # Here, not at the top: reading stored instructions (`from_json`, `kb versions`)
    # needs neither the citation engine nor the commencement patterns.
    from kb.ingest.commencement import read_commencement, sections_of

    children: dict[int | None, list[UnitRow]] = {}
    for u in units:
        children.setdefault(u.parent_ord, []).append(u)
    by_ord = {u.ord: u for u in units}
    said: Commencement | None = None
    out: dict[int, list[Instruction]] = {}
    for ord_ in sections:
        section = by_ord[ord_]
        label = (section.label or "").rstrip(".")
        if said is None:
            said = read_commencement(
                sections_of(children.get(None, []), lambda u: children.get(u.ord, []))
            )
        out[ord_] = [
            _instruction(item, children, lex, _in_force(said, dates, label, item.label))
            for item in children.get(ord_, [])
            if item.kind == "aendring"
        ]
    return out


def to_json(instructions: Sequence[Instruction]) -> str:
    return json.dumps([asdict(i) for i in instructions], ensure_ascii=False)


def from_json(data: str) -> list[Instruction]:
    out = []
    for d in json.loads(data):
        d["targets"], d["new"] = tuple(d["targets"]), tuple(d["new"])
        d["renumbered"] = tuple(tuple(p) for p in d["renumbered"])
        d["words"] = tuple(tuple(p) for p in d["words"])
        out.append(Instruction(**d))
    return out


def _instruction(
    item: UnitRow,
    children: dict[int | None, list[UnitRow]],
    lex: Lexicon,
    when: tuple[str | None, str | None, str | None],
) -> Instruction:
    from kb.citation.extract import extract

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
    return Instruction(
        item=(item.label or "").strip(),
        kind=_kind(text, renumbered),
        targets=flat,
        new=new,
        renumbered=renumbered,
        words=words,
        instruction=text,
        in_force=when[0],
        in_force_rule=when[1],
        in_force_earliest=when[2],
    )


def _in_force(
    said: Commencement, dates: Dates, section: str, item: str | None
) -> tuple[str | None, str | None, str | None]:
    """When the instruction `item` of `section` comes into force — the rule its act states
    for that provision, else the act's own (`kb.ingest.commencement`) —, the rule's
    sentence, and where the day is not in the sources, the earliest it can be."""
    paragraf = section.removeprefix("§").replace("\xa0", " ").strip()
    rule = said.rule_for(paragraf, (item or "").strip().rstrip(".") or None)
    if rule is None:  # the act says nothing this reader reads: its stored day, if known
        if dates.in_force_known:
            return dates.in_force_from, dates.in_force_rule, None
        return None, dates.in_force_rule, dates.in_force_from
    published = _date(dates.published)
    day = rule.day(published)
    if day is not None:
        return day.isoformat(), rule.sentence, None
    earliest = rule.earliest(_date(dates.date_signed), published)
    return None, rule.sentence, earliest.isoformat() if earliest else None


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _kind(text: str, renumbered: tuple[Any, ...]) -> str:
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
