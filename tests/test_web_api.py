"""`kb serve`'s HTTP API, through Starlette's test client over a copy of the bundled store:
every endpoint, its status codes and limits, and the citations contract equal to the CLI's."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, assert_known_codes, copy_store, run_kb
from starlette.testclient import TestClient

from kb.web.app import CSP, GENERATION_HEADER, make_app
from kb.web.limits import Limits

D2004 = "2004-01-01"
LETTER = "Afgørelsen er truffet efter forvaltningslovens § 22. Se også stk. 2 i § 24."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def web_url(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_store(bundled_store, tmp_path_factory.mktemp("web") / "kb.sqlite3")


@pytest.fixture(scope="module")
def client(web_url: str) -> Any:
    with TestClient(make_app(web_url)) as c:
        yield c


@pytest.fixture
def cli_env(web_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KB_DATABASE_URL", web_url)
    monkeypatch.setenv("KB_LANG", "da")
    return web_url


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _error(response: Any, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body.keys() == {"error"} and body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return str(body["error"]["message"])


# --- health, headers ------------------------------------------------------------


def test_health_and_the_generation_header(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["generation"]
    assert r.headers[GENERATION_HEADER] == body["generation"]
    assert r.headers["content-security-policy"] == CSP
    assert "script-src" not in CSP and "'unsafe-inline'" not in CSP  # no script at all
    assert r.headers["x-content-type-options"] == "nosniff"


# --- the contract -----------------------------------------------------------------


def test_resolve_gives_the_contract(client):
    r = client.get("/api/resolve", params={"q": "fvl § 24, stk. 2", "as_of": "2014-06-01"})
    assert r.status_code == 200
    data = r.json()
    assert data["schema"] == 2 and data["as_of"] == "2014-06-01" and data["lang"] == "da"
    [cit] = data["citations"]
    [t] = cit["targets"]
    assert (t["law"], t["version"], t["status"]) == (
        "forvaltningsloven",
        "LBK nr 433 af 22/04/2014",
        "ok",
    )
    assert t["text"].startswith("Begrundelsen skal endvidere")
    assert_known_codes(data)


def test_resolve_is_200_whatever_the_status(client):
    r = client.get("/api/resolve", params={"q": "servicelovens § 9999", "as_of": "2017-01-01"})
    assert r.status_code == 200
    assert r.json()["citations"][0]["targets"][0]["status"] != "ok"


def test_resolve_with_law(client):
    r = client.get("/api/resolve", params={"q": "§ 19", "law": "forvaltningsloven"})
    assert r.json()["citations"][0]["targets"][0]["canonical"] == "forvaltningsloven § 19"


def test_check_equals_kb_check_json(client, cli_env, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    letter = tmp_path / "brev.txt"
    letter.write_text(text, encoding="utf-8")
    cli = run_kb("check", str(letter), "--json", "--as-of", D2004)
    assert cli.returncode == 1, cli.stderr  # the pamphlet's letter has problems
    expected = json.loads(cli.stdout)
    r = client.post("/api/check", json={"text": text, "as_of": D2004})
    assert r.status_code == 200
    assert r.json() == expected  # dict equality: the same document, apart from key order
    assert len(expected["citations"]) > 20
    assert_known_codes(r.json())
    # the same letter as a form upload and as text/plain
    up = client.post(
        "/api/check",
        files={"file": ("brev.txt", text.encode("utf-8"), "text/plain")},
        data={"as_of": D2004},
    )
    assert up.status_code == 200 and up.json() == expected
    plain = client.post(
        "/api/check",
        params={"as_of": D2004},
        content=text.encode("utf-8"),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert plain.status_code == 200 and plain.json() == expected


def test_check_of_a_docx_upload_equals_kb_check(client, cli_env, tmp_path):
    data = _docx(["Afgørelse", LETTER, "Efter servicelovens § 99 gives ikke hjælp."])
    path = tmp_path / "brev.docx"
    path.write_bytes(data)
    cli = run_kb("check", str(path), "--json", "--as-of", "2014-06-01")
    r = client.post(
        "/api/check", files={"file": ("brev.docx", data, DOCX)}, data={"as_of": "2014-06-01"}
    )
    assert r.status_code == 200
    assert r.json() == json.loads(cli.stdout)
    assert [t["canonical"] for c in r.json()["citations"] for t in c["targets"]][:2] == [
        "forvaltningsloven § 22",
        "forvaltningsloven § 24, stk. 2",
    ]


def test_accept_language_english(client):
    body = {"text": "Efter servicelovens § 99.", "as_of": "2014-06-01"}
    da = client.post("/api/check", json=body).json()
    en = client.post("/api/check", json=body, headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    assert (da["lang"], en["lang"]) == ("da", "en")
    da_t, en_t = da["citations"][0]["targets"][0], en["citations"][0]["targets"][0]
    assert (da_t["status"], da_t["reason"]) == (en_t["status"], en_t["reason"])
    assert da_t["message"] != en_t["message"] and "not in the store" in en_t["message"]
    # and the errors too
    da_e = _error(client.get("/api/resolve"), 400, "missing_parameter")
    en_e = _error(
        client.get("/api/resolve", headers={"Accept-Language": "en"}), 400, "missing_parameter"
    )
    assert en_e == "the request lacks the parameter q" and da_e.startswith("Forespørgslen")
    # a language lovkb does not speak falls back to Danish; a weight picks between two
    r = client.post("/api/check", json=body, headers={"Accept-Language": "de, en;q=0.5"})
    assert r.json()["lang"] == "en"
    assert client.post("/api/check", json=body, headers={"Accept-Language": "fr"}).json()[
        "lang"
    ] == ("da")


# --- the other endpoints, as their CLI twins ---------------------------------------


def test_show_equals_kb_show_json(client, cli_env):
    q = "retssikkerhedsloven § 72, stk. 8"
    cli = run_kb("show", q, "--json", "--as-of", "2017-01-01")
    assert cli.returncode == 0, cli.stderr
    r = client.get("/api/show", params={"q": q, "as_of": "2017-01-01"})
    assert r.status_code == 200 and r.json() == json.loads(cli.stdout)
    assert r.json()["citations"][0]["targets"][0]["references"]


def test_search_equals_kb_search_json(client, cli_env):
    cli = run_kb("search", "partshøring", "--json", "--as-of", "2014-06-01", "-n", "5")
    r = client.get("/api/search", params={"q": "partshøring", "as_of": "2014-06-01", "limit": 5})
    assert r.status_code == 200 and r.json() == json.loads(cli.stdout)
    assert r.json()["hits"][0]["canonical"] == "forvaltningsloven § 19"
    _error(client.get("/api/search", params={"q": "x", "limit": "0"}), 422, "bad_argument")
    _error(client.get("/api/search", params={"q": "x", "limit": "mange"}), 422, "bad_argument")
    _error(client.get("/api/search"), 400, "missing_parameter")


def test_refs_equals_kb_refs_json(client, cli_env):
    q = "retssikkerhedsloven § 72, stk. 8"
    cli = run_kb("refs", q, "--json", "--incoming", "--as-of", "2017-01-01")
    assert cli.returncode == 0, cli.stderr
    r = client.get("/api/refs", params={"q": q, "as_of": "2017-01-01", "incoming": "1"})
    assert r.status_code == 200 and r.json() == json.loads(cli.stdout)
    [ref] = r.json()["references"]
    assert ref["text"] == "§ 114, stk. 1 og 2, i lov om social service"
    assert [i["version"] for i in r.json()["incoming"]] == ["LOV nr 380 af 27/04/2016"]
    without = client.get("/api/refs", params={"q": q, "as_of": "2017-01-01"}).json()
    assert "incoming" not in without
    _error(client.get("/api/refs", params={"q": "fvl §§ 19-21"}), 422, "bad_argument")
    _error(client.get("/api/refs", params={"q": "fvl § 999"}), 404, "not_found")


def test_laws_equals_kb_laws_json(client, cli_env):
    cli = run_kb("laws", "--json", "--as-of", "2014-06-01")
    r = client.get("/api/laws", params={"as_of": "2014-06-01"})
    assert r.status_code == 200 and r.json() == json.loads(cli.stdout)


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_excerpt_formats_equal_kb_excerpt(client, cli_env, fmt):
    q = "forvaltningsloven § 24, stk. 2"
    cli = run_kb("excerpt", q, "--format", fmt, "--as-of", "2014-06-01")
    assert cli.returncode == 0, cli.stderr
    r = client.get("/api/excerpt", params={"q": q, "as_of": "2014-06-01", "format": fmt})
    assert r.status_code == 200
    if fmt == "json":
        assert r.json() == json.loads(cli.stdout)
    else:
        assert r.text == cli.stdout
    if fmt == "html":
        assert r.headers["content-disposition"] == 'attachment; filename="lovuddrag.html"'


def test_excerpt_docx_of_a_letter(client):
    from docx import Document

    r = client.post(
        "/api/excerpt",
        params={"format": "docx"},
        json={"text": LETTER, "as_of": "2014-06-01"},
    )
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Forvaltningsloven, jf. lovbekendtgørelse nr. 433 af 22. april 2014" in text
    assert "Begrundelsen skal endvidere om fornødent indeholde" in text
    _error(
        client.get("/api/excerpt", params={"q": "fvl § 19", "format": "pdf"}), 422, "bad_argument"
    )
    _error(
        client.get("/api/excerpt", params={"q": "fvl § 999", "format": "text"}), 404, "not_found"
    )


# --- wrong requests ---------------------------------------------------------------


def test_wrong_methods_paths_and_bodies(client):
    _error(client.get("/api/check"), 405, "method_not_allowed")
    _error(client.delete("/api/resolve"), 405, "method_not_allowed")
    _error(client.get("/api/nothing-here"), 404, "no_such_endpoint")
    _error(
        client.get("/api/resolve", params={"q": "fvl § 19", "as_of": "2014-13-01"}),
        422,
        "bad_argument",
    )
    json_type = {"content-type": "application/json"}
    _error(client.post("/api/check", content=b"{nope", headers=json_type), 400, "bad_json")
    _error(client.post("/api/check", json={"txt": "x"}), 422, "bad_argument")
    _error(client.post("/api/check", json={"text": "x", "as_of": 2014}), 422, "bad_argument")
    _error(
        client.post("/api/check", content=b"x", headers={"content-type": "image/png"}),
        415,
        "unsupported_media_type",
    )
    _error(
        client.post("/api/check", files={"file": ("brev.pdf", b"%PDF-1.4", "application/pdf")}),
        415,
        "unsupported_file_type",
    )
    _error(client.post("/api/check", data={"as_of": "2014-06-01"}), 400, "missing_parameter")
    _error(
        client.post("/api/check", content=b"\xff\xfe", headers={"content-type": "text/plain"}),
        400,
        "error",
    )


def test_a_docx_that_is_no_zip_and_a_zip_bomb(client):
    msg = _error(
        client.post("/api/check", files={"file": ("brev.docx", b"not a zip at all", DOCX)}),
        422,
        "bad_docx",
    )
    assert "zip" in msg
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("hello.txt", "hej")
    _error(
        client.post("/api/check", files={"file": ("brev.docx", plain_zip.getvalue(), DOCX)}),
        422,
        "bad_docx",
    )
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * 30_000_000 + b">")
    assert len(bomb.getvalue()) < 2 * 1024 * 1024  # under the body limit: the unpacking is what
    _error(
        client.post("/api/check", files={"file": ("brev.docx", bomb.getvalue(), DOCX)}),
        413,
        "docx_too_large",
    )
    # the server still serves
    assert client.get("/healthz").status_code == 200


def test_the_limits_are_enforced_and_configurable(web_url):
    limits = Limits(body_bytes=4096, text_chars=100)
    with TestClient(make_app(web_url, limits)) as small:
        _error(small.post("/api/check", json={"text": "x" * 5000}), 413, "too_large")
        _error(small.post("/api/check", json={"text": "§ 1 " * 40}), 413, "text_too_long")
        # a body sent in pieces, with no length declared, is counted as it comes
        chunks = (b"x" * 1000 for _ in range(10))
        r = small.post("/api/check", content=chunks, headers={"content-type": "text/plain"})
        _error(r, 413, "too_large")
        ok = small.post("/api/check", json={"text": "fvl § 19"})
        assert ok.status_code == 200
        described = small.get("/api/openapi.json").json()["info"]["description"]
        assert "4096 bytes" in described and "100 characters" in described
    with TestClient(make_app(web_url, Limits(seconds=0))) as hasty:
        _error(hasty.get("/api/resolve", params={"q": "fvl § 19"}), 503, "timeout")


def test_the_default_limits():
    limits = Limits()
    assert (limits.body_bytes, limits.text_chars) == (2 * 1024 * 1024, 1_000_000)


# --- OpenAPI ----------------------------------------------------------------------


def _conforms(value: Any, schema: dict[str, Any], doc: dict[str, Any], where: str = "$") -> None:
    """A structural check of `value` against the subset of JSON Schema the document uses."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _conforms(value, doc["components"]["schemas"][name], doc, where)
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
            "null": type(None),
        }
        assert any(
            isinstance(value, python[k]) and not (k == "integer" and isinstance(value, bool))
            for k in kinds
        ), f"{where}: {value!r} is not {kinds}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} missing"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                _conforms(value[key], sub, doc, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _conforms(item, schema["items"], doc, f"{where}[{i}]")
    return None


def test_openapi_describes_every_endpoint_and_real_responses_conform(client):
    from kb.web.api import ROUTES

    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for route in ROUTES:
        methods = {m.lower() for m in route.methods or ()} - {"head"}
        assert methods <= set(doc["paths"][route.path]), route.path
    seed = SEED.read_text(encoding="utf-8")
    calls = [
        ("get", "/healthz", {}, "200"),
        ("get", "/api/resolve", {"params": {"q": "fvl §§ 19-21", "as_of": D2004}}, "200"),
        ("get", "/api/resolve", {"params": {"q": "Se § 24."}}, "200"),
        ("get", "/api/show", {"params": {"q": "fvl § 24", "as_of": "2014-06-01"}}, "200"),
        ("post", "/api/check", {"json": {"text": seed, "as_of": D2004}}, "200"),
        ("get", "/api/search", {"params": {"q": "partshøring"}}, "200"),
        (
            "get",
            "/api/refs",
            {
                "params": {
                    "q": "retssikkerhedsloven § 72, stk. 8",
                    "as_of": "2017-01-01",
                    "incoming": "1",
                }
            },
            "200",
        ),
        ("get", "/api/laws", {}, "200"),
        ("get", "/api/excerpt", {"params": {"q": "fvl § 19"}}, "200"),
        ("post", "/api/excerpt", {"json": {"text": seed, "as_of": D2004}}, "200"),
        ("get", "/api/resolve", {}, "400"),
        ("get", "/api/refs", {"params": {"q": "fvl § 999"}}, "404"),
        ("post", "/api/check", {"content": b"x", "headers": {"content-type": "a/b"}}, "415"),
        ("get", "/api/resolve", {"params": {"q": "fvl § 1", "as_of": "igår"}}, "422"),
    ]
    for method, path, kwargs, status in calls:
        r = getattr(client, method)(path, **kwargs)
        assert str(r.status_code) == status, (path, r.text)
        described = doc["paths"][path][method]["responses"][status]
        schema = described["content"]["application/json"]["schema"]
        _conforms(r.json(), schema, doc, f"{method} {path}")


# --- the CLI stays light ------------------------------------------------------------


def test_kb_show_does_not_import_the_web_stack(cli_env):
    code = (
        "import sys\n"
        "sys.argv = ['kb', 'show', 'fvl § 19']\n"
        "from kb.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('starlette', 'jinja2', 'uvicorn', 'multipart', 'kb.web')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_kb_serve_is_a_command(cli_env):
    out = run_kb("serve", "--help")
    assert out.returncode == 0 and "--workers" in out.stdout and "127.0.0.1" in out.stdout


# --- the pages, over HTTP ------------------------------------------------------------

PAGES = [
    "/",
    "/?q=partsh%C3%B8ring&dato=2014-06-01",
    "/?q=fvl+%C2%A7+24%2C+stk.+2&dato=2014-06-01",
    "/lov/forvaltningsloven/24/stk-2?dato=2014-06-01",
    "/lov/retssikkerhedsloven/72/stk-8?dato=2017-01-01",
    "/lov/forvaltningsloven?dato=2014-06-01",
    "/tjek",
    "/begreber",
    "/love",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_danish_html_without_script_or_inline_style(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in r.text
    assert "<script" not in r.text and " style=" not in r.text
    assert re.search(r"<[^>]*\son[a-z]+=", r.text) is None  # no event handler attributes
    assert r.headers["content-security-policy"] == CSP


def test_a_search_for_a_citation_leads_to_its_provision(client):
    r = client.get("/", params={"q": "fvl § 24, stk. 2", "dato": "2014-06-01"})
    assert 'href="/lov/forvaltningsloven/24/stk-2?dato=2014-06-01"' in r.text
    r = client.get("/opslag", params={"h": "fvl § 24, stk. 2", "dato": "2014-06-01"})
    assert r.status_code == 200 and "forvaltningsloven § 24, stk. 2" in r.text  # redirected


def test_the_check_page_escapes_the_letter(client):
    letter = '<script>alert(1)</script> "><img src=x onerror=alert(2)> forvaltningslovens § 19'
    r = client.post("/tjek", data={"text": letter, "dato": "2014-06-01"})
    assert r.status_code == 200
    assert "<script>" not in r.text and "<img" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert 'data-status="ok" data-start="' in r.text


def test_page_errors_are_pages(client):
    for path in ("/lov/forvaltningsloven/abc", "/lov/forvaltningsloven/999", "/lov/ukendt/1"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
        assert "Det gik ikke" in r.text
    r = client.post("/tjek/lovuddrag", params={"format": "pdf"}, data={"text": "fvl § 19"})
    assert r.status_code == 404
    r = client.post("/tjek", files={"file": ("brev.docx", b"PK no zip", DOCX)})
    assert r.status_code == 422 and "Word-dokument" in r.text
    assert client.get("/tjek/lovuddrag").status_code == 405


def test_a_body_sent_too_slowly_gets_408(web_url):
    """Over a real socket (the test client reads a body whole before the app sees it): a
    client that declares a letter and sends only part of it is answered when the time
    limit has passed, and the worker thread was never taken."""
    import socket
    import threading

    import uvicorn

    config = uvicorn.Config(
        make_app(web_url, Limits(seconds=0.5)), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config.port = port
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started
        with socket.create_connection(("127.0.0.1", port), timeout=60) as c:
            c.sendall(
                b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\nEfter fvl"
            )
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                chunk = c.recv(65536)
                if not chunk:
                    break
                answer += chunk
        head, _sep, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), answer
        assert json.loads(body)["error"]["code"] == "request_timeout"
    finally:
        server.should_exit = True
        thread.join(10)
