"""Faults, concurrency and data safety, with real processes.

- SIGKILL at kill points drawn from a fixed seed during a multi-file import:
  the store is always exactly the state before or after some file's
  transaction, and the next command repairs the search index.
- A full disk, a busy store: a plain error, nothing half-written.
- Readers during an import see the old version or the new one, never a mix.
- `kb db upgrade` from the first schema revision keeps every row;
  `kb export` then `kb import` into an empty store gives the same store.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RI, run_kb

from kb.errors import KbError, StoreError
from kb.ingest.load import import_files

FILES = ["2024-434.xml", "2012-988.xml", "2013-638.xml", "2014-433.xml"]
SEED = 20261123
KILLS = 8


def state(db: Path) -> list:
    """The rows a reader sees: every version with a digest of its units (no ids, no times)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        versions = con.execute(
            "SELECT v.id, a.key, v.designation, v.in_force_from, v.in_force_to, v.source_sha256 "
            "FROM versions v JOIN acts a ON a.id = v.act_id ORDER BY a.key, v.designation"
        ).fetchall()
        out = []
        for vid, *rest in versions:
            units = con.execute(
                "SELECT ord, kind, label, text, path FROM units WHERE version_id = ? ORDER BY ord",
                (vid,),
            ).fetchall()
            out.append((*rest, len(units), hash(tuple(units))))
        return out
    finally:
        con.close()


def _versions(db: Path) -> int:
    """How many versions a reader of `db` sees now."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM versions").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def expected(small_store: Path, tmp_path_factory) -> list[list]:
    """The store after 0, 1, 2, … of FILES, imported one by one."""
    folder = tmp_path_factory.mktemp("prefixes")
    db = folder / "kb.sqlite3"
    shutil.copy(small_store, db)
    states = [state(db)]
    for f in FILES:
        import_files([RI / f], f"sqlite:///{db}")
        states.append(state(db))
    return states


def test_sigkill_leaves_the_store_before_or_after_each_file(small_store, tmp_path, expected):
    rng = random.Random(SEED)
    seen = set()
    for n in range(KILLS):
        db = tmp_path / f"kill{n}.sqlite3"
        shutil.copy(small_store, db)
        env = dict(
            os.environ, KB_DATABASE_URL=f"sqlite:///{db}", KB_INDEX_DIR=str(tmp_path / f"ix{n}")
        )
        # A kill point: a number of files committed, then a random time into the next
        # step (a file's transaction, or the graph and the index after the last). Not a
        # time from the start alone: as imports got faster, every kill fell after the last.
        wait_for, delay = rng.randrange(len(FILES) + 1), rng.uniform(0.0, 0.4)
        base = _versions(db)
        proc = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "import", *(str(RI / f) for f in FILES)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if _versions(db) >= base + wait_for:
                break
            time.sleep(0.005)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = state(db)
        assert after in expected, f"kill {delay:.2f} s after {wait_for} files left a mixed state"
        seen.add(expected.index(after))
        # the next command finds the index missing or behind and rebuilds it
        out = subprocess.run(
            [sys.executable, "-m", "kb.cli", "search", "afgørelse", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
        stamp = json.loads((tmp_path / f"ix{n}" / "lovkb-stamp.json").read_text())
        con = sqlite3.connect(db)
        generation = con.execute("SELECT value FROM store_state WHERE key='generation'").fetchone()
        con.close()
        assert stamp["generation"] == generation[0]
    assert len(seen) >= 2, f"the kill points all fell in one state: {seen}"


def test_a_full_disk_changes_nothing(bundled_store, tmp_path, monkeypatch):
    db = tmp_path / "kb.sqlite3"
    shutil.copy(bundled_store, db)
    before = state(db)
    size = db.stat().st_size
    from sqlalchemy import event

    from kb.store import engine as store

    original = store._tune_sqlite

    def tiny(engine):  # type: ignore[no-untyped-def]
        original(engine)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 20}")

    monkeypatch.setattr(store, "_tune_sqlite", tiny)
    with pytest.raises(StoreError, match=r"the disk is full .*nothing was changed"):
        import_files([RI / "2024-434.xml"], f"sqlite:///{db}")
    assert state(db) == before
    assert db.stat().st_size <= size + 21 * 4096


def test_a_busy_store_is_reported(bundled_store, tmp_path):
    db = tmp_path / "kb.sqlite3"
    shutil.copy(bundled_store, db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")  # another writer, mid-transaction
    try:
        env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{db}", KB_BUSY_TIMEOUT="0.5")
        started = time.monotonic()
        out = subprocess.run(
            [sys.executable, "-m", "kb.cli", "import", str(RI / "2024-62.xml")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert out.returncode == 2
    assert "the store is busy" in out.stderr and "Traceback" not in out.stderr
    assert waited >= 0.5  # it waited before giving up
    # readers were never blocked: a read during the held write lock
    assert state(db)


READER = """
import sys, datetime as dt
from kb.api import resolve
from kb.store.read import open_reader
texts = {}
with open_reader(sys.argv[1]) as reader:
    for _ in range(int(sys.argv[2])):
        t = resolve("forvaltningsloven § 24, stk. 3", dt.date(2026, 1, 1), reader=reader).targets[0]
        texts.setdefault(t.version, set()).add(t.text)
