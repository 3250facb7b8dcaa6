"""The public Python API: what the `kb` command does, as functions returning objects
with a `to_json()`.

Each function opens the store itself (setting it up on first use) unless it is given a
`reader`; a long-lived caller opens one with `kb.open_store()` and passes it, so that
lookups are kept from one call to the next. The stages below never open a store.

>>> import kb
>>> result = kb.resolve("forvaltningsloven § 24, stk. 2")
>>> result.targets[0].status
'ok'
>>> result.to_json()["citations"][0]["targets"][0]["version"]
'LBK nr 433 af 22/04/2014'
>>> letter = "Afgørelsen er truffet efter forvaltningslovens § 22. Se også stk. 2 i § 24."
>>> [t.canonical for t in kb.check(letter).targets]
['forvaltningsloven § 22', 'forvaltningsloven § 24, stk. 2']

The law as it stood on a day (a date or an ISO string), and what the store holds:

>>> kb.resolve("fvl § 24, stk. 2", as_of="2013-01-01").targets[0].version
'LBK nr 988 af 09/10/2012'
>>> acts = kb.laws()  # the acts, and each stored amending act as a document of its own
>>> [a["key"] for a in acts if not all(v["amending"] for v in a["versions"])][:4]
['aktivloven', 'beskæftigelsesloven', 'boligstøtteloven', 'dagtilbudsloven']
>>> [(v["designation"], v["in_force"]) for v in kb.versions("fvl", "2014-06-01")["versions"]][1:]
[('LBK nr 988 af 09/10/2012', False), ('LBK nr 433 af 22/04/2014', True)]
>>> len(kb.diff("forvaltningsloven", "988", "433").changes) > 50
True

By words, and by a concept of the pamphlet:

>>> [h.canonical for h in kb.search("partshøring", "2014-06-01", limit=2).hits]
['forvaltningsloven § 19', 'forvaltningsloven § 20']
>>> [p.citation for p in kb.concept("partshøring", "2014-06-01").today]
['forvaltningsloven §§ 19-21']

The references inside a provision, read by a statute's rules, and those that point at it:

>>> found = kb.refs("retssikkerhedsloven § 72, stk. 8", "2017-01-01", incoming=True)
>>> [ref] = found.references
>>> ref.text, found.text[ref.start : ref.end] == ref.text
('§ 114, stk. 1 og 2, i lov om social service', True)
>>> [t.canonical for t in ref.targets]
['serviceloven § 114, stk. 1', 'serviceloven § 114, stk. 2']
>>> [(i.version, i.path, i.text, i.amending) for i in found.incoming]
[('LOV nr 380 af 27/04/2016', '§1', '§ 72, stk. 1 og 8', True)]

A long-lived caller (a letter tool's service) opens the store once and keeps a `Checker`:

>>> with kb.open_store() as reader:
...     checker = kb.Checker(reader, kb.day("2014-06-01"))
...     timings = {}
...     result = checker.check("Efter forvaltningslovens § 19.", timings=timings)
>>> [t.canonical for t in result.targets], sorted(timings)
(['forvaltningsloven § 19'], ['assemble', 'checklist', 'extract', 'found', 'resolve'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.errors import NotFound, SourceError, UsageError
from kb.i18n import _
from kb.ingest.setup import open_store, prepare_store
from kb.store.read import Reader

if TYPE_CHECKING:
    from kb.codes import WarningCode
    from kb.consolidate.model import Consolidation
    from kb.consolidate.verify import Verification
    from kb.excerpts.model import Excerpt
    from kb.graph.build import GraphReport
    from kb.graph.read import Refs
    from kb.history.diff import Diff
    from kb.history.effects import Effect
    from kb.index.search import BuildReport, SearchResult
    from kb.ingest.load import ImportResult
    from kb.resolver.concepts import Concept
    from kb.resolver.pipeline import Checker, Citation, Reference, Result

__all__ = [
    "Checker",
    "Citation",
    "ImportReport",
    "Reference",
    "Result",
    "check",
    "concept",
    "concepts",
    "consolidation",
    "day",
    "diff",
    "effects",
    "excerpt",
    "excerpt_letter",
    "export",
    "import_sources",
    "laws",
    "open_store",
    "refs",
    "resolve",
    "search",
    "update_graph",
    "verify_consolidation",
    "versions",
]

# The citation engine's types, loaded when first asked for: `kb laws`, `kb search`
# and the rest need none of its modules (a third of a second of regexes to compile).
_ENGINE = ("Checker", "Citation", "Reference", "Result")


def __getattr__(name: str) -> Any:
    if name in _ENGINE:
        from kb.resolver import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kb.api' has no attribute {name!r}")


def check(
    text: str,
    as_of: dt.date | str | None = None,
    *,
    law: str | None = None,
    statute: bool = False,
    url: str | None = None,
    reader: Reader | None = None,
) -> Result:
    """Find, resolve and check every citation in a letter.

    `law` names the act that citations without one (and without one in
    context) are read against. With `statute`, `text` is that act's own text,
    read by a statute's rules: each "§ 13." opens a provision of the act, whose
    bare references and "denne lov" are its own (`kb.citation.context.bind`).
    """
    if statute and law is None:
        raise UsageError(_("reading a text as a statute needs the act it is: give --law"))
    with _checker(as_of, law, url, reader, statute) as checker:
        return checker.check(text)


def resolve(
    citation: str,
    as_of: dt.date | str | None = None,
    *,
    law: str | None = None,
    url: str | None = None,
    reader: Reader | None = None,
    references: bool = False,
) -> Result:
    """Resolve one citation written on its own ("fvl. § 19, stk. 2, nr. 3").

    The result has one citation spanning the whole argument; a list or a
    range gives it several targets. With `references`, each target whose text
    is given also has the references in that text (`refs`), under "references".
    """
    with _checker(as_of, law, url, reader) as checker:
        result = checker.resolve(citation)
        if references:
            from kb.graph.read import inside

            for t in result.targets:
                if t.text is not None and t.where is not None:
                    t.references = [r.to_json() for r in inside(checker.reader, t, checker.as_of)]
        return result


def excerpt(
    citation: str,
    as_of: dt.date | str | None = None,
    *,
    law: str | None = None,
    url: str | None = None,
    reader: Reader | None = None,
    whole_paragraphs: bool = False,
    include_headings: bool = True,
) -> Excerpt:
    """The quoted text of one citation's units, ready to attach (a lovuddrag).

    Units that do not resolve are listed in the excerpt's `omitted`.
    """
    with _checker(as_of, law, url, reader) as checker:
        result = checker.resolve(citation)
        return _excerpt(checker, result, whole_paragraphs, include_headings)


def excerpt_letter(
    text: str,
    as_of: dt.date | str | None = None,
    *,
    law: str | None = None,
    url: str | None = None,
    reader: Reader | None = None,
    whole_paragraphs: bool = False,
    include_headings: bool = True,
) -> Excerpt:
    """The appendix for a letter: every citation that resolves, grouped by act.

    Citations that do not resolve are in `omitted`, with line, column and why.
    """
    with _checker(as_of, law, url, reader) as checker:
        result = checker.check(text)
        return _excerpt(checker, result, whole_paragraphs, include_headings)


def _excerpt(
    checker: Checker, result: Result, whole_paragraphs: bool, include_headings: bool
) -> Excerpt:
    from kb.excerpts.model import Omission
    from kb.excerpts.select import QUOTED, build

    omitted = [
        Omission(c.text, t.status, t.message, t.canonical or None, c.line, c.column, t.reason)
        for c in result.citations
        for t in c.targets
        if t.status not in QUOTED
    ]
    notes = []
    for c in result.citations:
        for t in c.targets:
            if t.status not in QUOTED:
                continue
            said: list[tuple[WarningCode | None, str]] = [(w.code, w.message) for w in t.warnings]
            if t.status != "ok" and t.message:
                said.insert(0, (None, t.message))
            notes += [
                Omission(c.text, t.status, m, t.canonical or None, c.line, c.column, t.reason, code)
                for code, m in said
            ]
    excerpt = build(
        checker.reader,
        [t for t in result.targets if t.status in QUOTED],
        checker.as_of,
        whole_paragraphs=whole_paragraphs,
        include_headings=include_headings,
        omitted=omitted,
    )
    return replace(excerpt, notes=tuple(notes), lang=result.lang)


@contextmanager
def _checker(
    as_of: dt.date | str | None,
    law: str | None,
    url: str | None,
    reader: Reader | None,
    statute: bool = False,
) -> Iterator[Checker]:
    with _reading(url, reader) as r:
        from kb.resolver.pipeline import Checker

        yield Checker(r, day(as_of), law, statute=statute)


def refs(
    citation: str,
    as_of: dt.date | str | None = None,
    *,
    incoming: bool = False,
    law: str | None = None,
    url: str | None = None,
    reader: Reader | None = None,
    on_graph: Callable[[int], Any] | None = None,
) -> Refs:
    """The references inside the one unit `citation` names, each with its offsets in
    the unit's text and its targets; with `incoming`, every stored provision in force
    on `as_of` that refers to the unit or to a unit below it.

    The references inside are read as the store's graph reads them — by a statute's
    rules, the unit's own act the act of its bare references — as of `as_of`.
    `incoming` reads the graph, bringing it up to date first (`on_graph` is told how
    many versions that reads, when any).
    """
    from kb.excerpts.select import QUOTED
    from kb.graph.read import Refs, inside
    from kb.graph.read import incoming as incoming_to

    day_ = day(as_of)
    with _checker(day_, law, url, reader) as checker:
        result = checker.resolve(citation)
        targets = result.targets
        if len(targets) != 1:
            raise UsageError(
                _("{citation} names {n} units; kb refs reads one: {units}").format(
                    citation=repr(citation),
                    n=len(targets),
                    units=", ".join(t.canonical for t in targets[:6]),
                )
            )
        [target] = targets
        if target.status not in QUOTED or target.where is None:
            raise NotFound(target.message or target.canonical)
        r = checker.reader
        found = Refs(
            day_,
            target.canonical,
            target.version,
            target.text or "",
            inside(r, target, day_),
            lang=result.lang,
        )
        if incoming:
            from kb.graph.build import update

            update(url or r.url, on_start=on_graph)
            version_id, ord_ = target.where
            path = r.q(
                "SELECT path FROM units WHERE version_id = :v AND ord = :o", v=version_id, o=ord_
            )[0][0]
            found.incoming = incoming_to(r, target.law or "", path, day_) if path else []
        return found


def update_graph(
    *, url: str | None = None, on_start: Callable[[int], Any] | None = None
) -> GraphReport:
    """Bring the store's reference graph up to date: read the references of every
    version not read yet, and of those an import may have changed."""
    from kb.graph.build import update

    open_store(url).close()
    return update(url, on_start=on_start)


# --- the rest of the public API ----------------------------------------------


def day(value: dt.date | str | None) -> dt.date:
    """The day a call reads the law as of: a date, an ISO string ("2014-02-01"), or today."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(
        _("as_of {value} is not a date; write it as YYYY-MM-DD, e.g. 2014-02-01").format(
            value=repr(value)
        )
    )


