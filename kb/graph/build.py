"""Keeping the `refs` table current.

What an import changes, `ensure` reads again (`kb.graph.reading`): the versions
not read yet; those with references to an act that got a version in force on the
day they were read as of (their targets may now stand in it); and those with a
reference to an act not stored, whose words hold a name the import brought.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, text
from sqlalchemy.engine import Connection

from kb.graph.reading import Readers, Reading, day_of, read_version
from kb.ingest.amendments import squeezed
from kb.resolver.target import Target
from kb.store.read import HeldReader, Reader, VersionRow
from kb.store.schema import Ref, RefRead, RefTarget
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
    version_id: int, readings: Iterable[Reading], ids: _Ids, next_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The `refs` and `ref_targets` rows of a version's readings; the references
    numbered from `next_id` on."""
    refs: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for ref_id, r in enumerate(readings, start=next_id):
        refs.append(
            {
                "id": ref_id,
                "version_id": version_id,
                "ord": r.piece.ord,
                "part": r.piece.field,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "kind": r.kind,
            }
        )
        if r.kind == "act":
            act, version = ids.target(r.act, r.version)
            targets.append(
                {
                    "ref_id": ref_id,
                    "act_id": act,
                    "version_id": version,
                    "path": None,
                    "unit_ord": None,
                    "pkt": None,
                    "status": "ok" if r.loaded else "unknown_law",
                    "reason": None if r.loaded else "law_unknown",
                }
            )
            continue
        for t in r.targets:
            act, version = ids.target(t.law, t.version)
            if t.where is not None:
                version = t.where[0]
            targets.append(
                {
                    "ref_id": ref_id,
                    "act_id": act,
                    "version_id": version,
                    "path": target_path(t),
                    "unit_ord": t.where[1] if t.where else None,
                    "pkt": t.pkt,
                    "status": t.status,
                    "reason": t.reason,
                }
            )
    return refs, targets


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
    # The old rows go first: on SQLite the first write takes the store's write lock, so
    # that no other import numbers references while this one does.
    for start in range(0, len(todo), 500):
        batch = todo[start : start + 500]
        conn.execute(delete(RefRead).where(RefRead.version_id.in_(batch)))
        conn.execute(delete(Ref).where(Ref.version_id.in_(batch)))
    next_id = (conn.execute(text("SELECT max(id) FROM refs")).scalar() or 0) + 1
    held = reader if isinstance(reader, HeldReader) else HeldReader(reader)
    readers = Readers(held, detail=False)
    ids = _Ids.of(held)
    keys = dict(held.q("SELECT v.id, a.key FROM versions v JOIN acts a ON a.id = v.act_id"))
    for start in range(0, len(todo), _BATCH):
        refs: list[dict[str, Any]] = []
        targets: list[dict[str, Any]] = []
        reads: list[dict[str, Any]] = []
        for version_id in todo[start : start + _BATCH]:
            version = held.version(version_id)
            if version is None:
                continue
            found, aimed = rows(
                version_id, read_version(readers, version, keys[version_id]), ids, next_id
            )
            next_id += len(found)
            refs += found
            targets += aimed
            reads.append(
                {
                    "version_id": version_id,
                    "day": day_of(version).isoformat(),
                    "references": len(found),
                }
            )
            report.versions += 1
            if on_version is not None:
                on_version(version)
        if refs:
            conn.execute(insert(Ref), refs)
        if targets:
            conn.execute(insert(RefTarget), targets)
        if reads:
            conn.execute(insert(RefRead), reads)
        report.references += len(refs)
        report.targets += len(targets)
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
    conn.execute(text("DELETE FROM ref_targets"))
    conn.execute(text("DELETE FROM refs"))
    conn.execute(text("DELETE FROM ref_reads"))
