"""Throughput of `kb check` on letters of 10 kB, 1 MB and 10 MB (issue: scale).

Run by hand:  python bench/check_throughput.py [runs]
              python bench/check_throughput.py --cli [runs]   (the command, output included)
              python bench/check_throughput.py --profile 1000000   (cProfile, top 25)

The letters are built from real text: the pamphlet "Vejledning om at skrive
en afgørelse" (shared/seeds/002_40109d78337ad800.txt) mixed with the text of
every version of the bundled statutes (each unit's label, heading, text and
tail, as the store holds them), interleaved in proportion so that any prefix
is the same mixture, and repeated until the size is reached. The statute
prose is dense with citations ("§ 3, stk. 1", "stk. 2", "§§ 3 og 4", "lov nr.
638 af 12. juni 2013").

Each size runs in a fresh process (so that its peak memory is its own) against
a private store made once in a temporary directory. In that process a reader
is opened once and `kb.api.check(letter, as_of, reader=reader)` — extraction,
binding, resolution and the letter checklist — is timed: a cold first call,
then `runs` warm calls (best and median; 10 kB gets ten times as many, 10 MB a
third as many) with the cyclic collector paused, as the `kb check` command
pauses it, and `runs` more with it on, as a server runs (the library never
switches it). Staged runs read `Checker.check(..., timings=…)`: setup, extract,
resolve (binding included), checklist and assembly.
Peak memory is tracemalloc's peak over one more, untimed check call, and the
process's ru_maxrss before any check and after the timed (warm) calls.

Goals: >= 5 M characters/s, flat across sizes (10 MB rate / 10 kB rate ~ 1),
peak memory <= 200 MB at 10 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAMPHLET = ROOT.parent / "shared" / "seeds" / "002_40109d78337ad800.txt"
SIZES = (10_000, 1_000_000, 10_000_000)
AS_OF = dt.date(2024, 1, 1)
GOAL_RATE = 5.0  # M characters/s
GOAL_MB = 200.0  # peak at 10 MB


def statute_blocks(reader: Any) -> list[str]:
    """Every version's text, one block per paragraf (with its stk., nr., ...)."""
    blocks: list[str] = []
    # Each block opens with the act's name, as an attached lovuddrag does.
    versions = reader.q(
        "SELECT v.id, a.key FROM versions v JOIN acts a ON a.id = v.act_id ORDER BY v.id"
    )
    for vid, key in versions:
        current = [key.capitalize()]
        rows = reader.q(
            "SELECT kind, label, heading, text, tail FROM units WHERE version_id = :v ORDER BY ord",
            v=vid,
        )
        for kind, *pieces in rows:
            line = " ".join(p for p in pieces if p)
            if kind in ("paragraf", "kapitel") and len(current) > 1:
                blocks.append("\n".join(current))
                current = [key.capitalize()]
            if line:
                current.append(line)
        if current:
            blocks.append("\n".join(current))
    return blocks


def pamphlet_blocks(size: int = 1000) -> list[str]:
    """The pamphlet in pieces of about `size` characters, cut at line ends."""
    blocks, current, length = [], [], 0
    for line in PAMPHLET.read_text(encoding="utf-8").splitlines():
        current.append(line)
        length += len(line) + 1
        if length >= size:
            blocks.append("\n".join(current))
            current, length = [], 0
    if current:
        blocks.append("\n".join(current))
    return blocks


def corpus(reader: Any) -> str:
    """Pamphlet and statute blocks interleaved in proportion to their lengths."""
    a, b = pamphlet_blocks(), statute_blocks(reader)
    total_a, total_b = sum(map(len, a)), sum(map(len, b))
    out: list[str] = []
    i = j = done_a = done_b = 0
    while i < len(a) or j < len(b):
        if j >= len(b) or (i < len(a) and done_a / total_a <= done_b / total_b):
            out.append(a[i])
            done_a += len(a[i])
            i += 1
        else:
            out.append(b[j])
            done_b += len(b[j])
            j += 1
    return "\n\n".join(out)


