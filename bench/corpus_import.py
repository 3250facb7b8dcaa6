"""Import the whole real corpus into a fresh store, graph and index included (issue 17: ≤ 120 s,
≤ 500 MB peak RSS).

Run by hand:  python bench/corpus_import.py [--no-index] [STORE]
Unpacks ../shared/data/corpus/lexdania-2010-2017.tar.xz into a temporary
folder, imports every file with `kb.ingest.load.import_files`, reads the
reference graph and builds the search index of the store, side by side as
`kb import` does after it (`kb.api._derive`), and prints the wall and CPU
time of each beside a floor measured in the same run
(parsing every file with lxml alone), the peak RSS of the whole run (and of
the process that helps build the index, beside it), the sizes of store and
index, the store's counts of acts, versions and units, and every file
refused, with why. The machine may be shared: the CPU time is the figure
that does not depend on what else runs. Keeps the store (and its index
beside it, STORE.index) at STORE when given (default: a temporary file,
removed).
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from lxml import etree

from kb.api import _derive  # what kb import runs after the files
from kb.errors import SourceError
from kb.graph.build import update
from kb.index.search import index_dir
from kb.ingest.load import import_files

ARCHIVE = Path(__file__).resolve().parents[1] / "../shared/data/corpus/lexdania-2010-2017.tar.xz"


def cpu() -> float:
    """CPU seconds of this process and of its children (the index build's helper)."""
    return sum(
        u.ru_utime + u.ru_stime
        for u in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--no-index"]
    with_index = "--no-index" not in sys.argv[1:]
    os.environ.pop("KB_INDEX_DIR", None)  # the index goes beside the store
    work = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(work, filter="data")
    files = sorted((work / "love").glob("*.xml"))
    unpack = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), cpu()
    for f in files:
        etree.parse(str(f))
    floor, floor_cpu = time.perf_counter() - t0, cpu() - c0
    store = Path(args[0]) if args else work / "kb.sqlite3"
    url = f"sqlite:///{store}"
    refused: list[SourceError] = []
    t0, c0 = time.perf_counter(), cpu()
    results = import_files(files, url, on_refused=refused.append)
    took, took_cpu = time.perf_counter() - t0, cpu() - c0
    store_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The reference graph and the index, as `kb import` brings them up to date next
    # (issue 18: report the graph's extra time): side by side where there are CPUs.
    if with_index:
        shutil.rmtree(index_dir(url), ignore_errors=True)
    t0, c0 = time.perf_counter(), cpu()
    if with_index:
        graph, report = _derive(url, None)
    else:
        graph, report = update(url), None
    derived = (time.perf_counter() - t0, cpu() - c0, graph, report)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helper_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    con = sqlite3.connect(store)
    acts, versions, units = (
        con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("acts", "versions", "units")
    )
    con.close()
    print(f"files:    {len(files)} ({unpack:.1f} s to unpack)")
    print(f"floor:    {floor:.1f} s, {floor_cpu:.1f} s CPU  (lxml parse of every file)")
    print(
        f"store:    {took:.1f} s, {took_cpu:.1f} s CPU  ({took / floor:.1f}x the floor), "
        f"peak RSS {store_rss:.0f} MB"
    )
    d_wall, d_cpu, g, built = derived
    print(
        f"graph:    {g.seconds:.1f} s  ({g.versions} versions, {g.references} references, "
        f"{g.targets} targets; {g.processes} processes)"
    )
    if built is not None:
        print(f"index:    {built.seconds:.1f} s  ({built.documents} documents)")
    print(
        f"derived:  {d_wall:.1f} s, {d_cpu:.1f} s CPU (children included)  "
        "(graph and index side by side, as kb import)"
    )
    total, total_cpu = took + d_wall, took_cpu + d_cpu
    print(
        f"total:    {total:.1f} s, {total_cpu:.1f} s CPU  ({total / floor:.1f}x the floor), "
        f"peak RSS {rss:.0f} MB (of a process it started: {helper_rss:.0f} MB)"
    )
    size = store.stat().st_size / 1e6
    print(f"store:    {size:.0f} MB; {acts} acts, {versions} versions, {units} units")
    if built is not None:
        folder = index_dir(url)
        index_size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"index:    {index_size:.0f} MB at {folder}")
    print(f"imported: {len(results)}; refused: {len(refused)}")
    for exc in refused:
        print(f"  {exc}")


if __name__ == "__main__":
    main()
