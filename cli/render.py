"""Terminal output for people. Legal text is printed exactly as stored.

Every word this module adds is in the language in force (`kb.i18n`: Danish by
default); statuses, kinds of change, keys, labels, designations and canonical
forms are printed as they are, in every language.

`kb show` styles with click's ANSI helpers rather than rich: it runs as a
fresh process per citation, and rich's import would cost more than the
lookup itself. `kb laws` uses rich tables.
"""

from __future__ import annotations

from typing import Any

import typer

from kb.codes import Day
from kb.i18n import _, ngettext
from kb.resolver.target import Target
from kb.units import Address, TextLine


def print_targets(result: Any) -> None:
    for target in result.targets:
        print_target(target)


def print_target(t: Target) -> None:
    out = typer.echo
    title = t.canonical
    if t.status != "ok":
        out(
            typer.style(title, bold=True) + "  " + typer.style(t.status, fg="red", bold=True),
            err=False,
        )
        if t.message:
            out(f"  {t.message}")
        for c in t.candidates or []:
            out("  " + _("candidate: {candidate}").format(candidate=c))
        if t.text is None:
            for w in t.warnings:
                out(typer.style("  " + _warning(w.message), fg="yellow"))
            return
        # Not in force, but read (a superseded version named, a repealed provision, the
        # last text of one no longer in the act): its text follows, under its version.
    else:
        out(typer.style(title, bold=True))
    version = f"{t.version_title} ({t.version})" if t.version_title else (t.version or "")
    if t.partial:
        version += " — " + _("partial version")
    out(typer.style(version, dim=True))
    chapter = t.kapitel is not None and t.paragraf is None  # the unit cited is a chapter
    place = " · ".join(p for p in (t.chapter, t.heading) if p)
    if place and not chapter:
        out(typer.style(place, italic=True))
    out("")
    _print_text(t, chapter)
    out("")
    if t.practice is not None:
        # A ruling has no in-force interval in the store; what it has is a source,
        # and its stored text is that source's account of it.
        out(typer.style(_("text as given in: {source}").format(source=t.source or "?"), dim=True))
        for w in t.warnings:
            out(typer.style(_warning(w.message), fg="yellow"))
        return
    if t.attested is not None:
        quoted = _("quoted from: {source}; the source attests this text for {start} to {end} only")
        said = quoted.format(
            source=t.source or "?", start=_day(t.attested["from"]), end=_day(t.attested["until"])
        )
        out(typer.style(" · ".join(p for p in (said, t.eli) if p), dim=True))
        for w in t.warnings:
            out(typer.style(_warning(w.message), fg="yellow"))
        return
    since = _day(t.in_force_from)
    span = (
        _("in force from {since} to {until}").format(since=since, until=_day(t.in_force_to))
        if t.in_force_to
        else _("in force from {since}").format(since=since)
    )
    out(typer.style(" · ".join(p for p in (span, t.eli) if p), dim=True))
    for w in t.warnings:
        out(typer.style(_warning(w.message), fg="yellow"))


def _print_text(t: Target, chapter: bool) -> None:
    """The unit's text as stored, each §, stk., nr. and heading on a line of its own."""
    out = typer.echo
    lead = _lead(t)
    lines = t.lines or [TextLine(0, t.text or "")]
    if chapter:
        # "Kapitel 6 Begrundelse m.v." stands over the chapter's §§, as in the act
        out(typer.style(" ".join(p for p in (lead, t.heading) if p), bold=True))
        lead = ""
    spans = [(r["start"], r["end"]) for r in t.references or []]
    at = 0  # where the line starts in the text: the lines joined by spaces are the text
    for n, line in enumerate(lines):
        size = len(line.text)
        words = marked(
            line.text,
            [
                (max(a, at) - at, min(b, at + size) - at)
                for a, b in spans
                if a < at + size and b > at
            ],
        )
        at += size + 1
        if line.heading:
            if n:
                out("")
            out(typer.style(line.text, bold=True))
        elif n == 0 and lead:
            out(f"{typer.style(lead, bold=True)} {words}")
        else:
            out("  " * max(0, line.level - 1) + words)


