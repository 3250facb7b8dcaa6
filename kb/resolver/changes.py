"""What the version read does not include: amendments and counterparts.

The text of a unit comes from one stored version. On the day asked about it may
already be amended by an act that no stored consolidation folds in, or read
differently in a newer version; a unit it lacks may be inserted by an amending
act; and a rule of a replaced act may stand elsewhere in the act that replaced
it. `Changes` says so in warnings, for one store and one day.
"""

from __future__ import annotations

from typing import Any

from kb.citation.model import Pinpoint
from kb.codes import Day, Warning, day, quote, say
from kb.history.effects import Folding, effects_on
from kb.resolver.explain import path_written
from kb.resolver.target import Target, render_rows
from kb.resolver.versions import Choice, Versions
from kb.store.read import ActRow, Reader, UnitRow, VersionRow


class Changes:
    """Amendments and counterparts around the versions `versions` chooses,
    remembering what it read of them."""

    def __init__(self, reader: Reader, versions: Versions) -> None:
        self.reader = reader
        self.versions = versions
        self.day = versions.day
        self._effects_of: dict[str, list[Any]] = {}
        self._by_head: dict[str, dict[str, list[Any]]] = {}
        self._folding: dict[str, Folding] = {}
        self._amending: bool | None = None
        self._counterparts: dict[int, list[tuple]] = {}

    def effects(self, law: str) -> list[Any]:
        """What the stored amending acts do to the act `law` (`kb.history.effects`)."""
        if law not in self._effects_of:
            if self._amending is None:
                self._amending = bool(
                    self.reader.q("SELECT 1 FROM versions WHERE is_amending = :t LIMIT 1", t=True)
                )
            if not self._amending:
                self._effects_of[law] = []  # no amending act stored: nothing to read
            else:
                # The same for every day asked about, so kept in the reader's memo for
                # the resolvers of other days. Another thread may empty the memo at
                # any time: read once, made with setdefault.
                kept: dict[str, list[Any]] = self.reader.memo().setdefault("effects", {})
                found = kept.get(law)
                if found is None:
                    # which consolidation folds each in is read only for those that
                    # touch a unit asked about (`_folded`): a few of serviceloven's 469
                    found = kept.setdefault(law, effects_on(self.reader, law, folded=False))
                self._effects_of[law] = found
        return self._effects_of[law]

    def _touching(self, law: str, path: str) -> list[Any]:
        """The effects of `law` that name a provision under the § (or chapter) of `path`,
        in their order: a unit is related only to paths of its own § ("§27/s1" and
        "§27"), and a letter or a statute asks about hundreds of units of an act with
        hundreds of effects."""
        by_head = self._by_head.get(law)
        if by_head is None:
            # (kept here, not in the reader's memo: asking the memo reads the store's
            # generation, a query for every unit)
            made: dict[str, list[Any]] = {}
            for e in self.effects(law):
                paths = (*e.targets, *e.new, *(o for o, _n in e.renumbered))
                for head in dict.fromkeys(p.split("/", 1)[0] for p in paths):
                    made.setdefault(head, []).append(e)
            by_head = self._by_head.setdefault(law, made)
        return by_head.get(path.split("/", 1)[0], [])

    def _folded(self, law: str, e: Any) -> Any:
        """The effect `e` of `law` with the consolidation that folds it in."""
        folding = self._folding.get(law)
        if folding is None:
            kept: dict[str, Folding] = self.reader.memo().setdefault("folding", {})
            folding = kept.get(law) or kept.setdefault(law, Folding(self.reader, law))
            self._folding[law] = folding
        return folding.effect(e)

    def coming(self, act: ActRow, pin: Pinpoint) -> list[Warning]:
        """For a unit not in the version read: amending acts that create it."""
        out = []
        for e in self._touching(act.key, pin.path or ""):
            made = (*e.new, *(n for _o, n in e.renumbered))
            if not pin.path or pin.path not in made:
                continue
            e = self._folded(act.key, e)
            when = (
                say("from {day}", day=Day(e.in_force))
                if e.in_force
                else say("from a day the sources do not give ({rule})", rule=_rule(e))
                if e.in_force_rule
                else say("(no date of entry into force)")
            )
            folded = self._consolidation(act, e)
            where = (
                say(
                    "; the stored consolidation with it, {version}, applies from {since}",
                    version=folded.designation,
                    since=day(folded.in_force_from),
                )
                if folded is not None
                else say("; no stored consolidation includes it yet")
            )
            said = {"unit": pin.written(), "by": amended_by(e), "when": when, "where": where}
            message = (
                say("{unit} was inserted by {by} {when}{where}", **said)
                if pin.path in e.new
                else say("{unit} was renumbered into by {by} {when}{where}", **said)
            )
            out.append(Warning("created_by_amendment", message))
        return out

    def of_unit(
        self, act: ActRow, version: VersionRow, pin: Pinpoint, unit: UnitRow
    ) -> list[Warning]:
        """Warnings that the text read is not the whole story on this date."""
        path = unit.path or pin.path
        if not path:
            return []
        out = []
        for e in self._touching(act.key, path):
            olds = tuple(o for o, _n in e.renumbered)
            # an insertion "after § 14" does not touch § 14 itself
            touched = e.new if e.kind == "inserted" else (*e.targets, *e.new, *olds)
            if not any(_related(path, t) for t in touched):
                continue
            e = self._folded(act.key, e)
            if e.kind == "repealed" and any(_related(path, t) for t in e.targets):
                verb = say("repealed")
            elif any(_related(path, o) for o in olds):
                verb = say("renumbered")
            else:
                verb = say("changed")
            by = amended_by(e)
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
                elif e.in_force_earliest and self.day < e.in_force_earliest:
                    message = say(
                        "{unit} will be {verb} by {by} from a day the sources do not give "
                        "({rule}), not before {earliest}",
                        **said,
                        rule=_rule(e),
                        earliest=Day(e.in_force_earliest),
                    )
                    out.append(Warning("amendment_pending", message))
                else:
                    # In force by now or not: the sources do not say which.
                    message = say(
                        "{unit} is {verb} by {by} from a day the sources do not give ({rule}), "
                        "and no stored consolidation includes it; the text shown may be out "
                        "of date",
                        **said,
                        rule=_rule(e),
                    )
                    out.append(Warning("amendment_date_unknown", message))
                continue
            folded = self._consolidation(act, e)
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
            elif (
                not e.in_force
                and e.in_force_earliest
                and e.in_force_earliest <= self.day
                and starts
                and self.day < starts
            ):
                message = say(
                    "{unit} is {verb} by {by} from a day the sources do not give ({rule}); the "
                    "stored consolidation with the change, {version}, applies from {since}",
                    **said,
                    rule=_rule(e),
                    version=e.folded_into,
                    since=Day(starts),
                )
                out.append(Warning("amendment_date_unknown", message))
        newer = [
            v
            for v in self.versions.chain(act)
            if (v.in_force_from or "") > (version.in_force_from or "") and not v.is_partial
        ]
        # A new act that replaced this one numbers its rules afresh: the same §
        # there is another rule, not a new wording.
        if newer and not newer[0].replaces(version):
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

    def counterpart_notes(
        self, target: Target, act: ActRow, version: VersionRow, path: str | None, choice: Choice
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
                    unit=path_written(new_p),
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
                    old_unit=path_written(old_p),
                    old=old_v,
                    new_unit=path_written(new_p),
                    new=new_v,
                    unit=path_written(path),
                )
                target.warnings.append(Warning("rule_moved", message))

    def _counterparts_of(self, act: ActRow) -> list[tuple]:
        if act.id not in self._counterparts:
            try:
                self._counterparts[act.id] = self.reader.counterparts(act.id)
            except Exception:  # a store from before counterparts existed
                self._counterparts[act.id] = []
        return self._counterparts[act.id]

    def _consolidation(self, act: ActRow, effect: Any) -> VersionRow | None:
        """The stored version that folds the effect in."""
        return next(
            (v for v in self.versions.chain(act) if v.designation == effect.folded_into), None
        )


def amended_by(effect: Any) -> str:
    """The amending act's provision an effect comes from: "LOV nr 638 af 12/06/2013 § 1, nr. 3"."""
    return f"{effect.amending} {effect.section}, nr. {effect.item.rstrip('.')}"


def _rule(effect: Any) -> str:
    """What the amending act says about when the effect comes into force, quoted."""
    if effect.in_force_rule:
        return quote(effect.in_force_rule)
    return say("its act says nothing lovkb reads about when")


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")
