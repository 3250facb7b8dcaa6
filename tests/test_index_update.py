"""The search index is updated in place for what an import changed, and the result is
the index a full rebuild makes: the same documents with the same stored fields, and
the same postings in every field (the compounds split against the same dictionary).

Real data: the small store (the bundle's plain .xml files and tables) and files of the
2010-2017 corpus and of ../shared/data/retsinformation. A killed update leaves the old
index, or one that the next command finds stale and rebuilds; a failed import or a
failed update leaves store and index as they were.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import RI

from kb.api import import_sources
from kb.errors import KbError, SourceError
from kb.index import search, whoosh_backend
from kb.index.backend import Scope
from kb.index.documents import Corpus
from kb.index.whoosh_backend import CompoundFilter, WhooshBackend, _open_index
from kb.store.read import open_reader

# A consolidation of retssikkerhedsloven between two the small store has (its
# predecessor's in-force interval ends sooner), and an act the store lacks (lov om
# hold af dyr: new words, so compounds elsewhere may split otherwise).
BETWEEN = "2013-983.xml"
NEW_ACT = RI / "2024-62.xml"


def contents(folder: Path) -> dict[str, Any]:
    """Everything a search can see of the index: each live document's stored fields,
    each field's postings (term -> document id -> weight and positions), the words
    spellings are suggested from, and the dictionary compounds are split against."""
    ix = _open_index(folder)
    with ix.searcher() as s:
        r = s.reader()
        ids = {n: r.stored_fields(n)["id"] for n in r.all_doc_ids()}
        docs = {ids[n]: r.stored_fields(n) for n in ids}
        postings: dict[tuple[str, bytes], dict[str, tuple[float, bytes]]] = {}
        spelling = set()
        for field, term in r.all_terms():
            if field == "spell_text":
                # the words spellings are suggested from: Whoosh gives them no documents
                spelling.add(term)
                continue
            m = r.postings(field, term)
            live = {}
            while m.is_active():
                if m.id() in ids:
                    live[ids[m.id()]] = (m.weight(), m.value())
                m.next()
            if live:
                postings[(field, term)] = live
        words = [
            item.words
            for item in ix.schema["parts"].analyzer.items
            if isinstance(item, CompoundFilter)
        ]
    return {"docs": docs, "postings": postings, "words": words, "spelling": spelling}


def rebuilt(url: str, folder: Path) -> dict[str, Any]:
    backend = WhooshBackend(folder)
    with open_reader(url) as reader, backend.locked():
        backend.build(Corpus(reader), "test", None)
    return contents(folder)


def stamp(url: str) -> dict[str, Any]:
    return json.loads((search.index_dir(url) / "lovkb-stamp.json").read_text())


def generation(url: str) -> str | None:
    with open_reader(url) as reader:
        return reader.generation()


@pytest.fixture
def between(corpus_files) -> Path:  # type: ignore[no-untyped-def]
    return corpus_files(BETWEEN)[0]


def test_an_import_updates_the_index_to_what_a_rebuild_makes(small_url, between, tmp_path):
    before = contents(search.index_dir(small_url))
    report = import_sources([between, NEW_ACT], url=small_url)
    assert [r.status for r in report.results] == ["new version", "new act"]
    assert report.index is not None
    # updated in place: the first commit of the index is still there, one more on it
    assert stamp(small_url)["toc"] == 2
    assert stamp(small_url)["generation"] == generation(small_url)
    assert search.ensure(small_url) is None  # current
    after = contents(search.index_dir(small_url))
    assert after == rebuilt(small_url, tmp_path / "full")
    # the documents of the two new versions came in
    added = set(after["docs"]) - set(before["docs"])
    assert {d["law"] for i, d in after["docs"].items() if i in added} == {
        "retssikkerhedsloven",
        "lov om hold af dyr",
    }
    assert before["words"] != after["words"]  # new words in the dictionary


def test_a_removed_version_leaves_the_index(small_url, tmp_path):
    """A store that lost a version, and whose chain was recomputed around the gap (here
    by hand, as a repair would), is followed too: the version's documents go, and those
    of its predecessor say the new end of its interval."""
    db = Path(small_url.removeprefix("sqlite:///"))
    con = sqlite3.connect(db)
    (vid,) = con.execute("SELECT id FROM versions WHERE source_file = '2015-1052.xml'").fetchone()
    (before,) = con.execute(
        "SELECT id FROM versions WHERE source_file = '2010-1054.xml'"
    ).fetchone()
    con.execute("DELETE FROM units WHERE version_id = ?", (vid,))
    con.execute("DELETE FROM versions WHERE id = ?", (vid,))
    con.execute("UPDATE versions SET in_force_to = '2016-11-23' WHERE id = ?", (before,))
    con.execute("UPDATE store_state SET value = value + 1 WHERE key = 'generation'")
    con.commit()
    con.close()
    assert search.ensure(small_url) is not None
    assert stamp(small_url)["toc"] == 2
    after = contents(search.index_dir(small_url))
    assert not any(d.get("version_id") == vid for d in after["docs"].values())
    assert after["docs"][f"{before}:§1"]["in_force_to"] == "2016-11-23"
    full = rebuilt(small_url, tmp_path / "full")
    # Whoosh keeps the spelling words of deleted documents until their segment is
    # merged away; every other part is the rebuild's
    assert after["spelling"] >= full["spelling"]
    after["spelling"] = full["spelling"]
    assert after == full


KILLER = """
import os, signal, sys
from kb.index import whoosh_backend as wb
point = sys.argv[1]
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "adding":
    wb._Writer.add_document = die
