"""Import of straffeloven (2024-434.xml, 764 KB) into an empty store.

Run by hand:  python bench/import_straffeloven.py [runs]
Prints the median time of `kb.ingest.load.import_files` into a fresh store (schema
creation excluded) and of a bare `lxml.etree.parse` of the same file, and
their ratio. Goal: import <= 2 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from kb.ingest.load import import_files
from kb.store.engine import upgrade

FILE = Path(__file__).resolve().parents[2] / "shared/data/retsinformation/2024-434.xml"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    imports, parses = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/kb.sqlite3"
            upgrade(url)
            start = time.perf_counter()
            import_files([FILE], url)
            imports.append(time.perf_counter() - start)
        start = time.perf_counter()
        etree.parse(str(FILE))
        parses.append(time.perf_counter() - start)
    i, p = statistics.median(imports), statistics.median(parses)
    print(f"file:                 {FILE.name} ({FILE.stat().st_size / 1024:.0f} KB)")
    print(f"import (median of {runs}): {i * 1000:.0f} ms   (goal <= 2000 ms)")
    print(f"lxml parse (median):  {p * 1000:.1f} ms")
    print(f"ratio import/parse:   {i / p:.0f}x")


if __name__ == "__main__":
    main()
