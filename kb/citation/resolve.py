"""Resolve a parsed citation against the store: the exact unit, or why not.

Resolution never guesses. An act that is not loaded is `unknown_law`; a
citation without an act that fits several is `ambiguous` with candidates; a
unit that does not exist is `not_found` with a message that says what does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from kb import sentences
from kb.citation.model import ParsedCitation, Pinpoint
from kb.read import ActRow, Reader, UnitRow, VersionRow
from kb.text import fold

STATUSES = ("ok", "not_found", "unknown_law", "ambiguous", "not_in_force")


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
    status: str
    message: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str | None = None
    candidates: list[str] | None = None
    # Beyond the contract: where the unit stands, for people reading it.
    label: str | None = None
    heading: str | None = None
    chapter: str | None = None
    version_title: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    partial: bool | None = None
    kapitel: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["candidates"] is None:
            del data["candidates"]
        if data["kapitel"] is None:
            del data["kapitel"]
        return data


def resolve_parsed(
    reader: Reader, cit: ParsedCitation, as_of: dt.date, default_act: ActRow | None = None
) -> Target:
    pin = cit.pin
    day = as_of.isoformat()
    named_version: VersionRow | None = None
    act: ActRow | None = None

    if cit.version_key is not None:
        doc_type, number, date_iso = cit.version_key
        found = reader.version_by_designation(doc_type, number, date_iso)
        if found:
            named_version = found[0]
            act = next(a for a in reader.acts() if a.id == named_version.act_id)
    if act is None and cit.act:
        act, problem = _find_act(reader, cit.act, pin)
        if problem is not None:
            return problem
    if act is None and cit.version_key is not None:
        return _target(
            None,
            None,
            pin,
            "unknown_law",
            f"{cit.version} is not loaded; loaded acts: {_act_list(reader)}",
        )
    if act is None:
        act = default_act
    if act is None:
        return _ambiguous(reader, pin, day)

    warnings: list[str] = []
    version = named_version
    if version is None:
        version = _version_on(reader, act, day)
        if version is None:
            chain = [v for v in reader.versions(act.id) if not v.is_amending] or reader.versions(
                act.id
            )
            first = chain[0].in_force_from if chain else None
            return _target(
                act,
                None,
                pin,
                "not_found",
                f"no stored version of {act.key} was in force on {day}"
                + (f"; the stored versions begin {first}" if first else ""),
            )
    elif not version.in_force_on(day) and version.in_force_to and version.in_force_to <= day:
        newer = [
            v
            for v in reader.versions(act.id)
            if not v.is_amending and v.in_force_from and v.in_force_from >= version.in_force_to
        ]
        if newer:
            warnings.append(
                f"{version.designation} is superseded; the version in force on "
                f"{day} is {next((v for v in newer if v.in_force_on(day)), newer[-1]).designation}"
            )
    return _resolve_unit(reader, act, version, pin, warnings)


def _find_act(reader: Reader, written: str, pin: Pinpoint) -> tuple[ActRow | None, Target | None]:
    from kb.names import registry

    for candidate in _name_forms(written):
        acts = reader.acts_named(candidate)
        if len(acts) == 1:
            return acts[0], None
        if len(acts) > 1:
            return None, Target(
                law=None,
                version=None,
                eli=None,
                **_pin_fields(pin),
                canonical=pin.canonical(None),
                status="ambiguous",
                message=f"{written!r} names several acts",
                candidates=[pin.canonical(a.key) for a in acts],
            )
    entry = None
    for candidate in _name_forms(written):
        entry = registry().lookup(candidate)
        if entry:
            break
    loaded = _act_list(reader)
    if entry is not None:
        message = f"{written} ({entry.key}) is not loaded; loaded acts: {loaded}"
        return None, Target(
            law=entry.key,
            version=None,
            eli=None,
            **_pin_fields(pin),
            canonical=pin.canonical(entry.key),
            status="unknown_law",
            message=message,
        )
    message = f"no act named {written!r} is loaded; loaded acts: {loaded}"
    return None, Target(
        law=None,
        version=None,
        eli=None,
        **_pin_fields(pin),
        canonical=pin.canonical(None),
        status="unknown_law",
        message=message,
    )


def _name_forms(written: str) -> list[str]:
    name = fold(written)
    forms = [name]
    if name.endswith("s") and len(name) > 4:
        forms.append(name[:-1])  # genitive: forvaltningslovens -> forvaltningsloven
    return forms


def _act_list(reader: Reader) -> str:
    return ", ".join(a.key for a in reader.acts() if not a.key.startswith("lov om ændring"))


def _version_on(reader: Reader, act: ActRow, day: str) -> VersionRow | None:
    versions = reader.versions(act.id)
    chain = [v for v in versions if not v.is_amending] or versions
    for v in reversed(chain):
        if v.in_force_on(day):
            return v
    return None


def _ambiguous(reader: Reader, pin: Pinpoint, day: str) -> Target:
    candidates = []
    if pin.path:
        for act in reader.acts():
            version = _version_on(reader, act, day)
            if version is not None and reader.unit(version.id, pin.path) is not None:
                candidates.append(pin.canonical(act.key))
    message = "the citation names no act"
    message += (
        f"; it fits {len(candidates)} loaded acts"
        if candidates
        else "; no loaded act has this provision"
    )
    return Target(
        law=None,
        version=None,
        eli=None,
        **_pin_fields(pin),
        canonical=pin.canonical(None),
        status="ambiguous",
        message=message,
        candidates=candidates,
    )


def _resolve_unit(
    reader: Reader, act: ActRow, version: VersionRow, pin: Pinpoint, warnings: list[str]
) -> Target:
    path = pin.path
    unit = reader.unit(version.id, path) if path else None
    if unit is None and pin.paragraf and pin.stk is None and pin.nr is None:
        unit = _within_range(reader, version, pin.paragraf)
    if unit is None:
        return _target(
            act, version, pin, "not_found", _what_exists(reader, act, version, pin), warnings
        )
    rows = reader.subtree(version.id, unit)
    text = render_rows(rows)
    if pin.pkt is not None:
        parts = sentences.split(text)
        if not 1 <= pin.pkt <= len(parts):
            where = Pinpoint(pin.paragraf, pin.stk, pin.nr, pin.litra, None, pin.kapitel).written()
            return _target(
                act,
                version,
                pin,
                "not_found",
                f"{where} has {len(parts)} pkt." if parts else f"{where} has no text",
                warnings,
            )
        text = parts[pin.pkt - 1]
    if pin.stk is None and pin.paragraf and pin.pkt is None:
        stks = [c for c in reader.children(version.id, unit.ord) if c.kind == "stk"]
        if len(stks) > 1:
            warnings.append(
                f"§ {pin.paragraf} has {len(stks)} stk.; the citation names none of them"
            )
    target = _target(act, version, pin, "ok", None, warnings)
    target.text = text
    target.label = unit.label
    ancestors = reader.ancestors(version.id, unit)
    chapter = next((a for a in reversed(ancestors) if a.kind == "kapitel"), None)
    if chapter is not None:
        target.chapter = " ".join(p for p in (chapter.label, chapter.heading) if p)
    heading = next(
        (a.heading for a in reversed(ancestors) if a.kind in ("gruppe", "paragraf") and a.heading),
        None,
    )
    target.heading = heading or (unit.heading if unit.kind == "paragraf" else None)
    return target


def _within_range(reader: Reader, version: VersionRow, paragraf: str) -> UnitRow | None:
    """'§ 29' inside a unit printed as '§§ 28-30.' (repealed together)."""
    m = re.fullmatch(r"(\d+)", paragraf)
    if not m:
        return None
    n = int(m.group(1))
    for number in reader.paragraf_numbers(version.id):
        r = re.fullmatch(r"(\d+)-(\d+)", number or "")
        if r and int(r.group(1)) <= n <= int(r.group(2)):
            return reader.unit(version.id, f"§{number}")
    return None


def _what_exists(reader: Reader, act: ActRow, version: VersionRow, pin: Pinpoint) -> str:
    where = f"{act.key} ({version.designation})"
    if pin.paragraf is None:
        return f"{where} has no kapitel {pin.kapitel}"
    par = reader.unit(version.id, f"§{pin.paragraf}")
    if par is None:
        numbers = reader.paragraf_numbers(version.id)
        partial = " (a partial version)" if version.is_partial else ""
        return f"{where}{partial} has no § {pin.paragraf}; it has {_describe('§§', numbers)}"
    levels = [("stk", pin.stk, "stk."), ("nr", pin.nr, "nr."), ("litra", pin.litra, "litra")]
    parent = par
    written = f"§ {pin.paragraf}"
    for kind, wanted, word in levels:
        if wanted is None:
            continue
        kids = [c for c in reader.children(version.id, parent.ord) if c.kind == kind and c.path]
        match = next((c for c in kids if c.number == str(wanted)), None)
        if match is None:
            if not kids:
                return f"{act.key} {written} has no {word}"
            return f"{act.key} {written} has {_describe(word, [c.number for c in kids])}"
        parent = match
        written += f", {word} {wanted}"
    return f"{act.key} {written} was not found"


def _describe(word: str, numbers: list[str | None]) -> str:
    """'stk.', ['1','2','3'] -> 'stk. 1-3'; runs of whole numbers are ranged."""
    nums = [n for n in numbers if n]
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run.clear()

    for n in nums:
        if n.isdigit() and (not run or int(n) == run[-1] + 1):
            run.append(int(n))
        else:
            flush()
            if n.isdigit():
                run.append(int(n))
            else:
                out.append(n)
    flush()
    return f"{word} {', '.join(out)}" if out else f"no {word}"


def _pin_fields(pin: Pinpoint) -> dict[str, Any]:
    return {
        "paragraf": pin.paragraf,
        "stk": pin.stk,
        "nr": pin.nr,
        "litra": pin.litra,
        "pkt": pin.pkt,
        "kapitel": pin.kapitel,
    }


def _target(
    act: ActRow | None,
    version: VersionRow | None,
    pin: Pinpoint,
    status: str,
    message: str | None,
    warnings: list[str] | None = None,
) -> Target:
    law = act.key if act else None
    return Target(
        law=law,
        version=version.designation if version else None,
        eli=version.eli if version else None,
        **_pin_fields(pin),
        canonical=pin.canonical(law),
        status=status,
        message=message,
        warnings=list(warnings or []),
        version_title=version.title if version else None,
        in_force_from=version.in_force_from if version else None,
        in_force_to=version.in_force_to if version else None,
        partial=version.is_partial if version else None,
    )


def render_rows(rows: list[UnitRow]) -> str:
    """The text of the first row's unit with its sub-units, without its own
    label: labels of sub-units ("Stk. 2.", "1)") stay, notes are left out."""
    if not rows:
        return ""
    children: dict[int, list[UnitRow]] = {}
    for row in rows[1:]:
        children.setdefault(row.parent_ord, []).append(row)  # type: ignore[arg-type]

    def render(row: UnitRow, with_label: bool) -> str:
        parts = []
        if with_label and row.label:
            parts.append(row.label)
        if row.heading and with_label:
            parts.append(row.heading)
        if row.text:
            parts.append(row.text)
        parts += [render(c, True) for c in children.get(row.ord, []) if c.kind != "nota"]
        if row.tail:
            parts.append(row.tail)
        return " ".join(p for p in parts if p)

    return render(rows[0], with_label=False)
