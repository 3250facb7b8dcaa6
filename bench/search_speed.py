"""Full-text search speed: Whoosh beside SQLite FTS5 on all the real XML (issue: search).

Run by hand:  python bench/search_speed.py [--queries 1000] [--builds 3] [--runs 10] [--seed 1]

A private store is made in a temporary directory from the bundled sources and
every XML file in ../shared/data/retsinformation (about 5,000 units); its index
lives beside it (KB_DATABASE_URL and KB_INDEX_DIR point there, for this
process and its children). Then, in one run:

- Rebuild: a full `kb.index.search.rebuild`, best of `--builds`, per 1,000 units
  (rows of the units table in non-amending versions) and per 1,000 indexed
  documents. The FTS5 table's build is timed once beside it.
- Queries: drawn with a fixed seed from the indexed § texts, `--queries` of
  each kind. A term is a lower-case word of 4 or more letters; two-term AND
  is two such words from the same § ("a AND b"); a phrase is two or three
  consecutive lower-case words of a § with only white space between them
  ('"a b c"'). Each § is picked at random, then the words in it.
- In-process per-query times (p50, p95, p99) of
  (a) raw Whoosh: the index opened once, the parser kb.index.whoosh_backend builds
      (MultifieldParser over FIELD_BOOSTS with field boosts, FuzzyTermPlugin),
      one searcher; parse + `searcher.search(parsed, limit=10)` + the ids
      of the hits;
  (b) `kb.index.search.search(q, all_versions=True, limit=10)`, which opens the
      store and the index, checks the stamp, filters, highlights and looks up
      concepts on every call;
  (c) SQLite FTS5, tokenize='unicode61', in memory, one row per indexed
      document (heading + context + text): `... MATCH ? ORDER BY rank LIMIT
      10`, the same queries as '"a"', '"a" AND "b"', '"a b c"'.
  Each engine first runs 50 queries of each kind untimed. FTS5 does no
  stemming (nor compound splitting), so the ratios compare engines, not
  result sets.
- Cold process: median wall time of `kb search partshøring`, each a fresh
  process on the built index, beside the floor `python -c "import typer,
  whoosh.index"`, over `--runs` runs after one untimed run of each.

Goals: term p50 <= 5 ms, phrase p50 <= 20 ms (printed beside the figures).

With --corpus, on an existing store and index instead (issue 17: the whole corpus,
KB_DATABASE_URL=sqlite:////tmp/corpus/base.sqlite3 KB_INDEX_DIR=/tmp/corpus/base-index;
read only, nothing is built):

- warm: `--queries` (1,000) mixed queries through `kb.index.search.search` as `kb search`
  runs them (the social-law scope, today), in one process after 50 untimed ones: a quarter
  the caseworker queries of bench/search_queries.tsv (cycled), a quarter single words, a
  quarter two words and a quarter quoted phrases of two or three words, the words drawn
  with a fixed seed from the stored § texts of every act; p50, p95 and p99 (goal: p50 <= 20
  ms, p99 <= 100 ms);
  beside them, the same queries through raw Whoosh (kb's parser, `searcher.search(limit=10)`,
  the whole index, no scope) as a floor for the machine's speed in the same run;
- cold: median wall time of a fresh `kb search` process beside the floor `python -c "import
  typer, whoosh.index"` opening the same index (goal: <= 2x).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "retsinformation"
KINDS = ("term", "and", "phrase")
GOAL_MS = {"term": 5.0, "phrase": 20.0}  # p50
WARMUP = 50  # untimed queries of each kind per engine
COLD_QUERY = "partshøring"
_WORD = re.compile(r"\w+(?:\.?\w+)*")  # Whoosh's RegexTokenizer: "m.v" is one token


@dataclass(frozen=True)
class Query:
    kind: str
    whoosh: str
    fts5: str


@dataclass(frozen=True)
class Timing:
    ms: list[float]  # per query, in query order
    with_hits: int  # queries that found at least one document

    def percentiles(self) -> tuple[float, float, float]:
        cuts = statistics.quantiles(self.ms, n=100, method="inclusive")
        return cuts[49], cuts[94], cuts[98]


# --- store and index ------------------------------------------------------------


def make_store(url: str, data: Path) -> int:
    """The bundled sources and every XML file in `data` (how many files were given)."""
    from kb.ingest.load import import_files
    from kb.ingest.setup import prepare_store

    prepare_store(url)
    files = sorted(data.glob("*.xml"))
    import_files(files, url)
    return len(files)


def unit_count(db: Path) -> tuple[int, int]:
    """Units in non-amending versions, and in all versions."""
    with sqlite3.connect(db) as con:
        own = con.execute(
            "SELECT count(*) FROM units u JOIN versions v ON v.id = u.version_id "
            "WHERE NOT v.is_amending"
        ).fetchone()[0]
        every = con.execute("SELECT count(*) FROM units").fetchone()[0]
    return own, every


def time_rebuilds(url: str, builds: int) -> tuple[int, list[float]]:
    """Documents indexed, and the wall time of each full rebuild."""
    from kb.index.search import rebuild

    seconds, count = [], 0
    for _ in range(builds):
        start = time.perf_counter()
        count = rebuild(url, reason="bench").documents
        seconds.append(time.perf_counter() - start)
    return count, seconds


def documents(url: str) -> list[Any]:
    """The documents the index holds, as kb.index.documents makes them."""
    from kb.index.documents import documents as make
    from kb.ingest.setup import open_store

    with open_store(url) as reader:
        return list(make(reader))


# --- queries --------------------------------------------------------------------


def is_term(word: str) -> bool:
    return len(word) >= 4 and word.isalpha() and word.islower()


def runs_of_words(text: str) -> list[list[str]]:
    """Stretches of two or more lower-case words with only white space between them."""
    stretches: list[list[str]] = []
    current: list[str] = []
    end = 0
    for m in _WORD.finditer(text):
        word = m.group()
        plain = word.isalpha() and word.islower()
        if not plain or (current and not text[end : m.start()].isspace()):
            stretches.append(current)
            current = []
        if plain:
            current.append(word)
        end = m.end()
    stretches.append(current)
    return [s for s in stretches if len(s) >= 2]


def draw_queries(texts: list[str], count: int, seed: int) -> dict[str, list[Query]]:
    """`count` queries of each kind from the § texts, the same for a given seed."""
    rng = random.Random(seed)
    terms = [sorted({w for w in _WORD.findall(t) if is_term(w)}) for t in texts]
    with_terms = [ws for ws in terms if ws]
    with_pairs = [ws for ws in terms if len(ws) >= 2]
    with_runs = [r for r in (runs_of_words(t) for t in texts) if r]
    out: dict[str, list[Query]] = {kind: [] for kind in KINDS}
    for _ in range(count):
        word = rng.choice(rng.choice(with_terms))
        out["term"].append(Query("term", word, f'"{word}"'))
        a, b = rng.sample(rng.choice(with_pairs), 2)
        out["and"].append(Query("and", f"{a} AND {b}", f'"{a}" AND "{b}"'))
        stretch = rng.choice(rng.choice(with_runs))
        size = min(len(stretch), rng.choice((2, 3)))
        start = rng.randrange(len(stretch) - size + 1)
        phrase = '"' + " ".join(stretch[start : start + size]) + '"'
        out["phrase"].append(Query("phrase", phrase, phrase))
    return out


# --- engines --------------------------------------------------------------------


def time_queries(run: Callable[[Query], int], queries: dict[str, list[Query]]) -> dict[str, Timing]:
    """Per-query wall times of `run`, which returns the number of hits."""
    for kind in KINDS:
        for query in queries[kind][:WARMUP]:
            run(query)
    timings = {}
    for kind in KINDS:
        ms, with_hits = [], 0
        for query in queries[kind]:
            start = time.perf_counter()
            hits = run(query)
            ms.append((time.perf_counter() - start) * 1000)
            with_hits += hits > 0
        timings[kind] = Timing(ms, with_hits)
    return timings


def whoosh_raw(folder: Path, queries: dict[str, list[Query]]) -> dict[str, Timing]:
    from whoosh import index
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    from kb.index.whoosh_backend import FIELD_BOOSTS

    ix = index.open_dir(str(folder))
    parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
    parser.add_plugin(FuzzyTermPlugin())
    with ix.searcher() as searcher:

        def run(query: Query) -> int:
            results = searcher.search(parser.parse(query.whoosh), limit=10)
            return len([hit["id"] for hit in results])

        return time_queries(run, queries)


def whoosh_wrapped(url: str, queries: dict[str, list[Query]]) -> dict[str, Timing]:
    from kb.index.search import search

    def run(query: Query) -> int:
        return len(search(query.whoosh, url=url, all_versions=True, limit=10).hits)

    return time_queries(run, queries)


def fts5_table(docs: list[Any]) -> tuple[sqlite3.Connection, float]:
    """An in-memory FTS5 table of the documents, and the seconds it took to fill."""
    con = sqlite3.connect(":memory:")
    start = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='unicode61')")
    con.executemany(
        "INSERT INTO docs (id, body) VALUES (?, ?)",
        ((d.id, f"{d.heading} {d.context} {d.text}") for d in docs),
    )
    con.commit()
    return con, time.perf_counter() - start


def fts5(con: sqlite3.Connection, queries: dict[str, list[Query]]) -> dict[str, Timing]:
    sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10"

    def run(query: Query) -> int:
        return len(con.execute(sql, (query.fts5,)).fetchall())

    return time_queries(run, queries)


# --- cold process ---------------------------------------------------------------


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold(env: dict[str, str], folder: Path, runs: int) -> tuple[float, float, bool]:
    """Median seconds of `kb search` and of the floor; whether the index stayed as built."""
    kb = shutil.which("kb") or sys.exit("kb is not on PATH: pip install . first")
    search = [kb, "search", COLD_QUERY]
    floor = [sys.executable, "-c", "import typer, whoosh.index"]
    stamp = (folder / "lovkb-stamp.json").read_text("utf-8")
    first = subprocess.run(search, env=env, capture_output=True, text=True)
    if first.returncode != 0:  # 1: no hits; anything else: an error
        sys.exit(f"kb search {COLD_QUERY} exited {first.returncode}:\n{first.stderr}")
    wall(floor, env)  # both warm the OS file cache once, as a second call would
    search_s = [wall(search, env) for _ in range(runs)]
    floor_s = [wall(floor, env) for _ in range(runs)]
    kept = (folder / "lovkb-stamp.json").read_text("utf-8") == stamp
    return statistics.median(search_s), statistics.median(floor_s), kept


# --- report ---------------------------------------------------------------------


def print_latencies(engines: dict[str, dict[str, Timing]], count: int) -> None:
    print(f"per query, ms ({count:,} queries of each kind; {WARMUP} of each untimed first)")
    head = f"{'kind':<7} {'engine':<24} {'p50':>8} {'p95':>8} {'p99':>8} {'with hits':>10}"
    print(head)
    print("-" * len(head))
    for kind in KINDS:
        for name, timings in engines.items():
            t = timings[kind]
            p50, p95, p99 = t.percentiles()
            share = t.with_hits / len(t.ms)
            print(f"{kind:<7} {name:<24} {p50:>8.2f} {p95:>8.2f} {p99:>8.2f} {share:>10.0%}")
    print()


def print_ratios(engines: dict[str, dict[str, Timing]], base: str) -> None:
    print(f"ratios to {base} (same queries, same run)")
    head = f"{'kind':<7} {'engine':<24} {'p50':>8} {'p95':>8} {'p99':>8}"
    print(head)
    print("-" * len(head))
    for kind in KINDS:
        ref = engines[base][kind].percentiles()
        for name, timings in engines.items():
            if name == base:
                continue
            cells = [
                f"{v / r:>7.1f}x" for v, r in zip(timings[kind].percentiles(), ref, strict=True)
            ]
            print(f"{kind:<7} {name:<24} " + " ".join(cells))
    print(
        "(FTS5 unicode61 folds case and diacritics but does not stem or split compounds; "
        "the ratios compare engines, not result sets)"
    )
    print()


# --- an existing (whole-corpus) store and index ----------------------------------


def corpus_queries(db: Path, count: int, seed: int) -> list[str]:
    """`count` mixed queries: caseworker queries, words, two words, phrases."""
    sys.path.insert(0, str(Path(__file__).parent))
    from search_quality import load

    caseworker = [q for q, _, _ in load()]
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        top = con.execute("SELECT max(id) FROM units").fetchone()[0]
        texts: list[str] = []
        while len(texts) < 2000:
            row = con.execute(
                "SELECT text FROM units WHERE id = ? AND kind IN ('stk', 'paragraf')",
                (rng.randint(1, top),),
            ).fetchone()
            if row and row[0]:
                texts.append(row[0])
    words = [sorted({w for w in _WORD.findall(t) if is_term(w)}) for t in texts]
    words = [ws for ws in words if len(ws) >= 2]
    runs = [r for r in (runs_of_words(t) for t in texts) if r]
    out = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            out.append(caseworker[(n // 4) % len(caseworker)])
        elif kind == 1:
            out.append(rng.choice(rng.choice(words)))
        elif kind == 2:
            out.append(" ".join(rng.sample(rng.choice(words), 2)))
        else:
            stretch = rng.choice(rng.choice(runs))
            size = min(len(stretch), rng.choice((2, 3)))
            start = rng.randrange(len(stretch) - size + 1)
            out.append('"' + " ".join(stretch[start : start + size]) + '"')
    return out


def raw_whoosh(folder: Path, queries: list[str]) -> list[float]:
    """Percentile cuts of raw Whoosh on the same queries: the index opened once,
    kb's parser, `searcher.search(parsed, limit=10)` (Whoosh's AND of the words)."""
    from whoosh import index
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    from kb.index.whoosh_backend import FIELD_BOOSTS

    ix = index.open_dir(str(folder))
    parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
    parser.add_plugin(FuzzyTermPlugin())
    with ix.searcher() as searcher:
        for q in queries[:WARMUP]:
            searcher.search(parser.parse(q), limit=10)
        ms = []
        for q in queries:
            start = time.perf_counter()
            [hit["id"] for hit in searcher.search(parser.parse(q), limit=10)]
            ms.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(ms, n=100, method="inclusive")


def corpus_mode(args: argparse.Namespace) -> None:
    from kb.config import sqlite_path
    from kb.index.search import index_dir, search

    url = os.environ.get("KB_DATABASE_URL") or sys.exit("set KB_DATABASE_URL and KB_INDEX_DIR")
    db = sqlite_path(url) or sys.exit("--corpus needs a SQLite store")
    folder = index_dir(url)
    queries = corpus_queries(db, args.queries, args.seed)
    print(f"store {db}, index {folder}")
    # The machine is shared: a loaded one slows every figure alike but the ratio.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("queries, e.g.: " + "   ".join(queries[:8]))
    for q in queries[:WARMUP]:
        search(q, url=url, limit=10)
    ms, with_hits = [], 0
    for q in queries:
        start = time.perf_counter()
        result = search(q, url=url, limit=10)
        ms.append((time.perf_counter() - start) * 1000)
        with_hits += bool(result.hits)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    raw = raw_whoosh(folder, queries)
    print(
        f"floor, the same queries as raw Whoosh (parse + search, top 10, no scope), ms: "
        f"p50 {raw[49]:.2f}, p95 {raw[94]:.2f}, p99 {raw[98]:.2f}"
    )
    print(f"warm, {len(ms):,} mixed queries ({with_hits:,} with hits), ms:")
    print(f"  p50 {p50:.2f} (goal <= 20: {'met' if p50 <= 20 else 'missed'})")
    print(f"  p95 {p95:.2f}")
    print(f"  p99 {p99:.2f} (goal <= 100: {'met' if p99 <= 100 else 'missed'})")
    print(f"  max {max(ms):.2f}")

    kb = shutil.which("kb") or sys.exit("kb is not on PATH: pip install . first")
    env = dict(os.environ)
    search_cmd = [kb, "search", COLD_QUERY]
    opening = f"import typer, whoosh.index; whoosh.index.open_dir({str(folder)!r})"
    floor_cmd = [sys.executable, "-c", opening]
    wall(search_cmd, env)
    wall(floor_cmd, env)
    search_s = statistics.median(wall(search_cmd, env) for _ in range(args.runs))
    floor_s = statistics.median(wall(floor_cmd, env) for _ in range(args.runs))
    print(f"cold process (median of {args.runs} runs each)")
    print(f"  kb search {COLD_QUERY:<30} {search_s * 1000:>6.0f} ms")
    print(f"  {'floor: import typer, whoosh.index + open':<40} {floor_s * 1000:>6.0f} ms")
    ratio = search_s / floor_s
    print(f"  ratio {ratio:.2f}x (goal <= 2x: {'met' if ratio <= 2 else 'missed'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000, help="queries of each kind")
    parser.add_argument("--builds", type=int, default=3, help="full rebuilds (best is kept)")
    parser.add_argument("--runs", type=int, default=10, help="cold processes of each command")
    parser.add_argument("--seed", type=int, default=1, help="seed for drawing the queries")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of LexDania XML files")
    parser.add_argument(
        "--corpus", action="store_true", help="time the store and index of KB_DATABASE_URL"
    )
    args = parser.parse_args()
    if args.corpus:
        corpus_mode(args)
        return

    work = Path(tempfile.mkdtemp(prefix="lovkb-search-bench-"))
    db = work / "kb.sqlite3"
    url = f"sqlite:///{db}"
    folder = work / "kb.sqlite3.index"
    env = dict(os.environ, KB_DATABASE_URL=url, KB_INDEX_DIR=str(folder))
    os.environ.update(KB_DATABASE_URL=url, KB_INDEX_DIR=str(folder))
    try:
        files = make_store(url, args.data)
        units, all_units = unit_count(db)
        print(f"store: bundled sources + {files} XML files from {args.data}")
        print(f"units: {units:,} in non-amending versions ({all_units:,} in all)")
        print()

        count, builds = time_rebuilds(url, args.builds)
        best = min(builds)
        docs = documents(url)
        con, fts_build = fts5_table(docs)
        print(f"full rebuild (best of {len(builds)}): {best:.2f} s for {count:,} documents")
        print(f"  per 1,000 units:     {best / units * 1000:.3f} s")
        print(f"  per 1,000 documents: {best / count * 1000:.3f} s")
        print(f"  all runs:            {', '.join(f'{s:.2f}' for s in builds)} s")
        print(f"FTS5 table, in memory: {fts_build:.2f} s for {len(docs):,} documents")
        print()

        texts = [d.text for d in docs if d.kind == "paragraf"]
        queries = draw_queries(texts, args.queries, args.seed)
        print(f"queries drawn from {len(texts):,} § texts, seed {args.seed}; e.g.")
        for kind in KINDS:
            print(f"  {kind:<7} " + "   ".join(q.whoosh for q in queries[kind][:4]))
        print()

        engines = {
            "whoosh (raw)": whoosh_raw(folder, queries),
            "kb.index.search.search": whoosh_wrapped(url, queries),
            "fts5 unicode61": fts5(con, queries),
        }
        con.close()
        print_latencies(engines, args.queries)
        print_ratios(engines, "fts5 unicode61")

        search_s, floor_s, kept = cold(env, folder, args.runs)
        print(f"cold process (median of {args.runs} runs each)")
        rows = [
            (f"kb search {COLD_QUERY}", f"{search_s * 1000:.0f} ms"),
            ('python -c "import typer, whoosh.index"', f"{floor_s * 1000:.0f} ms"),
            ("ratio", f"{search_s / floor_s:.2f}x"),
            ("index left as built (no rebuild)", "yes" if kept else "NO"),
        ]
        for label, value in rows:
            print(f"  {label:<40} {value:>8}")
        print()

        print("summary")
        raw, wrapped = engines["whoosh (raw)"], engines["kb.index.search.search"]
        for kind, goal in GOAL_MS.items():
            p50 = raw[kind].percentiles()[0]
            verdict = "met" if p50 <= goal else "missed"
            print(
                f"  {kind} p50: raw Whoosh {p50:.2f} ms (goal <= {goal:.0f} ms: {verdict}); "
                f"kb.index.search.search {wrapped[kind].percentiles()[0]:.2f} ms"
            )
        print(f"  rebuild: {best / units * 1000:.3f} s per 1,000 units")
        print(f"  cold kb search / floor: {search_s / floor_s:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
