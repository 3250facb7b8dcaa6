"""Search quality for caseworkers: precision at 1 and at 5 over bench/search_queries.tsv.

Run by hand on the whole-corpus index (issue 17's goal: first >= 80%, top five >= 95%):

    KB_DATABASE_URL=sqlite:////tmp/corpus/base.sqlite3 KB_INDEX_DIR=/tmp/corpus/base-index \\
        python bench/search_quality.py [--as-of 2026-12-04] [--all-acts] [--misses]

Each query runs as `kb search` runs it (the social-law scope unless --all-acts, in force on
the day); a query counts at 1 when its expected provision is the first hit, at 5 when it is
among the first five. Figures are printed for the tuning half, the held-out half (never looked
at while changing the ranking) and both.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import time
from pathlib import Path

QUERIES = Path(__file__).with_name("search_queries.tsv")


def load(path: Path = QUERIES) -> list[tuple[str, str, str]]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return [(r["query"], r["expected"], r["set"]) for r in csv.DictReader(lines, delimiter="\t")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--all-acts", action="store_true", help="search every act")
    parser.add_argument(
        "--misses", action="store_true", help="list the tuning queries missed at 1 (never held-out)"
    )
    args = parser.parse_args()

    from kb.index.search import search

    rows = load()
    scores: dict[str, list[tuple[bool, bool]]] = {"tuning": [], "held-out": []}
    misses = []
    started = time.perf_counter()
    for query, expected, part in rows:
        result = search(query, as_of=args.as_of, all_acts=args.all_acts, limit=5)
        got = [h.canonical for h in result.hits]
        at1, at5 = got[:1] == [expected], expected in got
        scores[part].append((at1, at5))
        if not at1 and part == "tuning":
            misses.append((part, query, expected, got))
    seconds = time.perf_counter() - started

    scope = "every act" if args.all_acts else "social-law acts"
    print(f"{len(rows)} queries from {QUERIES.name}, scope: {scope}")
    print(f"{'set':<10} {'queries':>7} {'P@1':>7} {'P@5':>7}")
    every = [s for part in scores.values() for s in part]
    for name, part in [*scores.items(), ("all", every)]:
        n = len(part)
        p1 = sum(a for a, _ in part) / n
        p5 = sum(b for _, b in part) / n
        print(f"{name:<10} {n:>7} {p1:>7.0%} {p5:>7.0%}")
    print(f"(goal: P@1 >= 80%, P@5 >= 95%; {seconds:.1f} s for all queries)")
    if args.misses:
        print()
        for part, query, expected, got in misses:
            where = got.index(expected) + 1 if expected in got else "-"
            print(f"[{part}] {query!r}: want {expected} (at {where}); got {got[:3]}")


if __name__ == "__main__":
    main()
