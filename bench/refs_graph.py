"""The reference graph at the scale of the whole law (issue 18), against a floor.

Run by hand:  python bench/refs_graph.py [STORE] [--keep] [--queries N]

STORE is a store (default /tmp/corpus/main.sqlite3, the whole corpus). It is copied to
a temporary folder and brought to the current schema there, so the file given is never
written. Figures, each beside a floor measured in the same run:

- the graph read whole (`kb.graph.build.ensure` over every version), in seconds and
  characters of provision text a second; the floor: every unit's text read from the
  store and laid out § by § (`kb.graph.layout.passages`), which any reading needs;
- `kb.graph.read.incoming` warm, over the N units referred to most (and N drawn at
  random among those referred to): p50 and p99 in ms; the floor: one indexed SELECT
  of the same rows;
- `kb refs --incoming` as a fresh process, beside `kb show` of the same unit.

With --keep the copy with its graph is left where the run says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?", default="/tmp/corpus/main.sqlite3")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    from kb.graph.build import clear, ensure
    from kb.graph.layout import passages
    from kb.graph.read import incoming
    from kb.store.engine import make_engine, upgrade
    from kb.store.read import open_reader

    work = Path(tempfile.mkdtemp(prefix="kb-refs-"))
    db = work / "store.sqlite3"
    shutil.copy(args.store, db)
    url = f"sqlite:///{db}"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        clear(conn)

    reader = open_reader(url)
    versions = [r[0] for r in reader.q("SELECT id FROM versions ORDER BY id")]
    t0 = time.perf_counter()
    chars = 0
    for v in versions:
        for p in passages(reader.units(v)):
            chars += len(p.text)
    floor = time.perf_counter() - t0

    t0 = time.perf_counter()
    with engine.begin() as conn:
        report = ensure(conn, reader)
    built = time.perf_counter() - t0
    size = db.stat().st_size
    print(f"store: {args.store} ({len(versions)} versions, {chars:,} characters laid out)")
    print(
        f"graph read whole: {built:.1f} s, {chars / built / 1e6:.2f} M chars/s, "
        f"floor (units read and laid out): {floor:.1f} s"
    )
    statuses = dict(reader.q("SELECT status, count(*) FROM ref_targets GROUP BY status"))
    total = sum(statuses.values())
    print(
        f"  {report.references:,} references, {total:,} targets: "
        + ", ".join(f"{k} {v / total:.1%}" for k, v in sorted(statuses.items()))
    )
    print(f"  store with graph: {size / 1e6:.0f} MB")

    popular = reader.q(
        "SELECT a.key, t.path, count(*) FROM ref_targets t JOIN acts a ON a.id = t.act_id "
        "WHERE t.status = 'ok' AND t.path IS NOT NULL GROUP BY a.key, t.path "
        "ORDER BY 3 DESC LIMIT :n",
        n=args.queries,
    )
    every = reader.q(
        "SELECT DISTINCT a.key, t.path FROM ref_targets t JOIN acts a ON a.id = t.act_id "
        "WHERE t.status = 'ok' AND t.path IS NOT NULL"
    )
    rng = random.Random(18)
    sample = [(a, p) for a, p, _n in popular] + rng.sample(every, min(args.queries, len(every)))
    day = dt.date(2017, 1, 1)
    for law, path in sample[:20]:
        incoming(reader, law, path, day)  # warm: the pages in the cache
    times, floors, found = [], [], 0
    for law, path in sample:
        t = time.perf_counter()
        found += len(incoming(reader, law, path, day))
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        reader.q(
            "SELECT f.version_id, f.ord FROM ref_targets t JOIN refs f ON f.id = t.ref_id "
            "WHERE t.act_id = (SELECT id FROM acts WHERE key = :a) AND t.path = :p",
            a=law,
            p=path,
        )
        floors.append(time.perf_counter() - t)
    times.sort()
    floors.sort()

    def pct(xs: list[float], q: float) -> float:
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000

    print(
        f"incoming warm, {len(sample)} units ({found:,} provisions found): "
        f"p50 {pct(times, 0.5):.1f} ms, p99 {pct(times, 0.99):.1f} ms, "
        f"max {times[-1] * 1000:.1f} ms; floor (one SELECT): p50 {pct(floors, 0.5):.2f} ms, "
        f"p99 {pct(floors, 0.99):.2f} ms; mean {statistics.mean(times) * 1000:.1f} ms"
    )
    law, path = popular[0][0], popular[0][1]
    from kb.units import Address

    citation = f"{law} {Address.parse(path).written()}"
    env = dict(os.environ, KB_DATABASE_URL=url, KB_INDEX_DIR=str(work / "index"))
    kb = str(Path(sys.executable).parent / "kb")

    def fresh(*cmd: str) -> float:
        best = None
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([kb, *cmd], env=env, stdout=subprocess.DEVNULL, check=False)
            took = time.perf_counter() - t
            best = took if best is None else min(best, took)
        assert best is not None
        return best

    refs = fresh("refs", citation, "--incoming", "--as-of", "2017-01-01")
    show = fresh("show", citation, "--as-of", "2017-01-01")
    print(
        f"kb refs --incoming {citation!r}: {refs * 1000:.0f} ms; "
        f"floor kb show: {show * 1000:.0f} ms"
    )
    reader.close()
    engine.dispose()
    if args.keep:
        print(f"kept: {db}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
