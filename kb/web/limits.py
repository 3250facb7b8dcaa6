"""What one request may ask of the server, and the errors it gets when it asks too much."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from kb.errors import KbError
from kb.i18n import _


@dataclass(frozen=True)
class Limits:
    """The documented limits; every one is configurable (`make_app(limits=…)`)."""

    body_bytes: int = 2 * 1024 * 1024  # a request body
    text_chars: int = 1_000_000  # a letter's text, once read
    docx_unpacked_bytes: int = 20 * 1024 * 1024  # all a .docx's parts, unpacked
    docx_ratio: int = 100  # how much a .docx's part may grow when unpacked
    seconds: float = 30.0  # one request's work


class HttpError(KbError):
    """A request the server will not serve: its HTTP status and stable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def too_large(limit: int) -> HttpError:
    return HttpError(
        413,
        "too_large",
        _("the request is larger than the server accepts ({limit} bytes)").format(limit=limit),
    )


def check_text(text: str, limits: Limits) -> str:
    if len(text) > limits.text_chars:
        raise HttpError(
            413,
            "text_too_long",
            _("the letter is longer than the server accepts ({limit} characters)").format(
                limit=limits.text_chars
            ),
        )
    return text


def check_docx(data: bytes, limits: Limits) -> None:
    """Refuse a .docx that is not a zip, lacks a Word document, or unpacks to more than
    the limits allow, before python-docx reads a byte of it (a zip bomb stops here)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise HttpError(
            422, "bad_docx", _("the file is not a Word document (.docx): it is not a zip file")
        ) from None
    if not any(p.filename == "word/document.xml" for p in parts):
        raise HttpError(
            422, "bad_docx", _("the file is not a Word document (.docx): it has no document part")
        )
    total = sum(p.file_size for p in parts)
    if total > limits.docx_unpacked_bytes or any(
        p.file_size > limits.docx_ratio * max(p.compress_size, 1024) for p in parts
    ):
        raise HttpError(
            413,
            "docx_too_large",
            _("the Word document unpacks to more than the server accepts ({limit} bytes)").format(
                limit=limits.docx_unpacked_bytes
            ),
        )
