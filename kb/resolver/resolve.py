"""Resolve completed citations against the store: the exact unit, or why not.

Resolution never guesses. An act that is not loaded is `unknown_law`; a
citation whose act cannot be told is `ambiguous` with candidates; a unit that
does not exist is `not_found` with a message that says what does; a version
that is no longer law is `not_in_force`, with its text and what replaced it.

A `Resolver` answers for one store and one date and remembers what it has
looked up, so a letter that cites § 24 forty times asks the store once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kb import sentences
from kb.citation.context import Bound
from kb.citation.grammar import Lexicon
from kb.citation.model import ActRef, Found, Pinpoint
from kb.codes import Day, Problem, Reason, Status, Warning, day, note, say
from kb.store.read import ActRow, Reader, UnitRow, VersionRow
from kb.text import fold
from kb.units import MAX_RANGE, Address, number_key, row_children, unit_text

# A provision kept only as its number: "(Ophævet)", "(Ophævet).", "Ophævet."
_REPEALED = re.compile(r"\(?[Oo]phævet\.?\)?\.?")
_POPULAR_NAME = re.compile(r"[a-zæøå]+(?:-[a-zæøå]+)*lov(?:en|ens)")
# Paragraphs printed together under one label: "§§ 22-29.", "§§ 63 og 64."
_GROUP = re.compile(r"(\d+)\s*(?:-|–|og)\s*(\d+)")


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
    status: Status
    reason: Reason | None = None  # why the status is not ok (kb.codes)
    message: str | None = None
    warnings: list[Warning] = field(default_factory=list)
    text: str | None = None
    candidates: list[str] | None = None
    practice: str | None = None
    antecedent: dict[str, Any] | None = None
    # Beyond the contract: where the unit stands, for people reading it.
    label: str | None = None
    heading: str | None = None
    chapter: str | None = None
    version_title: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    partial: bool | None = None
    kapitel: str | None = None
    # Where the text was read: (version id, unit ord), for excerpts. Not in the JSON.
    where: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        # The field table in field order, copied (not `asdict`, whose deep
        # copy of every value made JSON output cost more than the check).
        data = self.__dict__.copy()
        del data["where"]
        data["warnings"] = [w.to_json() for w in self.warnings]
        for optional in ("candidates", "kapitel", "antecedent", "practice"):
            if data[optional] is None:
                del data[optional]
        if self.candidates is not None:
            data["candidates"] = list(self.candidates)
        if self.antecedent is not None:
            data["antecedent"] = {**self.antecedent, "supplies": list(self.antecedent["supplies"])}
        return data


@dataclass(frozen=True)
class _Choice:
    """The act and version a citation is read against, or why there is none."""

    act: ActRow | None = None
    version: VersionRow | None = None
    warnings: tuple[Warning, ...] = ()
    status: Status = "ok"  # "ok" or "not_in_force" when a version is chosen
    reason: Reason | None = None
    message: str | None = None
    law: str | None = None  # the key to report when there is no act row
    named: bool = False  # the citation named this version (else: the one in force)


class Resolver:
    """Resolve for one store and one date, remembering what it looked up."""

    def __init__(self, reader: Reader, as_of: dt.date, lexicon: Lexicon) -> None:
        self.reader = reader
        self.as_of = as_of
        self.day = as_of.isoformat()
        self.lexicon = lexicon
        self._acts = reader.acts()
        self._acts_by_id = {a.id: a for a in self._acts}
        self._choices: dict[tuple, _Choice] = {}
        self._units: dict[tuple, Target] = {}
        self._versions: dict[int, list[VersionRow]] = {}
        self._pars: dict[int, list[str]] = {}
        self._wholes: dict[int, set[int]] = {}
        self._candidates: dict[Pinpoint, list[str]] = {}
        self._ranges: dict[tuple, list[Pinpoint]] = {}
        self._effects_of: dict[str, list[Any]] = {}
        self._amending: bool | None = None
        self._counterparts: dict[int, list[tuple]] = {}
        self._last_ref: ActRef | None = None
        self._last_choice: _Choice | None = None

    # --- acts and versions --------------------------------------------------

    def loaded(self) -> str:
        """The acts a citation can be read against (amending acts are not listed)."""
        return ", ".join(
            a.key for a in self._acts if any(not v.is_amending for v in self._chain(a))
        )

    def choose(self, ref: ActRef) -> _Choice:
        # The items of one citation, and a letter's runs of citations, share
        # one ActRef object: the last answer is kept at hand.
        if ref is self._last_ref:
            return self._last_choice  # type: ignore[return-value]
        v = ref.version
        key = (ref.kind, ref.name, v.key if v else None)
        choice = self._choices.get(key)
        if choice is None:
            choice = self._choices[key] = self._choose(ref)
        self._last_ref, self._last_choice = ref, choice
        return choice

    def _choose(self, ref: ActRef) -> _Choice:
        act = self._act_named(ref.name) if ref.name else None
        named = ref.version
        if named is not None:
            written = _one_line(named.text)
            if named.date is None:
                return _Choice(
                    status="not_found" if act else "unknown_law",
                    reason="impossible_date",
                    act=act,
                    message=say("the date in {written!r} is not a possible date", written=written),
                    law=act.key if act else self._registry_key(ref.name),
                )
            found = self.reader.version_by_designation(named.doc_type, named.number, named.date)
            if not found and named.doc_type == "LOV":
                found = self.reader.version_by_designation(None, named.number, named.date)
            if found:
                version = found[0]
                owner = self._acts_by_id[version.act_id]
                if act is not None and act.id != owner.id:
                    return _Choice(
                        act=act,
                        status="not_found",
                        reason="version_of_other_act",
                        message=say(
                            "{written} is a version of {owner}, not of {law}",
                            written=written,
                            owner=owner.key,
                            law=act.key,
                        ),
                    )
                return self._named(owner, version)
            if act is not None:
                return _Choice(
                    act=act,
                    status="not_found",
                    reason="version_not_found",
                    message=say(
                        "{law}: {written} is not loaded; the stored versions are {versions}",
                        law=act.key,
                        written=written,
                        versions="; ".join(x.designation for x in self._chain(act)),
                    ),
                )
            shown = (self._registry_key(ref.name) or _one_line(ref.name)) if ref.name else None
            name = f"{shown}, {written}" if shown else written
            return _Choice(
                status="unknown_law",
                reason="law_not_loaded",
                message=say(
                    "{name} is not loaded; loaded acts: {loaded}", name=name, loaded=self.loaded()
                ),
                law=self._registry_key(ref.name),
            )
        if act is None:
            key = self._registry_key(ref.name)
            written = _one_line(ref.name or "")
            shown = f"{written} ({key})" if key and fold(written) != key else written
            if key:
                reason: Reason = "law_not_loaded"
                message = say(
                    "{name} is not loaded; loaded acts: {loaded}", name=shown, loaded=self.loaded()
                )
            else:
                reason = "law_name_unknown"
                message = say(
                    "no act named {written!r} is loaded; loaded acts: {loaded}",
                    written=written,
                    loaded=self.loaded(),
                )
            return _Choice(
                status="unknown_law", reason=reason, message=message, law=self._law_key(ref.name)
            )
        return self._in_force(act)

    def _act_named(self, name: str | None) -> ActRow | None:
        if not name:
            return None
        folded = fold(name)
        for form in (folded, folded.replace("-", ""), folded[:-1] if folded.endswith("s") else ""):
            if form:
                acts = self.reader.acts_named(form)
                if len(acts) == 1:
                    return acts[0]
        key = self.lexicon.key(name)
        return next((a for a in self._acts if a.key == key), None) if key else None

    def _registry_key(self, name: str | None) -> str | None:
        return self.lexicon.key(name) if name else None

    def _law_key(self, name: str | None) -> str | None:
        """The registry's key, or for a popular name it does not know, the name
        itself in the nominative ("boligstøttelovens" -> "boligstøtteloven")."""
        key = self._registry_key(name)
        if key is None and name:
            folded = fold(name)
            if _POPULAR_NAME.fullmatch(folded):
                key = folded[:-1] if folded.endswith("lovens") else folded
        return key

    def _chain(self, act: ActRow) -> list[VersionRow]:
        if act.id not in self._versions:
            versions = self.reader.versions(act.id)
            self._versions[act.id] = [v for v in versions if not v.is_amending] or versions
        return self._versions[act.id]

    def _in_force(self, act: ActRow) -> _Choice:
        chain = self._chain(act)
        version = next((v for v in reversed(chain) if v.in_force_on(self.day)), None)
        if version is None:
            first = chain[0].in_force_from if chain else None
            return _Choice(
                act=act,
                status="not_found",
                reason="no_version_in_force",
                message=say(
                    "no stored version of {law} was in force on {day}; the stored versions "
                    "begin {first}",
                    law=act.key,
                    day=Day(self.day),
                    first=Day(first),
                )
                if first
                else say(
                    "no stored version of {law} was in force on {day}",
                    law=act.key,
                    day=Day(self.day),
                ),
            )
        warnings = []
        earlier = [
            v for v in chain if v.in_force_to and v.in_force_to <= (version.in_force_from or "")
        ]
        replaced = [v for v in earlier if v.doc_type == "LOV" and version.doc_type == "LOV"]
        if replaced:
            old = replaced[-1]
            message = say(
                "{law} is read as {version}, which replaced {old} on {since}; a citation "
                "written before then meant the older act (read it with an --as-of before "
                "then, or name the version)",
                law=act.key,
                version=version.designation,
                old=old.designation,
                since=day(version.in_force_from),
            )
            warnings.append(Warning("replaced_older_act", message))
        return _Choice(act=act, version=version, warnings=tuple(warnings))

    def _named(self, act: ActRow, version: VersionRow) -> _Choice:
        if version.in_force_from and self.day < version.in_force_from:
            return _Choice(
                act=act,
                version=version,
                status="not_in_force",
                reason="not_yet_in_force",
                message=say(
                    "{version} comes into force on {since}",
                    version=version.designation,
                    since=Day(version.in_force_from),
                ),
            )
        if version.in_force_to and version.in_force_to <= self.day:
            chain = self._chain(act)
            later = [v for v in chain if v.in_force_from and v.in_force_from >= version.in_force_to]
            now = next((v for v in reversed(later) if v.in_force_on(self.day)), None)
            successor = later[0] if later else None
            if successor is not None and successor.doc_type == "LOV" and version.doc_type == "LOV":
                return _Choice(
                    act=act,
                    version=version,
                    status="not_in_force",
                    reason="act_replaced",
                    message=say(
                        "{version} was replaced on {when} by {successor}",
                        version=version.designation,
                        when=day(successor.in_force_from),
                        successor=successor.designation,
                    ),
                    named=True,
                )
            if now is not None:
                # The contract: a superseded version is not_in_force, read as named
                superseded = say(
                    "{version} is superseded; the version in force on {day} is {now}",
                    version=version.designation,
                    day=Day(self.day),
                    now=now.designation,
                )
                return _Choice(
                    act=act,
                    version=version,
                    status="not_in_force",
                    reason="superseded_version",
                    message=say(
                        "{version} was in force until {until}",
                        version=version.designation,
                        until=Day(version.in_force_to),
                    ),
                    warnings=(Warning("newer_version_in_force", superseded),),
                    named=True,
                )
        return _Choice(act=act, version=version, named=True)

    # --- items --------------------------------------------------------------

    def bound(self, b: Bound) -> list[Target]:
        """The targets of one completed item (several for a range)."""
        if b.problem is not None:
            targets = [self._ambiguous(b.pin, b.problem)]
        elif b.act is None:
            why = say("the citation names no act, and none is named before it")
            targets = [self._ambiguous(b.pin, Problem("law_undetermined", why))]
        elif b.item.also is None:
            targets = self._targets(self.choose(b.act), b)
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

    def _targets(self, choice: _Choice, b: Bound) -> list[Target]:
        upto = b.item.upto
        if upto is None:
            return [self._unit(choice, b.pin, b)]
        if b.pin.paragraf and number_key(upto) < number_key(b.pin.paragraf):
            law = choice.act.key if choice.act else choice.law
            target = _target(
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
        gap = self._gap(choice, b.pin, upto)
        if gap and targets:
            targets[0].warnings.append(gap)
        return targets

    def _gap(self, choice: _Choice, pin: Pinpoint, upto: str) -> Warning | None:
        """Which whole numbers between a range's ends the version lacks ("§§ 35-40"
        where there is no § 38 or § 39): said, since the targets leave them out."""
        if choice.version is None or pin.paragraf is None:
            return None
        lo, hi = number_key(pin.paragraf)[0], number_key(upto)[0]
        have = self._whole_numbers(choice.version.id)
        missing = [n for n in range(lo + 1, min(hi, lo + MAX_RANGE)) if n not in have]
        if not missing:
            return None
        runs: list[list[int]] = []
        for n in missing:
            if runs and runs[-1][-1] == n - 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        written = ", ".join(f"§ {r[0]}" if len(r) == 1 else f"§§ {r[0]}-{r[-1]}" for r in runs)
        said = {"missing": written, "version": choice.version.designation, "lo": pin.paragraf}
        message = (
            say(
                "{missing} is not in {version}; the range §§ {lo}-{hi} takes in the paragraphs "
                "it has",
                **said,
                hi=upto,
            )
            if len(missing) == 1
            else say(
                "{missing} are not in {version}; the range §§ {lo}-{hi} takes in the "
                "paragraphs it has",
                **said,
                hi=upto,
            )
        )
        return Warning("range_gap", message)

    def _one_act(self, a: ActRef, b: ActRef) -> _Choice | None:
        """The choice for an item the text names two acts for, if they are one
        act ("fvl. § 24 i forvaltningsloven"); the one naming a version wins."""
        first, second = self.choose(a), self.choose(b)
        key = _key(first)
        if key is None or key != _key(second):
            return None
        return second if second.named and not first.named else first

    def _two_acts(self, a: ActRef, b: ActRef, bound: Bound) -> Target:
        keys = [_key(self.choose(x)) or _one_line(x.name or x.text) for x in (a, b)]
        unit = bound.pin.written()
        if bound.item.upto:
            unit = f"§§ {bound.pin.paragraf}-{bound.item.upto}"
        message = say(
            "the citation names two acts for {unit}: {first!r} and {second!r}",
            unit=unit,
            first=_one_line(a.text),
            second=_one_line(b.text),
        )
        target = _target(None, None, bound.pin, "ambiguous", "two_acts_named", message)
        target.canonical = unit
        target.candidates = [f"{k} {unit}" for k in keys]
        return target

    def _expand(self, choice: _Choice, b: Bound) -> list[Pinpoint]:
        pin, upto = b.pin, b.item.upto
        if upto is None or pin.paragraf is None:
            return [pin]
        key = (id(choice), pin, upto)
        if key not in self._ranges:
            self._ranges[key] = self._expand_range(choice, pin, upto)
        return self._ranges[key]

    def _expand_range(self, choice: _Choice, pin: Pinpoint, upto: str) -> list[Pinpoint]:
        first = pin.paragraf
        assert first is not None  # `_expand` passes ranges of §§ only
        lo, hi = number_key(first), number_key(upto)
        values: list[str]
        if choice.version is not None:
            numbers = self._par_numbers(choice.version.id)
            between = [n for n in numbers if re.fullmatch(r"\d+(?: [a-z])?", n or "")]
            # each § of a group printed under one label ("§§ 22-29. (Ophævet)")
            for n in numbers:
                if span := _group_span(n):
                    between += [str(k) for k in span]
            inside = sorted({n for n in between if lo < number_key(n) < hi}, key=number_key)
            values = [first, *inside, upto]
        else:
            values = _numeric_range(first, upto)
        return [pin._replace(paragraf=v) for v in values[:MAX_RANGE]]

    def _whole_numbers(self, version_id: int) -> set[int]:
        """The numbers of the version's §§, a repealed group's ("§§ 22-29") included."""
        have = self._wholes.get(version_id)
        if have is None:
            have = self._wholes[version_id] = set()
            for n in self._par_numbers(version_id):
                if span := _group_span(n):
                    have.update(span)
                elif n:
                    have.add(number_key(n)[0])
        return have

    def _par_numbers(self, version_id: int) -> list[str]:
        if version_id not in self._pars:
            self._pars[version_id] = self.reader.paragraf_numbers(version_id)
        return self._pars[version_id]

    def _unit(self, choice: _Choice, pin: Pinpoint, b: Bound) -> Target:
        key = (id(choice), pin, choice.version is None and b.item.upto is not None)
        cached = self._units.get(key)
        if cached is None:
            cached = self._units[key] = self._resolve_unit(choice, pin, key[2])
        target = _copy(cached)
        if b.default_law:
            message = say("the act is not named; it was taken from --law {law}", law=target.law)
            target.warnings.append(Warning("law_from_default", message))
        return target

    def _resolve_unit(self, choice: _Choice, pin: Pinpoint, blind_range: bool) -> Target:
        act, version = choice.act, choice.version
        if version is None or act is None:
            target = _target(
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
            elif group is not None and choice.status == "ok":
                words = render_rows(self.reader.subtree(version.id, group)).strip()
                if _REPEALED.fullmatch(words):
                    # "§ 29, stk. 2" where the version has only "§§ 22-29. (Ophævet)"
                    why = _repeal(act, version, f"§ {pin.paragraf}", group.label, words)
                    return _target(act, version, pin, "not_in_force", "repealed", why, warnings)
        below = pin.nr is not None or pin.litra is not None
        if unit is None and pin.stk is None and below and self._only_stk(version, pin.paragraf):
            # "§ 27, nr. 1": the nr. stand in the §'s only, unnumbered stk.
            unit = self.reader.unit(version.id, pin._replace(stk=1).path or "")
        if unit is None:
            gone = None if choice.named else self._repealed(act, version, pin, blind_range)
            if gone is not None:
                return gone
            warnings += self._coming(act, pin)
            what = self._what_exists(act, version, pin)
            return _target(act, version, pin, "not_found", "unit_not_found", what, warnings)
        warnings += self._changes(act, version, pin, unit)
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
                return _target(
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
        if status == "ok" and _REPEALED.fullmatch(text.strip()):
            # "§§ 22-29. (Ophævet)": the version keeps only the number
            status, reason = "not_in_force", "repealed"
            said = _repeal(act, version, pin.written(), unit.label, text.strip())
        target = _target(act, version, pin, status, reason, said, warnings)
        target.text = text
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
        target.heading = heading or (unit.heading if unit.kind == "paragraf" else None)
        self._counterpart_notes(target, act, version, unit.path or pin.path, choice)
        return target

    # --- what changed around the version read ------------------------------------

    def _counterpart_notes(
        self, target: Target, act: ActRow, version: VersionRow, path: str | None, choice: _Choice
    ) -> None:
        """Where a rule of a replaced act stands in the new act, and the other way round."""
        if not path:
            return
        for old_v, old_p, new_v, new_p, _note in self._counterparts_of(act):
            inside = path == old_p or path.startswith(old_p + "/")
            if old_v == version.designation and inside and target.status == "not_in_force":
                target.message = say(
                    "{message}; the rule is now {unit} of {version}",
                    message=target.message,
                    unit=_path_written(new_p),
                    version=new_v,
                )
            elif (
                new_v == version.designation
                and inside
                and old_p != new_p
                and (choice.warnings and not choice.named)
            ):
                message = say(
                    "{old_unit} of {old} is {new_unit} of {new}; this is {unit} of {new}, "
                    "another rule",
                    old_unit=_path_written(old_p),
                    old=old_v,
                    new_unit=_path_written(new_p),
                    new=new_v,
                    unit=_path_written(path),
                )
                target.warnings.append(Warning("rule_moved", message))

    def _counterparts_of(self, act: ActRow) -> list[tuple]:
        if act.id not in self._counterparts:
            try:
                self._counterparts[act.id] = self.reader.counterparts(act.id)
            except Exception:  # a store from before counterparts existed
                self._counterparts[act.id] = []
        return self._counterparts[act.id]

    def _repealed(
        self, act: ActRow, version: VersionRow, pin: Pinpoint, blind_range: bool
    ) -> Target | None:
        """A provision that an earlier version has and the one in force lacks."""
        if not pin.path:
            return None
        earlier = [
            v
            for v in self._chain(act)
            if v.in_force_to and v.in_force_to <= (version.in_force_from or "")
        ]
        for old in reversed(earlier):
            if old.doc_type == "LOV" and version.doc_type == "LOV":
                return None  # a new act replaced it: its § is another rule, not this one
            if self.reader.unit(old.id, pin.path) is None:
                continue
            target = self._resolve_unit(_Choice(act=act, version=old), pin, blind_range)
            if target.status != "ok":
                return None
            by = [
                f"{e.amending} {e.section}, nr. {e.item.rstrip('.')}"
                for e in self._effects(act.key)
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

    def _coming(self, act: ActRow, pin: Pinpoint) -> list[Warning]:
        """For a unit not in the version read: amending acts that create it."""
        out = []
        for e in self._effects(act.key):
            made = (*e.new, *(n for _o, n in e.renumbered))
            if not pin.path or pin.path not in made:
                continue
            by = f"{e.amending} {e.section}, nr. {e.item.rstrip('.')}"
            when = (
                say("from {day}", day=Day(e.in_force))
                if e.in_force
                else say("(no date of entry into force)")
            )
            folded = next((v for v in self._chain(act) if v.designation == e.folded_into), None)
            where = (
                say(
                    "; the stored consolidation with it, {version}, applies from {since}",
                    version=folded.designation,
                    since=day(folded.in_force_from),
                )
                if folded is not None
                else say("; no stored consolidation includes it yet")
            )
            said = {"unit": pin.written(), "by": by, "when": when, "where": where}
            message = (
                say("{unit} was inserted by {by} {when}{where}", **said)
                if pin.path in e.new
                else say("{unit} was renumbered into by {by} {when}{where}", **said)
            )
            out.append(Warning("created_by_amendment", message))
        return out

    def _changes(
        self, act: ActRow, version: VersionRow, pin: Pinpoint, unit: UnitRow
    ) -> list[Warning]:
        """Warnings that the text read is not the whole story on this date."""
        path = unit.path or pin.path
        if not path:
            return []
        out = []
        for e in self._effects(act.key):
            olds = tuple(o for o, _n in e.renumbered)
            # an insertion "after § 14" does not touch § 14 itself
            touched = e.new if e.kind == "inserted" else (*e.targets, *e.new, *olds)
            if not any(_related(path, t) for t in touched):
                continue
            by = f"{e.amending} {e.section}, nr. {e.item.rstrip('.')}"
            if e.kind == "repealed" and any(_related(path, t) for t in e.targets):
                verb = say("repealed")
            elif any(_related(path, o) for o in olds):
                verb = say("renumbered")
            else:
                verb = say("changed")
            said = {"unit": pin.written(), "verb": verb, "by": by, "day": day(e.in_force)}
            if e.folded_into is None:
                if e.in_force and e.in_force <= self.day:
                    message = say(
                        "{unit} was {verb} by {by} (in force {day}), which no stored "
                        "consolidation includes; the text shown may be out of date",
                        **said,
                    )
                    out.append(Warning("amendment_not_consolidated", message))
                elif e.in_force:
                    message = say("{unit} will be {verb} by {by} from {day}", **said)
                    out.append(Warning("amendment_pending", message))
                continue
            folded = next((v for v in self._chain(act) if v.designation == e.folded_into), None)
            starts = folded.in_force_from if folded else None
            if e.in_force and e.in_force <= self.day and starts and self.day < starts:
                message = say(
                    "{unit} was {verb} by {by} from {day}; the stored consolidation with the "
                    "change, {version}, applies from {since}",
                    **said,
                    version=e.folded_into,
                    since=Day(starts),
                )
                out.append(Warning("amendment_in_later_consolidation", message))
        newer = [
            v
            for v in self._chain(act)
            if (v.in_force_from or "") > (version.in_force_from or "") and not v.is_partial
        ]
        # A new act that replaced this one (LOV after LOV) numbers its rules
        # afresh: the same § there is another rule, not a new wording.
        if newer and not (version.doc_type == "LOV" and newer[0].doc_type == "LOV"):
            later = newer[0]
            unit_then = self.reader.unit(later.id, path)
            if unit_then is None:
                message = say(
                    "{unit} is not in the newer {version}",
                    unit=pin.written(),
                    version=later.designation,
                )
                out.append(Warning("not_in_newer_version", message))
            elif render_rows(self.reader.subtree(later.id, unit_then)) != render_rows(
                self.reader.subtree(version.id, unit)
            ):
                message = say(
                    "{unit} reads differently in the newer {version} (from {since})",
                    unit=pin.written(),
                    version=later.designation,
                    since=day(later.in_force_from),
                )
                out.append(Warning("differs_in_newer_version", message))
        return out

    def _effects(self, law: str) -> list[Any]:
        if law not in self._effects_of:
            if self._amending is None:
                self._amending = bool(
                    self.reader.q("SELECT 1 FROM versions WHERE is_amending = :t LIMIT 1", t=True)
                )
            if not self._amending:
                self._effects_of[law] = []  # no amending act stored: nothing to read
            else:
                from kb.history.effects import effects_on

                self._effects_of[law] = effects_on(self.reader, law)
        return self._effects_of[law]

    def _only_stk(self, version: VersionRow, paragraf: str | None) -> UnitRow | None:
        par = self.reader.unit(version.id, str(Address(paragraf))) if paragraf else None
        if par is None:
            return None
        stks = [c for c in self.reader.children(version.id, par.ord) if c.kind == "stk"]
        return stks[0] if len(stks) == 1 else None

    def _within_range(self, version: VersionRow, paragraf: str) -> UnitRow | None:
        """'§ 29' inside a unit printed as '§§ 28-30.' (repealed together)."""
        if not paragraf.isdigit():
            return None
        n = int(paragraf)
        for number in self._par_numbers(version.id):
            span = _group_span(number)
            if span and n in span:
                return self.reader.unit(version.id, str(Address(number)))
        return None

    def _what_exists(self, act: ActRow, version: VersionRow, pin: Pinpoint) -> str:
        where = f"{act.key} ({version.designation})"
        if pin.paragraf is None:
            chapters = _describe("kapitel", self.reader.chapter_numbers(version.id))
            return say(
                "{where} has no kapitel {kapitel}; it has {chapters}",
                where=where,
                kapitel=pin.kapitel,
                chapters=chapters,
            )
        par = self.reader.unit(version.id, str(Address(pin.paragraf)))
        if par is None:
            numbers = _describe("§§", self._par_numbers(version.id))
            said = {"where": where, "paragraf": pin.paragraf, "numbers": numbers}
            if version.is_partial:
                return say(
                    "{where} (a partial version) has no § {paragraf}; it has {numbers}", **said
                )
            return say("{where} has no § {paragraf}; it has {numbers}", **said)
        levels = [("stk", pin.stk, "stk."), ("nr", pin.nr, "nr."), ("litra", pin.litra, "litra")]
        parent = par
        written = f"§ {pin.paragraf}"
        if pin.stk is None and (only := self._only_stk(version, pin.paragraf)) is not None:
            parent = only
        for kind, wanted, word in levels:
            if wanted is None:
                continue
            kids = [
                c for c in self.reader.children(version.id, parent.ord) if c.kind == kind and c.path
            ]
            match = next((c for c in kids if c.number == str(wanted)), None)
            if match is None:
                if not kids:
                    return say("{law} {unit} has no {word}", law=act.key, unit=written, word=word)
                return say(
                    "{law} {unit} has {numbers}",
                    law=act.key,
                    unit=written,
                    numbers=_describe(word, [c.number for c in kids]),
                )
            parent = match
            written += f", {word} {wanted}"
        return say("{law} {unit} was not found", law=act.key, unit=written)

    def _ambiguous(self, pin: Pinpoint, problem: Problem) -> Target:
        candidates = self._candidates.get(pin)
        if candidates is None:
            candidates = []
            if pin.path and not pin.relative:
                for act in self._acts:
                    choice = self._in_force(act)
                    if choice.version and self.reader.unit(choice.version.id, pin.path):
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
        target = _target(None, None, pin, "ambiguous", problem.reason, message)
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
        _id, ref, _series, _letter, _number, _year, title, summary, _source, _note = row
        return Target(
            **base,
            canonical=ref,
            status="ok",
            warnings=[note(code) for code in found.notes],
            text=summary,
            practice=ref,
            heading=title,
        )


def _copy(target: Target) -> Target:
    """A fresh Target with its own warnings list (dataclasses.replace is slow)."""
    clone = object.__new__(Target)
    fields = target.__dict__.copy()  # a copy of the whole table, far cheaper than update()
    fields["warnings"] = list(target.warnings)
    clone.__dict__ = fields
    return clone


def _path_written(path: str) -> str:
    """ "§6" → "§ 6"; "§27/s5" → "§ 27, stk. 5"."""
    return Address.parse(path).written()


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _group_span(number: str | None) -> range | None:
    """The §§ a label printed for several stands for ("22-29", "63 og 64")."""
    g = _GROUP.fullmatch(number or "")
    return range(int(g[1]), int(g[2]) + 1) if g else None


def _repeal(act: ActRow, version: VersionRow, written: str, label: str | None, words: str) -> str:
    shown = " ".join(p for p in (label, words) if p)
    return say(
        "{law} {unit} is repealed: {version} reads “{shown}”",
        law=act.key,
        unit=written,
        version=version.designation,
        shown=shown,
    )


def _key(choice: _Choice) -> str | None:
    return choice.act.key if choice.act else choice.law


def _antecedent(b: Bound) -> dict[str, Any] | None:
    if b.antecedent is None:
        return None
    a = b.antecedent
    return {"text": a.text, "start": a.start, "end": a.end, "supplies": list(b.supplied)}


def _numeric_range(lo: str, hi: str) -> list[str]:
    """'152 c'-'152 f' -> 152 c, d, e, f; '90'-'94 a' -> 90 … 94, 94 a."""
    (ln, ll), (hn, hl) = number_key(lo), number_key(hi)
    if ln == hn:
        start = ord(ll) if ll else ord("a") - 1
        return [lo] + [f"{ln} {chr(c)}" for c in range(start + 1, ord(hl) + 1)]
    out = [lo] + [str(n) for n in range(ln + 1, min(hn, ln + MAX_RANGE) + 1)]
    if hl:
        out.append(hi)
    return out


def _describe(word: str, numbers: Sequence[str | None]) -> str:
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
    return f"{word} {', '.join(out)}" if out else say("no {word}", word=word)


def _target(
    act: ActRow | None,
    version: VersionRow | None,
    pin: Pinpoint,
    status: Status,
    reason: Reason | None,
    message: str | None,
    warnings: list[Warning] | tuple[Warning, ...] | None = None,
) -> Target:
    law = act.key if act else None
    return Target(
        law=law,
        version=version.designation if version else None,
        eli=version.eli if version else None,
        paragraf=pin.paragraf,
        stk=pin.stk,
        nr=pin.nr,
        litra=pin.litra,
        pkt=pin.pkt,
        kapitel=pin.kapitel,
        canonical=pin.canonical(law),
        status=status,
        reason=reason,
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
    return unit_text(rows[0], row_children(rows)).text if rows else ""
