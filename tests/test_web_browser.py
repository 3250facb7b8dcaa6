"""`kb serve` in a real browser: Playwright driving Debian's Chromium against the server
on 127.0.0.1, as a caseworker uses it. Takes the screenshots of docs/screenshots/."""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, copy_store

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's Chromium is not installed (apt-get install -y chromium): "
        "the browser tests need /usr/bin/chromium",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

# The README's screenshots are taken again with KB_SCREENSHOTS=1; otherwise the pictures are
# still taken (that they can be is tested) but into a folder of the test run's own.
DOCS_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kb serve`'s application under uvicorn, in a thread of this process."""
    import uvicorn

    from kb.web.app import make_app

    url = copy_store(bundled_store, tmp_path_factory.mktemp("browser") / "kb.sqlite3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(make_app(url), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(600):  # the store opens at startup
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, shots: Path) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1100, "height": 860}, locale="da-DK", accept_downloads=True
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.errors = errors
    pg.shots = shots
    yield pg
    context.close()
    assert errors == []  # no script ran, none failed, no alert() was raised


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("KB_SCREENSHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        return DOCS_SHOTS
    return tmp_path_factory.mktemp("screenshots")


def _shot(page: Any, name: str) -> None:
    path = page.shots / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000  # a page drawn, not a blank


def test_search_and_open_a_provision(server, page):
    page.goto(server + "/")
    assert page.title().startswith("Søg")
    page.get_by_label("Søg efter ord eller en henvisning").fill("partshøring")
    page.get_by_label("Gældende den").fill("2014-06-01")
    page.get_by_role("button", name="Søg").click()
    hits = page.locator("li.hit")
    assert hits.count() >= 3
    assert page.locator("li.hit mark").first.inner_text().lower() == "partshøring"
    _shot(page, "soeg")
    hits.first.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "forvaltningsloven § 19"
    assert "/lov/forvaltningsloven/19?dato=2014-06-01" in page.url
    assert "Kan en part ikke antages at være bekendt med" in page.locator("#tekst").inner_text()
    assert "LBK nr 433 af 22/04/2014" in page.locator(".version").inner_text()


def test_a_provision_on_an_earlier_date(server, page):
    page.goto(server + "/lov/forvaltningsloven/24/stk-2?dato=2014-06-01")
    line = page.get_by_label("Skriv sådan i afgørelsen (pjecens form):")
    assert line.input_value() == (
        "forvaltningsloven, jf. lovbekendtgørelse nr. 433 af 22. april 2014, § 24, stk. 2"
    )
    assert page.locator("ol.timeline li").count() >= 3
    _shot(page, "bestemmelse")
    page.goto(server + "/lov/forvaltningsloven/1/stk-2?dato=2014-06-01")
    assert page.locator("#tekst").inner_text().startswith("Stk. 2. Loven gælder desuden")
    page.get_by_label("Lovens tekst den").fill("2013-01-01")
    page.get_by_role("button", name="Vis").click()
    assert "dato=2013-01-01" in page.url
    assert "LBK nr 988 af 09/10/2012" in page.locator(".version").inner_text()
    assert "Vedkommende minister kan efter forhandling med justitsministeren" in (
        page.locator("#tekst").inner_text()
    )
    # the later consolidation is among the version's later changes
    assert "LBK nr 433 af 22/04/2014" in page.locator("ul.later").inner_text()


def test_references_in_the_text_are_links_and_those_to_it_are_listed(server, page):
    page.goto(server + "/lov/retssikkerhedsloven/72/stk-8?dato=2017-01-01")
    ref = page.locator("#tekst a.ref")
    assert ref.count() == 1
    assert ref.inner_text() == "§ 114, stk. 1 og 2, i lov om social service"
    assert page.locator("ul.incoming li").count() == 1
    ref.click()
    assert page.locator("h1").inner_text() == "serviceloven § 114, stk. 1"


def _worst(statuses: list[str]) -> str:
    from kb.web.pages import worst

    return worst(statuses)


def test_check_the_pamphlets_letter(server, page, bundled_store):
    import kb
    from kb.store.read import open_reader

    text = SEED.read_text(encoding="utf-8")
    with open_reader(f"sqlite:///{bundled_store}") as reader:
        result = kb.check(text, "2004-01-01", reader=reader)
    expected = [
        (c.start, c.end, _worst([t.status for t in c.targets]))
        for c in sorted(result.citations, key=lambda c: c.start)
    ]
    page.goto(server + "/tjek")
    page.get_by_label("Brevets tekst").fill(text)
    page.get_by_label("Loven som den gælder den").fill("2004-01-01")
    page.get_by_role("button", name="Tjek brevet").click()
    marks = page.locator("#brev mark.cit")
    got = marks.evaluate_all(
        "ms => ms.map(m => [+m.dataset.start, +m.dataset.end, m.dataset.status, m.textContent,"
        " m.nextElementSibling.textContent])"
    )
    assert [(s, e, st) for s, e, st, _t, _l in got] == expected
    from kb.web.pages import STATUS_LABEL

    for (start, end, status, shown, label), c in zip(
        got, sorted(result.citations, key=lambda c: c.start), strict=True
    ):
        assert shown == text[start:end] == c.text
        assert label.endswith(STATUS_LABEL[status])  # the status in words, not colour alone
    assert {st for _s, _e, st, _t, _l in got} >= {"ok", "unknown_law"}
    summary = page.locator("#opsummering").inner_text()
    assert f"{result.summary['ok']} fundet" in summary
    assert page.locator("ul.checklist li").count() >= 1
    _shot(page, "tjek-brev")
    # the letter's citations, in place: a stretch of the letter holding several of every kind
    page.locator("#h40").evaluate("m => m.scrollIntoView({block: 'center'})")
    _shot(page, "tjek-brev-henvisninger")


def test_upload_a_docx_letter_and_download_its_lovuddrag(server, page, tmp_path):
    from docx import Document

    letter = Document()
    letter.add_paragraph("Afgørelse om hjælp")
    letter.add_paragraph(
        "Afgørelsen er truffet efter forvaltningslovens § 22. Begrundelsen følger "
        "forvaltningslovens § 24, stk. 2."
    )
    path = tmp_path / "udkast.docx"
    letter.save(path)
    page.goto(server + "/tjek")
    page.get_by_label("… eller en fil (.txt eller .docx)").set_input_files(str(path))
    page.get_by_label("Loven som den gælder den").fill("2014-06-01")
    page.get_by_role("button", name="Tjek brevet").click()
    assert "udkast.docx" in page.locator("#resultat").inner_text()
    marks = page.locator("#brev mark.cit")
    assert marks.all_inner_texts() == ["forvaltningslovens § 22", "forvaltningslovens § 24, stk. 2"]
    assert {m.get_attribute("data-status") for m in marks.all()} == {"ok"}
    with page.expect_download() as info:
        page.get_by_role("button", name="Hent lovuddrag (Word)").click()
    download = info.value
    assert download.suggested_filename == "lovuddrag.docx"
    saved = tmp_path / "lovuddrag.docx"
    download.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "Forvaltningsloven, jf. lovbekendtgørelse nr. 433 af 22. april 2014" in text
    assert "Begrundelsen skal endvidere om fornødent indeholde" in text
    with page.expect_download() as info:
        page.get_by_role("button", name="Hent lovuddrag (HTML)").click()
    assert info.value.suggested_filename == "lovuddrag.html"


XSS = (
    "Kære <b>borger</b>\n"
    "<script>window.__xss = 1; alert('xss')</script>\n"
    'Se "><img src=x onerror="window.__xss = 2"> og forvaltningslovens § 19.\n'
    '<a href="javascript:window.__xss = 3">klik her</a> og <svg onload="window.__xss=4">\n'
)


def test_a_letter_with_markup_renders_inert(server, page):
    page.goto(server + "/tjek")
    page.get_by_label("Brevets tekst").fill(XSS)
    page.get_by_label("Loven som den gælder den").fill("2014-06-01")
    page.get_by_role("button", name="Tjek brevet").click()
    letter = page.locator("#brev")
    # shown as written: the letter's text, once the status labels are taken out
    shown = letter.evaluate(
        "b => { const c = b.cloneNode(true); c.querySelectorAll('.tag').forEach(t => t.remove());"
        " return c.textContent; }"
    )
    assert shown == XSS
    assert letter.locator("img, script, svg, b, a[href^='javascript']").count() == 0
    assert page.locator("img, svg").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert letter.locator("mark.cit").all_inner_texts() == ["forvaltningslovens § 19"]
    # the hidden copies of the letter for the downloads hold it as a value, not as markup
    hidden = page.locator("input[type=hidden][name=text]").first.input_value()
    assert hidden == XSS
    _shot(page, "tjek-brev-xss")


def test_concepts_and_laws(server, page):
    page.goto(server + "/begreber")
    assert page.locator("h1").inner_text().startswith("Begreber")
    page.get_by_role("link", name="forvaltningsloven §§ 19-21").first.click()
    assert page.locator("h1").inner_text().startswith("forvaltningsloven §§ 19-21")
    page.goto(server + "/begreber")
    _shot(page, "begreber")
    page.goto(server + "/love?dato=2014-06-01")
    rows = page.locator("table.laws tbody tr")
    assert rows.count() >= 10
    _shot(page, "love")
    page.get_by_role("link", name="Forvaltningsloven", exact=True).click()
    assert page.locator("ul.paragraphs li").count() >= 40
    page.get_by_role("link", name="§ 19", exact=True).click()
    assert page.locator("h1").inner_text() == "forvaltningsloven § 19"


def test_works_by_keyboard(server, page):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gå til indholdet"
    page.get_by_label("Søg efter ord eller en henvisning").fill("aktindsigt")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=aktindsigt" in page.url
    assert page.locator("li.hit").count() >= 1
