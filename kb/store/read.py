"""The read model: answers lookups straight from the store's tables.

`kb show` runs as a fresh process for every citation, and importing
SQLAlchemy's ORM alone costs about half a second. This module therefore
reads a SQLite store through the standard library's `sqlite3` and only
falls back to SQLAlchemy Core for other databases. The SQL is plain and
portable; the ORM models in `kb.store.schema` remain the schema's definition.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kb.codes import quote
from kb.config import SCHEMA_REVISION, database_url, sqlite_path
from kb.errors import NotFound, StoreError, StoreNotReady
from kb.i18n import _
from kb.store.interval import in_force, replaces
from kb.text import similar


class ActRow(NamedTuple):
    id: int
    key: str
    title: str
    popular_title: str | None


class VersionRow(NamedTuple):
    id: int
    act_id: int
    doc_type: str
    designation: str
    eli: str | None
    title: str
    status: str | None
    in_force_from: str | None
    in_force_to: str | None
    is_partial: bool
    is_amending: bool
    date_signed: str | None
    number: int | None
    source: str | None
    source_file: str
    source_sha256: str
    importer_version: str
    note: str | None
    accession: str | None
    lineage: str | None
    published: str | None
    later_changes: str | None  # JSON: see kb.store.schema.Version.later_changes
    historic_since: str | None
    attested: bool
    # False where the sources do not give in_force_from itself: it is then the earliest
    # day the version can be in force (see kb.store.schema.Version.in_force_known).
    in_force_known: bool
    in_force_rule: str | None  # the act's own sentence on when it comes into force

    def attested_period(self) -> dict[str, str]:
        """The period a quotation's source attests its text for, both days included
        (the stored interval's end is, by the in-force rule, the day after)."""
        until = self.in_force_to or ""
        if until:
            until = (dt.date.fromisoformat(until) - dt.timedelta(days=1)).isoformat()
        return {"from": self.in_force_from or "", "until": until}

    def later_change_list(self) -> list[dict[str, Any]]:
        """The later amendments the source's metadata names (see kb.store.schema)."""
        return json.loads(self.later_changes) if self.later_changes else []

    def in_force_on(self, day: str) -> bool:
        """Whether the version is law on `day` (ISO), by the rule of `kb.store.interval`."""
        return in_force(self.in_force_from, self.in_force_to, day)

    def replaces(self, older: VersionRow) -> bool:
        """Whether this version, later in the chain than `older`, replaces it
        (`kb.store.interval.replaces`)."""
        return replaces(self.doc_type, older.doc_type)


class UnitRow(NamedTuple):
    ord: int
    end_ord: int
    parent_ord: int | None
    depth: int
    kind: str
    number: str | None
    label: str | None
    heading: str | None
    text: str | None
    tail: str | None
    path: str | None
    anchor: int | None


_VERSION_COLS = (
    "id, act_id, doc_type, designation, eli, title, status, in_force_from, in_force_to, "
    "is_partial, is_amending, date_signed, number, source, source_file, source_sha256, "
    "importer_version, note, accession, lineage, published, later_changes, historic_since, "
    "attested, in_force_known, in_force_rule"
)
_UNIT_COLS = (
    "ord, end_ord, parent_ord, depth, kind, number, label, heading, text, tail, path, anchor"
)


class Reader:
    """Read-only queries over the store."""

    def __init__(
        self, query: Callable[[str, dict[str, Any]], list[tuple]], close: Callable[[], None]
    ):
        self._query = query
        self.close = close
        self._memo: dict[Any, Any] = {}
        self._memo_generation: str | None = None
        self.url: str | None = None  # the store's, where `open_reader` opened it

    def generation(self) -> str | None:
        """The store's generation counter: it changes with every import."""
        rows = self.q("SELECT value FROM store_state WHERE key = 'generation'")
        return rows[0][0] if rows else None

    def memo(self) -> dict[Any, Any]:
        """A dict for derived data that lives as long as the store is unchanged.

        Long-lived callers (the letter tool's process) check letter after
        letter; what was looked up for one serves the next. The dict is
        emptied as soon as another process has imported into the store.
        """
        generation = self.generation()
        if generation != self._memo_generation:
            self._memo.clear()
            self._memo_generation = generation
        return self._memo

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def q(self, sql: str, **params: Any) -> list[tuple]:
        return self._query(sql, params)

    # acts
    def acts_named(self, folded_name: str) -> list[ActRow]:
        rows = self.q(
            "SELECT DISTINCT a.id, a.key, a.title, a.popular_title FROM act_names n "
            "JOIN acts a ON a.id = n.act_id WHERE n.name = :name ORDER BY a.key",
            name=folded_name,
        )
        return [ActRow(*r) for r in rows]

    def act_called(self, name: str) -> ActRow:
        """An act by its key, a name or an abbreviation ("fvl"); NotFound says which exist."""
        from kb.citation.grammar import lexicon  # only here: the act-name lexicon is big

        found = self.act(name)
        if found is None:
            key = lexicon(tuple(self.all_act_names())).key(name)
            found = self.act(key) if key else None
        if found is None or not any(not v.is_amending for v in self.versions(found.id)):
            keys = self.acts_spelt_like(name)
            if keys:
                raise NotFound(
                    _("no act {name} is loaded; did you mean {suggestions}?").format(
                        name=quote(name), suggestions=", ".join(keys)
                    )
                )
            raise NotFound(_("no act {name} is loaded").format(name=quote(name)))
        return found

    def acts_spelt_like(self, name: str, n: int = 3) -> list[str]:
        """The keys of up to `n` stored acts with a text of their own (not amending
        acts) whose names are spelt most like `name`: the "mente du …?" of a
        misspelt name, bounded however many acts are stored."""
        names: dict[str, str] = {}
        for folded, key in self.all_act_names():
            names.setdefault(folded, key)
        keys = []
        for match in similar(name, names, n=2 * n):
            key = names[match]
            act = self.act(key)
            if key not in keys and act and any(not v.is_amending for v in self.versions(act.id)):
                keys.append(key)
        return keys[:n]

    def act(self, key: str) -> ActRow | None:
        rows = self.q("SELECT id, key, title, popular_title FROM acts WHERE key = :k", k=key)
        return ActRow(*rows[0]) if rows else None

    def acts(self) -> list[ActRow]:
        return [
            ActRow(*r)
            for r in self.q("SELECT id, key, title, popular_title FROM acts ORDER BY key")
        ]

    def act_names(self, act_id: int) -> list[tuple[str, str]]:
        return [
            (r[0], r[1])
            for r in self.q(
                "SELECT name, form FROM act_names WHERE act_id = :a ORDER BY form, name", a=act_id
            )
        ]

    def names_by_act(self) -> dict[int, list[tuple[str, str]]]:
        """Every act's (name, form) pairs, as `act_names` gives them, in one query."""
        out: dict[int, list[tuple[str, str]]] = {}
        for act_id, name, form in self.q(
            "SELECT act_id, name, form FROM act_names ORDER BY act_id, form, name"
        ):
            out.setdefault(act_id, []).append((name, form))
        return out

    def all_act_names(self) -> list[tuple[str, str]]:
        """Every (folded name, act key) pair, for the citation lexicon."""
        return [
            (r[0], r[1])
            for r in self.q(
                "SELECT n.name, a.key FROM act_names n JOIN acts a ON a.id = n.act_id "
                "ORDER BY a.key, n.name"
            )
        ]

    # versions
    def versions(self, act_id: int) -> list[VersionRow]:
        rows = self.q(
            f"SELECT {_VERSION_COLS} FROM versions WHERE act_id = :a "
            "ORDER BY in_force_from, date_signed, designation",
            a=act_id,
        )
        return [_version(r) for r in rows]

    def versions_by_act(self) -> dict[int, list[VersionRow]]:
        """Every act's versions, as `versions` gives them, in one query."""
        out: dict[int, list[VersionRow]] = {}
        for r in self.q(
            f"SELECT {_VERSION_COLS} FROM versions "
            "ORDER BY act_id, in_force_from, date_signed, designation"
        ):
            v = _version(r)
            out.setdefault(v.act_id, []).append(v)
        return out

    def version_by_designation(
        self, doc_type: str | None, number: int, date_iso: str
    ) -> list[VersionRow]:
        rows = self.q(
            f"SELECT {_VERSION_COLS} FROM versions WHERE number = :n AND date_signed = :d",
            n=number,
            d=date_iso,
        )
        found = [_version(r) for r in rows]
        return [v for v in found if doc_type is None or v.doc_type == doc_type]

    def stored_designations(self, designations: Sequence[str]) -> set[str]:
        """Those of `designations` ("LOV nr 1543 af 13/12/2016") that a stored version has."""
        if not designations:
            return set()
        marks = ", ".join(f":d{i}" for i in range(len(designations)))
        rows = self.q(
            f"SELECT designation FROM versions WHERE designation IN ({marks})",
            **{f"d{i}": d for i, d in enumerate(designations)},
        )
        return {r[0] for r in rows}

    def amending_sections(
        self, law: str
    ) -> list[tuple[VersionRow, list[tuple[int, str | None, str | None, str | None]]]]:
        """The stored amending acts with §§ that change the act `law` (the `amendments`
        table), each with those §§ as (ord, label, base written, instructions as JSON:
        `kb.ingest.instructions`); the acts in the order of `acts()` and then
        `versions()`, the §§ in document order."""
        cols = ", ".join(f"v.{c}" for c in _VERSION_COLS.split(", "))
        rows = self.q(
            f"SELECT {cols}, m.ord, m.label, m.base, m.instructions FROM amendments m "
            "JOIN versions v ON v.id = m.version_id JOIN acts a ON a.id = v.act_id "
            "WHERE m.act_key = :k "
            "ORDER BY a.key, v.in_force_from, v.date_signed, v.designation, m.ord",
            k=law,
        )
        out: list[tuple[VersionRow, list[tuple[int, str | None, str | None, str | None]]]] = []
        width = len(VersionRow._fields)
        for r in rows:
            if not out or out[-1][0].id != r[0]:
                out.append((_version(r[:width]), []))
            out[-1][1].append((r[width], r[width + 1], r[width + 2], r[width + 3]))
        return out

    # units
    def unit(self, version_id: int, path: str) -> UnitRow | None:
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v AND path = :p",
            v=version_id,
            p=path,
        )
        return UnitRow(*rows[0]) if rows else None

    def unit_at(self, version_id: int, ord: int) -> UnitRow | None:
        """The unit at its place in the version (a target's `where`)."""
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v AND ord = :o",
            v=version_id,
            o=ord,
        )
        return UnitRow(*rows[0]) if rows else None

    def subtree(self, version_id: int, unit: UnitRow) -> list[UnitRow]:
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v AND ord BETWEEN :a AND :b "
            "ORDER BY ord",
            v=version_id,
            a=unit.ord,
            b=unit.end_ord,
        )
        return [UnitRow(*r) for r in rows]

    def units(self, version_id: int) -> list[UnitRow]:
        """Every unit of a version, in document order."""
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v ORDER BY ord", v=version_id
        )
        return [UnitRow(*r) for r in rows]

    def version(self, version_id: int) -> VersionRow | None:
        rows = self.q(f"SELECT {_VERSION_COLS} FROM versions WHERE id = :v", v=version_id)
        return _version(rows[0]) if rows else None

    def ancestors(self, version_id: int, unit: UnitRow) -> list[UnitRow]:
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v AND ord < :o "
            "AND end_ord >= :o ORDER BY ord",
            v=version_id,
            o=unit.ord,
        )
        return [UnitRow(*r) for r in rows]

    def children(self, version_id: int, parent_ord: int) -> list[UnitRow]:
        rows = self.q(
            f"SELECT {_UNIT_COLS} FROM units WHERE version_id = :v AND parent_ord = :p "
            "ORDER BY ord",
            v=version_id,
            p=parent_ord,
        )
        return [UnitRow(*r) for r in rows]

    def paragraf_numbers(self, version_id: int) -> list[str]:
        rows = self.q(
            "SELECT number FROM units WHERE version_id = :v AND kind = 'paragraf' "
            "AND path IS NOT NULL ORDER BY ord",
            v=version_id,
        )
        return [r[0] for r in rows]

    def chapter_numbers(self, version_id: int) -> list[str]:
        rows = self.q(
            "SELECT number FROM units WHERE version_id = :v AND kind = 'kapitel' "
            "AND number IS NOT NULL ORDER BY ord",
            v=version_id,
        )
        return [r[0] for r in rows]

    def unit_count(self, version_id: int) -> int:
        return self.q("SELECT count(*) FROM units WHERE version_id = :v", v=version_id)[0][0]

    def unit_counts(self) -> dict[int, int]:
        """Every version's number of units, in one query."""
        return dict(self.q("SELECT version_id, count(*) FROM units GROUP BY version_id"))

    # concepts
    def concepts(self) -> list[tuple]:
        """(id, key, name, section, explanation, source, note) of every concept, by key."""
        return self.q(
            "SELECT id, key, name, section, explanation, source, note FROM concepts ORDER BY key"
        )

    def concepts_named(self, folded_name: str) -> list[tuple]:
        return self.q(
            "SELECT DISTINCT c.id, c.key, c.name, c.section, c.explanation, c.source, c.note "
            "FROM concept_names n JOIN concepts c ON c.id = n.concept_id "
            "WHERE n.name = :n ORDER BY c.key",
            n=folded_name,
        )

    def concept_names(self) -> list[tuple[str, str]]:
        """(folded name, concept key) pairs."""
        return [
            (r[0], r[1])
            for r in self.q(
                "SELECT n.name, c.key FROM concept_names n JOIN concepts c ON c.id = n.concept_id "
                "ORDER BY n.name"
            )
        ]

    def concept_provisions(self, concept_id: int) -> list[tuple[str, str]]:
        """(kind, citation) in order; kind is "source" or "current"."""
        return [
            (r[0], r[1])
            for r in self.q(
                "SELECT kind, citation FROM concept_provisions WHERE concept_id = :c ORDER BY ord",
                c=concept_id,
            )
        ]

    def counterparts(self, act_id: int) -> list[tuple[str, str, str, str, str | None]]:
        """(old version, old path, new version, new path, note) for an act."""
        return self.q(
            "SELECT old_version, old_path, new_version, new_path, note FROM counterparts "
            "WHERE act_id = :a ORDER BY old_version, old_path",
            a=act_id,
        )

    def practice_refs(self) -> list[str]:
        return [r[0] for r in self.q("SELECT ref FROM practice ORDER BY ref")]

    def practice(self, ref: str) -> tuple | None:
        rows = self.q(
            "SELECT id, ref, series, letter, number, year, title, summary, source, note "
            "FROM practice WHERE ref = :r",
            r=ref,
        )
        return rows[0] if rows else None


