"""Regenerate the bundled statutes in sources/ from the corpus archive.

Run by hand from the repository root (after a change to the selection below, or to check
that the bundle is what the archive gives):

    python tools/bundle_sources.py          # writes sources/*.xml.xz and sources/README.md's table
    python tools/bundle_sources.py --check  # changes nothing; exit 1 if the bundle differs

It lives in tools/, not bench/: bench/ holds measurements that print figures and change
nothing, while this writes the files the wheel ships.

What is bundled, for each act in `ACTS` (found by its exact title in the corpus's index.tsv):
- its two newest versions by signing date (`DiesSigni`): consolidations (LBK H), or the original
  act (LOV H) where the corpus holds no two consolidations (offentlighedsloven: LOV 606/2013 only);
- the amending acts (LOV Æ) between and after them that the corpus holds: those the newest
  version's `<Indledning>` names (folded in, or said not to be folded in yet) and those its
  `Meta/AendresAf` lists as later changes.
Acts of their own (LOV H) that amend an act in one of their §§ are named in the table but not
bundled: each would enter the store as an act of its own.

The output is deterministic: the same archive gives the same bytes (each member is read as it
is, compressed with one fixed xz preset; the table is sorted). Files already in sources/ as
plain `.xml` (the six of the first bundle, which tests and the README cite by path) are checked
against the archive, byte for byte, and kept as they are.
"""

from __future__ import annotations

import argparse
import csv
import lzma
import re
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kb.text import MONTHS  # "januar" -> 1

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
ARCHIVE = CORPUS / "lexdania-2010-2017.tar.xz"
INDEX = CORPUS / "index.tsv"
SOURCES = ROOT / "sources"
README = SOURCES / "README.md"
BEGIN, END = "<!-- bundle:begin -->", "<!-- bundle:end -->"
PRESET = 9 | lzma.PRESET_EXTREME

# The acts, by the name caseworkers use and the title the corpus gives their versions (without
# "Bekendtgørelse af "; an original act's title starts with "Lov om").
ACTS = [
    ("forvaltningsloven", "forvaltningsloven"),
    ("offentlighedsloven", "lov om offentlighed i forvaltningen"),
    ("retssikkerhedsloven", "lov om retssikkerhed og administration på det sociale område"),
    ("serviceloven", "lov om social service"),
    ("aktivloven", "lov om aktiv socialpolitik"),
    ("sygedagpengeloven", "lov om sygedagpenge"),
    ("pensionsloven", "lov om social pension"),
    (
        "førtidspension",
        "lov om højeste, mellemste, forhøjet almindelig og almindelig førtidspension m.v.",
    ),
    ("beskæftigelsesloven", "lov om en aktiv beskæftigelsesindsats"),
    ("boligstøtteloven", "lov om individuel boligstøtte"),
    ("integrationsloven", "lov om integration af udlændinge i danmark (integrationsloven)"),
    (
        "dagtilbudsloven",
        "lov om dag-, fritids- og klubtilbud m.v. til børn og unge (dagtilbudsloven)",
    ),
    ("kommunestyrelsesloven", "lov om kommunernes styrelse"),
    ("socialtilsynsloven", "lov om socialtilsyn"),
]

_LOV_WRITTEN = re.compile(r"\blov nr\. ?(\d+) af (\d{1,2})\. (\w+) (\d{4})")
_LOV_SHORT = re.compile(r"^LOV nr (\d+) af (\d\d)/(\d\d)/(\d{4})")
_BASE = re.compile(r"jf\. lovbekendtgørelse nr\. ?(\d+) af (\d{1,2})\. (\w+) (\d{4})")


@dataclass
class Row:
    file: str
    doc_type: str  # "LBK H", "LOV H", "LOV Æ"
    title: str


@dataclass
class Meta:
    signed: str  # ISO date
    lineage: str
    later: list[str]  # AendresAf: "LOV nr 1543 af 13/12/2016"


@dataclass
class Entry:
    file: str
    act: str
    role: str
    why: str


