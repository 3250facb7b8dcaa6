"""Read a letter for `kb check`: plain text, Markdown, or HTML.

Offsets in the result are offsets into the text read here: for plain text
and Markdown the file itself, for HTML the page's text as lxml gives it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kb.errors import KbError


def read_letter(name: str) -> str:
    """The text of `name` ("-" is stdin); a clear error if it cannot be read."""
    if name == "-":
        data = sys.stdin.buffer.read()
        return _decode(data, "stdin")
    path = Path(name)
    if path.is_dir():
        raise KbError(f"{name}: is a directory; give a letter file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KbError(f"{name}: no such file") from None
    except OSError as exc:
        raise KbError(f"{name}: cannot be read ({exc.strerror})") from None
    text = _decode(data, name)
    if path.suffix.lower() in (".html", ".htm"):
        return _html_text(text, name)
    if path.suffix.lower() == ".docx":
        raise KbError(f"{name}: .docx letters are not read yet; save the letter as text")
    return text


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KbError(
            f"{name}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the letter as UTF-8"
        ) from None


def _html_text(text: str, name: str) -> str:
    from lxml import etree, html

    try:
        doc = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise KbError(f"{name}: not readable as HTML ({exc})") from None
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return doc.text_content()