class HeldReader(Reader):
    """A reader that holds the units of the versions it reads in memory.

    For a caller that reads version after version whole and resolves thousands of
    references into a few of them (the reference graph): each version's units are
    read in one query and kept — the `held` most recently used —, and every unit
    lookup below is answered from them. Only the lookups that vary by version are
    held; the rest are the plain reader's.
    """

    def __init__(self, reader: Reader, held: int = 64) -> None:
        super().__init__(reader._query, reader.close)
        self.url = reader.url
        self._held = held
        self._versions: dict[int, _Held] = {}
        self._asked: dict[int, int] = {}
        self._spelt: dict[tuple[str, int], list[str]] = {}

    def _of(self, version_id: int, whole: bool = False) -> _Held | None:
        """The version's units held, or None for the first `_ASKED` lookups into it
        (not `whole`), which the plain reader's queries answer."""
        held = self._versions.pop(version_id, None)
        if held is None:
            if not whole and self._asked.get(version_id, 0) < _ASKED:
                self._asked[version_id] = self._asked.get(version_id, 0) + 1
                return None
            held = _Held(super().units(version_id))
            while len(self._versions) >= self._held:
                self._versions.pop(next(iter(self._versions)))
        self._versions[version_id] = held  # last: the most recently used
        return held

    def unit(self, version_id: int, path: str) -> UnitRow | None:
        # A look at one unit (whether a bare "§ 24" fits each act stored) is not worth
        # reading its version whole: a version is held once more than a unit of it is read.
        held = self._versions.get(version_id)
        if held is None:
            return super().unit(version_id, path)
        return held.by_path.get(path)

    def units(self, version_id: int) -> list[UnitRow]:
        held = self._of(version_id, whole=True)
        assert held is not None
        return list(held.units)

    def unit_at(self, version_id: int, ord: int) -> UnitRow | None:
        held = self._of(version_id)
        if held is None:
            return super().unit_at(version_id, ord)
        at = held.at.get(ord)
        return None if at is None else held.units[at]

    def subtree(self, version_id: int, unit: UnitRow) -> list[UnitRow]:
        held = self._of(version_id)
        if held is None:
            return super().subtree(version_id, unit)
        at = held.at.get(unit.ord)
        if at is None:
            return []
        end = held.at.get(unit.end_ord)
        if end is not None:  # a subtree is the units from its first to its last
            return held.units[at : end + 1]
        return [u for u in held.units[at:] if u.ord <= unit.end_ord]

    def children(self, version_id: int, parent_ord: int) -> list[UnitRow]:
        held = self._of(version_id)
        if held is None:
            return super().children(version_id, parent_ord)
        return list(held.children.get(parent_ord, ()))

    def ancestors(self, version_id: int, unit: UnitRow) -> list[UnitRow]:
        held = self._of(version_id)
        if held is None:
            return super().ancestors(version_id, unit)
        out: list[UnitRow] = []
        parent = unit.parent_ord
        while parent is not None and parent in held.at:
            row = held.units[held.at[parent]]
            out.append(row)
            parent = row.parent_ord
        return out[::-1]

    def paragraf_numbers(self, version_id: int) -> list[str]:
        held = self._of(version_id)
        if held is None:
            return super().paragraf_numbers(version_id)
        return [u.number for u in held.units if u.kind == "paragraf" and u.path is not None]  # type: ignore[misc]

    def chapter_numbers(self, version_id: int) -> list[str]:
        held = self._of(version_id)
        if held is None:
            return super().chapter_numbers(version_id)
        return [u.number for u in held.units if u.kind == "kapitel" and u.number is not None]

    def unit_count(self, version_id: int) -> int:
        held = self._of(version_id)
        if held is None:
            return super().unit_count(version_id)
        return len(held.units)

    def acts_spelt_like(self, name: str, n: int = 3) -> list[str]:
        # The same unknown act is named again and again across a store's texts.
        key = (name, n)
        if key not in self._spelt:
            self._spelt[key] = super().acts_spelt_like(name, n)
        return self._spelt[key]