elif point == "committed":
    wb._commit_stamp = die
elif point == "state saved":
    save = wb._State.save
    def saved(self, path):
        save(self, path)
        die()
    wb._State.save = saved
from kb.api import import_sources
import_sources(sys.argv[2:])
"""


@pytest.mark.parametrize("point", ["adding", "committed", "state saved"])
def test_a_killed_update_leaves_the_old_index_or_a_stale_one(small_url, between, point, tmp_path):
    folder = search.index_dir(small_url)
    before = contents(folder)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(between)],
        env=dict(os.environ, KB_DATABASE_URL=small_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # the store has the file (its transaction was done); the index is not current
    assert WhooshBackend(folder).why_stale(generation(small_url)) is not None
    if point == "adding":
        assert contents(folder) == before  # the old index, untouched
    report = search.ensure(small_url)
    assert report is not None
    # killed before its commit, the update starts again from the old index; after
    # it, the stamp does not name the index's commit and the index is built anew
    assert stamp(small_url)["toc"] == (2 if point == "adding" else 1)
    assert WhooshBackend(folder).why_stale(generation(small_url)) is None
    assert contents(folder) == rebuilt(small_url, tmp_path / "full")


def test_a_refused_import_leaves_store_and_index_as_they_were(small_url, tmp_path):
    folder = search.index_dir(small_url)
    bad = tmp_path / "2099-1.xml"
    bad.write_text("<Dokument><Meta>", "utf-8")
    files = sorted(p.name for p in folder.iterdir())
    before = (generation(small_url), stamp(small_url), contents(folder))
    with pytest.raises(SourceError):
        import_sources([bad], url=small_url)
    assert (generation(small_url), stamp(small_url), contents(folder)) == before
    assert sorted(p.name for p in folder.iterdir()) == files


def test_a_failed_update_leaves_the_index_as_it_was(small_url, between, monkeypatch):
    """The store took the file, the index update failed: the old index stands, with its
    stamp, and the next command brings it up to date."""
    folder = search.index_dir(small_url)
    before = (stamp(small_url), contents(folder))

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(whoosh_backend._Writer, "add_document", full_disk)
    with pytest.raises(KbError, match="No space left on device"):
        import_sources([between], url=small_url)
    assert (stamp(small_url), contents(folder)) == before
    monkeypatch.undo()
    assert search.ensure(small_url) is not None
    assert stamp(small_url)["toc"] == 2


def test_a_build_with_a_helper_process_is_the_build_without(small_url, tmp_path, monkeypatch):
    """Above `HELPER_MIN` documents, with KB_INDEX_PROCS=2, a forked helper indexes the
    first part into a segment of its own: the same documents in the same order, the
    same postings."""
    monkeypatch.setattr(whoosh_backend, "HELPER_MIN", 1)
    alone = rebuilt(small_url, tmp_path / "alone")  # not asked for: one process
    assert len(list((tmp_path / "alone").glob("*.seg"))) == 1
    monkeypatch.setenv("KB_INDEX_PROCS", "2")
    helped = rebuilt(small_url, tmp_path / "helped")
    assert len(list((tmp_path / "helped").glob("*.seg"))) == 2
    assert helped == alone
    assert order(tmp_path / "helped") == order(tmp_path / "alone")
    searched = {}
    for folder in ("alone", "helped"):
        opened = WhooshBackend(tmp_path / folder).open()
        for query in ("afgørelse", "partshøring", "aktindsigt i egne oplysninger"):
            parsed = opened.parse(query)
            ranked = opened.ranked(parsed, Scope(day=None, acts=None))
            searched[folder, query] = [(round(r.score, 9), r.number) for r in ranked]
        opened.close()
    for query in ("afgørelse", "partshøring", "aktindsigt i egne oplysninger"):
        assert searched["helped", query] == searched["alone", query]


def order(folder: Path) -> list[str]:
    """The documents' ids by their numbers in the index."""
    ix = _open_index(folder)
    with ix.searcher() as s:
        r = s.reader()
        return [r.stored_fields(n)["id"] for n in r.all_doc_ids()]


