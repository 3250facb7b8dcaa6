"""Cold `kb show` against a floor, each a fresh process (issue: the core).

Run by hand:  python bench/cold_show.py [runs]
Prints the median wall time of `kb show "forvaltningsloven § 24, stk. 2"`
and of the floor (a python that imports typer and sqlite3 and runs one
indexed SELECT on the same store), and their ratio. Goal: ratio <= 1.5.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    work = Path(tempfile.mkdtemp())
    db = work / "kb.sqlite3"
    env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{db}")
    kb = shutil.which("kb") or sys.exit("kb is not on PATH: pip install . first")
    subprocess.run([kb, "db", "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    show = [kb, "show", "forvaltningsloven § 24, stk. 2"]
    floor = [
        sys.executable,
        "-c",
        "import typer, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"SELECT text FROM units WHERE version_id = 1 AND path = '§24/s2'\").fetchall()",
        str(db),
    ]
    timed(show, env)  # warm the OS file cache once, as a user's second call would
    show_t = [timed(show, env) for _ in range(runs)]
    floor_t = [timed(floor, env) for _ in range(runs)]
    s, f = statistics.median(show_t), statistics.median(floor_t)
    print(f"runs per command:     {runs}")
    print(f"kb show (median):     {s * 1000:.0f} ms")
    print(f"floor (median):       {f * 1000:.0f} ms")
    print(f"ratio:                {s / f:.2f}x   (goal <= 1.5x)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "note: PYTHONDONTWRITEBYTECODE is set, so an editable install recompiles lovkb's "
            "modules on every start (~50 ms). Measure the figure users see with the `kb` of a "
            "`pip install .` venv first on PATH (pip writes the bytecode at install)."
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
