"""Commands at the scale of the whole law against the bundled store and a floor (issue 17).

Run by hand:  python bench/scale.py [STORE] [--runs N] [--no-profile]

STORE is a whole-corpus store (default /tmp/corpus/base.sqlite3). It is copied to a
temporary folder and brought to the current schema there (`kb db upgrade`), so the
file given is never written. The bundled store is made in the same run by first use
(`kb db init`). Each figure is a fresh `kb` process, best of N:

- cold `kb show "serviceloven § 99, stk. 1"`, beside the floor: a python that imports
  typer and sqlite3 and runs one indexed SELECT on the same store;
- `kb effects serviceloven`, `kb versions serviceloven` (goal <= 0.3 s) and `kb laws`
  (goal <= 0.5 s);
- `kb check --law retssikkerhedsloven` on retssikkerhedsloven's own text (its newest
  bundled consolidation, label and text of every unit), as characters per second;

and, unless --no-profile, a cProfile breakdown of the check on the whole-corpus store
(where the time goes: the act-name lexicon, the amending acts, the rest).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOW = "serviceloven § 99, stk. 1"
CHECK_LAW = "retssikkerhedsloven"


def kb_command() -> str:
    local = Path(sys.executable).parent / "kb"
    return str(local) if local.is_file() else (shutil.which("kb") or sys.exit("kb not found"))


def best(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return min(times)


def env_for(db: Path, work: Path) -> dict[str, str]:
    return dict(
        os.environ,
        KB_DATABASE_URL=f"sqlite:///{db}",
        KB_INDEX_DIR=str(work / f"{db.stem}-index"),
        KB_LANG="da",
    )


def statute_text(db: Path, law: str) -> str:
    """The newest consolidation of `law` in the store, unit by unit: label, heading, text."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (vid,) = conn.execute(
            "SELECT v.id FROM versions v JOIN acts a ON a.id = v.act_id WHERE a.key = ? "
            "AND NOT v.is_amending AND NOT v.is_partial ORDER BY v.in_force_from DESC LIMIT 1",
            (law,),
        ).fetchone()
        rows = conn.execute(
            "SELECT label, heading, text, tail FROM units WHERE version_id = ? ORDER BY ord",
            (vid,),
        ).fetchall()
    finally:
        conn.close()
    return "\n".join(" ".join(p for p in row if p) for row in rows if any(row))


def floor_command(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (vid,) = conn.execute(
            "SELECT v.id FROM versions v JOIN acts a ON a.id = v.act_id "
            "WHERE a.key = 'serviceloven' AND NOT v.is_amending "
            "ORDER BY v.in_force_from DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    code = (
        "import typer, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        f"c.execute(\"SELECT text FROM units WHERE version_id = {vid} AND path = '§99/s1'\")"
        ".fetchall()"
    )
    return [sys.executable, "-c", code, str(db)]


def measure(name: str, db: Path, work: Path, text_file: Path, chars: int, runs: int) -> dict:
    kb = kb_command()
    env = env_for(db, work)
    best([kb, "show", SHOW], env, 1)  # the OS file cache warm, as a user's second call
    figures = {
        "store": name,
        "floor": best(floor_command(db), env, runs),
        "show": best([kb, "show", SHOW], env, runs),
        "effects": best([kb, "effects", "serviceloven"], env, min(runs, 3)),
        "versions": best([kb, "versions", "serviceloven"], env, min(runs, 3)),
        "laws": best([kb, "laws"], env, min(runs, 3)),
        "check": best([kb, "check", str(text_file), "--law", CHECK_LAW], env, min(runs, 3)),
    }
    figures["chars_per_s"] = chars / figures["check"]
    return figures


def profile_check(db: Path, work: Path, text: str) -> None:
    """Where a check of the text spends its time on `db`, in this process (cold caches)."""
    os.environ.update(env_for(db, work))
    from kb.api import check

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    check(text, law=CHECK_LAW)
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    wanted = {
        "effects_on": ("kb/history/effects.py", "effects_on"),
        "lexicon (act-name regex)": ("kb/citation/grammar.py", "lexicon"),
        "Reader.units": ("kb/store/read.py", "units"),
    }
    print(f"\ncProfile of the check on {db.name}: {total:.2f} s in all")
    entries = stats.stats  # type: ignore[attr-defined]
    for label, (file, func) in wanted.items():
        cum = sum(v[3] for (f, _line, fn), v in entries.items() if f.endswith(file) and fn == func)
        print(f"  {label:28} {cum:7.2f} s cumulative")
    print("  top 12 by cumulative time:")
    stats.sort_stats("cumulative").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", nargs="?", default="/tmp/corpus/base.sqlite3")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-scale-"))
    try:
        kb = kb_command()
        bundled = work / "bundled.sqlite3"
        corpus = work / "corpus.sqlite3"
        shutil.copyfile(args.store, corpus)
        for db in (bundled, corpus):
            start = time.perf_counter()
            cmd = [kb, "db", "init" if db is bundled else "upgrade"]
            subprocess.run(cmd, env=env_for(db, work), check=True, stdout=subprocess.DEVNULL)
            print(f"{' '.join(cmd[1:])} on {db.name}: {time.perf_counter() - start:.2f} s")
        text = statute_text(bundled, CHECK_LAW)
        text_file = work / "retssikkerhedsloven.txt"
        text_file.write_text(text, encoding="utf-8")
        rows = [
            measure("bundled", bundled, work, text_file, len(text), args.runs),
            measure("whole corpus", corpus, work, text_file, len(text), args.runs),
        ]
        print(f"\nbest of {args.runs} fresh processes (effects and check: best of 3)")
        print(f"check text: {CHECK_LAW}'s own text, {len(text):,} chars")
        print(
            f"{'':14}{'floor':>9}{'show':>9}{'show/floor':>12}{'effects':>10}{'versions':>10}"
            f"{'laws':>9}{'check':>9}{'chars/s':>11}"
        )
        for r in rows:
            print(
                f"{r['store']:14}{r['floor'] * 1000:7.0f}ms{r['show'] * 1000:7.0f}ms"
                f"{r['show'] / r['floor']:11.2f}x{r['effects'] * 1000:8.0f}ms"
                f"{r['versions'] * 1000:8.0f}ms{r['laws'] * 1000:7.0f}ms"
                f"{r['check']:8.2f}s{r['chars_per_s']:11,.0f}"
            )
        b, c = rows
        print(
            f"\nwhole corpus / bundled: show {c['show'] / b['show']:.2f}x, "
            f"effects {c['effects'] / b['effects']:.2f}x, "
            f"check throughput {c['chars_per_s'] / b['chars_per_s']:.2f}x (goal >= 0.9x); "
            f"show/floor on the corpus {c['show'] / c['floor']:.2f}x (goal <= 1.5x)"
        )
        if not args.no_profile:
            profile_check(corpus, work, text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