@contextmanager
def _reading(url: str | None, reader: Reader | None) -> Iterator[Reader]:
    if reader is not None:
        yield reader
        return
    own = open_store(url)
    try:
        yield own
    finally:
        own.close()


def laws(
    as_of: dt.date | str | None = None, *, url: str | None = None, reader: Reader | None = None
) -> list[dict[str, Any]]:
    """Every act in the store with its names and versions (what `kb laws --json` prints)."""
    from kb.history import catalog

    with _reading(url, reader) as r:
        return catalog.laws(day(as_of), reader=r)


def versions(
    law: str,
    as_of: dt.date | str | None = None,
    *,
    url: str | None = None,
    reader: Reader | None = None,
) -> dict[str, Any]:
    """An act's chain of versions with intervals, lineage and amending acts."""
    from kb.history import catalog

    with _reading(url, reader) as r:
        return catalog.versions(law, day(as_of), reader=r)


def diff(
    law: str,
    old: str | None = None,
    new: str | None = None,
    *,
    url: str | None = None,
    reader: Reader | None = None,
) -> Diff:
    """What changed between two versions of an act, unit by unit (default: the two newest)."""
    from kb.history.diff import diff as compare

    with _reading(url, reader) as r:
        return compare(r, law, old, new)


def consolidation(
    law: str,
    base: str,
    apply: list[str] | None = None,
    *,
    url: str | None = None,
    reader: Reader | None = None,
) -> Consolidation:
    """The text of `law` after applying the amending §§ `apply` ("LOV nr 638 af 12/06/2013
    § 1", "… § 1, nr. 1-3 og 11"), in order, to its stored version `base`, unit by unit;
    with none, the base's own units. A computed text carries its `notice`: it is not an
    official consolidation."""
    from kb.consolidate import consolidate
    from kb.consolidate.build import find_version

    with _reading(url, reader) as r:
        act = r.act_called(law)
        version = find_version(r, base, False)
        if version.act_id != act.id:
            raise NotFound(
                _("{version} is not a version of {law}").format(version=base, law=act.key)
            )
        return consolidate(r, version, list(apply or []))


