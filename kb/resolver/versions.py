"""The choice of version: which act and version a citation is read against, or why none.

A citation that names a version ("LBK nr 433 af 22/04/2014") is read against that
version, said to be `not_in_force` when it no longer or not yet is; one that names
only the act is read against the version in force on the day asked about.
`Versions` answers for one store and one day and remembers each answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from kb.citation.grammar import FORMER, Lexicon
from kb.citation.model import ActRef
from kb.codes import Day, Reason, Status, Warning, day, quote, say
from kb.resolver.explain import one_line
from kb.store.gaps import gap_after, later_designations
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

    def __init__(self, reader: Reader, day: str, lexicon: Lexicon, suggest: bool = True) -> None:
        self.reader = reader
        self.suggest = suggest
        self.day = day
        self.lexicon = lexicon
        memo = reader.memo()
        found: list[ActRow] | None = memo.get("acts")
        self.acts: list[ActRow] = (
            found if found is not None else memo.setdefault("acts", reader.acts())
        )
        self._acts_by_id = {a.id: a for a in self.acts}
        self._choices: dict[tuple, Choice] = {}
        # What does not depend on the day is kept for every day's `Versions` over the
        # store as it is (the reader's memo): reading the whole law, day after day,
        # asks for the same acts' chains again and again.
        self._chains: dict[int, list[VersionRow]] = memo.setdefault("chains", {})
        self._later: dict[int, list[dict[str, Any]]] = memo.setdefault("unstored_later", {})
        self._last: tuple[ActRef, Choice] | None = None

    @property
    def text_acts(self) -> list[ActRow]:
        """The acts with a text of their own: not only amending acts."""
        memo = self.reader.memo()
        found: list[ActRow] | None = memo.get("text_acts")
        if found is None:
            ids = {
                r[0]
                for r in self.reader.q("SELECT DISTINCT act_id FROM versions WHERE NOT is_amending")
            }
            found = memo.setdefault("text_acts", [a for a in self.acts if a.id in ids])
        return found

    def suggestions(self, name: str) -> list[str]:
        """Stored acts spelt like `name` (`Reader.acts_spelt_like`), never the list
        of everything loaded; none when asked not to suggest."""
        return self.reader.acts_spelt_like(name) if self.suggest else []

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
            return self._no_text(act, chain)
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
        warnings += self._currency(act, chain, version)
        return Choice(act=act, version=version, warnings=tuple(warnings))

    # --- what the store does not know --------------------------------------

    def _no_text(self, act: ActRow, chain: list[VersionRow]) -> Choice:
        """No stored version covers the day: the act was not yet in force, or its
        text for that day is simply not in the store (before the oldest stored
        consolidation, after a quotation's period, between versions)."""
        before = [v for v in chain if begun(v.in_force_from, self.day)]
        after = [v for v in chain if not begun(v.in_force_from, self.day)]
        prev, following = (before[-1] if before else None), (after[0] if after else None)
        if prev is None and following is not None and _begins_act(following):
            return Choice(
                act=act,
                status="not_found",
                reason="no_version_in_force",
                message=say(
                    "no stored version of {law} was in force on {day}; the stored versions "
                    "begin {first}",
                    law=act.key,
                    day=Day(self.day),
                    first=Day(following.in_force_from),
                )
                if following.in_force_from
                else say(
                    "no stored version of {law} was in force on {day}",
                    law=act.key,
                    day=Day(self.day),
                ),
            )
        message = _not_stored(act, self.day, prev, following)
        gap = self._gap(act, prev, following) if prev and following else None
        if gap is not None:
            message = say("{why}: {gap}", why=gap, gap=message)
        return Choice(act=act, status="not_found", reason="text_not_stored", message=message)

    def _outside_quotation(self, act: ActRow, version: VersionRow) -> Choice | None:
        """A quotation named for a day outside the period it attests: its text on
        that day is not stored — unless the act had been replaced by then."""
        chain = self.chain(act)
        successor = _next(chain, version)
        if (
            successor is not None
            and successor.replaces(version)
            and begun(successor.in_force_from, self.day)
        ):
            return None
        before = [v for v in chain if v.in_force_to and ended(v.in_force_to, self.day)]
        after = [v for v in chain if not begun(v.in_force_from, self.day)]
        return Choice(
            act=act,
            status="not_found",
            reason="text_not_stored",
            message=_not_stored(
                act, self.day, before[-1] if before else None, after[0] if after else None
            ),
            named=True,
        )

    def _gap(self, act: ActRow, prev: VersionRow, following: VersionRow) -> str | None:
        """Why the store lacks the text between `prev` and `following`, when the
        sources say (`kb.store.gaps`)."""
        chain = self.chain(act)
        gap = gap_after(
            prev.date_signed,
            prev.later_changes,
            following.in_force_from,
            following.lineage,
            self.reader.stored_designations(later_designations(prev.later_changes)),
            {(v.number, v.date_signed) for v in chain},
        )
        if gap is None:
            return None
        if gap.kind == "base":
            return say(
                "{following} is based on {missing}, which is not in the store",
                following=following.designation,
                missing=gap.missing,
            )
        return say(
            "Retsinformation lists {missing} as a later version of {law}, which is not in "
            "the store",
            missing=gap.missing,
            law=act.key,
        )

    def _unstored_later(self, version: VersionRow) -> list[dict[str, Any]]:
        """The later changes `version`'s metadata names that no stored version is
        (Retsinformation lists amendments signed before a consolidation too, when
        they come into force after it)."""
        found = self._later.get(version.id)
        if found is None:
            named = [
                c for c in version.later_change_list() if c.get("date") and c.get("designation")
            ]
            stored = self.reader.stored_designations([c["designation"] for c in named])
            found = self._later[version.id] = [c for c in named if c["designation"] not in stored]
        return found

    def _currency(self, act: ActRow, chain: list[VersionRow], version: VersionRow) -> list[Warning]:
        """What the version's own source knew of and the store does not hold: later
        changes its metadata names, signed by the day asked about, and — for the
        newest stored version — its being marked historic by then."""
        if version.attested:
            return []
        following = _next(chain, version)
        out = []
        missing = [
            c["designation"]
            for c in self._unstored_later(version)
            if c["date"] <= self.day
            and (following is None or not c["designation"].startswith("LBK"))
        ]
        if missing:
            out.append(
                Warning(
                    "later_changes_not_stored",
                    say(
                        "Retsinformation lists later changes to {version} that the store does "
                        "not hold: {changes}; the text may have changed since",
                        version=version.designation,
                        changes=", ".join(missing),
                    ),
                )
            )
        if following is not None:
            return out
        if (version.status or "").lower() == "historic" and (
            version.historic_since is None or version.historic_since <= self.day
        ):
            out.append(
                Warning(
                    "marked_historic",
                    say(
                        "Retsinformation marked {version} as historic (no longer current) on "
                        "{since}; the store holds no newer version of {law}",
                        version=version.designation,
                        since=Day(version.historic_since),
                        law=act.key,
                    )
                    if version.historic_since
                    else say(
                        "Retsinformation gave {version} as historic (no longer current) when it "
                        "was fetched; the store holds no newer version of {law}",
                        version=version.designation,
                        law=act.key,
                    ),
                )
            )
        return out

    def _choose(self, ref: ActRef) -> Choice:
        former = FORMER.match(ref.name) if ref.name and ref.version is None else None
        if former is not None and ref.name is not None:
            return self._former(ref._replace(name=ref.name[former.end() :]))
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
                message=say("{name} is not loaded", name=name),
                law=self._registry_key(ref.name),
            )
        if act is None:
            key = self._registry_key(ref.name)
            written = one_line(ref.name or "")
            shown = f"{written} ({key})" if key and fold(written) != key else written
            if key:
                reason: Reason = "law_not_loaded"
                message = say("{name} is not loaded", name=shown)
            else:
                reason = "law_name_unknown"
                message = not_known(written, self.suggestions(written))
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

    def _former(self, ref: ActRef) -> Choice:
        """ "den tidligere offentlighedslov": the last version of the act that the one
        called so replaced (by the day read), read as a named version is; or why the
        store has none."""
        act = self._act_named(ref.name)
        if act is None:
            return self._choose(ref)  # a name the store does not know: said as for any
        chain = self.chain(act)
        replaced = [
            older
            for older, newer in itertools.pairwise(chain)
            if newer.replaces(older) and begun(newer.in_force_from, self.day)
        ]
        if replaced:
            return self._named(act, replaced[-1])
        return Choice(
            act=act,
            status="not_found",
            reason="version_not_found",
            message=say(
                "the store holds no older act that {law} replaced; its stored versions are "
                "{versions}",
                law=act.key,
                versions="; ".join(v.designation for v in chain),
            ),
        )

    def _named(self, act: ActRow, version: VersionRow) -> Choice:
        if version.attested and not version.in_force_on(self.day):
            quoted = self._outside_quotation(act, version)
            if quoted is not None:
                return quoted
        if not begun(_begins(version), self.day):
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
        warnings = self._currency(act, self.chain(act), version)
        return Choice(act=act, version=version, warnings=tuple(warnings), named=True)


