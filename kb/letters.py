"""Read a letter for `kb check`: plain text, Markdown, HTML or Word (.docx).

Offsets in the result are offsets into the text read here: for plain text
and Markdown the file itself, for HTML the page's text as lxml gives it,
for .docx the paragraphs' text joined by line breaks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

from kb.errors import KbError
from kb.i18n import _


def read_letter(name: str) -> str:
    """The text of `name` ("-" is stdin); a clear error if it cannot be read."""
    if name == "-":
        data = sys.stdin.buffer.read()
        return _decode(data, "stdin")
    path = Path(name)
    if path.is_dir():
        raise KbError(_("{name}: is a directory; give a letter file").format(name=name))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KbError(_("{name}: no such file").format(name=name)) from None
    except OSError as exc:
        raise KbError(
            _("{name}: cannot be read ({reason})").format(name=name, reason=exc.strerror)
        ) from None
    if path.suffix.lower() == ".docx":
        return _docx_text(data, name)
    text = _decode(data, name)
    if path.suffix.lower() in (".html", ".htm"):
        return _html_text(text, name)
    return text


def _docx_text(data: bytes, name: str) -> str:
    """The letter's paragraphs (tables' too, row by row), one per line."""
    import io
    import zipfile

    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KbError(
            _("{name}: not a readable .docx file ({reason})").format(name=name, reason=exc)
        ) from None
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KbError(
            _(
                "{name}:{line}: not UTF-8 (byte 0x{byte} at offset {offset}); "
                "save the letter as UTF-8"
            ).format(name=name, line=line, byte=f"{data[exc.start]:02x}", offset=exc.start)
        ) from None


def _html_text(text: str, name: str) -> str:
    from lxml import etree, html

    try:
        doc = cast(html.HtmlElement, html.document_fromstring(text))
    except (etree.ParserError, ValueError) as exc:
        raise KbError(
            _("{name}: not readable as HTML ({reason})").format(name=name, reason=exc)
        ) from None
    for bad in cast(list[html.HtmlElement], doc.xpath("//script|//style")):
        bad.drop_tree()
    return doc.text_content()
