"""Build a stored consolidation from its base and the amending §§ its lineage names,
and compare the result with the official text, unit by unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.consolidate.apply import tree, units_of
from kb.consolidate.build import Choice, consolidate, find_version
from kb.consolidate.model import Consolidation
from kb.errors import NotFound
from kb.history.effects import lineage_of
from kb.i18n import _
from kb.store.read import Reader


@dataclass(frozen=True)
class Difference:
    canonical: str
    official: str | None
    computed: str | None

    def to_json(self) -> dict[str, Any]:
        return {"canonical": self.canonical, "official": self.official, "computed": self.computed}


@dataclass(frozen=True)
class Verification:
    target: str
    consolidation: Consolidation
    differences: tuple[Difference, ...]
    units: int  # the official text's units compared

    def to_json(self, lang: str) -> dict[str, Any]:
        data = self.consolidation.to_json(lang)
        del data["units"]
        data["target"] = self.target
        data["compared"] = self.units
        data["differences"] = [d.to_json() for d in self.differences]
        return data


def _collapsed(text: str | None) -> str:
    return " ".join((text or "").split())


def verify(reader: Reader, target: str) -> Verification:
    """Build the stored consolidation `target` from what its lineage names, and compare."""
    official = find_version(reader, target, False)
    lineage = lineage_of(reader, official)
    base = lineage.base
    found = (
        reader.version_by_designation(base.doc_type, base.number, base.date)
        if base is not None and base.date
        else []
    )
    if not found:
        raise NotFound(
            _("the base version of {target} is not stored").format(target=official.designation)
        )
    key = next(a.key for a in reader.acts() if a.id == official.act_id)
    choices: list[Choice] = []
    for f in lineage.folded:
        if not f.act.date:
            continue
        amending = [v for v in reader.version_by_designation(None, f.act.number, f.act.date)]
        if not amending:
            continue
        a = amending[0]
        if f.section is None:
            for (label,) in reader.q(
                "SELECT label FROM amendments WHERE version_id = :v AND act_key = :k ORDER BY ord",
                v=a.id,
                k=key,
            ):
                number = (label or "").replace("§", "").strip().rstrip(".")
                choices.append(Choice(a.designation, number, None))
        else:
            number = f.section.replace("§", "").strip()
            items = frozenset(i.strip().rstrip(".") for i in f.items) if f.items else None
            choices.append(Choice(a.designation, number, items))
    built = consolidate(reader, found[0], choices)
    want = {u.canonical: u for u in units_of(tree(reader.units(official.id))) if u.canonical}
    got = {u.canonical: u for u in built.units if u.canonical}
    differences = [
        Difference(
            path,
            want[path].text if path in want else None,
            got[path].text if path in got else None,
        )
        for path in dict.fromkeys([*want, *got])
        if path not in want
        or path not in got
        or _collapsed(want[path].text) != _collapsed(got[path].text)
    ]
    return Verification(official.designation, built, tuple(differences), len(want))
