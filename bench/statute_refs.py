"""How well the citation engine reads statutes: every reference in 14 social acts (issue 18).

Run by hand on a whole-corpus store of the current schema (a copy of
/tmp/corpus/main.sqlite3 after `kb db upgrade`, as /tmp/corpus_statute.sqlite3):
              KB_DATABASE_URL=sqlite:////tmp/corpus_statute.sqlite3 python bench/statute_refs.py
              ... --sample 20 --seed 1        (N non-ok and N ok targets, with their text)
              ... --dump refs.jsonl           (every target, one JSON object a line)
              ... --acts aktivloven,serviceloven
              ... --as-own                    (an amending act's provisions read as the act's)

Over the newest consolidation (a version that is not an amending act) of each act,
every § is rendered as the reference graph renders it: the § label on a line of its
own, then each of its units (stk., nr., litra) on a line, its label before its text,
and a unit's tail after its sub-units; notes ("nota") are left out. Each § is read
with `Checker(reader, the version's first day, the act key, statute=True)`, the
statute reading, and every target counted by status. "ok" is not "right": the
sample is for reading by hand whether an ok target is the one the text means, and
whether a non-ok one is correctly not ok.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import sys
import time
from typing import Any

from kb.citation.grammar import designation_at
from kb.resolver.pipeline import Checker
from kb.store.read import Reader, UnitRow, open_reader

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


def paragraphs(units: list[UnitRow]) -> list[tuple[UnitRow, str, str | None]]:
    """Each § of a version's units with its text as rendered (see the module's
    docstring), and the act it is a provision of when it is not the version's own:
    an amending act's §§ quoted under its heading ("ikraft": "Lov nr. 790 af 28. juni
    2013 (…)"), its designation (`grammar.designation_at`)."""
    out: list[tuple[UnitRow, str, str | None]] = []
    quoted: tuple[int, str | None] | None = None  # the heading's end_ord and act
    by_ord = {u.ord: u for u in units}
    current: UnitRow | None = None
    law: str | None = None
    lines: list[str] = []
    tails: list[tuple[int, str]] = []  # (end_ord, tail) of units whose tail is pending

    def flush() -> None:
        while tails:
            lines.append(tails.pop()[1])
        if current is not None:
            out.append((current, "\n".join(lines), law))

    for u in units:
        if u.kind == "ikraft":
            quoted = (u.end_ord, designation_at(u.text or ""))
        if u.kind == "paragraf":
            flush()
            current, lines = u, [" ".join(p for p in (u.label, u.text) if p)]
            law = quoted[1] if quoted is not None and u.ord <= quoted[0] else None
            if u.tail:
                tails.append((u.end_ord, u.tail))
            continue
        if current is None or u.ord > current.end_ord:
            if current is not None:
                flush()
                current = None
            continue
        if u.kind == "nota" or _inside_nota(u, by_ord):
            continue
        while tails and tails[-1][0] < u.ord:
            lines.append(tails.pop()[1])
        line = " ".join(p for p in (u.label, u.text) if p)
        if line:
            lines.append(line)
        if u.tail:
            tails.append((u.end_ord, u.tail))
    flush()
    return out


def _inside_nota(u: UnitRow, by_ord: dict[int, UnitRow]) -> bool:
    parent = u.parent_ord
    while parent is not None:
        p = by_ord.get(parent)
        if p is None:
            return False
        if p.kind == "nota":
            return True
        parent = p.parent_ord
    return False


def read_act(reader: Reader, key: str, as_own: bool = False) -> list[dict[str, Any]]:
    """Every target of every § of `key`'s newest consolidation."""
    act = reader.act(key)
    if act is None:
        raise SystemExit(f"{key}: not in the store")
    version = [v for v in reader.versions(act.id) if not v.is_amending][-1]
    day = dt.date.fromisoformat(version.in_force_from or "")
    checkers: dict[str, Checker] = {}
    rows: list[dict[str, Any]] = []
    for unit, text, law in paragraphs(reader.units(version.id)):
        law = key if as_own or law is None else law
        checker = checkers.get(law)
        if checker is None:
            within = key if law != key else None
            checker = checkers[law] = Checker(reader, day, law, statute=True, within=within)
        for c in checker.check(text).citations:
            for t in c.targets:
                rows.append(
                    {
                        "act": key,
                        "of": law,
                        "version": version.designation,
                        "paragraf": unit.label,
                        "path": unit.path,
                        "text": c.text,
                        "start": c.start,
                        "end": c.end,
                        "canonical": t.canonical,
                        "status": t.status,
                        "reason": t.reason,
                        "message": t.message,
                        "source": text,
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
