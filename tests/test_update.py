"""`kb update` against a recorded Retsinformation on 127.0.0.1: the harvest API for a run of
days, documents and their metadata by ELI (the real files of ../shared/data), and the
service's failures. The responses are shaped on what the service documents (README:
"Keeping current"); the sleeping is injected, so no rate limit is waited for."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kb.fetch.client import USER_AGENT, Client, FetchError
from kb.fetch.service import Service
from tests.conftest import RI

TODAY = dt.date(2026, 12, 4)
# retssikkerhedsloven's chain from LBK 1052/2015 to LBK 1345/2016, and what 1345 lists.
CORPUS_MEMBERS = ["2015-994.xml", "2015-1741.xml", "2016-380.xml", "2016-395.xml", "2016-1543.xml"]
HTML = b"<!DOCTYPE html><html><head><title>Retsinformation</title></head><body></body></html>"


class Recorded:
    """The answers by path (with the query): a list, taken in turn, the last kept."""

    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict[str, str], bytes | str]]] = {}
        self.seen: list[tuple[str, str]] = []  # (path, User-Agent)

    def add(self, path: str, *answers: tuple[int, dict[str, str], bytes | str]) -> None:
        self.routes[path] = list(answers)

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes | str]:
        answers = self.routes.get(path)
        if not answers:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, HTML
        return answers.pop(0) if len(answers) > 1 else answers[0]


def _handler(recorded: Recorded) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            recorded.seen.append((self.path, self.headers.get("User-Agent", "")))
            status, headers, body = recorded.answer(self.path)
            if body == "slow":
                time.sleep(1.0)
                body = b"[]"
            data = body if isinstance(body, bytes) else body.encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if body == "truncated" or headers.get("X-Truncate"):
                self.send_header("Content-Length", str(len(data) * 2))
            else:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Recorded, str]]:
    recorded = Recorded()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorded))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # a proxy in the environment must not take the local service's requests
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("KB_RETSINFORMATION_URL", base)
    monkeypatch.setenv("KB_HARVEST_URL", base + "/v1/Documents")
    yield recorded, base
    httpd.shutdown()
    httpd.server_close()


class FakeTime:
    """A clock that only sleeping moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _service(fake: FakeTime, timeout: float = 5.0, retries: int = 3) -> Service:
    return Service(Client(timeout=timeout, retries=retries, clock=fake.clock, sleep=fake.sleep))


XML = {"Content-Type": "application/xml; charset=utf-8"}
JSON = {"Content-Type": "application/json; charset=utf-8"}


def _serve_documents(recorded: Recorded, files: list[Path]) -> dict[str, Path]:
    """Each file at its ELI addresses (year and number, accession) with its metadata
    beside it; the files by accession."""
    from kb.ingest.lexdania import read_file

    by_accession = {}
    for path in files:
        meta = read_file(path).meta
        data = path.read_bytes()
        about = {
            "accessionsnummer": meta.accession,
            "shortName": meta.designation,
            "title": meta.title,
            "popularTitle": meta.popular_title,
            "documentType": {"shortName": meta.doc_type, "id": 0},
        }
        year, number = path.stem.split("-")
        for where in (f"/eli/lta/{year}/{number}", f"/eli/accn/{meta.accession}"):
            recorded.add(f"{where}/xml", (200, XML, data))
            recorded.add(f"{where}.json", (200, JSON, json.dumps(about).encode()))
        by_accession[meta.accession or ""] = path
    return by_accession


def _harvest(recorded: Recorded, base: str, days: dict[dt.date, list[dict]]) -> None:
    # From the machine's tomorrow, not TODAY's: the command line's tests run `kb update`
    # on the real date (and on a machine in another time zone than Copenhagen).
    last = max(TODAY, dt.date.today()) + dt.timedelta(days=1)
    for n in range((last - TODAY).days + 40):
        day = last - dt.timedelta(days=n)
        body = json.dumps(days.get(day, [])).encode()
        recorded.add(f"/v1/Documents?date={day.isoformat()}", (200, JSON, body))