def not_known(written: str, suggestions: list[str]) -> str:
    """No act of the name written is stored: the name, and what it may have meant."""
    if not suggestions:
        return say("no act named {written} is loaded", written=quote(written))
    return say(
        "no act named {written} is loaded; did you mean {suggestions}?",
        written=quote(written),
        suggestions=", ".join(suggestions),
    )


def _after(v: VersionRow, version: VersionRow) -> bool:
    """Whether `v` comes later in the chain than `version`."""
    return (v.in_force_from or "", v.date_signed or "") > (
        version.in_force_from or "",
        version.date_signed or "",
    )


def _next(chain: list[VersionRow], version: VersionRow) -> VersionRow | None:
    """The next version in the chain after `version`, quotations left out."""
    return next((v for v in chain if not v.attested and _after(v, version)), None)


def _begins_act(v: VersionRow) -> bool:
    """Whether `v` is an act's own first text (an original LOV), before which the
    act was not in force, as opposed to a consolidation or a quotation of an act
    that was in force before it."""
    return v.doc_type in ("LOV", "BEK") and not v.is_amending and not v.attested


def _span(v: VersionRow) -> str:
    """A stored version and the period it covers, for a person."""
    if v.attested:
        period = v.attested_period()
        return say(
            "{version} (quoted as it read {start} to {end})",
            version=v.designation,
            start=Day(period["from"]),
            end=Day(period["until"]),
        )
    if v.in_force_to:
        return say(
            "{version} (in force {start} to {end})",
            version=v.designation,
            start=Day(v.in_force_from),
            end=Day(v.in_force_to),
        )
    return say(
        "{version} (in force from {start})", version=v.designation, start=Day(v.in_force_from)
    )