def verify_consolidation(
    target: str, *, url: str | None = None, reader: Reader | None = None
) -> Verification:
    """Build the stored consolidation `target` from its stored base and the amending acts
    its lineage names, and compare it with the official text unit by unit."""
    from kb.consolidate.verify import verify

    with _reading(url, reader) as r:
        return verify(r, target)


def effects(
    law: str, *, pending: bool = False, url: str | None = None, reader: Reader | None = None
) -> list[Effect]:
    """What the stored amending acts do to an act; `pending`: only those not folded in yet."""
    from kb.history.effects import effects_on

    with _reading(url, reader) as r:
        key = r.act_called(law).key
        return [e for e in effects_on(r, key) if not pending or e.folded_into is None]


def search(
    query: str,
    as_of: dt.date | str | None = None,
    *,
    all_versions: bool = False,
    law: str | None = None,
    all_acts: bool = False,
    limit: int = 10,
    url: str | None = None,
    on_rebuild: Callable[[str], Any] | None = None,
) -> SearchResult:
    """Provisions and practice ranked by how well they match `query`.

    Plain words and "quoted phrases" rank the provisions holding every word
    first, then those holding some (Danish stop words left out outside
    phrases; each hit's `matched` and `missing` say which); anything else is
    Whoosh syntax. Searched: the social-law acts of `sources/social_acts.toml`,
    or the one act `law` names, or with `all_acts` every act; only versions in
    force on `as_of` (default today) unless `all_versions`.
    """
    from kb.index.search import search_store

    return search_store(
        query,
        None if all_versions else day(as_of),
        all_versions=all_versions,
        law=law,
        all_acts=all_acts,
        limit=limit,
        url=url,
        on_rebuild=on_rebuild,
    )


