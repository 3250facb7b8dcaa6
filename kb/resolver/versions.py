"""The choice of version: which act and version a citation is read against, or why none.

A citation that names a version ("LBK nr 433 af 22/04/2014") is read against that
version, said to be `not_in_force` when it no longer or not yet is; one that names
only the act is read against the version in force on the day asked about.
`Versions` answers for one store and one day and remembers each answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.citation.grammar import Lexicon
from kb.citation.model import ActRef
from kb.codes import Day, Reason, Status, Warning, day, say
from kb.resolver.explain import one_line
from kb.store.interval import begun, ended
from kb.store.read import ActRow, Reader, VersionRow
from kb.text import fold

_POPULAR_NAME = re.compile(r"[a-zæøå]+(?:-[a-zæøå]+)*lov(?:en|ens)")


@dataclass(frozen=True)
class Choice:
    """The act and version a citation is read against, or why there is none."""

    act: ActRow | None = None
    version: VersionRow | None = None
    warnings: tuple[Warning, ...] = ()
    status: Status = "ok"  # "ok" or "not_in_force" when a version is chosen
    reason: Reason | None = None
    message: str | None = None
    law: str | None = None  # the key to report when there is no act row
    named: bool = False  # the citation named this version (else: the one in force)

    @property
    def key(self) -> str | None:
        """The act's key, or the one to report when no act is loaded."""
        return self.act.key if self.act else self.law


class Versions:
    """The choice of version for one store and one day (ISO), remembering each answer."""

    def __init__(self, reader: Reader, day: str, lexicon: Lexicon) -> None:
        self.reader = reader
        self.day = day
        self.lexicon = lexicon
        self.acts = reader.acts()
        self._acts_by_id = {a.id: a for a in self.acts}
        self._choices: dict[tuple, Choice] = {}
        self._chains: dict[int, list[VersionRow]] = {}
        self._last: tuple[ActRef, Choice] | None = None

    def loaded(self) -> str:
        """The acts a citation can be read against (amending acts are not listed)."""
        return ", ".join(a.key for a in self.acts if any(not v.is_amending for v in self.chain(a)))

    def choose(self, ref: ActRef) -> Choice:
        # The items of one citation, and a letter's runs of citations, share
        # one ActRef object: the last answer is kept at hand.
        last = self._last  # one field, read once: other threads share this object
        if last is not None and last[0] is ref:
            return last[1]
        v = ref.version
        key = (ref.kind, ref.name, v.key if v else None)
        choice = self._choices.get(key)
        if choice is None:
            choice = self._choices[key] = self._choose(ref)
        self._last = (ref, choice)
        return choice

    def chain(self, act: ActRow) -> list[VersionRow]:
        """The act's versions, oldest first, amending acts left out (unless it is one)."""
        if act.id not in self._chains:
            versions = self.reader.versions(act.id)
            self._chains[act.id] = [v for v in versions if not v.is_amending] or versions
        return self._chains[act.id]

    def in_force(self, act: ActRow) -> Choice:
        """The act's version in force on the day, or why there is none."""
        chain = self.chain(act)
        version = next((v for v in reversed(chain) if v.in_force_on(self.day)), None)
        if version is None:
            first = chain[0].in_force_from if chain else None
            return Choice(
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
        earlier = [v for v in chain if ended(v.in_force_to, version.in_force_from or "")]
        replaced = [v for v in earlier if version.replaces(v)]
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
        return Choice(act=act, version=version, warnings=tuple(warnings))

    def _choose(self, ref: ActRef) -> Choice:
        act = self._act_named(ref.name) if ref.name else None
        named = ref.version
        if named is not None:
            written = one_line(named.text)
            if named.date is None:
                return Choice(
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
                    return Choice(
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
                return Choice(
                    act=act,
                    status="not_found",
                    reason="version_not_found",
                    message=say(
                        "{law}: {written} is not loaded; the stored versions are {versions}",
                        law=act.key,
                        written=written,
                        versions="; ".join(x.designation for x in self.chain(act)),
                    ),
                )
            shown = (self._registry_key(ref.name) or one_line(ref.name)) if ref.name else None
            name = f"{shown}, {written}" if shown else written
            return Choice(
                status="unknown_law",
                reason="law_not_loaded",
                message=say(
                    "{name} is not loaded; loaded acts: {loaded}", name=name, loaded=self.loaded()
                ),
                law=self._registry_key(ref.name),
            )
        if act is None:
            key = self._registry_key(ref.name)
            written = one_line(ref.name or "")
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
            return Choice(
                status="unknown_law", reason=reason, message=message, law=self._law_key(ref.name)
            )
        return self.in_force(act)

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
        return next((a for a in self.acts if a.key == key), None) if key else None

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

    def _named(self, act: ActRow, version: VersionRow) -> Choice:
        if not begun(version.in_force_from, self.day):
            return Choice(
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
        if ended(version.in_force_to, self.day):
            chain = self.chain(act)
            later = [
                v for v in chain if v.in_force_from and ended(version.in_force_to, v.in_force_from)
            ]
            now = next((v for v in reversed(later) if v.in_force_on(self.day)), None)
            successor = later[0] if later else None
            if successor is not None and successor.replaces(version):
                return Choice(
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
                return Choice(
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
        return Choice(act=act, version=version, named=True)