# How many lookups into a version are answered by queries before it is read whole:
# a reading of the whole corpus looks a few times into most versions it cites and
# reads them whole for nothing (a third of its time, at 0), and a few hundred times
# into the few it reads most (each held, at 32, is read whole in about 2 ms).
_ASKED = 32


class _Held:
    """One version's units, by place, by address and by parent."""

    def __init__(self, units: list[UnitRow]) -> None:
        self.units = units
        self.at = {u.ord: i for i, u in enumerate(units)}
        self.by_path: dict[str, UnitRow] = {}
        for u in units:
            if u.path is not None:
                self.by_path.setdefault(u.path, u)
        self.children: dict[int, list[UnitRow]] = {}
        for u in units:
            if u.parent_ord is not None:
                self.children.setdefault(u.parent_ord, []).append(u)


def _version(row: Sequence[Any]) -> VersionRow:
    values = list(row)
    for i in (7, 8, 11, 20, 22):  # dates arrive as str from SQLite, as date elsewhere
        if values[i] is not None:
            values[i] = str(values[i])[:10]
    for i in (9, 10, 23, 24):
        values[i] = bool(values[i])
    return VersionRow(*values)


# --- opening the store ------------------------------------------------------


def open_reader(url: str | None = None) -> Reader:
    """A reader on a ready store; `StoreNotReady` when there is none yet.

    The fast path (an existing, current SQLite store) touches nothing but
    `sqlite3`. Opening a reader never writes: setting a new store up is
    `kb.ingest.setup.open_store`'s job, which the public API calls.
    """
    url = url or database_url()
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise StoreNotReady(_("there is no store at {url}").format(url=url))
    reader = _sqlite_reader(path) if path is not None else _sqlalchemy_reader(url)
    reader.url = url
    try:
        ready = _ready(reader)
    except BaseException:
        reader.close()
        raise
    if not ready:
        reader.close()
        raise StoreNotReady(
            _("the store at {url} is not ready; run `kb db upgrade`").format(url=url)
        )
    return reader


