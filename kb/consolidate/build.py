"""Read a base version and amending §§ from the store, and consolidate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.consolidate.apply import Item, apply, items_of, tree, units_of
from kb.consolidate.model import Applied, Consolidation
from kb.errors import NotFound, UsageError
from kb.i18n import _
from kb.ingest.instructions import from_json
from kb.store.read import Reader, VersionRow

_SPEC = re.compile(
    r"^\s*(?P<act>.+?)\s+§\s*(?P<par>\d+(?:\s?[a-z])?)(?:\s*,\s*nr\.\s*(?P<items>[\d\s,og-]+))?\s*$"
)


@dataclass(frozen=True)
class Choice:
    """An amending § to apply, or the items of it named ("§ 1, nr. 1-3 og 11")."""

    act: str  # as written: "LOV nr 638 af 12/06/2013"
    paragraf: str  # "1"
    items: frozenset[str] | None  # "1", "2", …; None for all


def parse_apply(spec: str) -> Choice:
    """ "LOV nr 638 af 12/06/2013 § 1, nr. 1-3 og 11" as a `Choice`."""
    m = _SPEC.match(spec)
    if not m:
        raise UsageError(
            _("cannot read {spec} as an amending act and § (LOV nr 638 af 12/06/2013 § 1)").format(
                spec=spec
            )
        )
    items: set[str] | None = None
    if m.group("items"):
        items = set()
        for part in re.split(r"\s*(?:,|\bog\b)\s*", m.group("items").strip()):
            r = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
            if r:
                items |= {str(n) for n in range(int(r.group(1)), int(r.group(2)) + 1)}
            elif part:
                items.add(part)
    return Choice(
        m.group("act").strip(),
        m.group("par").replace(" ", " "),
        frozenset(items) if items else None,
    )


def find_version(reader: Reader, spec: str, amending: bool | None = None) -> VersionRow:
    """A stored version by designation ("LOV nr 638 af 12/06/2013") or number/year ("638/2013")."""
    wanted = " ".join(spec.split())
    rows = reader.q("SELECT id FROM versions WHERE lower(designation) = lower(:d)", d=wanted)
    if not rows:
        m = re.search(r"(\d+)\s*(?:/|af|-)\s*(?:\d+/\d+/)?(\d{4})", wanted)
        if m:
            rows = reader.q(
                "SELECT id FROM versions WHERE number = :n AND year = :y",
                n=int(m.group(1)),
                y=int(m.group(2)),
            )
    found = [v for (i,) in rows if (v := reader.version(i)) is not None]
    if amending is not None:
        found = [v for v in found if v.is_amending == amending] or found
    if len(found) != 1:
        raise NotFound(_("no stored version {spec}").format(spec=spec))
    return found[0]


def consolidate(
    reader: Reader, base: str | VersionRow, applies: list[str] | list[Choice]
) -> Consolidation:
    """The text of the act of `base` after the instructions of `applies`, in the order given.

    With no `applies`, the base's own units: any two versions, official or computed,
    then compare unit by unit."""
    version = base if isinstance(base, VersionRow) else find_version(reader, base, False)
    act = next(a for a in reader.acts() if a.id == version.act_id)
    root = tree(reader.units(version.id))
    done: list[Applied] = []
    designations: list[str] = []
    days: list[str] = []
    for spec in applies:
        choice = parse_apply(spec) if isinstance(spec, str) else spec
        amending = find_version(reader, choice.act, True)
        rows = reader.units(amending.id)
        want = choice.paragraf.replace(" ", "")
        by_label = {
            (label or "").replace("§", "").replace(" ", "").rstrip("."): o
            for o, label in reader.q(
                "SELECT ord, label FROM amendments WHERE version_id = :v", v=amending.id
            )
        }
        # "§ l" for "§ 1" in a few acts' own text
        sections = [
            u for u in rows if u.ord in (by_label.get(want), by_label.get(want.replace("1", "l")))
        ] or [u for u in rows if u.kind == "paragraf" and (u.number or "").replace(" ", "") == want]
        if not sections:
            raise NotFound(
                _("{act} has no § {paragraf}").format(act=amending.designation, paragraf=want)
            )
        section = sections[0]
        items: list[Item] = [
            i
            for i in items_of(rows, section.ord)
            if choice.items is None or i.nr.rstrip(".") in choice.items
        ]
        stored = reader.q(
            "SELECT instructions FROM amendments WHERE version_id = :v AND ord = :o",
            v=amending.id,
            o=section.ord,
        )
        in_force = {
            i.item: i.in_force for i in (from_json(stored[0][0]) if stored and stored[0][0] else [])
        }
        outcomes = apply(root, items, in_force)
        done.append(Applied(amending.designation, f"§ {want}", tuple(outcomes)))
        designations.append(amending.designation)
        days += [o.in_force for o in outcomes if o.in_force]
    notice = None
    if done:
        notice = _(
            "lovkb's own consolidation of {base} with amendments from {amending} (in force {day});"
            " not an official consolidated act"
        ).format(
            base=version.designation,
            amending=", ".join(dict.fromkeys(designations)),
            day=max(days) if days else "?",
        )
    return Consolidation(act.key, version.designation, tuple(done), tuple(units_of(root)), notice)
