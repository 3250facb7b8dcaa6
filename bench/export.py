"""Peak memory and time of `kb export` and its restore on a whole-corpus store (issue 17).

Run by hand:  python bench/export.py [STORE] [--plain]

STORE (default /tmp/corpus/base.sqlite3) is copied to a temporary folder and brought
to the current schema there, so the file given is never written. Each step is a
fresh process, its peak RSS read from the kernel's account of that child (wait4):

- `kb export` to .json.gz (.json with --plain);
- the restore into an empty store (`kb.store.export.import_export`, as `kb import
  FILE` runs it, without the search index build that `kb import` does after);
- `kb export` of the restored store, compared byte for byte with the first;

beside the floor: a python that imports the export module and opens the store.
Goal: at most 300 MB peak RSS for export and restore.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        assert child.stderr is not None
        sys.exit(f"{' '.join(cmd)} failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", nargs="?", default="/tmp/corpus/base.sqlite3")
    parser.add_argument("--plain", action="store_true", help="export .json, not .json.gz")
    args = parser.parse_args()
    local = Path(sys.executable).parent / "kb"
    kb = str(local) if local.is_file() else (shutil.which("kb") or sys.exit("kb not found"))
    work = Path(tempfile.mkdtemp(prefix="kb-export-"))
    try:
        store, restored = work / "store.sqlite3", work / "restored.sqlite3"
        shutil.copyfile(args.store, store)
        env = dict(os.environ, KB_DATABASE_URL=f"sqlite:///{store}", KB_INDEX_DIR=str(work / "ix"))
        subprocess.run([kb, "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
        suffix = ".json" if args.plain else ".json.gz"
        first, second = work / f"first{suffix}", work / f"second{suffix}"
        floor = run(
            [
                sys.executable,
                "-c",
                "import sys, sqlite3, kb.store.export; "
                "sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM acts').fetchall()",
                str(store),
            ],
            env,
        )
        exported = run([kb, "export", str(first)], env)
        restore = run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; "
                "from kb.store.export import import_export; "
                "import_export(Path(sys.argv[1]), sys.argv[2])",
                str(first),
                f"sqlite:///{restored}",
            ],
            env,
        )
        env_restored = dict(env, KB_DATABASE_URL=f"sqlite:///{restored}")
        again = run([kb, "export", str(second)], env_restored)
        same = first.read_bytes() == second.read_bytes()
        mb = 1024 * 1024
        print(
            f"store {args.store}: {store.stat().st_size / mb:.0f} MB; export file "
            f"{first.stat().st_size / mb:.0f} MB ({suffix})"
        )
        print(f"{'':30}{'seconds':>9}{'peak RSS':>11}")
        for name, (s, rss) in [
            ("floor (python + sqlite3)", floor),
            ("kb export", exported),
            ("restore (import_export)", restore),
            ("kb export of the restored", again),
        ]:
            print(f"{name:30}{s:9.1f}{rss:8.0f} MB")
        print(f"export -> restore -> export byte-identical: {same}")
        print(f"goal <= 300 MB: export {exported[1]:.0f} MB, restore {restore[1]:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
