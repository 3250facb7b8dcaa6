"""Import the whole real corpus into a fresh store (issue: the whole body of law).

Run by hand:  python bench/corpus_import.py [STORE]
Unpacks ../shared/data/corpus/lexdania-2010-2017.tar.xz into a temporary
folder, imports every file with `kb.ingest.load.import_files` (the store only;
the search index is built by `kb import`/`kb index` and measured apart), and
prints the wall time beside a floor measured in the same run (parsing every
file with lxml alone), the peak RSS, the store's size and its counts of acts,
versions and units, and every file refused, with why. Keeps the store at
STORE when given (default: a temporary file, removed).
"""

from __future__ import annotations

import resource
import sqlite3
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from lxml import etree

from kb.errors import SourceError
from kb.ingest.load import import_files

ARCHIVE = Path(__file__).resolve().parents[1] / "../shared/data/corpus/lexdania-2010-2017.tar.xz"


def main() -> None:
    work = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(work, filter="data")
    files = sorted((work / "love").glob("*.xml"))
    unpack = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in files:
        etree.parse(str(f))
    floor = time.perf_counter() - t0
    store = Path(sys.argv[1]) if len(sys.argv) > 1 else work / "kb.sqlite3"
    url = f"sqlite:///{store}"
    refused: list[SourceError] = []
    t0 = time.perf_counter()
    results = import_files(files, url, on_refused=refused.append)
    took = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    con = sqlite3.connect(store)
    acts, versions, units = (
        con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("acts", "versions", "units")
    )
    con.close()
    print(f"files:    {len(files)} ({unpack:.1f} s to unpack)")
    print(f"floor:    {floor:.1f} s  (lxml parse of every file)")
    print(f"import:   {took:.1f} s  ({took / floor:.1f}x the floor), peak RSS {rss:.0f} MB")
    size = store.stat().st_size / 1e6
    print(f"store:    {size:.0f} MB; {acts} acts, {versions} versions, {units} units")
    print(f"imported: {len(results)}; refused: {len(refused)}")
    for exc in refused:
        print(f"  {exc}")


if __name__ == "__main__":
    main()