def _item(base: str, accession: str, reason: str, kind: str, path: str) -> dict:
    return {
        "documentId": accession,
        "accessionsnummer": accession,
        "reasonForChange": reason,
        "changeDate": f"{TODAY.isoformat()}T04:00:00",
        "documentType": {"shortName": kind, "id": 1},
        "href": base + path,
    }


@pytest.fixture
def service_files(corpus_files) -> list[Path]:  # type: ignore[no-untyped-def]
    return sorted(RI.glob("*.xml")) + corpus_files(*CORPUS_MEMBERS)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store holding forvaltningsloven's LBK 988/2012 and retssikkerhedsloven's LBK
    1052/2015 (and offentlighedsloven, which the bundled tables name), older than
    their newest consolidations."""
    from kb.ingest.load import import_files

    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    import_files([RI / "2012-988.xml", RI / "2015-1052.xml", RI / "2013-606.xml"], url)
    monkeypatch.setenv("KB_DATABASE_URL", url)
    return url


def _versions(url: str) -> dict[str, tuple[str, str, str]]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT designation, source, source_file, source_sha256 FROM versions"
        ).fetchall()
    return {d: (s, f, h) for d, s, f, h in rows}


def _history(url: str) -> list[dict]:
    from kb.store.history import entries
    from kb.store.read import open_reader

    with open_reader(url) as reader:
        return [e.to_json() for e in entries(reader)]


def test_fresh_store_is_brought_to_the_newest_consolidations_through_the_chains(
    server, service_files, fresh
):
    from kb.api import versions
    from kb.update import update

    recorded, base = server
    served = _serve_documents(recorded, service_files)
    _harvest(
        recorded,
        base,
        {
            TODAY: [
                # retssikkerhedsloven's amendment after 1345/2016, found by its title
                _item(base, "A20160154330", "NewDocument", "LOV", "/eli/accn/A20160154330/xml"),
                # a stored document whose metadata changed: nothing to fetch
                _item(base, "A20120098829", "DocumentMetadataChanged", "LBK", "/x"),
                # a stored act removed at the source: said, and kept
                _item(base, "A20130060630", "RemovedDocument", "LOV", "/eli/accn/A20130060630/xml"),
                # a BEK of another act
                _item(base, "B20240170905", "NewDocument", "BEK", "/eli/lta/2024/1709/xml"),
            ]
        },
    )
    fake = FakeTime()
    # a gap of 30 days: the harvest answers for ten, the lists of later changes for the rest
    report = update(
        url=fresh, service=_service(fake), today=TODAY, since=TODAY - dt.timedelta(days=30)
    )
    assert len(report.days) == 10 and report.harvest_error is None
    assert report.removed == ["A20130060630"]
    stored = _versions(fresh)
    for designation in (
        "LBK nr 433 af 22/04/2014",
        "LOV nr 638 af 12/06/2013",
        "LOV nr 1624 af 26/12/2013",
        "LBK nr 1345 af 23/11/2016",
        "LOV nr 1543 af 13/12/2016",
    ):
        assert designation in stored
    assert (
        versions("forvaltningsloven", "2020-01-01", url=fresh)["versions"][-1]["designation"]
        == "LBK nr 433 af 22/04/2014"
    )
    newest = versions("retssikkerhedsloven", "2020-01-01", url=fresh)["versions"][-1]
    assert newest["designation"] == "LBK nr 1345 af 23/11/2016"
    # the address, the time fetched and the sha256 of the very bytes served
    source, name, sha = stored["LBK nr 433 af 22/04/2014"]
    assert source.startswith(f"{base}/eli/lta/2014/433/xml (fetched ")
    assert name == "2014-433.xml"
    assert sha == hashlib.sha256((RI / "2014-433.xml").read_bytes()).hexdigest()
    assert (
        stored["LOV nr 1543 af 13/12/2016"][2]
        == hashlib.sha256(served["A20160154330"].read_bytes()).hexdigest()
    )
    # one harvest call per 10 s at most, on the injected clock; every request said who it is
    harvest_waits = [s for s in fake.slept if s > 1.0]
    assert len(harvest_waits) == 9 and all(s == pytest.approx(10.0) for s in harvest_waits)
    assert {ua for _p, ua in recorded.seen} == {USER_AGENT}
    [entry] = _history(fresh)
    assert entry["command"] == "update" and entry["refused"] == 0
    # the two consolidations are new versions; each amending act is a document of its own
    assert entry["new_versions"] == 2 and entry["new_acts"] >= 6
    urls = {i.get("url") for i in entry["items"]}
    assert f"{base}/eli/lta/2016/1345/xml" in urls

    # an update with nothing new: the same service, nothing fetched, a history entry
    again = update(url=fresh, service=_service(FakeTime()), today=TODAY)
    assert again.new == []
    assert _versions(fresh) == stored
    history = _history(fresh)
    assert len(history) == 2 and history[1]["items"] == []


def test_a_download_failing_halfway_leaves_the_store_as_it_was(server, service_files, fresh):
    from kb.update import update

    recorded, base = server
    _serve_documents(recorded, service_files)
    _harvest(recorded, base, {})
    # the chain's last consolidation: cut off, every time it is asked for
    data = (RI / "2016-1345.xml").read_bytes()
    recorded.add("/eli/lta/2016/1345/xml", (200, XML | {"X-Truncate": "1"}, data[:5000]))
    before = _versions(fresh)
    fake = FakeTime()
    with pytest.raises(FetchError, match="cut off") as raised:
        update(url=fresh, service=_service(fake, retries=2), today=TODAY)
    assert raised.value.kind == "truncated"
    assert _versions(fresh) == before
    [entry] = _history(fresh)
    assert entry["items"] == [] and "2016/1345" in entry["note"]


def test_check_exit_codes_and_history(server, service_files, fresh, monkeypatch):
    import kb.fetch.service as service_module
    from cli.main import app

    recorded, base = server
    _serve_documents(recorded, service_files)
    _harvest(recorded, base, {})
    # the command line's own client: its waits made none for this test
    monkeypatch.setattr(service_module, "HARVEST_INTERVAL", 0.0)
    monkeypatch.setattr(service_module, "DOCUMENT_INTERVAL", 0.0)
    runner = CliRunner()
    since = ["--since", dt.date.today().isoformat()]
    found = runner.invoke(app, ["update", "--check", "--act", "forvaltningsloven", *since])
    assert found.exit_code == 1, found.output
    assert (
        "LBK nr 433 af 22/04/2014: forvaltningsloven (later changes of LBK nr 988" in found.output
    )
    assert "3 new documents" in found.output
    # the gap: what 988/2012's own list names and the store lacks
    unstored = "LOV nr 638 af 12/06/2013, LOV nr 1624 af 26/12/2013, LBK nr 433 af 22/04/2014"
    assert f"LBK nr 988 af 09/10/2012 lists, not in the store: {unstored}" in found.output
    assert _history(fresh) == []  # a check imports nothing

    done = runner.invoke(app, ["update", "--act", "fvl", *since])
    assert done.exit_code == 0, done.output
    assert "3 documents fetched" in done.output

    quiet = runner.invoke(app, ["update", "--check", "--act", "fvl", *since])
    assert quiet.exit_code == 0, quiet.output
    assert "0 new documents" in quiet.output and "not in the store" not in quiet.output

    shown = runner.invoke(app, ["history"])
    assert shown.exit_code == 0
    assert "kb update" in shown.output and "2014/433/xml: new version" in shown.output
    marked = runner.invoke(app, ["versions", "forvaltningsloven", "--since", "2000-01-01"])
    assert marked.output.count("added ") == 2  # 988 imported by the fixture, 433 by the update


def test_kb_import_is_in_the_history(small_url):
    from kb.api import import_sources

    import_sources([RI / "2013-606.xml", RI / "2024-62.xml"], url=small_url)
    entry = _history(small_url)[-1]
    assert entry["command"] == "import"
    assert [(i["file"], i["status"]) for i in entry["items"]] == [
        ("2013-606.xml", "unchanged"),
        ("2024-62.xml", "new act"),
    ]


# --- the fetch layer's politeness and the service's failures --------------------------------


def test_429_then_success_waits_as_told(server):
    recorded, base = server
    recorded.add("/a", (429, {"Retry-After": "7"}, b"slow down"), (200, JSON, b"[]"))
    fake = FakeTime()
    body, _kind = Client(clock=fake.clock, sleep=fake.sleep).get(base + "/a")
    assert body == b"[]" and fake.slept == [7.0]


def test_500_is_retried_with_backoff_within_a_bound(server):
    recorded, base = server
    recorded.add("/b", (500, {}, b"oops"))
    fake = FakeTime()
    with pytest.raises(FetchError, match="HTTP 500"):
        Client(retries=3, backoff=2.0, clock=fake.clock, sleep=fake.sleep).get(base + "/b")
    assert fake.slept == [2.0, 4.0, 8.0]
    assert [p for p, _ua in recorded.seen] == ["/b"] * 4


def test_unknown_address_web_page_and_404_are_said_plainly(server):
    recorded, base = server
    recorded.add("/eli/lta/1999/1/xml", (404, {}, b"No document found matching ELI request"))
    service = _service(FakeTime())
    with pytest.raises(FetchError, match="web page") as page:
        service.document(base + "/eli/lta/2099/9999/xml")
    assert page.value.missing
    with pytest.raises(FetchError, match="HTTP 404") as gone:
        service.document(base + "/eli/lta/1999/1/xml")
    assert gone.value.missing and [p for p, _ua in recorded.seen].count("/eli/lta/1999/1/xml") == 1


def test_a_slow_answer_times_out(server):
    recorded, base = server
    recorded.add("/slow", (200, JSON, "slow"))
    fake = FakeTime()
    with pytest.raises(FetchError, match=r"no answer within 0\.2 s") as raised:
        Client(timeout=0.2, retries=1, clock=fake.clock, sleep=fake.sleep).get(base + "/slow")
    assert raised.value.kind == "timeout" and fake.slept == [2.0]


def test_closed_hours_are_recognised_and_the_chains_still_read(server, service_files, fresh):
    from kb.update import update

    recorded, _base = server
    _serve_documents(recorded, service_files)
    closed = b'{"message": "API is closed between 23:45 and 03:00"}'
    recorded.add(f"/v1/Documents?date={TODAY.isoformat()}", (400, JSON, closed))
    report = update(
        ["forvaltningsloven"],
        check=True,
        url=fresh,
        service=_service(FakeTime()),
        today=TODAY,
        since=TODAY,
    )
    assert report.harvest_error is not None and "03:00 to 23:45" in report.harvest_error
    assert {c.designation for c in report.new} == {
        "LOV nr 638 af 12/06/2013",
        "LOV nr 1624 af 26/12/2013",
        "LBK nr 433 af 22/04/2014",
    }


def test_a_chain_with_a_missing_link_is_listed(tmp_path):
    from kb.ingest.load import import_files
    from kb.store.read import open_reader
    from kb.update import gaps

    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    import_files([RI / "2010-1054.xml", RI / "2016-1345.xml"], url)
    with open_reader(url) as reader:
        found = gaps(reader, [reader.act_called("retssikkerhedsloven")])
    [link] = [g for g in found if "missing" in g]
    # 1054/2010's own list names LBK 656/2011, the first of the consolidations between
    assert link["after"] == "LBK nr 1054 af 07/09/2010"
    assert link["missing"] == "LBK nr 656 af 15/06/2011"
    assert link["to"] == "2016-11-23"
    listed = next(g for g in found if g.get("not_stored"))
    assert "LBK nr 656 af 15/06/2011" in listed["not_stored"]