def concepts(*, url: str | None = None, reader: Reader | None = None) -> list[dict[str, Any]]:
    """Every concept of the pamphlet: key, name, section and the provisions it cites."""
    from kb.resolver import concepts as concept_map

    with _reading(url, reader) as r:
        return concept_map.concepts(reader=r)


def concept(
    name: str,
    as_of: dt.date | str | None = None,
    *,
    url: str | None = None,
    reader: Reader | None = None,
) -> Concept:
    """One concept by its name or an alias, with its provisions resolved on `as_of`."""
    from kb.resolver import concepts as concept_map

    with _reading(url, reader) as r:
        return concept_map.concept(name, day(as_of), reader=r)


def import_sources(
    paths: Iterable[str | Path],
    *,
    url: str | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    on_refused: Callable[[SourceError], None] | None = None,
    on_rebuild: Callable[[str], Any] | None = None,
    log: Callable[[str], None] | None = None,
    origins: Mapping[str, Mapping[str, str]] | None = None,
    command: str = "import",
) -> ImportReport:
    """What `kb import` does: every file into the store, each atomically, then the index.

    A new store gets the bundled sources first, as on any first use; an export
    is restored into an empty store instead. Without `on_refused` the first
    file that cannot be imported raises `SourceError`; with it, the file is
    reported and the next one taken. The index is a copy of the store and is
    brought up to date in the same call when anything was stored.

    Every call is written to the store's import history (`kb history`) as `command`;
    `origins` gives, by a file's path, the address it was fetched from, when
    ("fetched_at") and its sha256: `kb update`'s downloads.
    """
    from kb.ingest.load import import_files, source_files
    from kb.store.export import is_export

    files = source_files(paths)
    if not all(is_export(p) for p in files):
        prepare_store(url, log=log or (lambda _m: None))
    report = ImportReport(files)

    def stored(result: ImportResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    def refused(exc: SourceError) -> None:
        report.refused.append(exc)
        if on_refused is None:
            raise exc
        on_refused(exc)

    from kb.store import history

    started = history.now()
    sources = {p: f"{o['url']} (fetched {o['fetched_at']})" for p, o in (origins or {}).items()}
    try:
        import_files(files, url, on_result=stored, on_refused=refused, sources=sources)
    finally:
        history.record(_history(command, started, report, origins or {}), url)
    if report.results:
        report.graph, report.index = _derive(url, on_rebuild)
    return report


def _derive(
    url: str | None, on_rebuild: Callable[[str], Any] | None
) -> tuple[GraphReport, BuildReport | None]:
    """The reference graph and the search index brought up to date for what an
    import stored.

    Each reads the committed store and neither reads the other, so where the graph
    has many versions to read and there are CPUs to spare, the index is built in a
    forked process while this one reads the graph: on two CPUs the whole corpus's
    graph and index took 42 s and 85 s one after the other, and 89 s side by side
    (bench/corpus_import.py).
    The index's failure is raised here as its own, after the graph is written."""
    import multiprocessing
    import os

    from kb.graph.build import processes, stale, update
    from kb.index.search import ensure
    from kb.store.read import open_reader

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return update(url), ensure(url, on_rebuild=on_rebuild)
    reader = open_reader(url)
    try:
        many = processes(len(stale(reader))) > 1
    finally:
        reader.close()
    if not many:
        return update(url), ensure(url, on_rebuild=on_rebuild)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_index_in_child, args=(url, on_rebuild, theirs))
    child.start()
    theirs.close()
    try:
        # A CPU is the index's: a graph read by as many processes as CPUs besides it
        # took the index from 85 s to 126 s.
        graph = update(url, procs=max(1, (os.cpu_count() or 2) - 1))
    finally:
        try:
            kind, value = ours.recv()
        except EOFError:
            kind, value = "error", RuntimeError("the index process ended without a word")
        child.join()
        ours.close()
    if kind == "error":
        raise value
    return graph, value