@dataclass
class Selection:
    entries: list[Entry] = field(default_factory=list)
    not_bundled: list[str] = field(default_factory=list)  # lines for the table's notes


def read_index() -> dict[str, Row]:
    with INDEX.open(encoding="utf-8") as f:
        return {
            r["file"]: Row(r["file"], r["document_type"].split("#")[0], r["title"])
            for r in csv.DictReader(f, delimiter="\t")
        }


def members(names: set[str]) -> dict[str, bytes]:
    """The archive's `love/NAME` members named, read in one pass."""
    out: dict[str, bytes] = {}
    with tarfile.open(ARCHIVE, "r:xz") as archive:
        for member in archive:
            name = Path(member.name).name
            if member.isfile() and name in names:
                data = archive.extractfile(member)
                assert data is not None
                out[name] = data.read()
                if len(out) == len(names):
                    break
    missing = names - set(out)
    if missing:
        sys.exit(f"not in the archive: {sorted(missing)}")
    return out


def meta(data: bytes) -> Meta:
    # The corpus files carry no DTD; the parser is the importer's safe one all the same.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    m = root.find("Meta")
    assert m is not None
    indledning = root.find(".//Indledning")
    lineage = " ".join("".join(indledning.itertext()).split()) if indledning is not None else ""
    later = [
        (d.findtext("KortNavn") or "").strip()
        for d in m.iterfind("AendresAf/Dokument")
        if (d.findtext("KortNavn") or "").strip().startswith("LOV")
    ]
    return Meta(m.findtext("DiesSigni") or "", lineage, later)


def _iso(day: str, month: str, year: str) -> str:
    return f"{year}-{MONTHS[month.lower()]:02d}-{int(day):02d}"


def select(index: dict[str, Row]) -> tuple[Selection, dict[str, bytes]]:
    def bare(title: str) -> str:
        return re.sub(r"^Bekendtgørelse af ", "", " ".join(title.split())).lower()

    versions = {
        name: [
            r.file
            for r in index.values()
            if r.doc_type in ("LBK H", "LOV H") and bare(r.title) == title
        ]
        for name, title in ACTS
    }
    data = members({f for files in versions.values() for f in files})
    metas = {f: meta(b) for f, b in data.items()}
    chosen: dict[str, list[str]] = {}
    amending: dict[str, list[tuple[str, str, str]]] = {}  # file -> [(act, where, by)]
    sel = Selection()
    for name, _title in ACTS:
        by_date = sorted(versions[name], key=lambda f: (metas[f].signed, f))
        if not by_date:
            sys.exit(f"{name}: no version in the corpus")
        newest, *before = reversed(by_date)
        chosen[name] = [newest, *before[:1]]
        m = metas[newest]
        base = _BASE.search(m.lineage)
        if before and base:
            named = f"{base.group(4)}-{base.group(1)}.xml"
            if named != before[0]:
                sel.not_bundled.append(
                    f"{name}: {newest} is based on LBK {base.group(1)}/{base.group(4)}, which "
                    f"the corpus lacks; the version before it in the corpus is {before[0]}"
                )
        # Amending acts the newest version names: in its lineage sentence, then in AendresAf.
        named_laws: list[tuple[str, str, str]] = []
        for number, day, month, year in _LOV_WRITTEN.findall(m.lineage):
            if month.lower() in MONTHS:
                named_laws.append((f"{year}-{number}.xml", _iso(day, month, year), "lineage"))
        for short in m.later:
            if found := _LOV_SHORT.match(short):
                number, day, month, year = found.groups()
                named_laws.append((f"{year}-{number}.xml", f"{year}-{month}-{day}", "later"))
        seen: set[str] = set()
        for file, _signed, where in named_laws:
            if file in seen:
                continue
            seen.add(file)
            row = index.get(file)
            if row is None:
                number = file[:-4].split("-")
                sel.not_bundled.append(
                    f"{name}: {newest} names LOV {number[1]}/{number[0]}, not in the corpus"
                )
            elif row.doc_type != "LOV Æ":
                sel.not_bundled.append(
                    f"{name}: {newest} names {file} ({row.doc_type}, an act of its own)"
                )
            else:
                amending.setdefault(file, []).append((name, where, newest))
    extra = members(set(amending))
    for file, b in extra.items():
        metas[file] = meta(b)
    data |= extra
    for name, files in chosen.items():
        for i, f in enumerate(files):
            role = "newest version" if i == 0 else "version before"
            kind = index[f].doc_type
            sel.entries.append(Entry(f, name, role, f"{kind} signed {metas[f].signed}"))
    for file, uses in sorted(amending.items()):
        acts = sorted({a for a, _w, _b in uses}, key=[n for n, _t in ACTS].index)
        how = {"lineage": "named in the lineage of", "later": "a later change listed by"}
        why = "; ".join(f"{how[w]} {b} ({a})" for a, w, b in sorted(uses, key=lambda u: u[2]))
        sel.entries.append(
            Entry(
                file, ", ".join(acts), "amending act", f"LOV Æ signed {metas[file].signed}; {why}"
            )
        )
    return sel, data


