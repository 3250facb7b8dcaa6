"""Write an `Excerpt` as plain text, Markdown, HTML or JSON.

Every format carries the same content: the act's heading (name, number and
date), its ELI, the version stamp, then the units, each with its label as
printed and its text exactly as stored. Text is never wrapped or re-typed;
Markdown and HTML only escape what their syntax needs. Output is
deterministic, so two runs give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

from kb.excerpts.model import GAP, Excerpt, Line
from kb.text import danish_date

TITLE = "Lovuddrag"


def printed(lines: tuple[Line, ...]) -> Iterator[tuple[Line, list[Line]]]:
    """Lines as a reader sees them: a § whose first stk. has no label of its
    own ("§ 24. En afgørelse …") prints that stk. (or the gap standing for it)
    on the § line. Yields (first line, the lines printed with it)."""
    i = 0
    while i < len(lines):
        line = lines[i]
        group = [line]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            line.kind == "unit"
            and line.level == 0
            and not line.pieces
            and nxt is not None
            and (nxt.kind == "gap" or (nxt.kind == "unit" and not nxt.label))
            and nxt.level == 1
        ):
            group.append(nxt)
            i += 1
        yield line, group
        i += 1


def _heading_text(line: Line) -> str:
    return " ".join(p for p in (line.label, line.heading) if p)


# --- text -------------------------------------------------------------------


def text(excerpt: Excerpt) -> str:
    out = [TITLE, f"Gengivet pr. {danish_date(excerpt.as_of.isoformat())}.", ""]
    for part in excerpt.acts:
        out += [part.heading, part.title]
        if part.eli:
            out.append(f"ELI: {part.eli}")
        out += [*part.stamp, ""]
        for first, group in printed(part.lines):
            if first.kind == "heading" and out[-1]:
                out.append("")
            out.append(_text_line(first, group))
        out.append("")
    if excerpt.practice:
        out += ["Ankestyrelsens praksis", ""]
        for p in excerpt.practice:
            out.append(p.ref + (f". {p.title}" if p.title else ""))
            if p.text:
                out.append(p.text)
            if p.source:
                out.append(f"Kilde: {p.source}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _text_line(first: Line, group: list[Line]) -> str:
    if first.kind == "heading":
        return _heading_text(first)
    if first.kind == "gap":
        return _indent(first.level) + GAP
    words = []
    for line in group:
        if line.kind == "gap":
            words.append(GAP)
            continue
        if line.label:
            words.append(line.label)
        if line.heading:
            words.append(line.heading)
        if line.pieces:
            words.append(line.text)
    return _indent(first.level) + " ".join(words)


def _indent(level: int) -> str:
    return "  " * max(0, level - 1)


# --- Markdown ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_MD_LIST_START = re.compile(r"^(\d*)([.)+=-])")


def md_escape(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s)


def markdown(excerpt: Excerpt) -> str:
    out = [f"# {TITLE}", "", f"Gengivet pr. {danish_date(excerpt.as_of.isoformat())}.", ""]
    for part in excerpt.acts:
        out += [f"## {md_escape(part.heading)}", "", f"*{md_escape(part.title)}*", ""]
        if part.eli:
            out += [f"ELI: <{part.eli}>", ""]
        out += [md_escape(" ".join(part.stamp)), ""]
        for first, group in printed(part.lines):
            out += [_md_line(first, group), ""]
    if excerpt.practice:
        out += ["## Ankestyrelsens praksis", ""]
        for p in excerpt.practice:
            out += [f"**{md_escape(p.ref)}**" + (f" {md_escape(p.title)}" if p.title else ""), ""]
            if p.text:
                out += [md_escape(p.text), ""]
            if p.source:
                out += [f"Kilde: {md_escape(p.source)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_line(first: Line, group: list[Line]) -> str:
    if first.kind == "heading":
        return f"### {md_escape(_heading_text(first))}"
    prefix = "> " * max(0, first.level - 1)  # nr. and litra stand inside their stk.
    words = []
    for line in group:
        if line.kind == "gap":
            words.append(GAP)
            continue
        if line.label:
            words.append(f"**{md_escape(line.label)}**")
        if line.heading:
            words.append(f"*{md_escape(line.heading)}*")
        if line.pieces:
            words.append(" ".join(GAP if p is None else md_escape(p) for p in line.pieces))
    # A line that opens with "1." or "-" would become a list item.
    return prefix + _MD_LIST_START.sub(r"\1\\\2", " ".join(words))


# --- HTML -------------------------------------------------------------------

_STYLE = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 42em; margin: 2em auto;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; }
.meta { font-size: .9em; color: #333; margin: .2em 0; }
.unit, .gap, .tail { margin: .35em 0; }
.level-2 { margin-left: 2em; } .level-3 { margin-left: 4em; }
.label { font-weight: bold; } .paragraph-heading { font-style: italic; }
.omitted { color: #555; }
.act { break-inside: auto; } h2, h3 { break-after: avoid; }
@page { margin: 2cm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def html_page(excerpt: Excerpt) -> str:
    e = html.escape
    day = danish_date(excerpt.as_of.isoformat())
    out = [
        "<!DOCTYPE html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{TITLE}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{TITLE}</h1>",
        f'<p class="meta" data-as-of="{excerpt.as_of.isoformat()}">Gengivet pr. {e(day)}.</p>',
    ]
    for part in excerpt.acts:
        out.append(
            f'<section class="act" data-law="{e(part.law)}" data-version="{e(part.version)}">'
        )
        out.append(f"<h2>{e(part.heading)}</h2>")
        out.append(f'<p class="meta title">{e(part.title)}</p>')
        if part.eli:
            out.append(f'<p class="meta">ELI: <a href="{e(part.eli)}">{e(part.eli)}</a></p>')
        for sentence in part.stamp:
            out.append(f'<p class="meta stamp">{e(sentence)}</p>')
        for first, group in printed(part.lines):
            out.append(_html_line(first, group))
        out.append("</section>")
    if excerpt.practice:
        out.append('<section class="practice">')
        out.append("<h2>Ankestyrelsens praksis</h2>")
        for p in excerpt.practice:
            out.append(f'<div class="practice-ref" data-ref="{e(p.ref)}">')
            title = f" {e(p.title)}" if p.title else ""
            out.append(f'<h3><span class="ref">{e(p.ref)}</span>{title}</h3>')
            if p.text:
                out.append(f'<p class="text">{e(p.text)}</p>')
            if p.source:
                out.append(f'<p class="meta">Kilde: {e(p.source)}</p>')
            out.append("</div>")
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_line(first: Line, group: list[Line]) -> str:
    e = html.escape
    if first.kind == "heading":
        return f'<h3 class="heading">{e(_heading_text(first))}</h3>'
    if first.kind == "gap":
        return f'<p class="gap level-{first.level}"><span class="omitted">{GAP}</span></p>'
    spans = []
    for line in group:
        if line.kind == "gap":
            spans.append(f'<span class="omitted">{GAP}</span>')
            continue
        if line.label:
            spans.append(f'<span class="label">{e(line.label)}</span>')
        if line.heading:
            spans.append(f'<span class="paragraph-heading">{e(line.heading)}</span>')
        for p in line.pieces:
            if p is None:
                spans.append(f'<span class="omitted">{GAP}</span>')
            else:
                spans.append(f'<span class="text" data-path="{e(line.path or "")}">{e(p)}</span>')
    kind = "tail" if first.kind == "tail" else "unit"
    path = e(first.path or "")
    return f'<p class="{kind} level-{first.level}" data-path="{path}">' + " ".join(spans) + "</p>"


# --- JSON -------------------------------------------------------------------


def as_json(excerpt: Excerpt) -> str:
    return json.dumps(excerpt.to_json(), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": text, "md": markdown, "html": html_page, "json": as_json}
