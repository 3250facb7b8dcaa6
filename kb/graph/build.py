"""Keeping the `refs` table current.

What an import changes, `ensure` reads again (`kb.graph.reading`): the versions
not read yet; those with references to an act that got a version in force on the
day they were read as of (their targets may now stand in it); and those with a
reference to an act not stored, whose words hold a name the import brought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kb.graph.reading import Readers, Reading, day_of, read_version
from kb.resolver.target import Target
from kb.store.read import HeldReader, Reader
from kb.text import squeezed

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
from kb.units import Address

# How many versions are read before their rows are written: a whole corpus's rows
# are not held at once.
_BATCH = 32


@dataclass
class _Ids:
    """The store's ids of the acts and versions a target names by key and designation."""

    acts: dict[str, int]
    versions: dict[tuple[int, str], int]

    @classmethod
    def of(cls, reader: Reader) -> _Ids:
        return cls(
            dict(reader.q("SELECT key, id FROM acts")),
            {(a, d): v for v, a, d in reader.q("SELECT id, act_id, designation FROM versions")},
        )

    def target(self, law: str | None, version: str | None) -> tuple[int | None, int | None]:
        act = self.acts.get(law) if law else None
        found = self.versions.get((act, version)) if act is not None and version else None
        return act, found


def rows(
    version_id: int, readings: Iterable[Reading], ids: _Ids
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The `refs` and `ref_targets` rows of a version's readings, as tuples in the order
    of `REF_COLUMNS` and `TARGET_COLUMNS`; a target's `ref_id` is its reference's place
    among them (the caller numbers them)."""
    refs: list[tuple[Any, ...]] = []
    targets: list[tuple[Any, ...]] = []
    for n, r in enumerate(readings):
        refs.append((version_id, r.piece.ord, r.piece.field, r.start, r.end, r.text, r.kind))
        if r.kind == "act":
            act, version = ids.target(r.act, r.version)
            status, reason = ("ok", None) if r.loaded else ("unknown_law", "law_unknown")
            targets.append((n, act, version, None, None, None, status, reason))
            continue
        for t in r.targets:
            act, version = ids.target(t.law, t.version)
            if t.where is not None:
                version = t.where[0]
            unit = t.where[1] if t.where else None
            targets.append((n, act, version, target_path(t), unit, t.pkt, t.status, t.reason))
    return refs, targets


REF_COLUMNS = ("version_id", "ord", "part", "start", "end", "text", "kind")
TARGET_COLUMNS = ("ref_id", "act_id", "version_id", "path", "unit_ord", "pkt", "status", "reason")


def target_path(t: Target) -> str | None:
    """The store's address of the unit a target names (None for a relative one)."""
    if t.paragraf is None and t.kapitel is None:
        return None
    return Address(t.paragraf, t.stk, t.nr, t.litra, t.kapitel).path


# --- keeping the tables current -------------------------------------------------


@dataclass
class GraphReport:
    """What one `ensure` did."""

    versions: int = 0  # versions read
    references: int = 0  # references stored
    targets: int = 0  # their targets
    seconds: float = 0.0
    processes: int = 1  # how many read them


def stale(reader: Reader) -> list[int]:
    """The ids of the versions whose references are to be read (again)."""
    unread = [
        r[0]
        for r in reader.q(
            "SELECT v.id FROM versions v LEFT JOIN ref_reads r ON r.version_id = v.id "
            "WHERE r.version_id IS NULL ORDER BY v.id"
        )
    ]
    if not unread:
        return []
    if not reader.q("SELECT 1 FROM ref_reads LIMIT 1"):
        return unread  # nothing read yet: everything is read once
    marks = ",".join(str(i) for i in unread)
    acts = reader.q(
        "SELECT act_id, min(coalesce(in_force_from, date_signed, '0001-01-01')) "
        f"FROM versions WHERE id IN ({marks}) GROUP BY act_id"
    )
    again: set[int] = set(unread)
    for act_id, since in acts:
        # Read as of a day on which the new version may be the one in force.
        again.update(
            r[0]
            for r in reader.q(
                "SELECT DISTINCT f.version_id FROM ref_targets t JOIN refs f ON f.id = t.ref_id "
                "JOIN ref_reads d ON d.version_id = f.version_id "
                "WHERE t.act_id = :a AND d.day >= :d",
                a=act_id,
                d=since,
            )
        )
    names = {
        squeezed(n[0])
        for n in reader.q(
            "SELECT DISTINCT n.name FROM act_names n JOIN versions v ON v.act_id = n.act_id "
            f"WHERE v.id IN ({marks})"
        )
    }
    names.discard("")
    if names:
        for version_id, words in reader.q(
            "SELECT DISTINCT f.version_id, f.text FROM ref_targets t "
            "JOIN refs f ON f.id = t.ref_id WHERE t.status IN ('unknown_law', 'ambiguous')"
        ):
            if version_id not in again:
                flat = squeezed(words)
                if any(n in flat for n in names):
                    again.add(version_id)
    return sorted(again)


class _Worker:
    """Reads versions' references over one reader: in this process, or in each of a
    pool's (`_start`)."""

    def __init__(self, reader: Reader) -> None:
        self.held = reader if isinstance(reader, HeldReader) else HeldReader(reader)
        self.readers = Readers(self.held, detail=False)
        self.ids = _Ids.of(self.held)
        self.keys = dict(
            self.held.q("SELECT v.id, a.key FROM versions v JOIN acts a ON a.id = v.act_id")
        )

    def read(
        self, version_id: int
    ) -> tuple[int, str, list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
        version = self.held.version(version_id)
        if version is None:
            return None
        found = read_version(self.readers, version, self.keys[version_id])
        refs, targets = rows(version_id, found, self.ids)
        return version_id, day_of(version).isoformat(), refs, targets


_WORKER: _Worker | None = None


def _start(url: str) -> None:
    global _WORKER
    from kb.store.read import open_reader

    _WORKER = _Worker(open_reader(url))


def _read(version_id: int) -> tuple[int, str, list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
    assert _WORKER is not None
    return _WORKER.read(version_id)


def processes(versions: int) -> int:
    """How many processes read `versions` versions: `KB_GRAPH_PROCS`, else one a CPU
    (up to 4) for a read of 64 versions or more; reading is all Python, and a process
    a CPU reads the whole corpus in about half the time."""
    import os

    wanted = os.environ.get("KB_GRAPH_PROCS")
    if wanted and wanted.isdecimal():
        return max(1, int(wanted))
    return min(4, os.cpu_count() or 1) if versions >= 64 else 1


def ensure(
    conn: Connection,
    reader: Reader,
    *,
    only: Sequence[int] | None = None,
    on_start: Callable[[int], Any] | None = None,
    on_version: Callable[[int], Any] | None = None,
    procs: int | None = None,
) -> GraphReport:
    """Read the references of the versions `stale` names (or `only` these) and
    write them through `conn`, in the caller's transaction: on any error nothing
    of it is kept. `on_version` is told each version's id as it is read; `procs`:
    how many processes read (else `processes`)."""
    import time

    # Here, not at the top: `kb refs` asks `stale` whether there is anything to read
    # without paying for SQLAlchemy's import (a quarter of a second) when there is not.
    from sqlalchemy import delete, insert, text

    from kb.store.schema import Ref, RefRead, RefTarget

    t0 = time.perf_counter()
    todo = list(only) if only is not None else stale(reader)
    report = GraphReport()
    if not todo:
        return report
    if on_start is not None:
        on_start(len(todo))
    # The old rows go first: on SQLite the first write takes the store's write lock, so
    # that no other import numbers references while this one does.
    for start in range(0, len(todo), 500):
        batch = todo[start : start + 500]
        conn.execute(delete(RefRead).where(RefRead.version_id.in_(batch)))
        conn.execute(delete(Ref).where(Ref.version_id.in_(batch)))
    next_id = (conn.execute(text("SELECT max(id) FROM refs")).scalar() or 0) + 1
    procs = (procs or processes(len(todo))) if reader.url else 1
    report.processes = procs
    pool = None
    if procs > 1:
        import multiprocessing

        # Forked, so that each reader starts with this one's modules loaded; each opens
        # its own connection (`_start`), and only reads units, never the graph.
        pool = multiprocessing.get_context("fork").Pool(procs, _start, (reader.url,))
        results: Iterable[Any] = pool.imap(_read, todo, chunksize=4)
    else:
        results = map(_Worker(reader).read, todo)
    refs: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []

    def flush() -> None:
        if refs:
            conn.execute(insert(Ref), refs)
        if targets:
            conn.execute(insert(RefTarget), targets)
        if reads:
            conn.execute(insert(RefRead), reads)
        report.references += len(refs)
        report.targets += len(targets)
        refs.clear()
        targets.clear()
        reads.clear()

    try:
        for result in results:
            if result is None:
                continue
            version_id, day, found, aimed = result
            refs.extend(
                dict(zip(REF_COLUMNS, row, strict=True), id=next_id + n)
                for n, row in enumerate(found)
            )
            targets.extend(
                dict(zip(TARGET_COLUMNS, (next_id + row[0], *row[1:]), strict=True))
                for row in aimed
            )
            next_id += len(found)
            reads.append({"version_id": version_id, "day": day, "references": len(found)})
            report.versions += 1
            if on_version is not None:
                on_version(version_id)
            if len(reads) >= _BATCH:
                flush()
        flush()
    finally:
        if pool is not None:
            pool.terminate()
    report.seconds = time.perf_counter() - t0
    return report


def update(
    url: str | None = None,
    *,
    on_start: Callable[[int], Any] | None = None,
    procs: int | None = None,
) -> GraphReport:
    """Bring the store's graph up to date (`ensure`), in a transaction of its own."""
    from kb.store.read import open_reader

    reader = open_reader(url)
    try:
        todo = stale(reader)
        if not todo:
            return GraphReport()
        from kb.store.engine import make_engine

        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                return ensure(conn, reader, only=todo, on_start=on_start, procs=procs)
        finally:
            engine.dispose()
    finally:
        reader.close()


def clear(conn: Connection) -> None:
    """Forget the graph: the next `ensure` reads every version again."""
    from sqlalchemy import text

    conn.execute(text("DELETE FROM ref_targets"))
    conn.execute(text("DELETE FROM refs"))
    conn.execute(text("DELETE FROM ref_reads"))