def write(sel: Selection, data: dict[str, bytes], check: bool) -> bool:
    """Write (or compare) the bundle; True when sources/ already was what the archive gives."""
    same = True
    wanted: set[str] = set()
    for e in sel.entries:
        plain = SOURCES / e.file
        if plain.is_file():
            if plain.read_bytes() != data[e.file]:
                sys.exit(f"{plain} differs from the archive's {e.file}")
            wanted.add(plain.name)
            continue
        packed = SOURCES / (e.file + ".xz")
        wanted.add(packed.name)
        if packed.is_file() and lzma.decompress(packed.read_bytes()) == data[e.file]:
            continue
        same = False
        print(("differs: " if check else "writing: ") + packed.name)
        if not check:
            packed.write_bytes(lzma.compress(data[e.file], preset=PRESET))
    for stale in sorted(SOURCES.glob("*.xml.xz")):
        if stale.name not in wanted:
            same = False
            print(("not in the selection: " if check else "removing: ") + stale.name)
            if not check:
                stale.unlink()
    table = _table(sel)
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    if text[start:end] != table:
        same = False
        print(("differs: " if check else "writing: ") + "the table in sources/README.md")
        if not check:
            README.write_text(text[:start] + table + text[end:], encoding="utf-8")
    return same


def _table(sel: Selection) -> str:
    order = {name: i for i, (name, _t) in enumerate(ACTS)}
    roles = {"newest version": 0, "version before": 1, "amending act": 2}

    def key(e: Entry) -> tuple[int, int, str]:
        first = e.act.split(", ")[0]
        return (roles[e.role], order.get(first, 99), e.file)

    lines = ["", "| file | act | role | why |", "|---|---|---|---|"]
    for e in sorted(sel.entries, key=key):
        packed = (SOURCES / e.file).is_file()
        shown = e.file if packed else e.file + ".xz"
        lines.append(f"| `{shown}` | {e.act} | {e.role} | {e.why} |")
    lines.append("")
    if sel.not_bundled:
        lines.append("Named but not bundled, or told apart:")
        lines.append("")
        lines += [f"- {n}" for n in sorted(set(sel.not_bundled))]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    args = parser.parse_args()
    sel, data = select(read_index())
    same = write(sel, data, args.check)
    total = sum(
        (SOURCES / e.file).stat().st_size
        if (SOURCES / e.file).is_file()
        else (SOURCES / (e.file + ".xz")).stat().st_size
        for e in sel.entries
        if (SOURCES / e.file).is_file() or (SOURCES / (e.file + ".xz")).is_file()
    )
    raw = sum(len(data[e.file]) for e in sel.entries)
    print(f"{len(sel.entries)} files: {raw / 1e6:.1f} MB of XML, {total / 1e6:.2f} MB in sources/")
    if args.check and not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
