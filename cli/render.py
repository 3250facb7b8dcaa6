"""Terminal output for people. Legal text is printed exactly as stored.

`kb show` styles with click's ANSI helpers rather than rich: it runs as a
fresh process per citation, and rich's import would cost more than the
lookup itself. `kb laws` uses rich tables.
"""

from __future__ import annotations

from typing import Any

import typer

from kb.resolver.resolve import Target
from kb.units import Address


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
            out(f"  candidate: {c}")
        for w in t.warnings:
            out(typer.style(f"  warning: {w.message}", fg="yellow"))
        return
    out(typer.style(title, bold=True))
    version = f"{t.version_title} ({t.version})" if t.version_title else (t.version or "")
    if t.partial:
        version += " — uddrag (partial version)"
    out(typer.style(version, dim=True))
    place = " · ".join(p for p in (t.chapter, t.heading) if p)
    if place:
        out(typer.style(place, italic=True))
    out("")
    lead = _lead(t)
    out(f"{typer.style(lead, bold=True)} {t.text}" if lead else (t.text or ""))
    out("")
    span = f"i kraft fra {t.in_force_from or '?'}" + (
        f" til {t.in_force_to}" if t.in_force_to else ""
    )
    out(typer.style(" · ".join(p for p in (span, t.eli) if p), dim=True))
    for w in t.warnings:
        out(typer.style(f"warning: {w.message}", fg="yellow"))


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
                add(f"  {'':<12} reads {'/'.join(a['supplies'])} from {_one_line(a['text'])!r}")
            for cand in t.candidates or []:
                add(f"  {'':<12} candidate: {cand}")
            for w in t.warnings:
                add(typer.style(f"  {'':<12} warning: {w.message}", fg="yellow"))
        out("\n".join(lines))
    summary = result.summary
    out(
        f"{summary['citations']} citations, {summary['targets']} targets: "
        f"{summary['ok']} ok, {summary['problems']} not ok"
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def print_laws(data: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for act in data:
        table = Table(
            title=f"{act['key']} — {act['title']}",
            title_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        for col in ("version", "i kraft fra", "til", "i kraft", "omfang", "enheder", "kilde"):
            table.add_column(col)
        for v in act["versions"]:
            table.add_row(
                v["designation"] + (" (ændringslov)" if v["amending"] else ""),
                v["in_force_from"] or "",
                v["in_force_to"] or "",
                "ja" if v["in_force"] else "nej",
                "uddrag" if v["partial"] else "fuld",
                str(v["units"]),
                v["provenance"]["file"],
            )
        console.print(table)
        console.print()


def print_search(result: Any) -> None:
    out = typer.echo
    if not result.hits:
        out(
            f"No hits for {result.query!r}"
            + (f" in force on {result.as_of}" if result.as_of else "")
            + "."
        )
        if result.suggestions:
            out("Did you mean: " + ", ".join(result.suggestions) + "?")
        if result.as_of:
            out("(--all-versions searches earlier versions too)")
        return
    shown = len(result.hits)
    scope = f"in force on {result.as_of}" if result.as_of else "in every stored version"
    out(
        f"{result.total} hits {scope}; the best {shown}:"
        if result.total > shown
        else f"{result.total} hits {scope}:"
    )
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
            out(
                typer.style(
                    f"    (named by the concept '{h.concept}': kb concept {h.concept})", dim=True
                )
            )
    if result.concepts:
        out("")
        out("Concepts: " + ", ".join(result.concepts) + "  (kb concept NAME)")


def print_concepts(data: list[dict[str, Any]]) -> None:
    for c in data:
        section = f"{c['section']} " if c.get("section") else ""
        typer.echo(typer.style(f"{c['key']}", bold=True) + f"  {section}{c['name']}")
        typer.echo("    " + "; ".join(c["provisions"]))


def print_concept(c: Any) -> None:
    out = typer.echo
    section = f" (afsnit {c.section})" if c.section else ""
    out(typer.style(c.name, bold=True) + section)
    if c.source:
        out(typer.style(c.source, dim=True))
    out("")
    for paragraph in c.explanation.split("\n\n"):
        out(paragraph.strip())
        out("")
    _provisions(f"I pjecen (retstilstanden {c.cited[0].as_of})" if c.cited else "I pjecen", c.cited)
    if c.today:
        _provisions(f"Gældende pr. {c.today[0].as_of}", c.today)


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
        span = f"{v['in_force_from'] or '?'} – {v['in_force_to'] or ''}"
        mark = typer.style("  in force", fg="green") if v["in_force"] else ""
        out("")
        out(typer.style(v["designation"], bold=True) + f"  {span}{mark}")
        out(f"  {v['title']}" + ("  (partial)" if v["partial"] else ""))
        if v["eli"]:
            out(f"  {v['eli']}")
        if v["based_on"]:
            out(f"  based on {v['based_on']}")
        for folded in v["folds_in"]:
            out(f"  folds in {folded}")
        if v["replaced_by"]:
            out(typer.style(f"  replaced by the new act {v['replaced_by']}", fg="yellow"))
        elif v["superseded_by"]:
            out(f"  superseded by {v['superseded_by']}")
    if data.get("counterparts"):
        out("")
        out(typer.style("Provisions that moved to the new act:", bold=True))
        for c in data["counterparts"]:
            out(
                f"  {written_path(c['old_path'])} of {c['old']} → "
                f"{written_path(c['new_path'])} of {c['new']}"
                + (f"  ({c['note']})" if c.get("note") else "")
            )
    if data["amending_acts"]:
        out("")
        out(typer.style("Amending acts stored:", bold=True))
        for a in data["amending_acts"]:
            where = ", ".join(a["folded_into"])
            out(f"  {a['designation']}  in force {a['in_force']}  {a['effects']} effects: {where}")


def print_diff(d: Any) -> None:
    out = typer.echo
    out(typer.style(f"{d.law}: {d.old} → {d.new}", bold=True) + f"  ({len(d.changes)} changes)")
    for c in d.changes:
        where = written_path(c.path)
        if c.kind == "renumbered":
            where += f" (was {written_path(c.old_path)})"
        out("")
        out(typer.style(f"{c.kind:<10}", bold=True) + f" {where}")
        if c.kind == "changed" or (c.kind == "renumbered" and c.words):
            out("  " + _word_diff(c.words))
        elif c.kind == "added":
            out("  " + typer.style(c.new_text or "", fg="green"))
        elif c.kind == "removed":
            out("  " + typer.style(c.old_text or "", fg="red"))
        if c.explained_by:
            out(typer.style("  by " + "; ".join(c.explained_by), dim=True))
        else:
            out(typer.style("  no stored amending act explains this change", fg="yellow"))


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


def print_effects(effects: list[Any]) -> None:
    out = typer.echo
    if not effects:
        out("No stored amending act changes this act, or none that is pending.")
        return
    current = None
    for e in effects:
        if e.amending != current:
            current = e.amending
            out("")
            out(typer.style(f"{e.amending} {e.section}", bold=True) + f"  in force {e.in_force}")
            if e.base:
                out(f"  amends {e.base}")
        targets = ", ".join(written_path(t) for t in e.targets) or "—"
        if e.kind == "inserted":
            top = [n for n in e.new if "/" not in n] or list(e.new[:1])
            added = [written_path(n) for n in top] or ["new text"]
            anchor = written_path(e.targets[0]) if e.targets else "—"
            targets = f"in or after {anchor}: " + ", ".join(added)
        status = e.status if e.folded_into else typer.style("pending", fg="yellow")
        out(f"  nr. {e.item.rstrip('.'):<3} {e.kind:<12} {targets}  [{status}]")
        for old, new in e.renumbered:
            out(f"           {written_path(old)} → {written_path(new)}")
        for old, new in e.words:
            out(f"           »{old}« → »{new}«")
