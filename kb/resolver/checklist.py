"""The pamphlet's checklist, applied to a whole letter.

*At skrive en afgørelse* (afsnit 2.5, REGLER OG PRAKSIS) asks a decision to
give every act it rests on by name, number and date, and to cite §, stk. and
nr. precisely. The per-citation checks (a whole § with several stk.) happen
in the resolver; this stage adds the letter-level one: an act that is cited
but whose number and date the letter never gives.
"""

from __future__ import annotations

from kb.citation.model import ActRef, Found
from kb.codes import Warning, say
from kb.resolver.resolve import Resolver
from kb.resolver.target import Target
from kb.text import MONTHS

_MONTH_NAMES = {number: name for name, number in MONTHS.items()}
_LONG_TYPE = {"LBK": "lovbekendtgørelse", "LOV": "lov", "BEK": "bekendtgørelse"}


def designation_written(doc_type: str, number: int | None, date_signed: str | None) -> str | None:
    """'LBK', 433, '2014-04-22' -> 'lovbekendtgørelse nr. 433 af 22. april 2014'."""
    if doc_type not in _LONG_TYPE or number is None or not date_signed:
        return None
    year, month, day = (int(p) for p in date_signed.split("-"))
    return f"{_LONG_TYPE[doc_type]} nr. {number} af {day}. {_MONTH_NAMES[month]} {year}"


def checklist(
    found: list[Found], cited: list[tuple[Found, list[Target]]], resolver: Resolver
) -> None:
    """Add the letter-level warnings to the first target of each act concerned."""
    dated: set[str] = set()
    named: set[str] = set()  # the versions the letter names
    for f in found:
        if not f.acts:
            continue
        refs: list[ActRef] = [r for r in f.acts if r.version is not None]
        if f.kind == "mention" and f.act is not None and f.act.version is not None:
            refs.append(f.act)
        for ref in refs:
            choice = resolver.versions.choose(ref)
            key = choice.act.key if choice.act is not None else choice.law
            if key:
                dated.add(key)
            if choice.version is not None:
                named.add(choice.version.designation)
    _once(cited, named)
    warned: set[str] = set()
    for _f, targets in cited:
        for t in targets:
            # every act cited, loaded or not ("servicelovens § 99"), and whether
            # or not this unit was found: the letter names the act either way
            if t.law is None or t.practice is not None or t.status == "ambiguous":
                continue
            if t.law in dated or t.law in warned:
                continue
            warned.add(t.law)
            example = _example(resolver, t)
            message = (
                say(
                    "the letter never gives the number and date of {law}; the pamphlet's "
                    "checklist asks for the act's name, number and date (for example "
                    "\u201c{example}\u201d)",
                    law=t.law,
                    example=example,
                )
                if example
                else say(
                    "the letter never gives the number and date of {law}; the pamphlet's "
                    "checklist asks for the act's name, number and date",
                    law=t.law,
                )
            )
            t.warnings.append(Warning("designation_missing", message))


def _example(resolver: Resolver, t: Target) -> str | None:
    act = resolver.reader.act(t.law) if t.law else None  # one row, not the 1,817 acts
    if act is None or t.version is None:
        return None
    if t.reason == "no_longer_in_act":
        # The text is from an earlier version; the version read is the one in force,
        # which lacks the provision: that is the act the letter cites, and the one to name.
        version = resolver.versions.in_force(act).version
    else:
        version = next(
            (v for v in resolver.reader.versions(act.id) if v.designation == t.version), None
        )
    if version is None:
        return None
    written = designation_written(version.doc_type, version.number, version.date_signed)
    if written is None:
        return None
    if version.doc_type == "LBK":
        return f"{t.law}, jf. {written}"
    return f"{t.law} ({written})"


def _once(cited: list[tuple[Found, list[Target]]], named: set[str]) -> None:
    """The warning that an act replaced another ("offentlighedsloven is read as
    LOV nr 606 af 12/06/2013, which replaced …") once per act, on its first
    target, and not at all where the letter names the version read."""
    seen: set[str] = set()
    for _f, targets in cited:
        for t in targets:
            if not t.warnings or t.law is None:
                continue
            kept = []
            for w in t.warnings:
                if w.code == "replaced_older_act":
                    if t.version in named or t.law in seen:
                        continue
                    seen.add(t.law)
                kept.append(w)
            t.warnings = kept
