"""How well the citation engine reads statutes: every reference in 14 social acts (issue 18).

Run by hand on a whole-corpus store of the current schema (a copy of
/tmp/corpus/main.sqlite3 after `kb db upgrade`, as /tmp/corpus_statute.sqlite3):
              KB_DATABASE_URL=sqlite:////tmp/corpus_statute.sqlite3 python bench/statute_refs.py
              ... --sample 20 --seed 1        (N non-ok and N ok targets, with their text)
              ... --dump refs.jsonl           (every target, one JSON object a line)
              ... --acts aktivloven,serviceloven
              ... --as-own                    (an amending act's provisions read as the act's)

Over the newest consolidation (a version that is not an amending act) of each act,
every passage is read as the reference graph reads it for `kb refs`: laid out by
`kb.graph.layout` (a § on its lines, an LBK's quoted commencement provisions as
their amending act's) and read by `kb.graph.reading` (the statute reading, as of the
version's first day, targets and statuses only); every target of a citation is
counted by status (an act named without a unit is not). "ok" is not "right": the
sample is for reading by hand whether an ok target is the one the text means, and
whether a non-ok one is correctly not ok.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from typing import Any

from kb.graph.layout import passages
from kb.graph.reading import Readers, amended_acts, day_of, law_of, read_passage
from kb.store.read import Reader, open_reader

ACTS = (
    "forvaltningsloven",
    "offentlighedsloven",
    "retssikkerhedsloven",
    "serviceloven",
    "aktivloven",
    "sygedagpengeloven",
    "pensionsloven",
    "gammelførtidspensionsloven",  # lov om højeste, mellemste, … førtidspension
    "beskæftigelsesloven",
    "boligstøtteloven",
    "integrationsloven",
    "dagtilbudsloven",
    "kommunestyrelsesloven",
    "socialtilsynsloven",
)


def read_act(reader: Reader, key: str, as_own: bool = False) -> list[dict[str, Any]]:
    """Every target of every passage of `key`'s newest consolidation, read as the
    graph reads it (`kb.graph.reading`)."""
    act = reader.act(key)
    if act is None:
        raise SystemExit(f"{key}: not in the store")
    version = [v for v in reader.versions(act.id) if not v.is_amending][-1]
    day = day_of(version)
    readers = Readers(reader, detail=False)
    amended = amended_acts(reader, version)
    by_ord = {u.ord: u for u in reader.units(version.id)}
    rows: list[dict[str, Any]] = []
    for passage in passages(list(by_ord.values())):
        law, within = (key, None) if as_own else law_of(passage, amended, key)
        head = by_ord[passage.head]
        for r in read_passage(readers.checker(law, within, day), passage):
            if r.kind == "act":
                continue
            start = r.piece.start + r.start
            for t in r.targets:
                rows.append(
                    {
                        "act": key,
                        "of": law,
                        "version": version.designation,
                        "paragraf": head.label if passage.kind == "paragraf" else passage.kind,
                        "path": by_ord[r.piece.ord].path,
                        "text": r.text,
                        "start": start,
                        "end": start + len(r.text),
                        "canonical": t.canonical,
                        "status": t.status,
                        "reason": t.reason,
                        "message": t.message,
                        "source": passage.text,
                    }
                )
    return rows


def show(row: dict[str, Any], around: int = 160) -> str:
    source, start, end = row["source"], row["start"], row["end"]
    before = source[max(0, start - around) : start].replace("\n", " ⏎ ")
    after = source[end : end + around // 2].replace("\n", " ⏎ ")
    head = f"{row['act']} {row['paragraf']}  [{row['text']}] -> {row['canonical']}  {row['status']}"
    if row["reason"]:
        head += f" ({row['reason']}: {row['message']})"
    return f"{head}\n    …{before}⟦{row['text']}⟧{after}…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", help="comma-separated act keys (default: the 14 social acts)")
    parser.add_argument("--sample", type=int, default=0, help="N non-ok and N ok targets")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dump", help="write every target to this file, one JSON a line")
    parser.add_argument(
        "--as-own",
        action="store_true",
        help="read an amending act's quoted provisions as the consolidated act's own (as "
        "a reading that knows nothing of them does)",
    )
    args = parser.parse_args(argv)
    keys = args.acts.split(",") if args.acts else list(ACTS)
    reader = open_reader()
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    print(f"{'act':30} {'targets':>8} {'ok':>7} {'ok %':>6}  statuses")
    totals: collections.Counter[str] = collections.Counter()
    for key in keys:
        got = read_act(reader, key, args.as_own)
        rows += got
        statuses = collections.Counter(r["status"] for r in got)
        totals.update(statuses)
        ok = statuses["ok"]
        share = 100 * ok / len(got) if got else 0.0
        counts = ", ".join(f"{s} {n}" for s, n in statuses.most_common() if s != "ok")
        print(f"{key:30} {len(got):8} {ok:7} {share:6.1f}  {counts}")
    n = sum(totals.values())
    share = 100 * totals["ok"] / n if n else 0.0
    counts = ", ".join(f"{s} {k}" for s, k in totals.most_common() if s != "ok")
    print(f"{'all':30} {n:8} {totals['ok']:7} {share:6.1f}  {counts}")
    reasons = collections.Counter(r["reason"] for r in rows if r["reason"])
    print("reasons: " + ", ".join(f"{r} {k}" for r, k in reasons.most_common()))
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps({k: v for k, v in r.items() if k != "source"}) + "\n")
    if args.sample:
        rng = random.Random(args.seed)
        bad = [r for r in rows if r["status"] != "ok"]
        good = [r for r in rows if r["status"] == "ok"]
        for title, pool in (("not ok", bad), ("ok", good)):
            picked = rng.sample(pool, min(args.sample, len(pool)))
            print(f"\n=== {len(picked)} {title} targets (seed {args.seed}) ===")
            for i, r in enumerate(picked, 1):
                print(f"[{title} {i}] " + show(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
