"""How exactly the applier reproduces the official consolidations of the corpus.

For each row of consolidation-triples.tsv: build the target from the stored previous
version and the named amending §§, compare unit by unit with the official target
(whitespace runs collapsed, notes apart) and count a § exact only if all its units are.

    KB_DATABASE_URL=sqlite:////tmp/wt-consolidate.sqlite3 python bench/consolidation.py
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
import time
from collections import Counter
from pathlib import Path

from kb.consolidate.apply import tree, units_of
from kb.consolidate.build import consolidate, parse_apply
from kb.consolidate.model import Unit
from kb.errors import NotFound, UsageError
from kb.store.read import Reader, open_reader

TRIPLES = Path(__file__).resolve().parents[2] / "shared/data/corpus/consolidation-triples.tsv"
_AMENDING = re.compile(r"(\d{4})-(\d+)\.xml\[(?:§ ?)?([^\]]+)\]")
_MINISTER = re.compile(r"\w*minist\w*", re.I)


def _sections(units: list[Unit]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for u in units:
        if not u.canonical.startswith("§"):
            continue
        par = u.canonical.split("/")[0]
        out.setdefault(par, {})[u.canonical] = " ".join((u.text or "").split())
    return out


def _minister_only(got: dict[str, str], want: dict[str, str]) -> bool:
    """Whether two §§ differ only where a minister or ministry is named (renames by
    royal resolution, which no amending act states)."""
    if set(got) != set(want):
        return False
    for key, text in want.items():
        a, b = got[key].split(), text.split()
        for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal" and not any(_MINISTER.search(w) for w in a[i0:i1] + b[j0:j1]):
                return False
    return True


def _version(reader: Reader, file: str) -> int | None:
    rows = reader.q("SELECT id FROM versions WHERE source_file = :f", f=file)
    return rows[0][0] if rows else None


def main() -> None:
    reader = open_reader()
    rows = list(csv.DictReader(TRIPLES.open(encoding="utf-8"), delimiter="\t"))
    totals: dict[str, Counter[str]] = {"core": Counter(), "all": Counter()}
    kinds: Counter[tuple[str, str]] = Counter()
    refusals: list[str] = []
    start = time.perf_counter()
    for row in rows:
        target_id, prev_id = _version(reader, row["target"]), _version(reader, row["previous"])
        if target_id is None or prev_id is None:
            continue
        prev = reader.version(prev_id)
        assert prev is not None
        choices = []
        for year, number, par in _AMENDING.findall(row["amending"]):
            ids = reader.q(
                "SELECT designation FROM versions WHERE source_file = :f", f=f"{year}-{number}.xml"
            )
            if ids and par == "whole act":
                # the act's §§ that amend this act (an act of one § names none)
                key = reader.q(
                    "SELECT a.key FROM acts a JOIN versions v ON v.act_id = a.id WHERE v.id = :v",
                    v=prev_id,
                )[0][0]
                for (label,) in reader.q(
                    "SELECT m.label FROM amendments m JOIN versions v ON v.id = m.version_id "
                    "WHERE v.source_file = :f AND m.act_key = :k ORDER BY m.ord",
                    f=f"{year}-{number}.xml",
                    k=key,
                ):
                    choices.append(parse_apply(f"{ids[0][0]} {label}"))
            elif ids:
                try:
                    choices.append(parse_apply(f"{ids[0][0]} § {par.strip()}"))
                except UsageError:
                    print(f"{row['target']}: cannot read [§ {par}]", file=sys.stderr)
        try:
            result = consolidate(reader, prev, choices)
        except NotFound as e:
            print(f"{row['target']}: {e}", file=sys.stderr)
            continue
        for a in result.applied:
            for o in a.instructions:
                kinds[(o.kind, o.reason or "applied")] += 1
                if o.status == "refused":
                    refusals.append(
                        f"{row['target']}\t{a.designation} {a.paragraf} nr. {o.nr}"
                        f"\t{o.reason}\t{o.text[:100]}"
                    )
        got = _sections(list(result.units))
        want = _sections(units_of(tree(reader.units(target_id))))
        before = _sections(units_of(tree(reader.units(prev_id))))
        scopes = ["all", "core"] if row["social"].startswith("core") else ["all"]
        for par, units in want.items():
            changed = before.get(par) != units
            exact = got.get(par) == units
            for s in scopes:
                c = totals[s]
                if changed:
                    c["changed"] += 1
                    c["changed exact"] += exact
                    if not exact and got.get(par) is not None:
                        c["minister"] += _minister_only(got[par], units)
                else:
                    c["unchanged"] += 1
                    c["unchanged identical"] += exact
        for par in before:
            if par not in want:
                for s in scopes:
                    totals[s]["removed"] += 1
                    totals[s]["removed gone"] += par not in got
    elapsed = time.perf_counter() - start
    for scope, c in totals.items():
        ch, un = c["changed"] or 1, c["unchanged"] or 1
        print(
            f"{scope}: changed or added §§ exact {c['changed exact']}/{c['changed']}"
            f" = {100 * c['changed exact'] / ch:.1f}%"
            f" (+{c['minister']} differing only in a minister's name);"
            f" unchanged identical {c['unchanged identical']}/{c['unchanged']}"
            f" = {100 * c['unchanged identical'] / un:.1f}%;"
            f" removed §§ gone {c['removed gone']}/{c['removed']}"
        )
    print("\nkind\toutcome\tcount")
    for (kind, outcome), n in sorted(kinds.items()):
        print(f"{kind}\t{outcome}\t{n}")
    print(f"\ntime for {len(rows)} triples: {elapsed:.1f} s")
    if "--refused" in sys.argv:
        print("\n".join(refusals))


if __name__ == "__main__":
    main()
