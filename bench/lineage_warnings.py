"""How often a correct citation carries the warning that no stored consolidation
includes an amendment (`amendment_not_consolidated`), on the social acts.

Run by hand:  python bench/lineage_warnings.py [--corpus /tmp/corpus/love] [--store PATH]

The chains of serviceloven, retssikkerhedsloven and sygedagpengeloven (every LBK
of the 2010-2017 corpus with their titles) and every amending act their
<Indledning>s name that the corpus holds are imported into a new store. The
text of each act's newest consolidation is then checked as a letter against
that act (`--law`), as of the day that consolidation applies from: each
amendment in force that day is either in that consolidation or, by its own
words, not included, so a warning on a correct target is false unless the
consolidation says the change is not included. The files are chosen with a
pattern of this script's own (not lovkb's lineage reader), so that two
versions of lovkb compare on the same store: run it once on this tree and once
with `PYTHONPATH=/path/to/other/tree`.

The figures: targets read, those `ok`, those of them with the warning, and the
warnings by the amending act they name, each marked "said not included" when
the consolidation's own <Indledning> says so.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT.parent / "shared" / "data" / "corpus" / "index.tsv"
TITLES = {
    "serviceloven": "Bekendtgørelse af lov om social service",
    "retssikkerhedsloven": "Bekendtgørelse af lov om retssikkerhed og administration på det "
    "sociale område",
    "sygedagpengeloven": "Bekendtgørelse af lov om sygedagpenge",
}
_LOV = re.compile(r"\blov\s+nr\.\s*(\d+)\s+af\s+\d{1,2}\.\s*[a-zæøå]+\s+(\d{4})")
_INDLEDNING = re.compile(r"<Indledning>(.*?)</Indledning>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def files(corpus: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """The LBKs of each act, and the amending acts their <Indledning>s name."""
    with INDEX.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    kinds = {r["file"]: r["document_type"] for r in rows}
    chains = {
        law: sorted(
            corpus / r["file"] for r in rows if r["title"] == title and "LBK" in kinds[r["file"]]
        )
        for law, title in TITLES.items()
    }
    amending = set()
    for path in (p for chain in chains.values() for p in chain):
        head = _INDLEDNING.search(path.read_text(encoding="utf-8"))
        words = _TAGS.sub(" ", head.group(1)) if head else ""
        for number, year in _LOV.findall(words):
            name = f"{year}-{number}.xml"
            if kinds.get(name, "").startswith("LOV Æ"):
                amending.add(corpus / name)
    return chains, sorted(amending)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/corpus/love"))
    parser.add_argument("--store", type=Path, help="keep the store here (default: a temporary one)")
    args = parser.parse_args()

    import kb
    from kb.api import check
    from kb.ingest.load import import_files
    from kb.store.read import open_reader

    print(f"lovkb from {Path(kb.__file__).parent}")
    chains, amending = files(args.corpus)
    folder = Path(tempfile.mkdtemp(prefix="lineage-bench-"))
    url = f"sqlite:///{args.store or folder / 'kb.sqlite3'}"
    paths = [p for chain in chains.values() for p in chain] + amending
    started = time.perf_counter()
    import_files(paths, url)
    print(
        f"imported {sum(map(len, chains.values()))} LBKs and {len(amending)} amending acts "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for law, chain in chains.items():
        with open_reader(url) as reader:
            versions = [
                v
                for p in chain
                for v in reader.q(
                    "SELECT id FROM versions WHERE source_file LIKE :f", f=f"%{p.name}"
                )
            ]
            stored = [reader.version(i) for (i,) in versions]
            newest = max((v for v in stored if v), key=lambda v: v.in_force_from or "")
            letter = "\n".join(u.text for u in reader.units(newest.id) if u.text)
            lineage = newest.lineage or ""
        day = dt.date.fromisoformat(newest.in_force_from or newest.date_signed or "2017-01-01")
        started = time.perf_counter()
        result = check(letter, day, law=law, url=url)
        took = time.perf_counter() - started
        targets = result.targets
        ok = [t for t in targets if t.status == "ok"]
        warned = [t for t in ok if any(w.code == "amendment_not_consolidated" for w in t.warnings)]
        by_act: collections.Counter[str] = collections.Counter()
        for t in warned:
            for w in t.warnings:
                if w.code == "amendment_not_consolidated":
                    m = re.search(r"LOV nr (\d+) af \d\d/\d\d/(\d{4})", w.message)
                    by_act[f"{m.group(2)}-{m.group(1)}" if m else "?"] += 1
        rate = len(warned) / len(ok) if ok else 0.0
        print(
            f"\n{law}: {newest.designation} as of {day}: {len(targets)} targets, {len(ok)} ok, "
            f"{len(warned)} of them warned ({rate:.1%}) [{took:.1f} s]"
        )
        for act, n in by_act.most_common():
            year, number = act.split("-") if "-" in act else ("?", "?")
            said = re.search(rf"lov nr\. {number} af [^,]*{year}[^.]*?er ikke", lineage)
            mark = "  (said not included)" if said else ""
            print(f"  {n:5d}  lov nr. {number}/{year}{mark}")


if __name__ == "__main__":
    sys.exit(main())