def _ready(reader: Reader) -> bool:
    try:
        rev = reader.q("SELECT version_num FROM alembic_version")
        if not rev or rev[0][0] != SCHEMA_REVISION:
            return False
        return bool(reader.q("SELECT 1 FROM versions LIMIT 1"))
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return False
        raise StoreError(_("cannot read the store: {reason}").format(reason=exc)) from None
    except Exception as exc:  # SQLAlchemy errors on other backends
        if "alembic_version" in str(exc) or "versions" in str(exc):
            return False
        raise


def _sqlite_reader(path: Path) -> Reader:
    """A reader with one read-only connection per thread.

    A `sqlite3` connection may only be used by the thread that made it, and a
    web server answers from several threads; each gets its own connection on
    its first query, and `close` closes them all.
    """
    local = threading.local()
    opened: list[sqlite3.Connection] = []
    lock = threading.Lock()

    def connection() -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise StoreError(
                    _("cannot open the store {path}: {reason}").format(path=path, reason=exc)
                ) from None
            local.conn = conn
            with lock:
                opened.append(conn)
        return conn

    def query(sql: str, params: dict[str, Any]) -> list[tuple]:
        try:
            return connection().execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                raise
            raise StoreError(
                _("cannot read the store {path}: {reason}").format(path=path, reason=exc)
            ) from None

    def close() -> None:
        with lock:
            for conn in opened:
                conn.close()
            opened.clear()
        local.__dict__.clear()

    connection()  # fail here, not at the first query, when the file cannot be opened
    return Reader(query, close)


def _sqlalchemy_reader(url: str) -> Reader:
    from sqlalchemy import text

    from kb.store.engine import make_engine

    engine = make_engine(url)

    def query(sql: str, params: dict[str, Any]) -> list[tuple]:
        # A connection from the engine's pool for each query: safe from any thread.
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params).fetchall()]

    return Reader(query, engine.dispose)
