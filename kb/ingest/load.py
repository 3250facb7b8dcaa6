"""Write documents into the store, each file in one transaction.

`import_files` is the one path by which statute text enters the store: the
real Retsinformation XML and the hand-made bundled sources alike. A file
that fails leaves the store exactly as it was; a file already imported is
reported as unchanged and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import lzma
import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from kb.citation.names import ActEntry, Registry, genitive, registry, title_key
from kb.config import IMPORTER_VERSION
from kb.errors import SourceError
from kb.i18n import _, ngettext
from kb.ingest import amendments
from kb.ingest.commencement import read_commencement, sections_of
from kb.ingest.document import Document, DocumentMeta, Node
from kb.ingest.lexdania import MAX_BYTES, parse_bytes, read_file
from kb.ingest.tables import import_table, load_tables
from kb.store.engine import bump_generation, make_engine, recompute_chain, session_scope, upgrade
from kb.store.export import import_export, is_export
from kb.store.schema import (
    Act,
    ActName,
    Unit,
    Version,
)
from kb.text import fold
from kb.units import unit_text


@dataclass(frozen=True)
class ImportResult:
    path: str
    status: str  # "new act" | "new version" | "unchanged"
    act: str
    version: str

    def __str__(self) -> str:
        statuses = {
            "new act": _("new act"),
            "new version": _("new version"),
            "unchanged": _("unchanged"),
            "restored": _("restored"),
            "loaded": _("loaded"),
        }
        status = statuses.get(self.status, self.status)
        return f"{self.path}: {status}: {self.act}, {self.version}"


_SOURCE_SUFFIXES = (".xml", ".xml.xz", ".toml")


def source_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with each folder replaced by its .xml, .xml.xz and .toml files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.name.lower().endswith(_SOURCE_SUFFIXES))
            if not found:
                raise SourceError(str(p), _("is a folder with no .xml or .toml files"))
            out += found
        else:
            out.append(p)
    return out


def import_files(
    paths: Iterable[str | Path],
    url: str | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    on_refused: Callable[[SourceError], None] | None = None,
    sources: Mapping[str, str] | None = None,
) -> list[ImportResult]:
    """Import LexDania files, each in its own transaction, in the order given.

    `sources` gives, by a file's path, where its content came from (`kb update`: the
    address and the time fetched), stored as the version's source.

    A `.toml` file is a table source in the format of the bundled
    practice.toml or concepts.toml. Folders stand for the files in them. A
    file that cannot be imported raises `SourceError` — or, with
    `on_refused`, is reported there and the next file is taken. Either way
    nothing of a refused file is stored, and the files before it stay.
    """
    files = source_files(paths)
    ahead = _Ahead.start(files)  # forked before any connection is opened
    upgrade(url)
    engine = make_engine(url)
    results = []
    try:
        for path in files:
            try:
                if is_export(Path(path)):
                    counts = import_export(Path(path), url)
                    rows = sum(counts.values())
                    what = ngettext("{count} row", "{count} rows", rows).format(count=rows)
                    result = ImportResult(str(path), "restored", what, _("export"))
                elif str(path).lower().endswith(".toml"):
                    kind, count = import_table(engine, Path(path))
                    name = Path(path).name
                    result = ImportResult(str(path), "loaded", _entries(kind, count), name)
                else:
                    # parsed before the transaction opens: ahead, in another process,
                    # when there are many
                    doc = ahead.read(path) if ahead is not None else read_source(path)
                    with session_scope(engine) as session:
                        source = (sources or {}).get(str(path))
                        result = import_document(session, doc, source=source)
            except SourceError as exc:
                if on_refused is None:
                    raise
                on_refused(exc)
                continue
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        engine.dispose()
        if ahead is not None:
            ahead.close()
    return results


class _Ahead:
    """LexDania files parsed in a forked process a few files ahead of the import.

    Parsing a file depends on the file alone and is about half an import's time
    (the whole corpus: some 17 of 36 s), so with a CPU to spare it is done beside
    the writing. At most `WINDOW` parsed files wait, so memory stays that of a few
    documents. A file's refusal is raised here, in its turn, as its own; any other
    failure is met again by parsing the file here.
    """

    WINDOW = 8
    MIN_FILES = 64

    def __init__(self, paths: list[Path]) -> None:
        import multiprocessing

        self._paths = iter(paths)
        self._pool = multiprocessing.get_context("fork").Pool(1)
        self._waiting: deque[tuple[str, Any]] = deque()
        for _n in range(self.WINDOW):
            self._submit()

    @classmethod
    def start(cls, files: list[Path]) -> _Ahead | None:
        import multiprocessing
        import os

        plain = [
            p for p in files if not is_export(Path(p)) and not str(p).lower().endswith(".toml")
        ]
        if (
            len(plain) < cls.MIN_FILES
            or (os.cpu_count() or 1) < 2
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return None
        return cls(plain)

    def _submit(self) -> None:
        path = next(self._paths, None)
        if path is not None:
            self._waiting.append((str(path), self._pool.apply_async(_parsed, (str(path),))))

    def read(self, path: str | Path) -> Document:
        name, pending = self._waiting.popleft()
        assert name == str(path), (name, path)  # the files are taken in the order given
        self._submit()
        kind, *value = pending.get()
        if kind == "ok":
            return cast(Document, value[0])
        if kind == "refused":
            raise SourceError(*value)
        return read_source(path)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


def _parsed(path: str) -> tuple[Any, ...]:
    """`read_source` in `_Ahead`'s process, its refusal as plain values (a SourceError
    does not survive pickling)."""
    try:
        return ("ok", read_source(path))
    except SourceError as exc:
        return ("refused", exc.path, exc.reason, exc.line)
    except Exception:
        return ("again",)


def read_source(path: str | Path) -> Document:
    """A LexDania file, plain or xz-compressed (`.xml.xz`, as the bundled statutes are).

    A compressed file is unpacked in memory, never beyond the size a plain file may
    have, and then read exactly as a plain one: the same refusal of DTDs, entities
    and anything that is not LexDania.
    """
    name = str(path)
    if not name.lower().endswith(".xz"):
        return read_file(path)
    try:
        with open(path, "rb") as f:
            packed = f.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or exc
        raise SourceError(name, _("cannot be read ({reason})").format(reason=reason)) from None
    unpacker = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    try:
        data = unpacker.decompress(packed, max_length=MAX_BYTES + 1)
    except lzma.LZMAError as exc:
        reason = _("is not a readable .xz file ({reason})").format(reason=exc)
        raise SourceError(name, reason) from None
    if len(data) > MAX_BYTES or len(packed) > MAX_BYTES:
        limit = MAX_BYTES // 10**6
        raise SourceError(name, _("unpacks to over {limit} MB; refused").format(limit=limit))
    if not unpacker.eof or unpacker.unused_data:
        raise SourceError(name, _("is a truncated or multi-part .xz file; refused"))
    return parse_bytes(data, name)


def _entries(kind: str, count: int) -> str:
    """ "11 concept entries": what a table file held."""
    forms = {
        "practice": ngettext("{count} practice entry", "{count} practice entries", count),
        "concept": ngettext("{count} concept entry", "{count} concept entries", count),
        "counterpart": ngettext("{count} counterpart entry", "{count} counterpart entries", count),
    }
    return forms.get(kind, "{count} " + kind).format(count=count)


def import_document(
    session: Session, doc: Document, names: Registry | None = None, *, source: str | None = None
) -> ImportResult:
    names = names or registry()
    meta = doc.meta
    # 545 consolidations lack a PopularTitle; many still give it in their title:
    # "… til børn og unge (dagtilbudsloven)".
    popular = meta.popular_title or (None if meta.is_amending else _named_in_title(meta.title))
    key, entry = names.identify(meta.title, popular)
    if meta.is_amending:
        # An amending act is a document of its own, named by its title.
        key, entry = title_key(meta.title), None
    # A bundled `.xml.xz` is stored under the name of the document it holds.
    short = Path(doc.path).name.removesuffix(".xz")

    existing = _find_existing(session, key, meta.designation, meta.accession)
    if existing is not None:
        if existing.source_sha256 == doc.sha256:
            return ImportResult(short, "unchanged", existing.act.key, existing.designation)
        raise SourceError(
            doc.path,
            _(
                "{version} is already stored (from {file}, sha256 {sha256}…) with different "
                "content; refusing to replace a stored version"
            ).format(
                version=meta.designation,
                file=existing.source_file,
                sha256=existing.source_sha256[:12],
            ),
        )

    names_before = amendments.mark(session)
    act = session.scalar(select(Act).where(Act.key == key))
    if act is None and not meta.is_amending:
        act = _same_act(session, meta.title, popular)
        if act is not None and popular and act.popular_title is None:
            # The act was stored under its title; its popular name is the key.
            act.key = key
    status = "new version"
    if act is None:
        status = "new act"
        act = Act(key=key, title=_act_title(meta.title), popular_title=popular)
        session.add(act)
        session.flush()
    elif popular and not act.popular_title:
        act.popular_title = popular
    _add_names(session, act, meta.title, popular, entry)

    took_effect = in_force(doc)
    version = Version(
        act_id=act.id,
        doc_type=meta.doc_type,
        document_type_raw=meta.document_type_raw,
        is_amending=meta.is_amending,
        number=meta.number,
        year=meta.year,
        date_signed=meta.date_signed,
        accession=meta.accession,
        designation=meta.designation,
        eli=meta.eli,
        title=meta.title,
        status=meta.status,
        in_force_from=meta.attested_from or took_effect.day,
        in_force_known=meta.attested_from is not None or took_effect.known,
        in_force_rule=None if meta.attested_from else took_effect.rule,
        in_force_to=meta.attested_until + dt.timedelta(days=1) if meta.attested_until else None,
        attested=meta.attested_from is not None,
        source_start_date=meta.start_date,
        source_end_date=meta.end_date,
        published=meta.published,
        later_changes=_later_changes_json(meta),
        historic_since=meta.historic_since,
        is_partial=meta.partial,
        lineage=doc.lineage,
        ministry=meta.ministry,
        source=source or meta.source or "Retsinformation (LexDania 2.1 XML)",
        source_file=short,
        source_sha256=doc.sha256,
        importer_version=IMPORTER_VERSION,
        imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
        note=meta.note,
    )
    session.add(version)
    session.flush()
    rows, dropped = unit_rows(doc.body, version.id)
    if dropped:
        extra = "Duplicate citation addresses not made citable: " + ", ".join(dropped) + "."
        version.note = f"{version.note}\n{extra}" if version.note else extra
    if rows:
        # A Core insert of the table, not the ORM's bulk insert of `Unit`: one
        # executemany, where the ORM (wanting the new ids back) sends the rows in
        # some 19,000 statements (first use of the bundle: 3.2 s of CPU with the
        # ORM's, 2.5 s with this).
        session.execute(insert(cast(Table, Unit.__table__)), rows)
    # Which act each amending § changes, for `kb.history.effects`; and the rows that
    # this document's names or designation now answer.
    amendments.after_import(session, version.id, rows, names_before)
    recompute_chain(session, act)
    bump_generation(session)
    return ImportResult(short, status, act.key, version.designation)


def _find_existing(
    session: Session, key: str, designation: str, accession: str | None
) -> Version | None:
    if accession:
        found = session.scalar(select(Version).where(Version.accession == accession))
        if found is not None:
            return found
    return session.scalar(
        select(Version).join(Act).where(Act.key == key, Version.designation == designation)
    )


_NAME_IN_TITLE = re.compile(r"\(([a-zæøå]+(?:-[a-zæøå]+)*loven)\)\s*$")


def _named_in_title(title: str) -> str | None:
    """The popular name a title ends with in parentheses ("(dagtilbudsloven)")."""
    m = _NAME_IN_TITLE.search(title)
    return m.group(1) if m else None


def _same_act(session: Session, title: str, popular: str | None) -> Act | None:
    """The stored act this document is a version of, found by its title or popular
    name where its key does not tell (a version without a PopularTitle, or the act
    stored first under its title): one act, or none when the names fit several."""
    wanted = [title_key(title)] + ([fold(popular)] if popular else [])
    ids = set(
        session.scalars(
            select(ActName.act_id)
            .join(Act, Act.id == ActName.act_id)
            .where(ActName.name.in_(wanted), ActName.form.in_(("key", "title", "popular")))
            .where(Act.versions.any(Version.is_amending.is_(False)))
        )
    )
    return session.get(Act, ids.pop()) if len(ids) == 1 else None


def _act_title(title: str) -> str:
    return re.sub(r"^Bekendtgørelse af\s+", "", title).strip()


def _add_names(
    session: Session, act: Act, title: str, popular: str | None, entry: ActEntry | None
) -> None:
    """Store every name this document gives its act, and the registry's names for it.

    From the document: its title (without "Bekendtgørelse af "; and without a
    popular name in parentheses at its end as well: "lov om integration af
    udlændinge i danmark (integrationsloven)"), its popular name, and the
    genitive of a popular name ending in "loven" ("servicelovens").
    """
    wanted: list[tuple[str, str]] = [(act.key, "key"), (title_key(title), "title")]
    if (named := _NAME_IN_TITLE.search(title)) is not None:
        wanted.append((title_key(title[: named.start()].rstrip()), "title"))
    if popular:
        wanted.append((fold(popular), "popular"))
        if (g := genitive(popular)) is not None:
            wanted.append((g, "genitive"))
    if entry is not None:
        wanted += entry.names()
    have = set(session.scalars(select(ActName.name).where(ActName.act_id == act.id)))
    for name, form in wanted:
        if name and name not in have:
            have.add(name)
            session.add(ActName(act_id=act.id, name=name, form=form))


@dataclass(frozen=True)
class InForce:
    """When a version took effect, as far as its sources say."""

    day: dt.date | None  # the day; where not `known`, the earliest it can be
    known: bool  # whether the sources give the day itself
    rule: str | None  # the act's own sentence on when it comes into force


def in_force(doc: Document) -> InForce:
    """When a version took effect: as lovkb's own sources state it; for a LOV or BEK, as
    its own ikrafttrædelse provision says (`kb.ingest.commencement`), counted from its
    Lovtidende date where the rule needs it; for a consolidation, its publication
    (Retsinformation's StartDate) or else the day it was signed.

    Retsinformation's StartDate of a LOV is its Lovtidende date, not its entry into force
    (LOV 1061/2020: StartDate 30 June 2020, "Loven træder i kraft den 1. juli 2020"), so it
    is never taken for one. Where the act's rule gives no day the sources hold ("dagen
    efter bekendtgørelsen i Lovtidende" without DiesEdicti, a minister's date), the day
    stored is the earliest it can be — which keeps the chain in order — and `known` is
    false, so that no output states it as the day of entry into force.
    """
    meta = doc.meta
    if meta.in_force_from:
        return InForce(meta.in_force_from, True, None)
    if meta.doc_type not in ("LOV", "BEK"):
        return InForce(meta.start_date or meta.date_signed, True, None)
    said = read_commencement(sections_of(doc.body, lambda n: n.children))
    rule = said.act
    if rule is None:
        return InForce(meta.published or meta.date_signed, False, None)
    day = rule.day(meta.published)
    if day is not None:
        return InForce(day, True, rule.sentence)
    return InForce(rule.earliest(meta.date_signed, meta.published), False, rule.sentence)


def _later_changes_json(meta: DocumentMeta) -> str | None:
    if not meta.later_changes:
        return None
    return json.dumps(
        [
            {
                "designation": c.designation,
                "accession": c.accession,
                "date": c.date.isoformat() if c.date else None,
                "title": c.title,
            }
            for c in meta.later_changes
        ],
        ensure_ascii=False,
    )


def node_text(node: Node) -> str:
    """The words of a node and its sub-units, without labels, headings or notes."""
    return unit_text(node, lambda n: n.children, sub_labels=False).text


def unit_rows(body: list[Node], version_id: int) -> tuple[list[dict], list[str]]:
    """Flatten the tree into rows in document order, with subtree ranges."""
    rows: list[dict] = []
    seen_paths: set[str] = set()
    dropped: list[str] = []

    def visit(node: Node, parent_ord: int | None, depth: int) -> int:
        ord_ = len(rows)
        path = node.path
        if path is not None:
            if path in seen_paths:
                dropped.append(path)
                path = None
            else:
                seen_paths.add(path)
        row = {
            "version_id": version_id,
            "ord": ord_,
            "end_ord": ord_,
            "parent_ord": parent_ord,
            "depth": depth,
            "kind": node.kind,
            "number": node.number,
            "label": node.label,
            "heading": node.heading,
            "text": node.text or None,
            "tail": node.tail or None,
            "path": path,
            "anchor": node.anchor,
            "source_line": node.line,
        }
        rows.append(row)
        last = ord_
        for child in node.children:
            last = visit(child, ord_, depth + 1)
        row["end_ord"] = last
        return last

    for top in body:
        visit(top, None, 0)
    return rows, dropped


# --- the bundled sources ----------------------------------------------------


def bundled_statutes() -> list[Path]:
    """The statute files shipped in sources/ (`.xml`, and `.xml.xz` copies of the
    corpus's files; sources/README.md lists them), in order of name."""
    folder = resources.files("kb.sources")
    files = [Path(str(f)) for f in folder.iterdir() if f.name.endswith((".xml", ".xml.xz"))]
    return sorted(files, key=lambda p: p.name)


def load_bundled(
    url: str | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[ImportResult]:
    """Import every bundled source, statutes and tables, in one transaction.

    First use is all or nothing: cut short (Ctrl-C, kill -9, a full disk), it
    leaves a store without versions, which the next use loads again, never a
    store with part of the bundle that would pass for a whole one. Files the
    store holds already are unchanged. `on_progress(done, total)` is told
    after each statute file.
    """
    files = bundled_statutes()
    upgrade(url)
    engine = make_engine(url)
    results: list[ImportResult] = []
    try:
        with session_scope(engine) as session, amendments.later(session):
            names = registry()
            for done, path in enumerate(files, start=1):
                result = import_document(session, read_source(path), names)
                results.append(result)
                if on_result:
                    on_result(result)
                if on_progress:
                    on_progress(done, len(files))
            load_tables(session)
    finally:
        engine.dispose()
    return results