def _not_stored(
    act: ActRow,
    day_: str,
    before: VersionRow | None,
    after: VersionRow | None,
) -> str:
    """The text of `act` on `day_` is not stored; the nearest stored versions."""
    if before is not None and after is not None:
        return say(
            "the text of {law} as it stood on {day} is not in the store; the nearest stored "
            "versions are {before} and {after}",
            law=act.key,
            day=Day(day_),
            before=_span(before),
            after=_span(after),
        )
    if after is not None:
        return say(
            "the text of {law} as it stood on {day} is not in the store; the oldest stored "
            "version is {after}",
            law=act.key,
            day=Day(day_),
            after=_span(after),
        )
    return say(
        "the text of {law} as it stood on {day} is not in the store; the newest stored "
        "version is {before}",
        law=act.key,
        day=Day(day_),
        before=_span(before) if before else "",
    )


def _begins(version: VersionRow) -> str | None:
    """The first day a citation of `version` finds it in force. An amending act comes
    into force in parts, and the store holds the day its commencement provision names
    first ("Loven træder i kraft den 1. januar 2017, jf. dog stk. 2"), where some of
    its parts are in force sooner: from the day after it is signed (published that day
    at the soonest, and in force "dagen efter bekendtgørelsen": `kb.ingest.commencement`),
    it is law as published, which a
    consolidation cites ("de ændringer, der følger af § 1, nr. 1-4, i lov nr. 647 af
    8. juni 2016") and its own commencement provisions cite ("§ 1, nr. 2, træder i
    kraft den 1. juli 2016")."""
    if version.is_amending and version.date_signed:
        after = dt.date.fromisoformat(version.date_signed) + dt.timedelta(days=1)
        return min(after.isoformat(), version.in_force_from or "9999")
    return version.in_force_from