for version, seen in sorted(texts.items()):
    print(version, len(seen), sorted(seen)[0][:60].replace(chr(10), " "))
"""


def test_readers_during_an_import_see_old_or_new_never_a_mix(small_store, tmp_path):
    db = tmp_path / "kb.sqlite3"
    shutil.copy(small_store, db)
    import_files([RI / "2012-988.xml"], f"sqlite:///{db}")
    # Readers start before the import and keep reading while it commits.
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, f"sqlite:///{db}", "400"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    out = run_kb_env(db, "import", str(RI / "2014-433.xml"))
    assert out.returncode == 0, out.stderr
    for r in readers:
        stdout, stderr = r.communicate(timeout=120)
        assert r.returncode == 0, stderr
        seen = [_split(line) for line in stdout.splitlines()]
        assert seen, stderr
        for version, count, start in seen:
            # one version, one text, and it is that version's own text
            assert count == "1", (version, count)
            assert _text(db, version)[:60].replace("\n", " ") == start
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _split(line: str) -> tuple[str, str, str]:
    # "LBK nr 988 af 09/10/2012 1 Stk. 1, 2. pkt., …"
    parts = line.split(" ")
    return " ".join(parts[:5]), parts[5], " ".join(parts[6:])


def _text(db: Path, designation: str) -> str:
    con = sqlite3.connect(db)
    try:
        row = con.execute(
            "SELECT u.text FROM units u JOIN versions v ON v.id = u.version_id "
            "WHERE v.designation = ? AND u.path = '§24/s3'",
            (designation,),
        ).fetchone()
        return row[0]
    finally:
        con.close()


def run_kb_env(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{db}", KB_INDEX_DIR=str(db) + ".ix")
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- data safety ---------------------------------------------------------------


def test_upgrade_from_the_first_revision_keeps_every_row(bundled_store, tmp_path):
    from alembic import command

    from kb.store.engine import alembic_config, make_engine

    db = tmp_path / "kb.sqlite3"
    shutil.copy(bundled_store, db)
    url = f"sqlite:///{db}"
    import_files([RI / "2024-62.xml"], url)
    before = state(db)
    engine = make_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")  # a store as the first revision made it
    engine.dispose()
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
    env = dict(os.environ, KB_DATABASE_URL=url)
    out = subprocess.run(
        [sys.executable, "-m", "kb.cli", "db", "upgrade"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert state(db) == before


def test_export_then_import_gives_the_same_store(small_url, tmp_path):
    run_kb("import", str(RI / "2024-62.xml"))
    dump = tmp_path / "backup.json.gz"
    out = run_kb("export", str(dump))
    assert out.returncode == 0, out.stderr
    assert "wrote" in out.stdout and "units" in out.stdout
    fresh = tmp_path / "fresh.sqlite3"
    env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{fresh}", KB_INDEX_DIR=str(tmp_path / "ix"))
    out = subprocess.run(
        [sys.executable, "-m", "kb.cli", "import", str(dump)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "restored" in out.stdout
    again = tmp_path / "again.json.gz"
    out = subprocess.run(
        [sys.executable, "-m", "kb.cli", "export", str(again)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert again.read_bytes() == dump.read_bytes()  # every table, row for row
    # into a store that is not empty: refused, nothing changed
    out = run_kb("import", str(dump))
    assert out.returncode == 2
    assert "an export can only be imported into an empty store" in out.stderr


@pytest.mark.parametrize(
    ("args", "url", "message"),
    [
        (["show", "--bogus", "x"], None, "No such option: --bogus"),
        (["show", "fvl § 7"], "postgresql://nowhere.invalid/x", "cannot use database URL"),
        (
            ["show", "fvl § 7"],
            "sqlite:////proc/nope/kb.sqlite3",
            "cannot create the data directory",
        ),
        (["laws"], "nonsense", "cannot use database URL 'nonsense'"),
        (["check", "/"], None, "/: is a directory; give a letter file"),
        (["check", "/nonexistent/brev.txt"], None, "/nonexistent/brev.txt: no such file"),
        (["excerpt", "fvl § 7", "-o", "/proc/x/bilag.txt"], None, "cannot write here"),
        (["import", "/nonexistent.xml"], None, "/nonexistent.xml"),
        (["show"], None, "Missing argument 'citation'"),
        (["nosuch"], None, "No such command 'nosuch'"),
        (["diff", "forvaltningsloven", "999", "433"], None, "no stored version '999'"),
        (["show", "fvl § 7", "--as-of", "2014-13-01"], None, "'2014-13-01' is not a date"),
    ],
)
def test_command_line_mistakes_are_plain(store_url, monkeypatch, args, url, message):
    if url:
        monkeypatch.setenv("KB_DATABASE_URL", url)
    out = run_kb(*args)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    # the mistake is one line, the last; no parser box, no "Usage:" block
    assert message in out.stderr.strip().splitlines()[-1], out.stderr
    assert "╭" not in out.stderr and "Usage:" not in out.stderr, out.stderr
    # only import prints its summary ("1 files: nothing imported; 1 refused")
    assert out.stdout == "" or out.stdout.endswith("1 refused\n")


def test_a_store_from_a_newer_lovkb_is_refused_untouched(store_url, tmp_path):
    db = Path(store_url.removeprefix("sqlite:///"))
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '0999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    out = run_kb("show", "fvl § 7")
    assert out.returncode == 2
    assert "made by a newer lovkb" in out.stderr or "not ready" in out.stderr
    out = run_kb("db", "upgrade")
    assert out.returncode == 2 and "which this version of lovkb does not know" in out.stderr
    assert db.read_bytes() == before


def test_xml_in_the_wrong_encoding_is_refused(store_url, tmp_path):
    data = (RI / "2014-433.xml").read_text("utf-8").encode("latin-1", errors="replace")
    bad = tmp_path / "latin1.xml"
    bad.write_bytes(data)  # declared UTF-8 (or undeclared), written as Latin-1
    out = run_kb("import", str(bad))
    assert out.returncode == 2
    assert "latin1.xml" in out.stderr and "Traceback" not in out.stderr


def test_a_failed_index_build_leaves_the_old_index(small_url, monkeypatch):
    import errno

    from kb.index import search, whoosh_backend

    store_url = small_url
    search.rebuild(store_url)
    folder = search.index_dir(store_url)
    before = sorted(p.name for p in folder.iterdir())

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(whoosh_backend, "_swap", full)
    with pytest.raises(KbError, match=r"cannot write the search index .*No space left on device"):
        search.rebuild(store_url)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.")]


def test_the_api_takes_a_date_as_an_iso_string_or_says_what_is_wrong(store_url):
    import datetime as dt

    import kb

    as_text = kb.resolve("offentlighedsloven § 6", as_of="2005-01-01").to_json()
    as_date = kb.resolve("offentlighedsloven § 6", as_of=dt.date(2005, 1, 1)).to_json()
    assert as_text == as_date and as_text["as_of"] == "2005-01-01"
    with pytest.raises(ValueError, match=r"'1. januar 2005' is not a date; write it as YYYY-MM-DD"):
        kb.resolve("offentlighedsloven § 6", as_of="1. januar 2005")


def test_an_index_that_cannot_be_written_is_explained(store_url, tmp_path, monkeypatch):
    # The lock file's place is taken by a folder: opening it fails as a read-only
    # data directory does (a test run as root cannot make a folder unwritable).
    index = tmp_path / "ro" / "kb.index"
    index.parent.mkdir()
    index.with_name("kb.index.lock").mkdir()
    monkeypatch.setenv("KB_INDEX_DIR", str(index))
    out = run_kb("search", "partshøring")
    assert out.returncode == 2, out.stderr
    assert "internal error" not in out.stderr and "Traceback" not in out.stderr
    assert f"the search index at {index} must be built, but lovkb cannot write" in out.stderr
    assert "KB_INDEX_DIR" in out.stderr
