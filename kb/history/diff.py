"""Compare two stored versions of an act, provision by provision.

Provisions are matched by their address (§, stk., nr., litra). Where an
amending act renumbers ("Stk. 2-4 bliver herefter stk. 5-7."), the old and
the new address are paired and the change is reported as a renumbering, not
as one provision removed and another added. Changed text is shown as a
word-level diff. Every change lists the effects (`kb.history.effects`) that account
for it, so that a maintainer can see what no amending act explains.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from kb.errors import KbError, NotFound, UsageError
from kb.history.effects import Effect, effects_on
from kb.i18n import _
from kb.store.read import Reader, UnitRow, VersionRow

_KINDS_COMPARED = frozenset({"paragraf", "stk", "nr", "litra", "kapitel"})


@dataclass(frozen=True)
class Change:
    kind: str  # "added" | "removed" | "changed" | "renumbered"
    path: str  # the address in the newer version (the older one's for "removed")
    old_path: str | None
    label: str | None
    old_text: str | None
    new_text: str | None
    words: tuple[tuple[str, str], ...] = ()  # ("=", "…"), ("-", "…"), ("+", "…")
    explained_by: tuple[str, ...] = ()  # "LOV nr 638 af 12/06/2013 § 1, nr. 11"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [list(w) for w in self.words]
        return data


@dataclass(frozen=True)
class Diff:
    law: str
    old: str
    new: str
    changes: tuple[Change, ...]
    effects: tuple[Effect, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "old": self.old,
            "new": self.new,
            "changes": [c.to_json() for c in self.changes],
            "effects": [e.to_json() for e in self.effects],
            "unexplained": [c.path for c in self.changes if not c.explained_by],
        }


def pick_version(versions: list[VersionRow], spec: str) -> VersionRow:
    """A version by its designation or its number and year ("988", "988/2012", "2012-988")."""
    wanted = spec.strip()
    exact = [v for v in versions if v.designation.lower() == wanted.lower()]
    if exact:
        return exact[0]
    numbers = re.findall(r"\d+", wanted)
    found = []
    for v in versions:
        year = (v.date_signed or "")[:4]
        by_number = len(numbers) == 1 and str(v.number) == numbers[0]
        by_number_and_year = len(numbers) == 2 and {str(v.number), year} == set(numbers)
        if by_number or by_number_and_year:
            found.append(v)
    if len(found) == 1:
        return found[0]
    listed = "; ".join(v.designation for v in versions)
    if found:
        raise UsageError(
            _("'{spec}' fits several versions: {versions}").format(spec=spec, versions=listed)
        )
    raise UsageError(
        _("no stored version '{spec}'; the stored versions are: {versions}").format(
            spec=spec, versions=listed
        )
    )


def diff(reader: Reader, law: str, old: str | None = None, new: str | None = None) -> Diff:
    """The changes from version `old` to version `new` (default: the two newest)."""
    act = reader.act_called(law)
    law = act.key
    chain = [v for v in reader.versions(act.id) if not v.is_amending]
    if len(chain) < 2:
        held = chain[0].designation if chain else _("none: only amending acts")
        raise NotFound(
            _("{law} has fewer than two stored versions to compare ({held})").format(
                law=law, held=held
            )
        )
    v1 = pick_version(chain, old) if old else chain[-2]
    v2 = pick_version(chain, new) if new else chain[-1]
    if v1.id == v2.id:
        raise KbError(
            _("{version} is the same version twice; give two versions").format(
                version=v1.designation
            )
        )
    if chain.index(v1) > chain.index(v2):
        raise KbError(
            _("{old} is newer than {new}; give the older version first").format(
                old=v1.designation, new=v2.designation
            )
        )
    relevant = [e for e in effects_on(reader, law) if _between(e, v1, v2)]
    moves = dict(pair for e in relevant for pair in e.renumbered)
    before = _records(reader.units(v1.id))
    after = _records(reader.units(v2.id))
    changes: list[Change] = []
    paired: set[str] = set()
    for path, rec in before.items():
        target = _moved(path, moves)
        if target in after:
            paired.add(target)
            new_rec = after[target]
            if target != path:
                changes.append(_change("renumbered", target, path, rec, new_rec, relevant))
            elif rec != new_rec:
                changes.append(_change("changed", target, path, rec, new_rec, relevant))
        else:
            changes.append(_change("removed", path, path, rec, None, relevant))
    for path, rec in after.items():
        if path not in paired:
            changes.append(_change("added", path, None, None, rec, relevant))
    order = {p: i for i, p in enumerate(after)} | {p: len(after) + i for i, p in enumerate(before)}
    changes.sort(key=lambda c: order.get(c.path, 0))
    return Diff(law, v1.designation, v2.designation, tuple(changes), tuple(relevant))


def _between(effect: Effect, old: VersionRow, new: VersionRow) -> bool:
    """Does the effect lie between the two versions (old before new)?"""
    start, end = old.in_force_from or "", new.in_force_from or "~"
    if effect.folded_into is not None:
        # folded into the newer version, and not already into the older one
        return effect.folded_into == new.designation and effect.folded_into != old.designation
    if effect.in_force is None and effect.in_force_earliest:
        # Its day is not in the sources: it lies between if it can have come into force by
        # the newer version.
        return effect.in_force_earliest <= end
    return start < (effect.in_force or "") <= end


def _moved(path: str, moves: dict[str, str]) -> str:
    """The address of `path` after renumbering (sub-units move with their parent)."""
    for old, new in moves.items():
        if path == old or path.startswith(old + "/"):
            return new + path[len(old) :]
    return path


@dataclass(frozen=True)
class _Record:
    label: str | None
    heading: str | None
    text: str
    group: str | None  # the heading of the group this unit opens


def _records(units: list[UnitRow]) -> dict[str, _Record]:
    by_ord = {u.ord: u for u in units}
    opened: set[int] = set()
    out: dict[str, _Record] = {}
    for u in units:
        if u.kind not in _KINDS_COMPARED or not u.path:
            continue
        group = None
        parent = by_ord.get(u.parent_ord) if u.parent_ord is not None else None
        first_in_group = (
            u.kind == "paragraf"
            and parent is not None
            and parent.kind == "gruppe"
            and parent.ord not in opened
        )
        if first_in_group:
            opened.add(parent.ord)  # type: ignore[union-attr]
            group = parent.heading  # type: ignore[union-attr]
        text = " ".join(p for p in (u.text, u.tail) if p)
        out[u.path] = _Record(u.label, u.heading, text, group)
    return out


def _change(
    kind: str,
    path: str,
    old_path: str | None,
    old: _Record | None,
    new: _Record | None,
    effects: list[Effect],
) -> Change:
    old_text = _shown(old)
    new_text = _shown(new)
    words = _words(old_text or "", new_text or "") if old and new and old != new else ()
    return Change(
        kind=kind,
        path=path,
        old_path=old_path if old_path != path else None,
        label=(new or old).label if (new or old) else None,  # type: ignore[union-attr]
        old_text=old_text,
        new_text=new_text,
        words=words,
        explained_by=_explained(path, old_path, effects),
    )


def _shown(rec: _Record | None) -> str | None:
    if rec is None:
        return None
    parts = []
    if rec.group:
        parts.append(f"[{rec.group}]")
    if rec.heading:
        parts.append(rec.heading)
    if rec.text:
        parts.append(rec.text)
    return " ".join(parts)


def _words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
        if op in ("replace", "delete"):
            out.append(("-", " ".join(a[i1:i2])))
        if op in ("replace", "insert"):
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def _explained(path: str, old_path: str | None, effects: list[Effect]) -> tuple[str, ...]:
    out = []
    for e in effects:
        touched = {*e.targets, *e.new, *(p for pair in e.renumbered for p in pair)}
        for p in (path, old_path):
            if p and any(_related(p, t) for t in touched):
                out.append(f"{e.amending} {e.section}, nr. {e.item.rstrip('.')}")
                break
    return tuple(dict.fromkeys(out))


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")