def _index_in_child(url: str | None, on_rebuild: Callable[[str], Any] | None, conn: Any) -> None:
    from kb.index.search import ensure

    try:
        conn.send(("ok", ensure(url, on_rebuild=on_rebuild)))
    except BaseException as exc:  # told to the parent, which raises it as its own
        try:
            conn.send(("error", exc))
        except Exception:  # an exception that cannot be pickled: its words
            conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def _history(
    command: str, started: Any, report: ImportReport, origins: Mapping[str, Mapping[str, str]]
) -> Any:
    """The history entry of one `import_sources` call: each file with what became of it."""
    from kb.store.history import Entry, now

    by_name = {Path(p).name: dict(o) for p, o in origins.items()}
    items: list[dict[str, Any]] = []
    for r in report.results:
        items.append(
            {"file": r.path, "status": r.status, "act": r.act, "version": r.version}
            | by_name.get(Path(r.path).name, {})
        )
    for exc in report.refused:
        items.append(
            {"file": exc.path, "status": "refused", "reason": exc.reason}
            | by_name.get(Path(exc.path).name, {})
        )
    return Entry(command, started, now(), items)


@dataclass
class ImportReport:
    """What one `import_sources` call did: the files, each file's result, the refusals."""

    files: list[Path]
    results: list[ImportResult] = field(default_factory=list)
    refused: list[SourceError] = field(default_factory=list)
    index: BuildReport | None = None  # the index rebuild, if one was needed
    graph: GraphReport | None = None  # the reference graph read for what was stored

    @property
    def counts(self) -> dict[str, int]:
        """How many files ended in each status ("new", "unchanged", …)."""
        out: dict[str, int] = {}
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return dict(sorted(out.items()))


def export(path: str | Path, *, url: str | None = None) -> dict[str, int]:
    """Write the whole store to one portable .json or .json.gz file; rows per table."""
    from kb.store.export import export_store

    path = Path(path)
    if not path.name.lower().endswith((".json", ".json.gz")):
        raise UsageError(_("{path}: an export is written as .json or .json.gz").format(path=path))
    open_store(url).close()
    return export_store(path, url)
