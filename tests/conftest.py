"""Shared fixtures: the real data in ../shared and stores built from it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RI = SHARED / "data" / "retsinformation"
SEED = SHARED / "seeds" / "002_40109d78337ad800.txt"
ALL_XML = sorted(RI.glob("*.xml"))
CORPUS = SHARED / "data" / "corpus" / "lexdania-2010-2017.tar.xz"
# The acts the bundle holds versions of (sources/README.md), by their keys in the store.
BUNDLED_ACTS = [
    "aktivloven",
    "beskæftigelsesloven",
    "boligstøtteloven",
    "dagtilbudsloven",
    "forvaltningsloven",
    "gammelførtidspensionsloven",
    "integrationsloven",
    "kommunestyrelsesloven",
    "offentlighedsloven",
    "pensionsloven",
    "retssikkerhedsloven",
    "serviceloven",
    "socialtilsynsloven",
    "sygedagpengeloven",
]

# The tests read messages in English, the code's own wording, here and in every process they
# start; the tests of Danish output (the default) set KB_LANG=da themselves.
os.environ["KB_LANG"] = "en"


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled sources loaded, its reference graph read and its search
    index beside it (where `kb.index.search.index_dir` looks), built once per session."""
    from kb.graph.build import update
    from kb.index.search import rebuild
    from kb.ingest.setup import prepare_store

    path = tmp_path_factory.mktemp("bundled") / "kb.sqlite3"
    prepare_store(f"sqlite:///{path}")
    update(f"sqlite:///{path}")  # its reference graph, as an import reads it
    rebuild(f"sqlite:///{path}")
    return path


def copy_store(bundled_store: Path, path: Path) -> str:
    """A private copy of the bundled store at `path`, with its index; its URL.

    The index is copied too (some 12 MB in a handful of files, a few ms): a test pays for
    no index build it does not cause, and may damage its copy as it likes.
    """
    # sqlite3's backup, not a file copy: what is still in the write-ahead log is copied too
    source, copy = sqlite3.connect(bundled_store), sqlite3.connect(path)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    index = bundled_store.with_name(bundled_store.name + ".index")
    shutil.copytree(index, path.with_name(path.name + ".index"))
    return f"sqlite:///{path}"


@pytest.fixture
def store_url(bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the bundled store (and its index), set as KB_DATABASE_URL."""
    url = copy_store(bundled_store, tmp_path / "kb.sqlite3")
    monkeypatch.setenv("KB_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle as it was before the social acts came in (its plain .xml files: the
    pamphlet's texts and the six of forvaltningsloven, offentlighedsloven and
    retssikkerhedsloven, and the tables), with its index, built once per session.

    For tests of the machinery (imports, kill -9, exports, index rebuilds) that import
    into a copy and so rebuild its index: on the whole bundle a rebuild costs some 6 s
    and shows nothing more. The store is complete: first use loads nothing into it.
    """
    from kb.graph.build import update
    from kb.index.search import rebuild
    from kb.ingest.load import bundled_statutes, import_files
    from kb.ingest.tables import load_bundled_tables

    path = tmp_path_factory.mktemp("small") / "kb.sqlite3"
    url = f"sqlite:///{path}"
    import_files([p for p in bundled_statutes() if p.name.endswith(".xml")], url)
    load_bundled_tables(url)
    update(url)
    rebuild(url)
    return path


@pytest.fixture
def small_url(small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of `small_store` (and its index), set as KB_DATABASE_URL."""
    url = copy_store(small_store, tmp_path / "kb.sqlite3")
    monkeypatch.setenv("KB_DATABASE_URL", url)
    return url


@pytest.fixture
def empty_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    monkeypatch.setenv("KB_DATABASE_URL", url)
    return url


def run_kb(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process (environment inherited)."""
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=dict(os.environ),
        timeout=120,
    )


def edge_days(versions: list) -> list[dt.date]:
    """The days at each end of the versions' in-force intervals, and either side of them."""
    out = set()
    for v in versions:
        for iso in (v.in_force_from, v.in_force_to):
            if iso:
                d = dt.date.fromisoformat(iso)
                out |= {d + dt.timedelta(days=k) for k in (-1, 0, 1)}
    return sorted(out)


def assert_known_codes(data: dict) -> None:
    """Every status, reason and warning code in a citations JSON document (or
    an excerpt's) is one `kb.codes` defines, with a reason exactly where the
    status is not ok: a code the registry lacks fails here."""
    from kb.codes import REASONS, STATUSES, WARNINGS

    for c in data.get("citations", []):
        for t in c["targets"]:
            assert t["status"] in STATUSES, t
            assert t["reason"] is None if t["status"] == "ok" else t["reason"] in REASONS, t
            for w in t["warnings"]:
                assert w.keys() == {"code", "message"} and isinstance(w["message"], str), w
                assert w["code"] in WARNINGS, w
    for o in [*data.get("omitted", []), *data.get("notes", [])]:
        assert o["status"] in STATUSES, o
        assert o["reason"] is None if o["status"] == "ok" else o["reason"] in REASONS, o
        assert o["code"] is None or o["code"] in WARNINGS, o


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Files of the real 2010-2017 corpus, read from its archive on demand (`corpus_files(
    "2015-769.xml", …)` gives their paths); each member is unpacked once per session."""
    import tarfile

    folder = tmp_path_factory.mktemp("corpus")

    def files(*names: str) -> list[Path]:
        wanted = {f"love/{n}" for n in names if not (folder / n).is_file()}
        if wanted:
            # One pass in the archive's order: an xz stream cannot seek back cheaply.
            with tarfile.open(CORPUS, "r:xz") as archive:
                for member in archive:
                    if member.name in wanted:
                        data = archive.extractfile(member)
                        assert data is not None
                        (folder / Path(member.name).name).write_bytes(data.read())
                        wanted.discard(member.name)
                        if not wanted:
                            break
            assert not wanted, f"not in the corpus: {sorted(wanted)}"
        return [folder / n for n in names]

    return files