def _since(v: dict[str, Any]) -> str:
    """A catalogue row's first day, or "tidligst …" where the sources do not give the day."""
    if v.get("in_force_known", True) or not v["in_force_from"]:
        return v["in_force_from"] or ""
    return _("earliest {day}").format(day=v["in_force_from"])


def _day(value: Any) -> Day | str:
    """A date as a person reads it ("22. april 2014" in Danish), or "?" for none."""
    return Day(str(value)) if value else "?"


def _warning(message: str) -> str:
    return _("warning: {message}").format(message=message)


# What an antecedent supplies ("law", "paragraf": the contract's words), as people read it.
def _supplied(what: str) -> str:
    if what == "law":
        return _("the act")
    if what == "paragraf":
        return "§"
    return what


def _lead(t: Target) -> str:
    """The printed label of the cited unit ("§ 24.", "Stk. 2.", "1)")."""
    if t.pkt is not None:
        return f"{t.pkt}. pkt.:"
    if t.label:
        return t.label
    if t.stk == 1 and t.nr is None:
        return "Stk. 1."
    return ""


_STATUS_COLOURS = {"ok": "green", "not_in_force": "yellow"}
# Reasons whose message names the version read: it is not printed twice.
_NAMES_VERSION = frozenset({"not_yet_in_force", "superseded_version", "act_replaced"})


