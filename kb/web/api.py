"""The JSON endpoints: each the twin of a `kb … --json` command, over the one reader.

`/api/resolve` and `/api/check` answer with the citations contract
(`spec/citations-json.md`, schema 2), HTTP 200 whatever the targets' statuses; a
request that is itself wrong gets a 4xx and `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message

import kb
from kb.errors import NotFound
from kb.i18n import _, use_language
from kb.letters import _decode, _docx_text
from kb.web.app import Service, request_language, service, work
from kb.web.limits import HttpError, Limits, check_docx, check_text, too_large

if TYPE_CHECKING:
    from kb.graph.read import Refs
    from kb.store.read import Reader

EXCERPT_FORMATS = ("text", "md", "html", "json", "docx")
_MEDIA = {
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_ENDING = {"text": "txt", "md": "md", "html": "html", "json": "json", "docx": "docx"}


def _json(data: Any) -> Response:
    # ensure_ascii off: the Danish text as it is, as `kb … --json` writes it
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/json")


def _param(request: Request, name: str, *, required: bool = False) -> str | None:
    value = request.query_params.get(name)
    if value is not None:
        value = value.strip() or None
    if value is None and required:
        with use_language(request_language(request)):
            raise HttpError(
                400,
                "missing_parameter",
                _("the request lacks the parameter {name}").format(name=name),
            )
    return value


def _flag(request: Request, name: str) -> bool:
    return (_param(request, name) or "").lower() in ("1", "true", "yes", "ja")


async def healthz(request: Request) -> Response:
    svc = service(request)
    generation = await work(request, lambda: svc.open_reader.generation())
    return JSONResponse({"status": "ok", "generation": generation})


async def resolve(request: Request) -> Response:
    q = _param(request, "q", required=True)
    as_of, law = _param(request, "as_of"), _param(request, "law")
    reader = service(request).open_reader
    result = await work(request, lambda: kb.resolve(q or "", as_of, law=law, reader=reader))
    return _json(result.to_json())


async def show(request: Request) -> Response:
    q = _param(request, "q", required=True)
    as_of, law = _param(request, "as_of"), _param(request, "law")
    reader = service(request).open_reader
    result = await work(
        request, lambda: kb.resolve(q or "", as_of, law=law, reader=reader, references=True)
    )
    return _json(result.to_json())


async def check(request: Request) -> Response:
    letter = await read_letter(request)
    reader = service(request).open_reader
    result = await work(
        request, lambda: kb.check(letter.text, letter.as_of, law=letter.law, reader=reader)
    )
    return _json(result.to_json())


async def search(request: Request) -> Response:
    q = _param(request, "q", required=True)
    as_of, law = _param(request, "as_of"), _param(request, "law")
    limit = _int(request, "limit", 10, 1, 100)
    svc = service(request)
    result = await work(
        request,
        lambda: kb.search(
            q or "",
            as_of,
            law=law,
            all_acts=_flag(request, "all_acts"),
            all_versions=_flag(request, "all_versions"),
            limit=limit,
            url=svc.url,
        ),
    )
    return _json(result.to_json())


async def refs(request: Request) -> Response:
    q = _param(request, "q", required=True)
    as_of, law = _param(request, "as_of"), _param(request, "law")
    incoming = _flag(request, "incoming")
    reader = service(request).open_reader
    found = await work(request, lambda: read_refs(reader, q or "", as_of, law, incoming))
    return _json(found.to_json())


def read_refs(
    reader: Reader, citation: str, as_of: str | dt.date | None, law: str | None, incoming: bool
) -> Refs:
    """`kb.refs`, without ever writing: the references to the unit are read from the graph
    as the store holds it (brought up to date when the server started: `make_app`),
    where `kb.refs(incoming=True)` would first bring it up to date itself."""
    found = kb.refs(citation, as_of, law=law, reader=reader)
    if incoming:
        from kb.graph.read import incoming as incoming_to

        [target] = kb.resolve(citation, as_of, law=law, reader=reader).targets
        found.incoming = []
        if target.where is not None:
            version_id, ord_ = target.where
            rows = reader.q(
                "SELECT path FROM units WHERE version_id = :v AND ord = :o", v=version_id, o=ord_
            )
            if rows and rows[0][0]:
                found.incoming = incoming_to(reader, target.law or "", rows[0][0], kb.day(as_of))
    return found


async def laws(request: Request) -> Response:
    as_of = _param(request, "as_of")
    reader = service(request).open_reader
    return _json(await work(request, lambda: kb.laws(as_of, reader=reader)))


async def excerpt(request: Request) -> Response:
    """`kb excerpt`: a citation's text (GET ?q=) or a letter's (POST, as /api/check)."""
    fmt = _param(request, "format") or "json"
    if fmt not in EXCERPT_FORMATS:
        with use_language(request_language(request)):
            raise HttpError(
                422,
                "bad_argument",
                _("format {format} is not one of {formats}").format(
                    format=repr(fmt), formats=", ".join(EXCERPT_FORMATS)
                ),
            )
    reader = service(request).open_reader
    whole = _flag(request, "whole_paragraphs")
    headings = (_param(request, "include_headings") or "1") not in ("0", "false")
    if request.method == "POST":
        letter = await read_letter(request)
        made = await work(
            request,
            lambda: kb.excerpt_letter(
                letter.text,
                letter.as_of,
                law=letter.law,
                reader=reader,
                whole_paragraphs=whole,
                include_headings=headings,
            ),
        )
    else:
        q = _param(request, "q", required=True)
        as_of, law = _param(request, "as_of"), _param(request, "law")
        made = await work(
            request,
            lambda: kb.excerpt(
                q or "",
                as_of,
                law=law,
                reader=reader,
                whole_paragraphs=whole,
                include_headings=headings,
            ),
        )
    return await excerpt_response(request, made, fmt)


async def excerpt_response(request: Request, made: Any, fmt: str) -> Response:
    """The excerpt in `fmt`, a download (docx, html) named "lovuddrag.<ending>"."""
    if made.empty and fmt != "json":
        with use_language(request_language(request)):
            raise NotFound(_("nothing to quote: no citation resolved to a stored provision"))
    headers = {}
    if fmt in ("docx", "html"):
        headers["content-disposition"] = f'attachment; filename="lovuddrag.{_ENDING[fmt]}"'
    if fmt == "docx":
        data = await work(request, lambda: _docx_bytes(made))
        return Response(data, media_type=_MEDIA[fmt], headers=headers)
    from kb.excerpts.render import RENDERERS

    body = RENDERERS[fmt](made)
    return Response(body.encode("utf-8"), media_type=_MEDIA[fmt], headers=headers)


def _docx_bytes(made: Any) -> bytes:
    from kb.excerpts.word import write_docx

    with tempfile.TemporaryDirectory(prefix="lovkb-serve-") as folder:
        path = Path(folder) / "lovuddrag.docx"
        write_docx(made, path)
        return path.read_bytes()


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = _param(request, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        with use_language(request_language(request)):
            raise HttpError(
                422,
                "bad_argument",
                _("{name} must be a whole number from {low} to {high}").format(
                    name=name, low=low, high=high
                ),
            )
    return number


async def openapi(request: Request) -> Response:
    from kb.web.openapi import document

    return _json(document(service(request).limits))


# --- reading a letter from a request -----------------------------------------


@dataclass(frozen=True)
class Letter:
    text: str
    as_of: str | None
    law: str | None
    name: str | None = None  # the uploaded file's name, when one was uploaded


async def _body(request: Request, limits: Limits) -> bytes:
    """The request's body, refused (413) as soon as it passes the limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.body_bytes:
        raise too_large(limits.body_bytes)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.body_bytes:
            raise too_large(limits.body_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _replayed(request: Request, body: bytes) -> Request:
    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


async def read_letter(request: Request) -> Letter:
    """A letter from a JSON body `{"text", "as_of", "law"}`, a form (a `text` field
    or a `file` upload of .txt/.md/.docx), or a text/plain body."""
    svc: Service = service(request)
    with use_language(request_language(request)):
        try:
            # a client that sends its body slowly holds a connection, never a worker thread
            with anyio.fail_after(svc.limits.seconds):
                body = await _body(request, svc.limits)
        except TimeoutError:
            raise HttpError(
                408,
                "request_timeout",
                _("the request took longer than the server allows ({seconds} s)").format(
                    seconds=svc.limits.seconds
                ),
            ) from None
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/json":
            return _from_json(body, svc.limits)
        if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return await _from_form(_replayed(request, body), svc.limits)
        if kind == "text/plain":
            text = check_text(_decode(body, "text/plain"), svc.limits)
            return Letter(text, _param(request, "as_of"), _param(request, "law"))
        raise HttpError(
            415,
            "unsupported_media_type",
            _("send the letter as JSON, as a form or as text/plain, not as {kind}").format(
                kind=repr(kind or "-")
            ),
        )


def _from_json(body: bytes, limits: Limits) -> Letter:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "bad_json", _("the request body is not valid JSON")) from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise HttpError(
            422, "bad_argument", _('the JSON body must be an object with a "text" string')
        )
    fields = {}
    for key in ("as_of", "law"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise HttpError(
                422, "bad_argument", _("{key} must be a string or null").format(key=key)
            )
        fields[key] = value or None
    return Letter(check_text(data["text"], limits), fields["as_of"], fields["law"])


async def _from_form(request: Request, limits: Limits) -> Letter:
    async with _form(request, limits) as form:
        values = {k: form.get(k) for k in ("text", "as_of", "dato", "law", "file")}
        upload = values["file"]
        as_of = _text_field(values["as_of"]) or _text_field(values["dato"])
        law = _text_field(values["law"])
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read()
            return Letter(_upload_text(upload.filename, data, limits), as_of, law, upload.filename)
        text = values["text"]
        if not isinstance(text, str) or not text.strip():
            raise HttpError(
                400, "missing_parameter", _("the request holds no letter: give text or a file")
            )
        # a browser's form sends line breaks as CRLF: the letter's own are LF
        return Letter(check_text(text.replace("\r\n", "\n"), limits), as_of, law)


def _text_field(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class _form:
    """The parsed form, closed (its spooled files removed) on leaving."""

    def __init__(self, request: Request, limits: Limits) -> None:
        self.request, self.limits = request, limits

    async def __aenter__(self) -> Any:
        from starlette.exceptions import HTTPException

        try:
            self.form = await self.request.form(
                max_files=1, max_fields=16, max_part_size=self.limits.body_bytes
            )
        except HTTPException as exc:  # the parser's own refusal: a malformed form
            raise HttpError(
                400, "bad_form", _("the form cannot be read ({detail})").format(detail=exc.detail)
            ) from None
        return self.form

    async def __aexit__(self, *exc: object) -> None:
        await self.form.close()


def _upload_text(filename: str, data: bytes, limits: Limits) -> str:
    ending = Path(filename).suffix.lower()
    if ending == ".docx":
        check_docx(data, limits)
        return check_text(_docx_text(data, "upload"), limits)
    if ending in (".txt", ".md", ""):
        return check_text(_decode(data, "upload"), limits)
    raise HttpError(
        415,
        "unsupported_file_type",
        _("a letter is uploaded as .txt or .docx, not as {ending}").format(ending=ending),
    )


ROUTES = [
    Route("/api/resolve", resolve, methods=["GET"]),
    Route("/api/show", show, methods=["GET"]),
    Route("/api/check", check, methods=["POST"]),
    Route("/api/search", search, methods=["GET"]),
    Route("/api/refs", refs, methods=["GET"]),
    Route("/api/laws", laws, methods=["GET"]),
    Route("/api/excerpt", excerpt, methods=["GET", "POST"]),
    Route("/api/openapi.json", openapi, methods=["GET"]),
]