def letter_of(base: str, size: int) -> str:
    """`base` repeated to `size` characters, cut back to the last white space."""
    text = ("\n\n".join([base] * (size // (len(base) + 2) + 1)))[:size]
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text[:cut] if cut > size * 0.99 else text


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def staged(letter: str, reader: Any) -> dict[str, float]:
    """One check through the public pipeline, with its stage timings, the
    collector paused as `kb check` pauses it (its passes over a 10 MB letter's
    records would otherwise be counted in whichever stage they fall)."""
    from kb.api import Checker

    t: dict[str, float] = {}
    gc.disable()
    try:
        t["setup"], checker = timed(Checker, reader, AS_OF)
        checker.check(letter, timings=t)
    finally:
        gc.enable()
    return t


def paused(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """`timed`, with the cyclic collector paused as the `kb check` command pauses it."""
    gc.disable()
    try:
        return timed(fn, *args, **kwargs)
    finally:
        gc.enable()


@contextmanager
def private_store() -> Iterator[dict[str, str]]:
    """An environment naming a store made in a temporary folder, removed after."""
    work = Path(tempfile.mkdtemp())
    env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{work / 'kb.sqlite3'}")
    try:
        # Make the store once, quietly, so that no child pays for it.
        subprocess.run(
            [sys.executable, "-c", "from kb.ingest.setup import open_store; open_store().close()"],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        yield env
    finally:
        shutil.rmtree(work)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(size: int, runs: int) -> dict[str, Any]:
    from kb.api import check
    from kb.ingest.setup import open_store

    reader = open_store()
    letter = letter_of(corpus(reader), size)
    rss_before = maxrss_mb()
    cold, result = timed(check, letter, AS_OF, reader=reader)
    targets = result.targets
    counts = {"citations": len(result.citations), "targets": len(targets)}
    statuses: dict[str, int] = {}
    for t in targets:
        statuses[t.status] = statuses.get(t.status, 0) + 1
    del result, targets  # hold one result at a time, as `kb check` does
    warm = [paused(check, letter, AS_OF, reader=reader)[0] for _ in range(runs)]
    # The library leaves the collector alone; a long-lived caller (a server)
    # runs with it on, as here.
    warm_gc = [timed(check, letter, AS_OF, reader=reader)[0] for _ in range(runs)]
    rss_after = maxrss_mb()
    stages = [staged(letter, reader) for _ in range(max(1, min(runs, 3)))]
    tracemalloc.start()
    check(letter, AS_OF, reader=reader)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    reader.close()
    return {
        "size": size,
        "chars": len(letter),
        "runs": runs,
        "cold": cold,
        "best": min(warm),
        "median": statistics.median(warm),
        "median_gc": statistics.median(warm_gc),
        **counts,
        "statuses": statuses,
        "stages": {k: statistics.median(s[k] for s in stages) for k in stages[0]},
        "traced_peak_mb": traced_peak,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
    }


def profile(size: int) -> None:
    import cProfile
    import pstats

    from kb.api import check
    from kb.ingest.setup import open_store

    reader = open_store()
    letter = letter_of(corpus(reader), size)
    check(letter, AS_OF, reader=reader)  # warm: lexicon and patterns compiled
    prof = cProfile.Profile()
    prof.runcall(check, letter, AS_OF, reader=reader)
    print(f"cProfile of one warm check on {len(letter):,} characters")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def report(rows: list[dict[str, Any]]) -> None:
    print(f"as_of {AS_OF}; letters from {PAMPHLET.name} + the bundled statutes' text")
    print()
    head = (
        f"{'size':>10} {'chars':>11} {'runs':>4} {'cold s':>8} {'best s':>8} {'median s':>9} "
        f"{'M ch/s':>7} {'gc on':>6} {'citations':>9} {'targets':>8} {'tracemalloc':>11} "
        f"{'maxrss':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        rate = r["chars"] / r["median"] / 1e6
        rate_gc = r["chars"] / r["median_gc"] / 1e6
        print(
            f"{r['size']:>10,} {r['chars']:>11,} {r['runs']:>4} {r['cold']:>8.3f} "
            f"{r['best']:>8.3f} {r['median']:>9.3f} {rate:>7.2f} {rate_gc:>6.2f} "
            f"{r['citations']:>9,} "
            f"{r['targets']:>8,} {r['traced_peak_mb']:>8.1f} MB {r['rss_after_mb']:>5.0f} MB"
        )
    print()
    print("max RSS before the first check (store, corpus, letter): ", end="")
    print(", ".join(f"{r['size']:,}: {r['rss_before_mb']:.0f} MB" for r in rows))
    for r in rows:
        print(f"target statuses at {r['size']:,}: {r['statuses']}")
    print()
    print("stages (median of the staged runs, seconds; share of their sum):")
    names = ["setup", "extract", "resolve", "checklist", "assemble"]
    print(f"{'size':>10} " + " ".join(f"{n:>19}" for n in names))
    for r in rows:
        st = r["stages"]
        total = sum(st[n] for n in names)
        cells = [f"{st[n]:>10.4f} ({st[n] / total:>4.0%})" for n in names]
        print(f"{r['size']:>10,} " + " ".join(f"{c:>19}" for c in cells))
    print("(resolve includes binding; found records: ", end="")
    print(", ".join(f"{r['size']:,}: {r['stages']['found']:,.0f}" for r in rows) + ")")
    print()
    rates = {r["size"]: r["chars"] / r["median"] / 1e6 for r in rows}
    low = min(rates.values())
    low_gc = min(r["chars"] / r["median_gc"] / 1e6 for r in rows)
    print(f"slowest rate:         {low:.2f} M characters/s   (goal >= {GOAL_RATE:.0f})")
    print(f"  with the collector on (a server): {low_gc:.2f} M characters/s")
    if rates.get(SIZES[0]) and rates.get(SIZES[-1]):
        flat = rates[SIZES[-1]] / rates[SIZES[0]]
        print(f"rate 10 MB / 10 kB:   {flat:.2f}   (goal: flat, ~1)")
        # A 10 kB prefix of the mixture need not be as dense in citations as
        # the whole; the time per found record separates cost from density.
        per = {
            r["size"]: (r["median"] / r["stages"]["found"] * 1e6, r["stages"]["found"] / r["chars"])
            for r in rows
            if r["stages"]["found"]
        }
        cells = (f"{s:,}: {us:.1f} µs ({d * 1e4:.0f} per 10 kB)" for s, (us, d) in per.items())
        print("time per found record: " + ", ".join(cells))
    big = next((r for r in rows if r["size"] == SIZES[-1]), None)
    if big is not None:
        print(
            f"peak memory at 10 MB: tracemalloc {big['traced_peak_mb']:.0f} MB, "
            f"process max RSS {big['rss_after_mb']:.0f} MB   (goal <= {GOAL_MB:.0f} MB)"
        )


def command_report(env: dict[str, str], sizes: list[int], runs: int) -> None:
    """`kb check FILE [--json] > /dev/null` as a user runs it: process start,
    reading the file, the check and writing every result."""
    os.environ.update(env)
    from kb.ingest.setup import open_store

    reader = open_store()
    base = corpus(reader)
    reader.close()
    work = Path(tempfile.mkdtemp())
    print(f"kb check FILE --as-of {AS_OF} > /dev/null, wall time of the whole process")
    head = f"{'size':>10} {'output':>6} {'runs':>4} {'best s':>8} {'median s':>9} {'M ch/s':>7} "
    print(head + f"{'maxrss':>8}")
    print("-" * (len(head) + 8))
    try:
        for size in sizes:
            letter = work / f"letter-{size}.txt"
            chars = len(letter_of(base, size))
            letter.write_text(letter_of(base, size), encoding="utf-8")
            for output in ("people", "json"):
                cmd = [sys.executable, "-m", "kb.cli", "check", str(letter), "--as-of", str(AS_OF)]
                cmd += ["--json"] if output == "json" else []
                times, rss = [], 0.0
                for _ in range(max(1, runs // 3) if size >= SIZES[-1] else runs):
                    start = time.perf_counter()
                    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
                    _, status, usage = os.wait4(proc.pid, 0)
                    times.append(time.perf_counter() - start)
                    if os.waitstatus_to_exitcode(status) not in (0, 1):
                        raise SystemExit(f"{' '.join(cmd)} failed")
                    rss = max(rss, usage.ru_maxrss / 1024)
                median = statistics.median(times)
                print(
                    f"{size:>10,} {output:>6} {len(times):>4} {min(times):>8.3f} {median:>9.3f} "
                    f"{chars / median / 1e6:>7.2f} {rss:>5.0f} MB"
                )
    finally:
        shutil.rmtree(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=3, help="warm runs per size")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile one check")
    parser.add_argument(
        "--cli", action="store_true", help="time the kb check command itself, output included"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.size, args.runs)))
        return
    with private_store() as env:
        if args.profile:
            os.environ.update(env)
            profile(args.profile)
            return
        if args.cli:
            command_report(env, args.sizes, args.runs)
            return
        rows = []
        for size in args.sizes:
            runs = max(1, args.runs // 3) if size >= SIZES[-1] else args.runs
            runs = runs * 10 if size <= 100_000 else runs  # milliseconds: steady the median
            cmd = [sys.executable, __file__, str(runs), "--child", "--size", str(size)]
            out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
            rows.append(json.loads(out.stdout.splitlines()[-1]))
        report(rows)


if __name__ == "__main__":
    main()
