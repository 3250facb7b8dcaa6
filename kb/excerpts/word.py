"""Write an `Excerpt` as a Word document (python-docx).

Danish municipal letter templates live in Word, so the appendix must be one.
The document uses Word's built-in heading styles, so it takes on the look of
the template it is pasted into; labels are bold runs, and each unit's text
is one run, exactly as stored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.excerpts.model import GAP, Excerpt, Line
from kb.excerpts.render import TITLE, printed
from kb.text import danish_date


def write_docx(excerpt: Excerpt, path: Path) -> None:
    from docx import Document  # imported here: only this format needs it
    from docx.shared import Cm, Pt

    doc = Document()
    props = doc.core_properties
    props.title = TITLE
    props.language = "da-DK"
    # A fixed date keeps two runs of the same excerpt alike.
    stamp = dt.datetime.combine(excerpt.as_of, dt.time())
    props.created = props.modified = stamp
    props.author = props.last_modified_by = "lovkb"
    props.revision = 1
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(f"Gengivet pr. {danish_date(excerpt.as_of.isoformat())}.")
    for part in excerpt.acts:
        doc.add_heading(part.heading, level=2)
        meta = [part.title, *([f"ELI: {part.eli}"] if part.eli else []), *part.stamp]
        for sentence in meta:
            run = doc.add_paragraph().add_run(sentence)
            run.italic = True
            run.font.size = Pt(9)
        for first, group in printed(part.lines):
            if first.kind == "heading":
                doc.add_heading(" ".join(p for p in (first.label, first.heading) if p), level=3)
                continue
            paragraph = doc.add_paragraph()
            if first.level >= 2:
                paragraph.paragraph_format.left_indent = Cm(1.0 * (first.level - 1))
            _runs(paragraph, group)
    if excerpt.practice:
        doc.add_heading("Ankestyrelsens praksis", level=2)
        for p in excerpt.practice:
            doc.add_heading(p.ref + (f". {p.title}" if p.title else ""), level=3)
            if p.text:
                doc.add_paragraph(p.text)
            if p.source:
                run = doc.add_paragraph().add_run(f"Kilde: {p.source}")
                run.italic = True
                run.font.size = Pt(9)
    _save_stable(doc, path, stamp)


def _save_stable(doc, path: Path, stamp: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """Save with every zip entry dated `stamp`, so two runs give the same bytes."""
    import io
    import zipfile

    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))


def _runs(paragraph, group: list[Line]) -> None:  # type: ignore[no-untyped-def]
    first = True
    for line in group:
        pieces: list[tuple[str, str]] = []  # (style, text)
        if line.kind == "gap":
            pieces.append(("gap", GAP))
        else:
            if line.label:
                pieces.append(("label", line.label))
            if line.heading:
                pieces.append(("heading", line.heading))
            pieces += [("gap", GAP) if p is None else ("text", p) for p in line.pieces]
        for style, value in pieces:
            if not first:
                paragraph.add_run(" ")
            run = paragraph.add_run(value)
            run.bold = style == "label"
            run.italic = style in ("heading", "gap")
            first = False
