"""From resolved citations to an `Excerpt`: which units, in what order.

Units are grouped by act version, in the order the letter first cites each,
and printed in the act's own order. A unit cited whole covers its sub-units,
so `§ 24` and `§ 24, stk. 2` give § 24 once. Around a cited part of a §, the
§'s label stays and a gap marker stands for every stretch left out; the
lead-in of a list ("Stk. 2. Bestemmelsen i stk. 1 gælder ikke, hvis") is
kept with a cited nr., because the nr. does not read without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from kb import sentences
from kb.codes import Status
from kb.excerpts.model import ActPart, Excerpt, Line, Omission, PracticePart
from kb.resolver.checklist import designation_written
from kb.resolver.target import Target
from kb.store.read import ActRow, Reader, UnitRow, VersionRow
from kb.text import danish_date
from kb.units import row_children, unit_text

QUOTED: tuple[Status, ...] = ("ok", "not_in_force")  # statuses whose text an excerpt quotes
_LEVEL = {"paragraf": 0, "stk": 1, "nr": 2, "litra": 3}
_SKIPPED = frozenset({"nota"})  # editorial notes are not law text


@dataclass
class _Selection:
    """What is cited of one version."""

    version_id: int
    whole: set[int] = field(default_factory=set)  # unit ords cited whole
    pkt: dict[int, set[int]] = field(default_factory=dict)  # unit ord -> sentence numbers
    cited: list[str] = field(default_factory=list)  # canonical forms, in letter order
    notes: list[str] = field(default_factory=list)  # what the store does not hold, said once


# Warnings about what the version's source knew of and the store does not hold:
# they belong in the stamp of the version, where the reader of the excerpt looks.
_TIME_NOTES = frozenset({"later_changes_not_stored", "marked_historic"})


def build(
    reader: Reader,
    targets: Iterable[Target],
    as_of: dt.date,
    *,
    whole_paragraphs: bool = False,
    include_headings: bool = True,
    omitted: Iterable[Omission] = (),
) -> Excerpt:
    """The excerpt of every `ok` target; other targets go to `omitted`.

    A `not_in_force` target (a named act that has been replaced) is quoted
    too: the citation asked for that text, and the stamp says it is not law.
    """
    selections: dict[int, _Selection] = {}
    practice: dict[str, PracticePart] = {}
    left_out = list(omitted)
    units_of: dict[int, dict[int, UnitRow]] = {}
    for t in targets:
        if t.status not in QUOTED:
            left_out.append(
                Omission(t.canonical or "", t.status, t.message, t.canonical, reason=t.reason)
            )
            continue
        if t.practice is not None:
            if t.practice not in practice:
                practice[t.practice] = _practice(reader, t.practice)
            continue
        if t.where is None:
            continue
        version_id, ord_ = t.where
        if version_id not in units_of:
            units_of[version_id] = {u.ord: u for u in reader.units(version_id)}
        units = units_of[version_id]
        sel = selections.setdefault(version_id, _Selection(version_id))
        if t.canonical not in sel.cited:
            sel.cited.append(t.canonical)
        for w in t.warnings:
            if w.code in _TIME_NOTES and w.message not in sel.notes:
                sel.notes.append(w.message)
        unit = units[ord_]
        if whole_paragraphs:
            unit = _paragraf_of(unit, units)
            sel.whole.add(unit.ord)
        elif t.pkt is not None:
            sel.pkt.setdefault(unit.ord, set()).add(t.pkt)
        else:
            sel.whole.add(unit.ord)
    parts = [
        _act_part(reader, sel, units_of[vid], as_of, include_headings)
        for vid, sel in selections.items()
    ]
    return Excerpt(as_of, tuple(parts), tuple(practice.values()), tuple(left_out))


def _paragraf_of(unit: UnitRow, units: dict[int, UnitRow]) -> UnitRow:
    """The § a unit stands in (the unit itself for a § or a chapter)."""
    current = unit
    while current.kind != "paragraf" and current.parent_ord is not None:
        parent = units[current.parent_ord]
        if parent.kind not in _LEVEL:
            return unit
        current = parent
    return current if current.kind == "paragraf" else unit


# --- one version ------------------------------------------------------------


def _act_part(
    reader: Reader,
    sel: _Selection,
    units: dict[int, UnitRow],
    as_of: dt.date,
    include_headings: bool,
) -> ActPart:
    version = reader.version(sel.version_id)
    assert version is not None
    act = next(a for a in reader.acts() if a.id == version.act_id)
    lines = _Walker(units, sel, include_headings).lines()
    current = version.in_force_on(as_of.isoformat())
    return ActPart(
        law=act.key,
        heading=heading(act, version),
        title=version.title,
        version=version.designation,
        eli=version.eli,
        in_force_from=version.in_force_from,
        in_force_to=version.in_force_to,
        partial=version.is_partial,
        current=current,
        stamp=_stamp(reader, act, version, as_of, current, sel.notes),
        cited=tuple(sel.cited),
        lines=tuple(lines),
    )


def heading(act: ActRow, version: VersionRow) -> str:
    """The act as a letter must give it: name, number and date (the pamphlet, 2.5)."""
    name = act.popular_title or act.title[:1].upper() + act.title[1:]
    written = designation_written(version.doc_type, version.number, version.date_signed)
    if written is None:
        return f"{name}, {version.designation[:1].lower()}{version.designation[1:]}"
    if version.doc_type == "LBK":
        return f"{name}, jf. {written}"
    return f"{name}, {written}"


def _stamp(
    reader: Reader,
    act: ActRow,
    version: VersionRow,
    as_of: dt.date,
    current: bool,
    notes: Iterable[str] = (),
) -> tuple[str, ...]:
    day = danish_date(as_of.isoformat())
    if version.attested:
        period = version.attested_period()
        out = [
            f"Version: {version.designation}, gengivet efter {version.source}.",
            f"Kilden dokumenterer kun teksten, som den lød fra {danish_date(period['from'])} "
            f"til {danish_date(period['until'])}; hvornår den trådte i kraft og ophørte, "
            "fremgår ikke.",
        ]
        newer = _newer(reader, act, version)
        if newer is not None and (newer.in_force_from or "~") <= as_of.isoformat():
            out.append(
                f"Denne version er ikke længere gældende pr. {day}: den blev afløst "
                f"{danish_date(newer.in_force_from)} af {newer.designation}."
            )
    else:
        span = f"i kraft fra {danish_date(version.in_force_from)}" if version.in_force_from else ""
        if version.in_force_to:
            span += f" til {danish_date(version.in_force_to)}"
        out = [f"Version: {version.designation}" + (f", {span}" if span else "") + "."]
        if current:
            out.append(f"Gældende version pr. {day}.")
        elif version.in_force_from and as_of.isoformat() < version.in_force_from:
            out.append(f"Versionen er endnu ikke trådt i kraft pr. {day}.")
        elif (newer := _newer(reader, act, version)) is not None:
            out.append(
                f"Denne version er ikke længere gældende pr. {day}: den blev afløst "
                f"{danish_date(newer.in_force_from)} af {newer.designation}."
            )
        else:
            out.append(f"Denne version er ikke længere gældende pr. {day}.")
    if version.is_partial:
        out.append("Kilden gengiver kun en del af loven.")
    # What the version's own source knew of and the store does not hold
    # (the warnings later_changes_not_stored and marked_historic).
    out.extend(notes)
    return tuple(out)


def _newer(reader: Reader, act: ActRow, version: VersionRow) -> VersionRow | None:
    """The first stored version of the act after `version`."""
    later = [
        v
        for v in reader.versions(act.id)
        if not v.is_amending
        and v.id != version.id
        and (v.in_force_from or "") >= (version.in_force_to or "~")
    ]
    return later[0] if later else None


def _practice(reader: Reader, ref: str) -> PracticePart:
    row = reader.practice(ref)
    if row is None:  # resolved a moment ago; the store cannot have lost it
        return PracticePart(ref, None, None, None)
    _id, ref, _series, _letter, _number, _year, title, summary, source, _note = row
    return PracticePart(ref, title, summary, source)


class _Walker:
    """Walk a version's tree and emit the lines of what is selected."""

    def __init__(self, units: dict[int, UnitRow], sel: _Selection, include_headings: bool):
        self.units = units
        self.sel = sel
        self.include_headings = include_headings
        self.children: dict[int | None, list[UnitRow]] = {}
        for u in units.values():
            if u.kind not in _SKIPPED:
                self.children.setdefault(u.parent_ord, []).append(u)
        # Units that lead to something cited (the cited units among them).
        self.marked: set[int] = set()
        for o in (*sel.whole, *sel.pkt):
            current: int | None = o
            while current is not None and current not in self.marked:
                self.marked.add(current)
                current = units[current].parent_ord
        self.out: list[Line] = []

    def lines(self) -> list[Line]:
        for root in self.children.get(None, []):
            self._visit(root, covered=False)
        return self.out

    def _visit(self, u: UnitRow, covered: bool) -> None:
        covered = covered or u.ord in self.sel.whole
        level = _level(u)
        if covered:
            self._own(u, level, (u.text,) if u.text else (), cited=True)
            for child in self.children.get(u.ord, []):
                self._visit(child, covered=True)
            if u.tail:
                self.out.append(Line("tail", level, pieces=(u.tail,), path=u.path, cited=True))
            return
        if u.ord in self.sel.pkt:
            self._sentences(u)
            return
        if u.ord not in self.marked:
            return
        if u.kind in _STRUCTURE:
            self._heading(u)
            for child in self.children.get(u.ord, []):
                self._visit(child, covered=False)
            return
        # An ancestor of what is cited: its label, a list's lead-in and closing
        # words (a cited nr. does not read without them), the cited parts, and
        # a gap for each stretch left out.
        self._own(u, level, (u.text,) if u.text else (), cited=False)
        gap = False
        in_list = False
        for child in self.children.get(u.ord, []):
            if child.ord in self.marked:
                self._visit(child, covered=False)
                gap = False
                in_list = in_list or child.kind in ("nr", "litra")
            elif not gap:
                self.out.append(Line("gap", _level(child)))
                gap = True
        if u.tail and in_list:
            self.out.append(Line("tail", level, pieces=(u.tail,), path=u.path, cited=False))
        elif u.tail and not gap:
            self.out.append(Line("gap", level))

    def _own(self, u: UnitRow, level: int, pieces: tuple[str | None, ...], cited: bool) -> None:
        """The line a unit prints itself as (a heading for chapters and groups)."""
        if u.kind in _STRUCTURE:
            self._heading(u)
        elif u.kind in _CONTAINERS and not u.text and not u.label:
            return  # the new text of an amending instruction: its units print themselves
        else:
            self.out.append(Line("unit", level, u.label, u.heading, pieces, u.path, cited))

    def _heading(self, u: UnitRow) -> None:
        if self.include_headings and (u.label or u.heading):
            self.out.append(Line("heading", 0, u.label, u.heading, path=u.path))

    def _sentences(self, u: UnitRow) -> None:
        """The cited sentences of `u`, counted as the resolver counts them: over
        the unit's whole text with its sub-units; each part of a stored text
        that holds a cited sentence is printed, and every stretch left out is
        marked."""
        rows = [self.units[o] for o in range(u.ord, u.end_ord + 1) if o in self.units]
        rows = [r for r in rows if r.kind not in _SKIPPED]
        text, parts = unit_text(rows[0], row_children(rows))
        spans = sentences.spans(text)
        wanted = [spans[n - 1] for n in sorted(self.sel.pkt[u.ord]) if 1 <= n <= len(spans)]
        kept: dict[tuple[int, str], tuple[str | None, ...]] = {}
        for row, name, start, _end in parts:
            kept[(row.ord, name)] = _cut(getattr(row, name), start, wanted)
        self._emit_kept(u, kept, root=True)

    def _emit_kept(
        self, row: UnitRow, kept: dict[tuple[int, str], tuple[str | None, ...]], root: bool
    ) -> bool:
        """Print the parts of `row`'s subtree that hold cited sentences; False if none."""
        if not root and not _holds(row, kept, self.children):
            return False
        level = _level(row)
        own = kept.get((row.ord, "text"), ())
        if own and any(p is not None for p in own):
            self._own(row, level, own, cited=True)
        else:
            self._own(row, level, (None,) if row.text else (), cited=False)
        gap = False
        for child in self.children.get(row.ord, []):
            if self._emit_kept(child, kept, root=False):
                gap = False
            elif not gap:
                self.out.append(Line("gap", _level(child)))
                gap = True
        tail = kept.get((row.ord, "tail"), ())
        if tail and any(p is not None for p in tail):
            self.out.append(Line("tail", level, pieces=tail, path=row.path, cited=True))
        elif row.tail and not gap:
            self.out.append(Line("gap", level))
        return True


