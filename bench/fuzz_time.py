"""Time of `kb.check` on inputs built to provoke backtracking (issue: reliability).

Run by hand:  python bench/fuzz_time.py [--sizes 1 10 100 1000]

Each pattern is repeated to n kB and checked once, in-process, against the
bundled store. The bound is linear: n kB in at most n × 10 ms. The table
prints ms per kB for every pattern and size, and the worst ratio to the
bound; then real statute prose at 10 MB with and without line breaks, and on one line
read as a statute's own text (`statute=True`), and every pattern so at the largest size.
(Correctness under arbitrary input is the job of the hypothesis tests
in tests/test_properties.py; this script is about time.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from kb.api import check
from kb.ingest.setup import open_store

BOUND_MS_PER_KB = 10.0

PATTERNS: dict[str, str] = {
    "§ runs": "§ ",
    "§§ without numbers": "§§§§ ",
    "list never ends": "1, 2, 3 og ",
    "stk. list": "stk. 1, ",
    "pkt. ordinals": "1., 2., 3. og ",
    "nr. after lead": "efter nr. 1, ",
    "jf. chain": "§ 1, jf. ",
    "act names": "forvaltningslovens lov om social service loven ",
    "lov om title": "lov om social service og ",
    "versions": "lovbekendtgørelse nr. 1 af 1. januar ",
    "practice": "SM C-37- ",
    "letters": "§ 11 a b c d e f g h ",
    "digits": "1234567890",
    "one long word": "a",
    "placeholder": "§ ---- ",
    "quotes": "»§ 24.« ",
    "mixed unicode": "§\u00ad2\u200d4\u00a0stk.\u20092 ",
}


def random_text(n: int, rng: random.Random) -> str:
    alphabet = "§ stk.nr.pkt,og1234567890abcæøå-–\n\u00a0»«()"
    return "".join(rng.choice(alphabet) for _ in range(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000], help="kB")
    args = parser.parse_args()
    reader = open_store()
    day = dt.date(2024, 1, 1)
    check("§ 1", day, reader=reader)  # warm: lexicon and patterns compiled
    rng = random.Random(1)
    cases = dict(PATTERNS)
    cases["random"] = random_text(4096, rng)
    print(f"{'pattern':<22}" + "".join(f"{s:>9} kB" for s in args.sizes) + "   (ms per kB)")
    worst = 0.0
    for name, unit in cases.items():
        cells = []
        for size in args.sizes:
            n = size * 1000
            text = (unit * (n // len(unit) + 1))[:n]
            start = time.perf_counter()
            check(text, day, reader=reader)
            ms = (time.perf_counter() - start) * 1000
            per_kb = ms / size
            worst = max(worst, per_kb / BOUND_MS_PER_KB)
            cells.append(f"{per_kb:>12.3f}")
        print(f"{name:<22}" + "".join(cells))
    # Real prose at 10 MB, as letters come and as one line (no line breaks at all: the
    # line and column of each citation were once found by searching back to the start).
    from check_throughput import corpus, letter_of

    prose = corpus(reader)
    print()
    for name, text, statute in (
        ("statute prose, 10 MB", letter_of(prose, 10_000_000), False),
        ("the same on one line", letter_of(prose, 10_000_000).replace("\n", " "), False),
        # read as aktivloven's own text (`--statute`), whose reading weighs a citation
        # against the sentence it stands in and the acts named there
        ("… read as a statute", letter_of(prose, 10_000_000).replace("\n", " "), True),
    ):
        start = time.perf_counter()
        if statute:
            check(text, day, law="aktivloven", statute=True, reader=reader)
        else:
            check(text, day, reader=reader)
        per_kb = (time.perf_counter() - start) * 1000 / 10_000
        worst = max(worst, per_kb / BOUND_MS_PER_KB)
        print(f"{name:<22}{per_kb:>12.3f}")
    # every pattern at the largest size, read as a statute
    size = max(args.sizes)
    print(f"\n{'as a statute':<22}{size:>9} kB")
    for name, unit in cases.items():
        n = size * 1000
        text = (unit * (n // len(unit) + 1))[:n]
        start = time.perf_counter()
        check(text, day, law="aktivloven", statute=True, reader=reader)
        per_kb = (time.perf_counter() - start) * 1000 / size
        worst = max(worst, per_kb / BOUND_MS_PER_KB)
        print(f"{name:<22}{per_kb:>12.3f}")
    print()
    print(f"worst: {worst:.2f} of the bound ({BOUND_MS_PER_KB:g} ms per kB); goal < 1")


if __name__ == "__main__":
    main()
