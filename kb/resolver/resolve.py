"""Resolve completed citations against the store: the exact unit, or why not.

Resolution never guesses. An act that is not loaded is `unknown_law`; a
citation whose act cannot be told is `ambiguous` with candidates; a unit that
does not exist is `not_found` with a message that says what does; a version
that is no longer law is `not_in_force`, with its text and what replaced it.

A `Resolver` answers for one store and one date and remembers what it has
looked up, so a letter that cites § 24 forty times asks the store once. It
holds its collaborators: `versions` chooses the version a citation is read
against (`kb.resolver.versions`), `changes` says what that version does not
include (`kb.resolver.changes`); the messages that say what exists are
`kb.resolver.explain`'s, and the result type is `kb.resolver.target`'s.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kb import sentences
from kb.citation.context import Bound
from kb.citation.grammar import Lexicon
from kb.citation.model import ActRef, Found, Pinpoint
from kb.codes import Day, Problem, Reason, Status, Warning, day, note, say
from kb.resolver.changes import Changes, amended_by
from kb.resolver.explain import (
    numeric_range,
    one_line,
    only_stk,
    range_gap,
    repeal,
    stk_holding,
    what_exists,
)
from kb.resolver.target import Target, render_lines, render_rows
from kb.resolver.versions import Choice, Versions
from kb.store.interval import ended
from kb.store.read import ActRow, Reader, UnitRow, VersionRow
from kb.units import MAX_RANGE, Address, ParagrafGroup, is_repealed, number_key, paragraf_group

# The choices whose version is read for a repealed group: the version in force, and a
# version named in the citation that was no longer in force (its warning says so).
_READABLE = ("ok", "not_in_force")


class Resolver:
    """Resolve for one store and one date, remembering what it looked up."""

    def __init__(
        self, reader: Reader, as_of: dt.date, lexicon: Lexicon, detail: bool = True
    ) -> None:
        """`detail=False`: the targets and their statuses only, as the reference graph
        stores them: no warnings of later changes, no "mente du …?" in the messages."""
        self.reader = reader
        self.as_of = as_of
        self.day = as_of.isoformat()
        self.detail = detail
        self.versions = Versions(reader, self.day, lexicon, suggest=detail)
        self.changes = Changes(reader, self.versions)
        self._units: dict[tuple, Target] = {}
        self._pars: dict[int, list[str]] = {}
        self._wholes: dict[int, set[int]] = {}
        self._candidates: dict[Pinpoint, list[str]] = {}
        self._ranges: dict[tuple, list[Pinpoint]] = {}
        self._has: dict[tuple, bool | None] = {}
        self._groups: dict[int, list[tuple[ParagrafGroup, str]]] = {}

    # --- items --------------------------------------------------------------

    def has(self, act: ActRef, pin: Pinpoint) -> bool | None:
        """Does the version of `act` read on the day have the unit `pin` names? None
        where the store has no version of it to tell. (For the statute reading, which
        reads a bare citation as the statute's own only where the statute has it:
        kb.citation.context.bind.)"""
        key = (act.kind, act.name, act.version.key if act.version else None, pin.path)
        if key not in self._has:
            version, path = self.versions.choose(act).version, pin.path
            self._has[key] = None if version is None or not path else self._holds(version, pin)
        return self._has[key]

    def _holds(self, version: VersionRow, pin: Pinpoint) -> bool:
        """Does `version` have the unit `pin` names, found as `_resolve_unit` finds it
        (a range of §§ printed as one, the nr. of a § 's only stk., an amending
            instruction)?"""
        reader = self.reader
        if reader.unit(version.id, pin.path or "") is not None:
            return True
        if pin.paragraf and self._within_range(version, pin.paragraf):
            return True
        if pin.stk is None and (pin.nr is not None or pin.litra is not None):
            if only_stk(reader, version, pin.paragraf):
                if reader.unit(version.id, pin._replace(stk=1).path or "") is not None:
                    return True
            elif stk_holding(reader, version, pin) is not None:
                return True
        return (
            pin.nr is not None and pin.litra is None and self._instruction(version, pin) is not None
        )

    def bound(self, b: Bound) -> list[Target]:
        """The targets of one completed item (several for a range)."""
        if b.problem is not None:
            targets = [self._ambiguous(b.pin, b.problem)]
        elif b.act is None:
            why = say("the citation names no act, and none is named before it")
            targets = [self._ambiguous(b.pin, Problem("law_undetermined", why))]
        elif b.item.also is None:
            targets = self._targets(self.versions.choose(b.act), b)
        else:
            one = self._one_act(b.act, b.item.also)
            if one is None:
                targets = [self._two_acts(b.act, b.item.also, b)]
            else:
                targets = self._targets(one, b)
        if b.antecedent is not None:
            antecedent = _antecedent(b)
            for t in targets:
                t.antecedent = antecedent
        return targets

    def _targets(self, choice: Choice, b: Bound) -> list[Target]:
        upto = b.item.upto
        if upto is None:
            return [self._unit(choice, b.pin, b)]
        if b.pin.paragraf and number_key(upto) < number_key(b.pin.paragraf):
            law = choice.key
            target = Target.of(
                choice.act,
                choice.version,
                b.pin,
                "not_found",
                "range_backwards",
                say(
                    "the range § {lo}-{hi} runs backwards; write § {hi}-{lo} if that is what "
                    "is meant",
                    lo=b.pin.paragraf,
                    hi=upto,
                ),
            )
            target.canonical = f"{b.pin.canonical(law)}-{upto}"
            return [target]
        targets = [self._unit(choice, pin, b) for pin in self._expand(choice, b)]
        missing = self._gap(choice, b.pin, upto)
        if missing and targets:
            targets[0].warnings.append(missing)
        return targets

    def _gap(self, choice: Choice, pin: Pinpoint, upto: str) -> Warning | None:
        """Which whole numbers between a range's ends the version lacks ("§§ 35-40"
        where there is no § 38 or § 39): said, since the targets leave them out."""
        if choice.version is None or pin.paragraf is None:
            return None
        lo, hi = number_key(pin.paragraf)[0], number_key(upto)[0]
        have = self._whole_numbers(choice.version.id)
        missing = [n for n in range(lo + 1, min(hi, lo + MAX_RANGE)) if n not in have]
        if not missing:
            return None
        return Warning("range_gap", range_gap(missing, choice.version, pin.paragraf, upto))

    def _one_act(self, a: ActRef, b: ActRef) -> Choice | None:
        """The choice for an item the text names two acts for, if they are one
        act ("fvl. § 24 i forvaltningsloven"); the one naming a version wins."""
        first, second = self.versions.choose(a), self.versions.choose(b)
        key = first.key
        if key is None or key != second.key:
            return None
        return second if second.named and not first.named else first

    def _two_acts(self, a: ActRef, b: ActRef, bound: Bound) -> Target:
        keys = [self.versions.choose(x).key or one_line(x.name or x.text) for x in (a, b)]
        unit = bound.pin.written()
        if bound.item.upto:
            unit = f"§§ {bound.pin.paragraf}-{bound.item.upto}"
        message = say(
            "the citation names two acts for {unit}: {first!r} and {second!r}",
            unit=unit,
            first=one_line(a.text),
            second=one_line(b.text),
        )
        target = Target.of(None, None, bound.pin, "ambiguous", "two_acts_named", message)
        target.canonical = unit
        target.candidates = [f"{k} {unit}" for k in keys]
        return target

    def _expand(self, choice: Choice, b: Bound) -> list[Pinpoint]:
        pin, upto = b.pin, b.item.upto
        if upto is not None and pin.kapitel is not None and pin.paragraf is None:
            return self._chapters(choice, pin, upto)
        if upto is None or pin.paragraf is None:
            return [pin]
        key = (id(choice), pin, upto)
        if key not in self._ranges:
            self._ranges[key] = self._expand_range(choice, pin, upto)
        return self._ranges[key]

    def _chapters(self, choice: Choice, pin: Pinpoint, upto: str) -> list[Pinpoint]:
        """ "kapitel 9 b-12": the chapters the version has from one end to the other
        (9 b, 9 c, 10, 11, 12); without its text, the ends and the whole numbers between."""
        first = pin.kapitel
        assert first is not None  # `_expand` passes ranges of chapters only
        lo, hi = number_key(first), number_key(upto)
        if choice.version is not None:
            numbers = self.reader.chapter_numbers(choice.version.id)
            inside = sorted({n for n in numbers if lo < number_key(n) < hi}, key=number_key)
            values = [first, *inside, upto]
        else:
            values = numeric_range(first, upto)
        return [pin._replace(kapitel=v) for v in values[:MAX_RANGE]]

    def _expand_range(self, choice: Choice, pin: Pinpoint, upto: str) -> list[Pinpoint]:
        first = pin.paragraf
        assert first is not None  # `_expand` passes ranges of §§ only
        lo, hi = number_key(first), number_key(upto)
        values: list[str]
        if choice.version is not None:
            numbers = self._par_numbers(choice.version.id)
            between = [n for n in numbers if re.fullmatch(r"\d+(?: [a-z])?", n or "")]
            # each § of a group printed under one label ("§§ 22-29. (Ophævet)")
            for n in numbers:
                if group := paragraf_group(n):
                    between += group.named()
            inside = sorted({n for n in between if lo < number_key(n) < hi}, key=number_key)
            values = [first, *inside, upto]
        else:
            values = numeric_range(first, upto)
        return [pin._replace(paragraf=v) for v in values[:MAX_RANGE]]

    def _whole_numbers(self, version_id: int) -> set[int]:
        """The numbers of the version's §§, a repealed group's ("§§ 22-29") included."""
        have = self._wholes.get(version_id)
        if have is None:
            have = self._wholes[version_id] = set()
            for n in self._par_numbers(version_id):
                if group := paragraf_group(n):
                    have.update(group.wholes())
                elif n:
                    have.add(number_key(n)[0])
        return have

    def _par_numbers(self, version_id: int) -> list[str]:
        if version_id not in self._pars:
            self._pars[version_id] = self.reader.paragraf_numbers(version_id)
        return self._pars[version_id]

    def _unit(self, choice: Choice, pin: Pinpoint, b: Bound) -> Target:
        key = (id(choice), pin, choice.version is None and b.item.upto is not None)
        cached = self._units.get(key)
        if cached is None:
            cached = self._units[key] = self._resolve_unit(choice, pin, key[2])
        target = cached.copy()
        if b.default_law:
            message = say("the act is not named; it was taken from --law {law}", law=target.law)
            target.warnings.append(Warning("law_from_default", message))
        return target

    def _resolve_unit(self, choice: Choice, pin: Pinpoint, blind_range: bool) -> Target:
        act, version = choice.act, choice.version
        if version is None or act is None:
            target = Target.of(
                act, None, pin, choice.status, choice.reason, choice.message, choice.warnings
            )
            if act is None:
                target.law = choice.law
                target.canonical = pin.canonical(choice.law)
            if blind_range:
                message = say(
                    "the range was expanded without the act's text; lettered paragraphs "
                    "between its ends may be missing"
                )
                target.warnings.append(Warning("range_expanded_blind", message))
            return target
        warnings = list(choice.warnings)
        path = pin.path
        unit = self.reader.unit(version.id, path) if path else None
        if unit is None and pin.paragraf:
            group = self._within_range(version, pin.paragraf)
            if group is not None and (pin.stk is None and pin.nr is None):
                unit = group
            elif group is not None and choice.status in _READABLE:
                words = render_rows(self.reader.subtree(version.id, group)).strip()
                if is_repealed(words):
                    # "§ 29, stk. 2" where the version has only "§§ 22-29. (Ophævet)"
                    why = repeal(act, version, f"§ {pin.paragraf}", group.label, words)
                    return Target.of(act, version, pin, "not_in_force", "repealed", why, warnings)
        if unit is None and pin.stk is not None:
            group = self._within_stk_range(version, pin)
            if group is not None and pin.nr is None and pin.litra is None:
                unit = group  # "stk. 5" where the version has only "Stk. 4-6. (Ophævet)"
            elif group is not None and choice.status in _READABLE:
                words = render_rows(self.reader.subtree(version.id, group)).strip()
                if is_repealed(words):
                    written = pin._replace(nr=None, litra=None, pkt=None).written()
                    why = repeal(act, version, written, group.label, words)
                    return Target.of(act, version, pin, "not_in_force", "repealed", why, warnings)
        below = pin.nr is not None or pin.litra is not None
        if unit is None and pin.stk is None and below:
            if only_stk(self.reader, version, pin.paragraf):
                # "§ 27, nr. 1": the nr. stand in the §'s only, unnumbered stk.
                unit = self.reader.unit(version.id, pin._replace(stk=1).path or "")
            elif (stk := stk_holding(self.reader, version, pin)) is not None:
                # "§ 4, nr. 2" where only stk. 1 has numbered items: cited as what it is
                pin = pin._replace(stk=stk)
                unit = self.reader.unit(version.id, pin.path or "")
        if unit is None and pin.nr is not None and pin.litra is None:
            # "denne lovs § 1, nr. 33" in an amending act: its 33rd amending instruction
            unit = self._instruction(version, pin)
        if unit is None:
            gone = None if choice.named else self._repealed(act, version, pin, blind_range)
            if gone is not None:
                return gone
            if self.detail:
                warnings += self.changes.coming(act, pin)
            what = what_exists(self.reader, act, version, pin, self._par_numbers(version.id))
            missing: Reason = "not_in_extract" if version.is_partial else "unit_not_found"
            return Target.of(act, version, pin, "not_found", missing, what, warnings)
        if self.detail:
            warnings += self.changes.of_unit(act, version, pin, unit)
        rows = self.reader.subtree(version.id, unit)
        counted_in = unit
        if pin.pkt is not None and unit.kind == "paragraf":
            stks = [c for c in self.reader.children(version.id, unit.ord) if c.kind == "stk"]
            if stks:
                counted_in = stks[0]
                rows = self.reader.subtree(version.id, counted_in)
            if len(stks) > 1:
                message = say(
                    "§ {paragraf} has {count} stk.; {pkt}. pkt. is counted in stk. 1",
                    paragraf=pin.paragraf,
                    count=len(stks),
                    pkt=pin.pkt,
                )
                warnings.append(Warning("pkt_counted_in_first_stk", message))
        text = render_rows(rows)
        if pin.pkt is not None:
            parts = sentences.split(text)
            if not 1 <= pin.pkt <= len(parts):
                where = pin._replace(pkt=None).written()
                return Target.of(
                    act,
                    version,
                    pin,
                    "not_found",
                    "pkt_not_found",
                    say("{law} {unit} has {count} pkt.", law=act.key, unit=where, count=len(parts))
                    if parts
                    else say("{unit} has no text", unit=where),
                    warnings,
                )
            text = parts[pin.pkt - 1]
        if pin.stk is None and pin.paragraf and pin.pkt is None and unit.kind == "paragraf":
            stks = [c for c in self.reader.children(version.id, unit.ord) if c.kind == "stk"]
            if len(stks) > 1:
                message = say(
                    "§ {paragraf} has {count} stk.; the citation names none of them",
                    paragraf=pin.paragraf,
                    count=len(stks),
                )
                warnings.append(Warning("stk_not_named", message))
        status: Status = choice.status
        reason: Reason | None = choice.reason
        said: str | None = choice.message
        if status == "ok" and is_repealed(text):
            # "§§ 22-29. (Ophævet)": the version keeps only the number
            status, reason = "not_in_force", "repealed"
            said = repeal(act, version, pin.written(), unit.label, text.strip())
        target = Target.of(act, version, pin, status, reason, said, warnings)
        target.text = text
        if pin.pkt is None and len(rows) > 1 and self.detail:  # for kb show's lines
            target.lines = render_lines(rows)
        target.label = unit.label
        target.where = (version.id, counted_in.ord)
        ancestors = self.reader.ancestors(version.id, unit)
        chapter = next((a for a in reversed(ancestors) if a.kind == "kapitel"), None)
        if chapter is not None:
            target.chapter = " ".join(p for p in (chapter.label, chapter.heading) if p)
        heading = next(
            (
                a.heading
                for a in reversed(ancestors)
                if a.kind in ("gruppe", "paragraf") and a.heading
            ),
            None,
        )
        own = unit.heading if unit.kind in ("paragraf", "kapitel") else None
        target.heading = heading or own
        self.changes.counterpart_notes(target, act, version, unit.path or pin.path, choice)
        return target

    def _repealed(
        self, act: ActRow, version: VersionRow, pin: Pinpoint, blind_range: bool
    ) -> Target | None:
        """A provision that an earlier version has and the one in force lacks."""
        if not pin.path:
            return None
        since = version.in_force_from or ""
        earlier = [v for v in self.versions.chain(act) if ended(v.in_force_to, since)]
        for old in reversed(earlier):
            if version.replaces(old):
                return None  # a new act replaced it: its § is another rule, not this one
            if self.reader.unit(old.id, pin.path) is None:
                continue
            target = self._resolve_unit(Choice(act=act, version=old), pin, blind_range)
            if target.status != "ok":
                return None
            by = [
                amended_by(e)
                for e in self.changes.effects(act.key)
                if e.kind in ("repealed", "replaced") and pin.path in e.targets
            ]
            target.status, target.reason = "not_in_force", "no_longer_in_act"
            target.warnings = [w for w in target.warnings if w.code != "not_in_newer_version"]
            said = {
                "law": act.key,
                "unit": pin.written(),
                "version": version.designation,
                "day": Day(self.day),
                "old": old.designation,
                "until": day(old.in_force_to),
            }
            target.message = (
                say(
                    "{law} {unit} is not in {version}, in force on {day}; the text is from "
                    "{old}, in force until {until} (repealed by {by})",
                    **said,
                    by="; ".join(by),
                )
                if by
                else say(
                    "{law} {unit} is not in {version}, in force on {day}; the text is from "
                    "{old}, in force until {until}",
                    **said,
                )
            )
            return target
        return None

    def _instruction(self, version: VersionRow, pin: Pinpoint) -> UnitRow | None:
        """The amending instruction "§ 1, nr. 33" (or "§ 1, stk. 2, nr. 3") names: an
        amending act numbers its instructions "1.", "2.", … under the § or stk., and
        the store keeps them as units of their own without an address."""
        owner = self.reader.unit(version.id, pin._replace(nr=None, pkt=None).path or "")
        if owner is None:
            return None
        children = self.reader.children(version.id, owner.ord)
        if pin.stk is None and len(children) == 1 and children[0].kind == "stk":
            # "§ 16. I lov om aktiv socialpolitik … foretages følgende ændringer: 1. …", the
            # § 's one stk. unlabelled (an act that amends others in a § of its own)
            children = self.reader.children(version.id, children[0].ord)
        for child in children:
            if child.kind == "aendring" and child.number == str(pin.nr):
                return child
        return None

    def _within_range(self, version: VersionRow, paragraf: str) -> UnitRow | None:
        """'§ 29' inside a unit printed as '§§ 28-30.', '§ 62 b' inside '§§ 62 a-c.'
        (repealed together)."""
        groups = self._groups.get(version.id)
        if groups is None:
            # A version's few groups, found once: a statute's reading asks of every § it cites.
            groups = [(g, n) for n in self._par_numbers(version.id) if (g := paragraf_group(n))]
            self._groups[version.id] = groups
        for group, number in groups:
            if paragraf in group:
                return self.reader.unit(version.id, str(Address(number)))
        return None

    def _within_stk_range(self, version: VersionRow, pin: Pinpoint) -> UnitRow | None:
        """'§ 15, stk. 5' inside a stk. printed as 'Stk. 4-6.' (repealed or left out together)."""
        par = self.reader.unit(version.id, str(Address(pin.paragraf))) if pin.paragraf else None
        if par is None:
            return None
        for child in self.reader.children(version.id, par.ord):
            group = paragraf_group(child.number) if child.kind == "stk" and child.path else None
            if group is not None and str(pin.stk) in group:
                return child
        return None

    def _ambiguous(self, pin: Pinpoint, problem: Problem) -> Target:
        candidates = self._candidates.get(pin)
        if candidates is None:
            candidates = []
            # Which loaded acts have the unit is said in the message alone, and a reading
            # without detail (the reference graph) keeps no message: a look into every act
            # loaded is not made for it.
            if pin.path and not pin.relative and self.detail:
                for act in self.versions.text_acts:
                    choice = self.versions.in_force(act)
                    # as `loaded`: an amending act's own § 24 is not what a bare "§ 24" means
                    if choice.version is None or choice.version.is_amending:
                        continue
                    if self.reader.unit(choice.version.id, pin.path):
                        candidates.append(pin.canonical(act.key))
            self._candidates[pin] = candidates
        why = problem.message
        if pin.relative:
            message = why
        elif len(candidates) == 1:
            message = say("{why}; it fits 1 loaded act", why=why)
        elif candidates:
            message = say("{why}; it fits {count} loaded acts", why=why, count=len(candidates))
        else:
            message = say("{why}; no loaded act has this provision", why=why)
        target = Target.of(None, None, pin, "ambiguous", problem.reason, message)
        target.candidates = list(candidates)
        return target

    # --- practice -----------------------------------------------------------

    def practice(self, found: Found) -> Target:
        ref = found.practice or found.text
        row = self.reader.practice(ref)
        base: dict[str, Any] = dict.fromkeys(
            ("law", "version", "eli", "paragraf", "stk", "nr", "litra", "pkt")
        )
        if row is None:
            stored = ", ".join(self.reader.practice_refs()) or say("none")
            return Target(
                **base,
                canonical=ref,
                status="not_found",
                reason="practice_not_stored",
                message=say(
                    "{ref} is not stored; stored practice: {stored}", ref=ref, stored=stored
                ),
                warnings=[note(code) for code in found.notes],
                practice=ref,
            )
        _id, ref, _series, _letter, _number, _year, title, summary, source, _note = row
        return Target(
            **base,
            canonical=ref,
            status="ok",
            warnings=[note(code) for code in found.notes],
            text=summary,
            practice=ref,
            heading=title,
            source=source,
        )


def _antecedent(b: Bound) -> dict[str, Any] | None:
    if b.antecedent is None:
        return None
    a = b.antecedent
    return {"text": a.text, "start": a.start, "end": a.end, "supplies": list(b.supplied)}
