"""First use on a fresh store: the bundled sources loaded, then the search index built.

Run by hand:  python bench/first_use.py [runs] [--profile]

Each run starts from an empty folder and times two real commands, each a fresh process:
`kb show "serviceloven § 114, stk. 1"` (creates the store and loads the bundle) and then
`kb search bil` (builds the index on the first search). Beside them, measured in the same run,
the floor: reading and parsing the same bundled files with lxml alone (unpacking the .xml.xz
ones), which any loader has to do. Prints the medians and their ratio. Goal (issue 16): store
and index together in 20 s or less on a 2-core machine.

--profile runs the two steps once in this process under cProfile and prints where the time goes.
"""

from __future__ import annotations

import cProfile
import io
import lzma
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from kb.ingest.load import bundled_statutes


def floor() -> float:
    """Seconds to read, unpack and parse every bundled statute file with lxml alone."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    start = time.perf_counter()
    for path in bundled_statutes():
        data = path.read_bytes()
        if path.name.endswith(".xz"):
            data = lzma.decompress(data)
        etree.fromstring(data, parser)
    return time.perf_counter() - start


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def profile() -> None:
    from kb.index.search import rebuild
    from kb.ingest.setup import prepare_store

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kb.sqlite3"
        profiler = cProfile.Profile()
        profiler.enable()
        prepare_store(url)
        rebuild(url)
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 3
    if "--profile" in sys.argv:
        profile()
        return
    files = bundled_statutes()
    size = sum(p.stat().st_size for p in files)
    store, index, floors = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{Path(tmp) / 'kb.sqlite3'}")
            env.pop("KB_INDEX_DIR", None)
            store.append(timed(["show", "serviceloven § 114, stk. 1"], env))
            index.append(timed(["search", "bil"], env))
        floors.append(floor())
    s, i, f = statistics.median(store), statistics.median(index), statistics.median(floors)
    print(f"bundled statute files: {len(files)} ({size / 1e6:.2f} MB in sources/)")
    print(f"runs:                  {runs} (medians; each run a fresh store)")
    print(f"kb show (store):       {s:.1f} s")
    print(f"kb search (index):     {i:.1f} s")
    print(f"first use, in all:     {s + i:.1f} s   (goal <= 20 s)")
    print(f"floor (lxml parse):    {f:.1f} s")
    print(f"ratio:                 {(s + i) / f:.1f}x the floor")


if __name__ == "__main__":
    main()
