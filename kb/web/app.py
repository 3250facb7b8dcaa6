"""The application: one reader opened at startup, the routes, the error shape and the
headers every response carries.

`make_app(url, limits)` builds it; `from_env()` is the factory `kb serve` hands uvicorn
(each worker process builds its own, so readers share nothing between processes).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import kb
from kb.errors import CitationSyntaxError, KbError, NotFound, StoreError, UsageError
from kb.i18n import DEFAULT, LANGUAGES, Language, _, language, use_language
from kb.store.read import Reader
from kb.web.limits import HttpError, Limits

HERE = Path(__file__).parent

# No inline script or style anywhere: the pages work without JavaScript, and a
# letter's text can never run as code even if an escape were missed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
GENERATION_HEADER = "X-Lovkb-Generation"


@dataclass
class Service:
    """What every handler needs: the store's URL, its one reader, the limits."""

    url: str | None
    limits: Limits
    reader: Reader | None = None

    @property
    def open_reader(self) -> Reader:
        if self.reader is None:  # pragma: no cover - the lifespan opens it first
            self.reader = kb.open_store(self.url)
        return self.reader


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def request_language(request: Request) -> Language:
    """The first language of Accept-Language that lovkb speaks, by weight; else Danish.
    The pages are Danish whatever the browser asks for: they are a caseworker's, and a
    page's messages are in the language of its words."""
    if not _is_api(request):
        return DEFAULT
    header = request.headers.get("accept-language", "")
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        name, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            with contextlib.suppress(ValueError):
                weight = float(params.strip()[2:])
        ranked.append((-weight, i, name.strip().lower().split("-")[0]))
    for _w, _i, name in sorted(ranked):
        if name in LANGUAGES:
            return language(name)
    return DEFAULT


async def work(request: Request, fn: Callable[[], Any]) -> Any:
    """Run `fn` in a worker thread, in the request's language, within the time limit."""
    lang = request_language(request)
    limits = service(request).limits

    def speaking() -> Any:
        with use_language(lang):
            return fn()

    try:
        with anyio.fail_after(limits.seconds):
            return await run_in_threadpool(speaking)
    except TimeoutError:
        with use_language(lang):
            raise HttpError(
                503,
                "timeout",
                _("the request took longer than the server allows ({seconds} s)").format(
                    seconds=limits.seconds
                ),
            ) from None


def status_of(exc: KbError) -> int:
    if isinstance(exc, HttpError):
        return exc.status
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, UsageError | CitationSyntaxError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def error_json(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


async def _kb_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KbError)
    if _is_api(request):
        return error_json(status_of(exc), exc.code, exc.message)
    from kb.web.pages import error_page

    return error_page(request, status_of(exc), exc.message)


_HTTP_CODES = {404: "no_such_endpoint", 405: "method_not_allowed"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    with use_language(request_language(request)):
        if exc.status_code == 405:
            message = _("this address does not take a {method} request").format(
                method=request.method
            )
        elif exc.status_code == 404:
            message = _("there is nothing at this address")
        else:
            message = str(exc.detail)
    if _is_api(request):
        code = _HTTP_CODES.get(exc.status_code, "bad_request")
        response: Response = error_json(exc.status_code, code, message)
    else:
        from kb.web.pages import error_page

        response = error_page(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


class Headers:
    """Every response's safety headers, and the store's generation, so that a letter
    tool can cache an answer until the store changes."""

    def __init__(self, app: ASGIApp, get_service: Callable[[], Service | None]) -> None:
        self.app = app
        self.get_service = get_service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        svc = self.get_service()
        generation = None
        if svc is not None and svc.reader is not None:
            with contextlib.suppress(Exception):  # a store in trouble says so in the body
                generation = svc.reader.generation()

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if generation is not None:
                    headers.append((GENERATION_HEADER.lower().encode(), generation.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


def prepare(url: str | None) -> None:
    from kb.index.search import ensure

    kb.update_graph(url=url)
    ensure(url)


def make_app(url: str | None = None, limits: Limits | None = None) -> Starlette:
    """The application over the store at `url` (default: KB_DATABASE_URL or the
    user's store), with `limits` (default: the documented ones)."""
    from kb.web import api, pages

    svc = Service(url, limits or Limits())

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # The one moment the server writes, as any first use does: the store set up, its
        # reference graph and search index brought up to date, so that no request does.
        await run_in_threadpool(prepare, url)
        svc.reader = await run_in_threadpool(kb.open_store, url)
        try:
            yield
        finally:
            svc.reader.close()
            svc.reader = None

    routes = [
        Route("/healthz", api.healthz),
        *api.ROUTES,
        *pages.ROUTES,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        KbError: _kb_error,
        HTTPException: _http_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.state.service = svc
    app.add_middleware(Headers, get_service=lambda: svc)
    return app


def from_env() -> Starlette:
    """The factory uvicorn calls in each worker (`kb serve`): the store of
    KB_DATABASE_URL, the documented limits (KB_SERVE_* override them)."""
    import os

    fields: dict[str, Any] = {}
    for name, kind in (("body_bytes", int), ("text_chars", int), ("seconds", float)):
        value = os.environ.get(f"KB_SERVE_{name.upper()}")
        if value:
            fields[name] = kind(value)
    return make_app(os.environ.get("KB_DATABASE_URL") or None, Limits(**fields))