def print_result(result: Any, show_place: bool) -> None:
    """One block per citation: where it stands, then each target's status."""
    out = typer.echo
    for c in result.citations:
        # One echo per citation: each call looks at the stream again.
        where = f"{c.line}:{c.column}  " if show_place and c.line is not None else ""
        lines = [typer.style(f"{where}{_one_line(c.text)}", bold=True)]
        add = lines.append
        for t in c.targets:
            colour = _STATUS_COLOURS.get(t.status, "red")
            add(f"  {typer.style(f'{t.status:<12}', fg=colour)} {t.canonical or c.text}")
            version = t.version if t.reason not in _NAMES_VERSION else None
            detail = " · ".join(p for p in (version, t.message) if p)
            if detail:
                add(f"  {'':<12} {detail}")
            if t.antecedent:
                a = t.antecedent
                reads = _("reads {supplies} from {text!r}").format(
                    supplies=_(" and ").join(_supplied(s) for s in a["supplies"]),
                    text=_one_line(a["text"]),
                )
                add(f"  {'':<12} {reads}")
            for cand in t.candidates or []:
                add(f"  {'':<12} " + _("candidate: {candidate}").format(candidate=cand))
            for w in t.warnings:
                add(typer.style(f"  {'':<12} " + _warning(w.message), fg="yellow"))
        out("\n".join(lines))
    summary = result.summary
    n, k = summary["citations"], summary["targets"]
    out(
        _("{citations}, {targets}: {ok} ok, {problems} not ok").format(
            citations=ngettext("{count} citation", "{count} citations", n).format(count=n),
            targets=ngettext("{count} target", "{count} targets", k).format(count=k),
            ok=summary["ok"],
            problems=summary["problems"],
        )
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def print_laws(data: list[dict[str, Any]]) -> None:
    """Each act as its heading and one aligned line a version.

    Plain columns rather than a rich table: rich measured 1,817 tables of the
    whole corpus in 4-15 s; these lines print in milliseconds.
    """
    header = (
        _("version"),
        _("in force from"),
        _("to"),
        _("in force"),
        _("extent"),
        _("units"),
        _("source"),
    )
    rows = [
        (
            v["designation"] + (" (" + _("amending act") + ")" if v["amending"] else ""),
            _since(v),
            v["in_force_to"] or "",
            _("yes") if v["in_force"] else _("no"),
            _("partial") if v["partial"] else _("full"),
            str(v["units"]),
            v["provenance"]["file"] or "",
        )
        for act in data
        for v in act["versions"]
    ]
    # One set of widths for the whole list, so that the columns line up from act to act.
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out: list[str] = []
    lines = iter(rows)
    for act in data:
        out += [typer.style(f"{act['key']} — {act['title']}", bold=True), "  " + line(header)]
        out += ["  " + line(next(lines)) for _v in act["versions"]]
        out.append("")
    typer.echo("\n".join(out), nl=False)


def print_search(result: Any) -> None:
    out = typer.echo
    if not result.hits:
        out(
            _("No hits for {query!r} in force on {day}.").format(
                query=result.query, day=_day(result.as_of)
            )
            if result.as_of
            else _("No hits for {query!r}.").format(query=result.query)
        )
        if result.suggestions:
            out(_("Did you mean: {words}?").format(words=", ".join(result.suggestions)))
        if result.as_of:
            out(_("(--all-versions searches earlier versions too)"))
        return
    shown, total = len(result.hits), result.total
    hits = (
        ngettext("{count} hit in force on {day}", "{count} hits in force on {day}", total).format(
            count=total, day=_day(result.as_of)
        )
        if result.as_of
        else ngettext(
            "{count} hit in every stored version", "{count} hits in every stored version", total
        ).format(count=total)
    )
    if total <= shown:
        out(hits + ":")
    elif shown == 1:
        out(_("{hits}; the best one:").format(hits=hits))
    else:
        out(_("{hits}; the best {shown}:").format(hits=hits, shown=shown))
    for n, h in enumerate(result.hits, start=1):
        where = f"  ({h.version})" if h.version else ""
        out("")
        out(
            f"{n:>2}. "
            + typer.style(h.canonical, bold=True)
            + where
            + typer.style(f"  {h.score:.2f}", dim=True)
        )
        if h.heading:
            out(f"    {h.heading}")
        out(f"    {h.snippet}")
        if h.concept:
            named = _("(named by the concept {concept!r}: kb concept {concept})")
            out(typer.style("    " + named.format(concept=h.concept), dim=True))
    if result.concepts:
        out("")
        out(
            _("Concepts: {concepts}  (kb concept NAME)").format(concepts=", ".join(result.concepts))
        )


def print_concepts(data: list[dict[str, Any]]) -> None:
    for c in data:
        section = f"{c['section']} " if c.get("section") else ""
        typer.echo(typer.style(f"{c['key']}", bold=True) + f"  {section}{c['name']}")
        typer.echo("    " + "; ".join(c["provisions"]))


def print_concept(c: Any) -> None:
    out = typer.echo
    section = " (" + _("section {section}").format(section=c.section) + ")" if c.section else ""
    out(typer.style(c.name, bold=True) + section)
    if c.source:
        out(typer.style(c.source, dim=True))
    out("")
    for paragraph in c.explanation.split("\n\n"):
        out(paragraph.strip())
        out("")
    _provisions(
        _("In the pamphlet (the law as of {day})").format(day=_day(c.cited[0].as_of))
        if c.cited
        else _("In the pamphlet"),
        c.cited,
    )
    if c.today:
        _provisions(_("In force on {day}").format(day=_day(c.today[0].as_of)), c.today)


def _provisions(title: str, provisions: list[Any]) -> None:
    typer.echo(typer.style(title + ":", bold=True))
    for p in provisions:
        for t in p.targets:
            if t.status == "ok":
                typer.echo(
                    f"  {t.canonical}  ({t.version})" + (f"  {t.heading}" if t.heading else "")
                )
            else:
                typer.echo(
                    f"  {t.canonical}  " + typer.style(t.status, fg="red") + f": {t.message}"
                )
    typer.echo("")


def written_path(path: str | None) -> str:
    """ "§27/s5/n2" → "§ 27, stk. 5, nr. 2"; "kap8 b" → "kapitel 8 b"."""
    return Address.parse(path).written() if path else ""


def print_versions(data: dict[str, Any]) -> None:
    out = typer.echo
    out(typer.style(data["law"], bold=True) + f"  ({data['title']})")
    for v in data["versions"]:
        span = f"{_since(v) or '?'} – {v['in_force_to'] or ''}"
        if v.get("attested"):
            span = _("quoted as it read {start} to {end}").format(
                start=_day(v["attested"]["from"]), end=_day(v["attested"]["until"])
            )
        mark = typer.style("  " + _("in force"), fg="green") if v["in_force"] else ""
        if v.get("added_since"):
            mark += typer.style("  " + _("added {when}").format(when=v["imported_at"]), fg="cyan")
        out("")
        out(typer.style(v["designation"], bold=True) + f"  {span}{mark}")
        out(f"  {v['title']}" + ("  (" + _("partial") + ")" if v["partial"] else ""))
        if v["eli"]:
            out(f"  {v['eli']}")
        if not v.get("in_force_known", True) and v.get("in_force_rule"):
            said = _("in force: {rule} (the sources do not give the day)")
            out("  " + said.format(rule=v["in_force_rule"]))
        if v["based_on"]:
            out("  " + _("based on {version}").format(version=v["based_on"]))
        for folded in v["folds_in"]:
            out("  " + _("folds in {version}").format(version=folded))
        if v["replaced_by"]:
            replaced = _("replaced by the new act {version}").format(version=v["replaced_by"])
            out(typer.style("  " + replaced, fg="yellow"))
        elif v["superseded_by"]:
            out("  " + _("superseded by {version}").format(version=v["superseded_by"]))
        unstored = [c["designation"] for c in v.get("later_changes", []) if not c["stored"]]
        if unstored:
            listed = _("later changes Retsinformation lists, not in the store: {changes}")
            out(typer.style("  " + listed.format(changes=", ".join(unstored)), fg="yellow"))
        historic = (v.get("source_status") or "").lower() == "historic"
        if not v.get("attested") and (v.get("historic_since") or historic):
            marked = (
                _("marked historic by Retsinformation on {since}").format(
                    since=_day(v["historic_since"])
                )
                if v.get("historic_since")
                else _("given as historic by Retsinformation when fetched")
            )
            out("  " + marked)
        gap = v.get("gap_after")
        if gap:
            text = _("the text from {start} to {end} is not in the store").format(
                start=_day(gap["from"]), end=_day(gap["to"])
            )
            if gap.get("missing"):
                text += _(" (missing: {version})").format(version=gap["missing"])
            out(typer.style("  " + text, fg="yellow"))
    if data.get("counterparts"):
        out("")
        out(typer.style(_("Provisions that moved to the new act:"), bold=True))
        for c in data["counterparts"]:
            moved = _("{old_unit} of {old} → {new_unit} of {new}").format(
                old_unit=written_path(c["old_path"]),
                old=c["old"],
                new_unit=written_path(c["new_path"]),
                new=c["new"],
            )
            out(f"  {moved}" + (f"  ({c['note']})" if c.get("note") else ""))
    if data["amending_acts"]:
        out("")
        out(typer.style(_("Amending acts stored:"), bold=True))
        for a in data["amending_acts"]:
            effects = ngettext(
                "in force {day}  {count} effect: {where}",
                "in force {day}  {count} effects: {where}",
                a["effects"],
            ).format(day=_day(a["in_force"]), count=a["effects"], where=", ".join(a["folded_into"]))
            out(f"  {a['designation']}  {effects}")


def print_diff(d: Any) -> None:
    out = typer.echo
    n = len(d.changes)
    changes = ngettext("{count} change", "{count} changes", n).format(count=n)
    out(typer.style(f"{d.law}: {d.old} → {d.new}", bold=True) + f"  ({changes})")
    for c in d.changes:
        where = written_path(c.path)
        if c.kind == "renumbered":
            where += " (" + _("was {unit}").format(unit=written_path(c.old_path)) + ")"
        out("")
        out(typer.style(f"{c.kind:<10}", bold=True) + f" {where}")
        if c.kind == "changed" or (c.kind == "renumbered" and c.words):
            out("  " + _word_diff(c.words))
        elif c.kind == "added":
            out("  " + typer.style(c.new_text or "", fg="green"))
        elif c.kind == "removed":
            out("  " + typer.style(c.old_text or "", fg="red"))
        if c.explained_by:
            by = _("by {acts}").format(acts="; ".join(c.explained_by))
            out(typer.style("  " + by, dim=True))
        else:
            out(typer.style("  " + _("no stored amending act explains this change"), fg="yellow"))


def _word_diff(words: Any) -> str:
    parts = []
    for op, text in words:
        if op == "=":
            parts.append(text)
        elif op == "-":
            parts.append(typer.style(f"[-{text}-]", fg="red"))
        else:
            parts.append(typer.style(f"{{+{text}+}}", fg="green"))
    return " ".join(parts)


def _effect_day(e: Any) -> str:
    """When an effect comes into force, as far as the sources say."""
    if e.in_force:
        return _("in force {day}").format(day=_day(e.in_force))
    if getattr(e, "in_force_earliest", None):
        return _("in force at the earliest {day}").format(day=_day(e.in_force_earliest))
    return _("in force {day}").format(day="?")


def print_effects(effects: list[Any]) -> None:
    out = typer.echo
    if not effects:
        out(_("No stored amending act changes this act, or none that is pending."))
        return
    current = None
    days: dict[tuple[str, str], set[str]] = {}
    for e in effects:
        days.setdefault((e.amending, e.section), set()).add(_effect_day(e))
    for e in effects:
        one_day = len(days[(e.amending, e.section)]) == 1
        if e.amending != current:
            current = e.amending
            out("")
            head = typer.style(f"{e.amending} {e.section}", bold=True)
            # An act that gives its items different days has no one day to head them.
            out(head + (f"  {_effect_day(e)}" if one_day else ""))
            if e.base:
                out("  " + _("amends {version}").format(version=e.base))
        targets = ", ".join(written_path(t) for t in e.targets) or "—"
        if e.kind == "inserted":
            top = [n for n in e.new if "/" not in n] or list(e.new[:1])
            added = [written_path(n) for n in top] or [_("new text")]
            anchor = written_path(e.targets[0]) if e.targets else "—"
            targets = _("in or after {unit}: {added}").format(unit=anchor, added=", ".join(added))
        status = (
            _("folded into {version}").format(version=e.folded_into)
            if e.folded_into
            else typer.style(_("pending"), fg="yellow")
        )
        when = "" if one_day else f"  ({_effect_day(e)})"
        out(f"  nr. {e.item.rstrip('.'):<3} {e.kind:<12} {targets}  [{status}]{when}")
        for old, new in e.renumbered:
            out(f"           {written_path(old)} → {written_path(new)}")
        for old, new in e.words:
            out(f"           »{old}« → »{new}«")


# --- kb refs ------------------------------------------------------------------


def print_refs(found: Any) -> None:
    """A unit's text with its references marked, each reference resolved, and the
    provisions that refer to it."""
    out = typer.echo
    out(typer.style(found.unit, bold=True))
    out(typer.style(found.version or "", dim=True))
    out("")
    out(marked(found.text, [(r.start, r.end) for r in found.references]))
    out("")
    said = _("References in the provision: {n}").format(n=len(found.references))
    out(typer.style(said, bold=True))
    for r in found.references:
        written = " ".join(r.text.split())
        if r.kind == "act":
            where = r.act or "?"
            state = "" if r.version else "  " + typer.style("unknown_law", fg="red")
            out(f"  »{written}« → {where}{state}")
            continue
        named = ", ".join(
            t.canonical + ("" if t.status == "ok" else " " + typer.style(t.status, fg="red"))
            for t in r.targets
        )
        out(f"  »{written}« → {named}")
        for message in dict.fromkeys(t.message for t in r.targets if t.status != "ok"):
            if message:
                out(typer.style(f"      {message}", dim=True))
    if found.incoming is None:
        return
    out("")
    said = _("Provisions referring to it: {n}").format(n=len(found.incoming))
    out(typer.style(said, bold=True))
    for i in found.incoming:
        written = " ".join(i.text.split())
        if i.amending:  # an amending act's key is its whole title: named by its number
            place = Address.parse(i.path).written() if i.path else ""
            out(f"  {i.version} {place}: »{written}«  " + _("(amending act)"))
        else:
            out(f"  {i.canonical} ({i.version}): »{written}«")


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span underlined (on a terminal; the words are unchanged)."""
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        pieces.append(text[at:start])
        pieces.append(typer.style(text[start:end], underline=True))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