def test_the_build_writes_what_whooshs_own_writer_writes(small_url, tmp_path, monkeypatch):
    """The build's writer analyses the text fields in its own loops and keeps its
    postings in runs of its own on disk (here a run every megabyte); Whoosh's writer,
    with the analysers the schema holds, makes the same index of the same store."""
    from whoosh.writing import PostingPool, SegmentWriter

    monkeypatch.setattr(whoosh_backend, "BUILD_MB", 1)
    ours = rebuilt(small_url, tmp_path / "ours")
    monkeypatch.setattr(whoosh_backend._Writer, "add_document", SegmentWriter.add_document)
    monkeypatch.setattr(whoosh_backend, "_Pool", PostingPool)
    monkeypatch.setattr(whoosh_backend, "BUILD_MB", 128)
    assert rebuilt(small_url, tmp_path / "whoosh") == ours


def test_a_damaged_index_is_built_anew_not_updated(small_url, between, tmp_path):
    """Damage that opening the index does not meet (the middle of its segment zeroed)
    stops the update where it reads the segment; the index is then built anew."""
    folder = search.index_dir(small_url)
    (segment,) = folder.glob("*.seg")
    data = bytearray(segment.read_bytes())
    middle = len(data) // 2
    data[middle : middle + len(data) // 4] = bytes(len(data) // 4)
    segment.write_bytes(bytes(data))
    report = import_sources([between], url=small_url)
    assert report.index is not None
    assert stamp(small_url)["toc"] == 1  # a new index
    assert contents(folder) == rebuilt(small_url, tmp_path / "full")


def test_imports_from_two_processes_at_once_leave_a_current_index(small_url, between, tmp_path):
    """Two `kb import`s at the same time, while this process keeps the old index open
    for queries: each update waits for the other's lock and starts from the stamp the
    other left, and the open index keeps answering until it is reopened."""
    backend = WhooshBackend(search.index_dir(small_url))
    opened = backend.open()
    parsed = opened.parse("afgørelse")
    scope = Scope(day=None, acts=None)
    before = len(opened.ranked(parsed, scope))
    env = dict(os.environ, KB_DATABASE_URL=small_url)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "import", str(f)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (between, NEW_ACT)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert len(opened.ranked(parsed, scope)) == before  # the old commit, still readable
    assert not opened.unchanged()
    opened.close()
    assert backend.why_stale(generation(small_url)) is None
    # updated, not rebuilt: twice, or once for both when the second import's update
    # found the first's had taken its document in already (the graph each import reads
    # first makes that the likelier order)
    assert stamp(small_url)["toc"] in (2, 3)
    # each update merged the small segments before it into its own
    assert len(list(search.index_dir(small_url).glob("*.seg"))) == 1
    assert contents(search.index_dir(small_url)) == rebuilt(small_url, tmp_path / "full")
