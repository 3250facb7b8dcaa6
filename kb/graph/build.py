"""Keeping the `refs` table current.

What an import changes, `ensure` reads again (`kb.graph.reading`): the versions
not read yet; those with references to an act that got a version in force on the
day they were read as of (their targets may now stand in it); and those with a
reference to an act not stored, whose words hold a name the import brought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, text
from sqlalchemy.engine import Connection

from kb.graph.reading import Readers, Reading, day_of, read_version
from kb.ingest.amendments import squeezed
from kb.resolver.target import Target
from kb.store.read import HeldReader, Reader, VersionRow
from kb.store.schema import Ref, RefRead
from kb.units import Address

# How many versions are read before their rows are written: a whole corpus's rows
# are not held at once.
_BATCH = 32


def rows(version_id: int, readings: Iterable[Reading]) -> Iterator[dict[str, Any]]:
    """The `refs` rows of a version's readings: one per target (per act named)."""
    for cite, r in enumerate(readings):
        where = {
            "version_id": version_id,
            "ord": r.piece.ord,
            "part": r.piece.field,
            "start": r.start,
            "end": r.end,
            "text": r.text,
            "cite": cite,
            "kind": r.kind,
        }
        if r.kind == "act":
            yield where | {
                "target_act": r.act,
                "target_version": r.version,
                "target_path": None,
                "target_ord": None,
                "canonical": r.act or r.text,
                "status": "ok" if r.loaded else "unknown_law",
                "reason": None if r.loaded else "law_unknown",
            }
            continue
        for t in r.targets:
            yield where | {
                "target_act": t.law,
                "target_version": t.version,
                "target_path": _path(t),
                "target_ord": t.where[1] if t.where else None,
                "canonical": t.canonical,
                "status": t.status,
                "reason": t.reason,
            }


def _path(t: Target) -> str | None:
    if t.paragraf is None and t.kapitel is None:
        return None
    return Address(t.paragraf, t.stk, t.nr, t.litra, t.kapitel).path


# --- keeping the table current -------------------------------------------------


@dataclass
class GraphReport:
    """What one `ensure` did."""

    versions: int = 0  # versions read
    references: int = 0  # rows written
    seconds: float = 0.0


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
        "SELECT a.key, min(coalesce(v.in_force_from, v.date_signed, '0001-01-01')) "
        f"FROM versions v JOIN acts a ON a.id = v.act_id WHERE v.id IN ({marks}) GROUP BY a.key"
    )
    again: set[int] = set(unread)
    for key, since in acts:
        # Read as of a day on which the new version may be the one in force.
        again.update(
            r[0]
            for r in reader.q(
                "SELECT DISTINCT f.version_id FROM refs f JOIN ref_reads d "
                "ON d.version_id = f.version_id WHERE f.target_act = :k AND d.day >= :d",
                k=key,
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
            "SELECT version_id, text FROM refs WHERE status IN ('unknown_law', 'ambiguous')"
        ):
            if version_id not in again:
                flat = squeezed(words)
                if any(n in flat for n in names):
                    again.add(version_id)
    return sorted(again)


def ensure(
    conn: Connection,
    reader: Reader,
    *,
    only: Sequence[int] | None = None,
    on_start: Callable[[int], Any] | None = None,
    on_version: Callable[[VersionRow], Any] | None = None,
) -> GraphReport:
    """Read the references of the versions `stale` names (or `only` these) and
    write them through `conn`, in the caller's transaction: on any error nothing
    of it is kept."""
    import time

    t0 = time.perf_counter()
    todo = list(only) if only is not None else stale(reader)
    report = GraphReport()
    if not todo:
        return report
    if on_start is not None:
        on_start(len(todo))
    held = reader if isinstance(reader, HeldReader) else HeldReader(reader)
    readers = Readers(held, detail=False)
    keys = dict(held.q("SELECT v.id, a.key FROM versions v JOIN acts a ON a.id = v.act_id"))
    for start in range(0, len(todo), _BATCH):
        batch = todo[start : start + _BATCH]
        out: list[dict[str, Any]] = []
        reads: list[dict[str, Any]] = []
        for version_id in batch:
            version = held.version(version_id)
            if version is None:
                continue
            before = len(out)
            out.extend(rows(version_id, read_version(readers, version, keys[version_id])))
            reads.append(
                {
                    "version_id": version_id,
                    "day": day_of(version).isoformat(),
                    "references": len(out) - before,
                }
            )
            report.versions += 1
            if on_version is not None:
                on_version(version)
        conn.execute(delete(Ref).where(Ref.version_id.in_(batch)))
        conn.execute(delete(RefRead).where(RefRead.version_id.in_(batch)))
        if out:
            conn.execute(insert(Ref), out)
        if reads:
            conn.execute(insert(RefRead), reads)
        report.references += len(out)
    report.seconds = time.perf_counter() - t0
    return report


def update(url: str | None = None, *, on_start: Callable[[int], Any] | None = None) -> GraphReport:
    """Bring the store's graph up to date (`ensure`), in a transaction of its own."""
    from kb.store.engine import make_engine
    from kb.store.read import open_reader

    engine = make_engine(url)
    reader = open_reader(url)
    try:
        with engine.begin() as conn:
            return ensure(conn, reader, on_start=on_start)
    finally:
        reader.close()
        engine.dispose()


def clear(conn: Connection) -> None:
    """Forget the graph: the next `ensure` reads every version again."""
    conn.execute(text("DELETE FROM refs"))
    conn.execute(text("DELETE FROM ref_reads"))
