"""Add one consolidation to the whole-corpus store, index included (issue 17: ≤ 5 s).

Run by hand:  python bench/index_update.py [--rebuild] [FILE ...]
Copies the whole-corpus store ($KB_BENCH_STORE, default /tmp/corpus/base.sqlite3) and
its index ($KB_BENCH_INDEX, default /tmp/corpus/base-index) into a temporary folder,
and for each FILE (default: lov om hold af dyr, LBK 62/2024, and straffeloven, LBK
434/2024, from ../shared/data/retsinformation: neither is in the corpus store) times
`kb import FILE` in a process of its own, wall and CPU, beside two floors measured in
the same run on the same copy: a process that starts Python, parses the file with lxml
and opens the store, and a process that imports the file into the store alone (no
index). It then checks that the index is current (no rebuild pending) and, with
--rebuild, times `kb index rebuild` of the same store: what every import cost before
the index was updated in place.

An index that cannot be updated in place (built by an older lovkb, which kept no
state beside it) is rebuilt once first, not counted, and kept in
$KB_BENCH_CACHE (default /tmp/kb-bench-index) for the next run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RI = ROOT.parent / "shared" / "data" / "retsinformation"
FILES = [RI / "2024-62.xml", RI / "2024-434.xml"]
STORE = Path(os.environ.get("KB_BENCH_STORE", "/tmp/corpus/base.sqlite3"))
INDEX = Path(os.environ.get("KB_BENCH_INDEX", "/tmp/corpus/base-index"))
CACHE = Path(os.environ.get("KB_BENCH_CACHE", "/tmp/kb-bench-index"))


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{out.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout + out.stderr


def updatable(index: Path) -> bool:
    try:
        return "state" in json.loads((index / "lovkb-stamp.json").read_text())
    except (OSError, ValueError):
        return False


def main() -> None:
    rebuild = "--rebuild" in sys.argv[1:]
    files = [Path(a) for a in sys.argv[1:] if a != "--rebuild"] or FILES
    kb = [sys.executable, "-m", "kb.cli"]
    work = Path(tempfile.mkdtemp())
    try:
        index = INDEX if updatable(INDEX) else CACHE
        if not updatable(index):
            print(f"{INDEX} cannot be updated in place; building {CACHE} once (not counted)")
            shutil.copy(STORE, work / "build.sqlite3")
            env = dict(
                os.environ,
                KB_DATABASE_URL=f"sqlite:///{work / 'build.sqlite3'}",
                KB_INDEX_DIR=str(CACHE),
            )
            wall, cpu, _ = timed([*kb, "index", "rebuild"], env)
            print(f"  built in {wall:.1f} s ({cpu:.1f} s CPU)")
        for f in files:
            store, folder = work / "kb.sqlite3", work / "kb.index"
            shutil.copy(STORE, store)
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(index, folder)
            env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{store}", KB_INDEX_DIR=str(folder))
            # A store of an older schema is migrated first, not counted (a migration
            # may fill a new table for the whole store once).
            timed([*kb, "db", "upgrade"], env)
            floor = (
                "import sqlite3, sys, lxml.etree; lxml.etree.parse(sys.argv[1]); "
                "sqlite3.connect(sys.argv[2]).execute('SELECT count(*) FROM versions').fetchone()"
            )
            floor_wall, _, _ = timed([sys.executable, "-c", floor, str(f), str(store)], env)
            alone = work / "alone.sqlite3"
            shutil.copy(store, alone)
            store_only = (
                "import sys; from kb.ingest.load import import_files; "
                "import_files([sys.argv[1]], 'sqlite:///' + sys.argv[2])"
            )
            alone_wall, _, _ = timed([sys.executable, "-c", store_only, str(f), str(alone)], env)
            wall, cpu, out = timed([*kb, "import", str(f)], env)
            check = (
                "from kb.index.search import _backend; from kb.store.read import open_reader; "
                "r = open_reader(); print(_backend(None).why_stale(r.generation()))"
            )
            _, _, stale = timed([sys.executable, "-c", check], env)
            print(f"{f.name}: {out.strip().splitlines()[0]}")
            print(f"  floor (python, lxml parse, open store): {floor_wall:.2f} s")
            print(f"  store alone (import_files, no index):   {alone_wall:.2f} s")
            print(
                f"  kb import, index updated:               {wall:.2f} s ({cpu:.2f} s CPU; "
                f"{wall / floor_wall:.1f}x the floor, {wall - alone_wall:+.2f} s for the index)"
            )
            print(f"  index stale afterwards: {stale.strip()}")
            if rebuild:
                wall, cpu, _ = timed([*kb, "index", "rebuild"], env)
                print(f"  kb index rebuild (full):                {wall:.1f} s ({cpu:.1f} s CPU)")
            alone.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