_STRUCTURE = frozenset({"bog", "afsnit", "kapitel", "gruppe"})
_CONTAINERS = frozenset({"nytekst"})
_OTHER_LEVELS = {"aendring": 1, "rykning": 2, "nytekst": 1}


def _level(u: UnitRow) -> int:
    return _LEVEL.get(u.kind, _OTHER_LEVELS.get(u.kind, 0))


def _cut(stored: str, start: int, wanted: list[tuple[int, int]]) -> tuple[str | None, ...]:
    """The parts of `stored` (at `start` in the rendered text) inside the wanted
    sentence spans, exactly as stored, with None for what is left out."""
    end = start + len(stored)
    parts: list[str | None] = []
    pos = 0
    for a, b in wanted:
        lo, hi = max(a, start) - start, min(b, end) - start
        if lo >= hi:
            continue
        if lo > pos and stored[pos:lo].strip():
            parts.append(None)
        parts.append(stored[lo:hi])
        pos = hi
    if not parts:
        return ()
    if stored[pos:].strip():
        parts.append(None)
    return tuple(parts)


def _holds(
    row: UnitRow,
    kept: dict[tuple[int, str], tuple[str | None, ...]],
    children: dict[int | None, list[UnitRow]],
) -> bool:
    if any(p is not None for f in ("text", "tail") for p in kept.get((row.ord, f), ())):
        return True
    return any(_holds(c, kept, children) for c in children.get(row.ord, []))
