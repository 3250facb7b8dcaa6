"""A polite HTTP client for Retsinformation: a rate limit per kind of address, a
timeout on every request, bounded retries with backoff for 429 and 5xx, an
identifiable User-Agent, and the service's odd answers said plainly.

Proxies come from the standard environment variables (`https_proxy`, `no_proxy`, …)
through urllib's default handlers. The clock and the sleep are injectable, so the
tests keep the limits without waiting for them.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.errors import KbError
from kb.i18n import _

USER_AGENT = "lovkb/0.1 (kb update; Danish social-law knowledge base)"
# No document lovkb reads is larger (straffeloven: 764 KB); the import refuses more.
MAX_BODY = 64 << 20


class FetchError(KbError):
    """A request that got no usable answer: says which address and why."""

    code = "fetch_failed"

    def __init__(self, url: str, reason: str, kind: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.status = status
        self.reason = reason
        # "not_found" | "html" | "closed" | "http" | "timeout" | "truncated" | "network"
        self.kind = kind

    @property
    def missing(self) -> bool:
        """Whether the service says there is no such document (rather than failing)."""
        return self.kind in ("not_found", "html")


@dataclass
class Client:
    timeout: float = 30.0
    retries: int = 4  # tries after the first, for 429, 5xx, timeouts and cut-off bodies
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_wait: float = 120.0  # the longest single wait, Retry-After included
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    user_agent: str = USER_AGENT
    _last: dict[str, float] = field(default_factory=dict)
    requests: int = 0

    def __post_init__(self) -> None:
        # build_opener's defaults include ProxyHandler(), which reads the environment.
        self._opener = urllib.request.build_opener()

    def get(self, url: str, *, limit: str = "", interval: float = 0.0) -> tuple[bytes, str]:
        """The body and content type at `url`; no more than one request per `interval`
        seconds among those of the same `limit`. Raises `FetchError`."""
        attempt = 0
        while True:
            self._wait_turn(limit, interval)
            try:
                return self._once(url)
            except _Retry as again:
                if attempt >= self.retries:
                    raise again.error from None
                wait = again.after if again.after is not None else self.backoff * 2**attempt
                self.sleep(min(wait, self.max_wait))
                attempt += 1

    def _wait_turn(self, limit: str, interval: float) -> None:
        if interval > 0 and limit in self._last:
            wait = self._last[limit] + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[limit] = self.clock()

    def _once(self, url: str) -> tuple[bytes, str]:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_BODY + 1)
                kind = answer.headers.get("Content-Type", "")
                declared = answer.headers.get("Content-Length")
        except urllib.error.HTTPError as exc:
            status = exc.code
            text = _snippet(exc.read(2000) if exc.fp else b"")
            said = _("HTTP {status}: {text}").format(status=status, text=text)
            error = FetchError(url, said, "http", status)
            if status == 404:
                raise FetchError(url, _("no document there (HTTP 404)"), "not_found", 404) from None
            if status == 429 or status >= 500:
                raise _Retry(error, _retry_after(exc.headers.get("Retry-After"))) from None
            raise error from None
        except http.client.IncompleteRead:
            said = _("the answer was cut off before its end")
            raise _Retry(FetchError(url, said, "truncated"), None) from None
        except TimeoutError:
            said = _("no answer within {seconds} s").format(seconds=f"{self.timeout:g}")
            raise _Retry(FetchError(url, said, "timeout"), None) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                said = _("no answer within {seconds} s").format(seconds=f"{self.timeout:g}")
                raise _Retry(FetchError(url, said, "timeout"), None) from None
            said = _("cannot be reached ({reason})").format(reason=exc.reason)
            raise _Retry(FetchError(url, said, "network"), None) from None
        if declared and declared.isdigit() and len(body) < int(declared):
            said = _("the answer was cut off before its end")
            raise _Retry(FetchError(url, said, "truncated"), None)
        if len(body) > MAX_BODY:
            raise FetchError(url, _("the answer is larger than a document can be"), "http")
        return body, kind


class _Retry(Exception):
    def __init__(self, error: FetchError, after: float | None) -> None:
        self.error = error
        self.after = after


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the backoff's own wait will do


def _snippet(body: bytes) -> str:
    return " ".join(body.decode("utf-8", "replace").split())[:200]


def is_html(body: bytes, content_type: str) -> bool:
    """Whether an answer is a web page: what Retsinformation serves for an unknown address."""
    if "html" in content_type.lower():
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))
