"""The whole real corpus in one store: the proof that lovkb holds the body of law.

`../shared/data/corpus/` holds 2,343 Retsinformation documents of 2010-2017. These
tests import every one of them into a fresh store (once per session; the store
only, without the search index) and check what the issue "The whole body of law
in the store" promises, each against a reading of the files made here,
independently of the importer: every file imports, no act is split over two
keys, no lettered item is stored as a number, and the chains of three social
acts are in order, with every interval either joined to the next or a gap the
sources account for. They run in CI with the rest (marker `corpus`).
"""

from __future__ import annotations

import csv
import itertools
import re
import sqlite3
import tarfile
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED

from kb.api import resolve
from kb.errors import SourceError
from kb.ingest.load import import_files
from kb.store.gaps import gap_after, later_designations
from kb.store.read import open_reader

pytestmark = pytest.mark.corpus

INDEX = SHARED / "data" / "corpus" / "index.tsv"


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus-all")
    with tarfile.open(CORPUS, "r:xz") as archive:
        archive.extractall(folder, filter="data")
    return folder / "love"


@pytest.fixture(scope="session")
def corpus_store(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """(url, refused): every corpus file imported, in name order."""
    path = tmp_path_factory.mktemp("corpus-store") / "kb.sqlite3"
    url = f"sqlite:///{path}"
    refused: list[SourceError] = []
    import_files(sorted(corpus_dir.glob("*.xml")), url, on_refused=refused.append)
    return url, refused


def _index() -> list[dict[str, str]]:
    with INDEX.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _meta(path: Path, tag: str) -> str:
    """A <Meta> field of the file, read with a regex (not the importer's reader)."""
    m = re.search(rf"<{tag}>([^<]+)</{tag}>", path.read_text("utf-8"))
    assert m, (path, tag)
    return " ".join(m.group(1).split())


def _rows(url: str, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_every_file_imports(corpus_store, corpus_dir):
    url, refused = corpus_store
    assert [str(e) for e in refused] == []
    stored = {name for (name,) in _rows(url, "SELECT source_file FROM versions")}
    assert stored == {p.name for p in corpus_dir.glob("*.xml")}
    assert len(stored) == len(_index()) == 2343


def test_every_amending_act_is_stored_as_one(corpus_store):
    url, _ = corpus_store
    amending = {n for (n,) in _rows(url, "SELECT source_file FROM versions WHERE is_amending")}
    expected = {r["file"] for r in _index() if r["document_type"].startswith("LOV Æ")}
    assert amending == expected


def _title(raw: str) -> str:
    """A title as one act's versions share it: without "Bekendtgørelse af", the
    subtitle in parentheses, case and spacing."""
    t = re.sub(r"\\n|\n", " ", raw)
    t = re.sub(r"^bekendtgørelse af\s+", "", t.strip(), flags=re.I)
    return " ".join(t.lower().split())


def test_no_act_is_split_over_two_keys(corpus_store, corpus_dir):
    """Every title (and every popular name) of the index belongs to one act key."""
    url, _ = corpus_store
    keys_of_title: dict[str, set[str]] = defaultdict(set)
    keys_of_popular: dict[str, set[str]] = defaultdict(set)
    rows = _rows(
        url,
        "SELECT a.key, v.source_file FROM versions v JOIN acts a ON a.id = v.act_id "
        "WHERE NOT v.is_amending",
    )
    key_of = dict((f, k) for k, f in rows)
    for r in _index():
        if r["file"] not in key_of:
            continue
        # the index shortens long titles: the file's own, read with a regex
        title = _meta(corpus_dir / r["file"], "DocumentTitle")
        keys_of_title[_title(title)].add(key_of[r["file"]])
        if r["popular_title"]:
            keys_of_popular[r["popular_title"].strip().lower()].add(key_of[r["file"]])
    split = {t: sorted(k) for t, k in keys_of_title.items() if len(k) > 1}
    split |= {p: sorted(k) for p, k in keys_of_popular.items() if len(k) > 1}
    assert split == {}


def test_the_named_social_acts_are_keyed_by_their_popular_names(corpus_store):
    url, _ = corpus_store
    keys = {k for (k,) in _rows(url, "SELECT key FROM acts")}
    for key in (
        "serviceloven",
        "retssikkerhedsloven",
        "sygedagpengeloven",
        "dagtilbudsloven",
        "socialtilsynsloven",
        "forvaltningsloven",
        "offentlighedsloven",
    ):
        assert key in keys
    with open_reader(url) as r:
        for name in ("aktivloven", "beskæftigelsesloven", "lov om socialtilsyn"):
            assert r.act_called(name) is not None


def test_no_lettered_item_is_stored_as_a_number(corpus_store):
    url, _ = corpus_store
    rows = _rows(
        url,
        "SELECT v.source_file, u.path FROM units u JOIN versions v ON v.id = u.version_id "
        "WHERE u.kind = 'nr' AND u.number GLOB '[a-zæøå]*'",
    )
    assert rows == []
    litra = _rows(url, "SELECT count(*) FROM units WHERE kind = 'litra'")[0][0]
    assert litra > 432  # at least the 432 that were once stored as nr


CHAINS = {
    "serviceloven": "lov om social service",
    "retssikkerhedsloven": "lov om retssikkerhed og administration på det sociale område",
    "sygedagpengeloven": "lov om sygedagpenge",
}


@pytest.mark.parametrize("key", sorted(CHAINS))
def test_a_chain_is_in_order_and_accounts_for_every_day(corpus_store, corpus_dir, key):
    """The act's versions are its LBKs of the index, by date; each version ends
    where the next begins, or where the sources name a version between them
    that the corpus lacks (`kb.store.gaps`)."""
    url, _ = corpus_store
    files = [
        r["file"]
        for r in _index()
        if r["document_type"].startswith("LBK")
        and _title(_meta(corpus_dir / r["file"], "DocumentTitle")) == CHAINS[key]
    ]
    expected = sorted(
        (_meta(corpus_dir / f, "DokumentKortNavn") for f in files),
        key=lambda d: tuple(reversed(d.split(" af ")[1].split("/"))),
    )
    with open_reader(url) as r:
        act = r.act(key)
        assert act is not None
        chain = [v for v in r.versions(act.id) if not v.is_amending]
        assert [v.designation for v in chain] == expected
        numbers = {(v.number, v.date_signed) for v in chain}
        for older, newer in itertools.pairwise(chain):
            assert older.in_force_from is not None and older.in_force_to is not None
            assert older.in_force_from < older.in_force_to <= (newer.in_force_from or "")
            if older.in_force_to < (newer.in_force_from or ""):
                stored = r.stored_designations(later_designations(older.later_changes))
                gap = gap_after(
                    older.date_signed,
                    older.later_changes,
                    newer.in_force_from,
                    newer.lineage,
                    stored,
                    numbers,
                )
                assert gap is not None and gap.start == older.in_force_to, older.designation
        assert chain[-1].in_force_to is None


@pytest.mark.parametrize("key", sorted(CHAINS))
def test_as_of_either_side_of_each_change(corpus_store, key):
    """On the day a version ends the next one (or nothing, in a gap) is read; the
    day before, the version itself."""
    import datetime as dt

    url, _ = corpus_store
    with open_reader(url) as r:
        act = r.act(key)
        assert act is not None
        chain = [v for v in r.versions(act.id) if not v.is_amending]
    citation = f"{key} § 1"
    for older, newer in itertools.pairwise(chain):
        assert older.in_force_to is not None
        end = dt.date.fromisoformat(older.in_force_to)
        before = resolve(citation, end - dt.timedelta(days=1), url=url).targets[0]
        assert before.version == older.designation
        on = resolve(citation, end, url=url).targets[0]
        if older.in_force_to == newer.in_force_from:
            assert on.version == newer.designation
        else:
            assert (on.status, on.reason, on.version) == ("not_found", "text_not_stored", None)
            assert older.designation in (on.message or "")
            assert newer.designation in (on.message or "")
