"""Instructions per character of a warm `kb check`, counted by callgrind.

Run by hand:  python bench/check_instructions.py [--size 200000] [--stage check|extract|resolve]

Wall-clock figures on a shared machine move by ±15-40% from run to run,
which hides a change worth a few percent. Valgrind's callgrind counts the
instructions a process executes, the same count every run for the same
code and input, so two commits compare exactly. It is not time (cache
misses and branch costs are not in it): `check_throughput.py` stays the
figure the goal is judged by; this one says which way a change goes.

The letter is `check_throughput.py`'s mixture cut to `--size` characters.
A child process opens the store, warms the resolver with one check of the
letter (as the throughput bench's cold call does), and then runs the stage
0 times and 2 times; the difference over two is one warm call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys

from check_throughput import corpus, letter_of, private_store

AS_OF = dt.date(2024, 1, 1)


def child(size: int, stage: str, runs: int) -> None:
    import gc

    from kb.api import Checker, check
    from kb.ingest.setup import open_store

    reader = open_store()
    letter = letter_of(corpus(reader), size)
    checker = Checker(reader, AS_OF)
    check(letter, AS_OF, reader=reader)  # the resolver's caches filled, as in a warm call
    found = checker.extract(letter)
    gc.disable()  # as `kb check` does
    for _ in range(runs):
        if stage == "check":
            check(letter, AS_OF, reader=reader)
        elif stage == "extract":
            checker.extract(letter)
        else:
            checker.resolve_found(found)


def count(size: int, stage: str, runs: int, env: dict[str, str]) -> int:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        "--size",
        str(size),
        "--stage",
        stage,
        "--runs",
        str(runs),
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"callgrind printed no count:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--stage", choices=["check", "extract", "resolve"], default="check")
    parser.add_argument("--runs", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.size, args.stage, args.runs)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with private_store() as env:
        base, twice = count(args.size, args.stage, 0, env), count(args.size, args.stage, 2, env)
        per_call = (twice - base) / 2
        print(
            f"{args.stage} on {args.size:,} characters: {per_call / 1e6:,.1f} M instructions "
            f"per warm call, {per_call / args.size:,.0f} per character"
        )


if __name__ == "__main__":
    main()
