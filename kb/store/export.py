"""The whole store as one portable file, and back: backups and moving databases.

`export_store` writes every table of the schema (acts and their names,
versions with their provenance, units, practice, concepts, counterparts, the
store's state) as JSON, rows in primary-key order, so the same store gives
the same bytes. `import_export` loads such a file into an empty store in one
transaction, keeping the rows' ids, so that the result is the same store —
on SQLite or on another database the models run on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, cast

from sqlalchemy import Date, DateTime, Table, func, insert, select

from kb.config import SCHEMA_REVISION
from kb.errors import SourceError
from kb.files import write_atomically
from kb.i18n import _
from kb.store.engine import make_engine, session_scope, upgrade
from kb.store.schema import Base

FORMAT = "lovkb-export/1"


# The reference graph is derived from the rest, row for row, and is most of a store's
# rows: an export leaves it out, and the import that restores one reads it again
# (`kb.graph`), as it does the search index.
DERIVED = frozenset({"refs", "ref_targets", "ref_reads"})
# The import history is this store's own log (`kb history`): a restore starts its own.
LOCAL = frozenset({"imports"})


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED | LOCAL]


# Rows are read from the store and written to the file this many at a time, and a
# restore inserts them so: memory stays bounded by a batch, whatever the store holds.
BATCH = 2_000
# Text is read from an export file in pieces of this many bytes.
CHUNK = 1 << 20
# The longest single JSON value (a key, the column list, one row) a restore reads.
MAX_VALUE = 64 << 20

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def export_store(path: Path, url: str | None = None) -> dict[str, int]:
    """Write the store to `path` (gzip-compressed when it ends in .gz); rows per table.

    The file is written as the rows are read, a batch at a time; its bytes are those
    of `json.dumps` of the whole document with `ensure_ascii=False` and no spaces
    (and of `gzip.compress(…, mtime=0)` for .gz), as an export has always been.
    """
    engine = make_engine(url)
    counts: dict[str, int] = {}

    def write(tmp: Path) -> None:
        with tmp.open("wb") as raw, engine.connect() as conn:
            out = _Compressed(raw) if path.suffix == ".gz" else raw
            put = out.write
            put(
                f'{{"format":{_dumps(FORMAT)},"schema_revision":{_dumps(SCHEMA_REVISION)},'
                '"tables":{'.encode()
            )
            for i, table in enumerate(_tables()):
                columns = [c.name for c in table.columns]
                head = f'{_dumps(table.name)}:{{"columns":{_dumps(columns)},"rows":['
                put((("," if i else "") + head).encode())
                keys = list(table.primary_key.columns) or list(table.columns)
                result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                    select(table).order_by(*keys)
                )
                n = 0
                for batch in result.partitions():
                    parts = [_dumps([_plain(v) for v in row]) for row in batch]
                    put((("," if n else "") + ",".join(parts)).encode("utf-8"))
                    n += len(parts)
                put(b"]}")
                counts[table.name] = n
            put(b"}}")
            if isinstance(out, _Compressed):
                out.close()

    try:
        write_atomically(path, write)
    finally:
        engine.dispose()
    return counts


class _Compressed:
    """A gzip stream written as `gzip.compress(data, mtime=0)` writes it: zlib's own
    gzip header and trailer (GzipFile's header differs in two bytes)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.zip = zlib.compressobj(9, zlib.DEFLATED, 31)

    def write(self, data: bytes) -> None:
        self.raw.write(self.zip.compress(data))

    def close(self) -> None:
        self.raw.write(self.zip.flush())


def is_export(path: Path) -> bool:
    """Does `path` look like an export file (by its name)?"""
    name = path.name.lower()
    return name.endswith((".json", ".json.gz"))


def import_export(path: Path, url: str | None = None) -> dict[str, int]:
    """Load an export into an empty store, in one transaction; rows per table.

    The file is read as it is inserted, a batch of rows at a time. Its header (format,
    schema revision) is read before the store is touched; a table missing from it, or
    a fault further on, rolls the whole transaction back.
    """
    with _Reading(path) as reading:
        reading.header()
        upgrade(url)
        engine = make_engine(url)
        counts: dict[str, int] = {}
        try:
            with session_scope(engine) as session:
                for table in _tables():
                    if session.scalar(select(func.count()).select_from(table)):
                        raise SourceError(
                            str(path),
                            _(
                                "an export can only be imported into an empty store; this one "
                                "has rows in {table} (use a new KB_DATABASE_URL)"
                            ).format(table=table.name),
                        )
                known = {t.name: t for t in _tables()}
                for name, columns, rows in reading.tables():
                    into = known.get(name)
                    if into is None:  # a table this lovkb does not have: passed over
                        for _batch in rows:
                            pass
                        continue
                    unknown = set(columns) - {c.name for c in into.columns}
                    if unknown:
                        raise SourceError(
                            str(path),
                            _(
                                "table {table} has columns this lovkb does not know: {columns}"
                            ).format(table=name, columns=", ".join(sorted(unknown))),
                        )
                    counts[name] = 0
                    for batch in rows:
                        typed = [_typed(into, dict(zip(columns, r, strict=True))) for r in batch]
                        session.execute(insert(into), typed)
                        counts[name] += len(typed)
                for table in _tables():
                    if table.name not in counts:
                        raise SourceError(
                            str(path), _("has no table '{table}'").format(table=table.name)
                        )
        finally:
            engine.dispose()
    return {t.name: counts[t.name] for t in _tables()}


class _Reading:
    """An export file read as a stream of JSON values: the header, then each table's
    columns and its rows in batches. Only a document of the export's own shape is
    read ("format" and "schema_revision" before "tables", each table's "columns"
    before its "rows"), as `export_store` writes it; white space anywhere."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._file: BinaryIO | None = None
        self._decode = codecs.getincrementaldecoder("utf-8")()
        self._decoder = json.JSONDecoder()

    def __enter__(self) -> _Reading:
        try:
            raw = self.path.open("rb")
            magic = raw.read(2)
            raw.seek(0)
        except OSError as exc:
            reason = exc.strerror
            raise SourceError(
                str(self.path), _("cannot be read ({reason})").format(reason=reason)
            ) from None
        self._file = cast(BinaryIO, gzip.GzipFile(fileobj=raw)) if magic == b"\x1f\x8b" else raw
        self._raw = raw
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
        self._raw.close()

    # --- the document's shape

    def header(self) -> None:
        """Read up to the tables, checking the format and the schema revision."""
        self._expect("{")
        seen: dict[str, Any] = {}
        while True:
            key = self._key()
            if key == "tables":
                break
            seen[key] = self._value()
            self._expect(",")
        if seen.get("format") != FORMAT:
            self._refuse(_("is not a lovkb export (no format '{format}')").format(format=FORMAT))
        revision = seen.get("schema_revision")
        if revision != SCHEMA_REVISION:
            raise SourceError(
                str(self.path),
                _(
                    "was exported at schema revision {revision}; this lovkb writes {current}. "
                    "Import it with the lovkb that made it, run `kb db upgrade`, and export again"
                ).format(revision=repr(revision), current=repr(SCHEMA_REVISION)),
            )
        self._expect("{")

    def tables(self) -> Iterator[tuple[str, list[str], Iterator[list[list[Any]]]]]:
        """(name, columns, batches of rows) of each table in turn; each table's batches
        must be read to the end before the next table is asked for."""
        if self._peek() == "}":
            self.pos += 1
        else:
            while True:
                name = self._string()
                self._expect(":")
                self._expect("{")
                if self._key() != "columns":
                    self._refuse(_("is not a lovkb export ({reason})").format(reason=name))
                columns = self._value()
                self._expect(",")
                if self._key() != "rows":
                    self._refuse(_("is not a lovkb export ({reason})").format(reason=name))
                yield name, columns, self._rows()
                self._expect("}")
                if self._peek() == ",":
                    self.pos += 1
                    continue
                self._expect("}")
                break
        self._expect("}")
        if self._peek() is not None:
            self._refuse(_("is not a lovkb export ({reason})").format(reason="trailing data"))

    def _rows(self) -> Iterator[list[list[Any]]]:
        self._expect("[")
        batch: list[list[Any]] = []
        if self._peek() == "]":
            self.pos += 1
            return
        while True:
            row = self._value()
            if not isinstance(row, list):
                self._refuse(_("is not a lovkb export ({reason})").format(reason="row"))
            batch.append(row)
            if len(batch) >= BATCH:
                yield batch
                batch = []
            if self._peek() == ",":
                self.pos += 1
                continue
            self._expect("]")
            break
        if batch:
            yield batch

    # --- tokens

    def _key(self) -> str:
        key = self._string()
        self._expect(":")
        return key

    def _string(self) -> str:
        value = self._value() if self._peek() == '"' else None
        if not isinstance(value, str):
            self._refuse(_("is not a lovkb export ({reason})").format(reason="expected a name"))
        return value

    def _value(self) -> Any:
        self._skip()
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof or len(self.buf) - self.pos > MAX_VALUE:
                    self._refuse(_("is not a lovkb export ({reason})").format(reason=exc))
                self._fill()
                continue
            if end == len(self.buf) and not self.eof:
                self._fill()  # a number may go on in the next piece
                continue
            self.pos = end
            return value

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            found = self._peek()
            reason = f"expected {char!r}, found {found!r}" if found else "unexpected end"
            self._refuse(_("is not a lovkb export ({reason})").format(reason=reason))
        self.pos += 1

    def _peek(self) -> str | None:
        self._skip()
        return self.buf[self.pos] if self.pos < len(self.buf) else None

    def _skip(self) -> None:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return
            self._fill()

    def _fill(self) -> None:
        assert self._file is not None
        try:
            data = self._file.read(CHUNK)
            text = self._decode.decode(data, final=not data)
        except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
            self._refuse(_("is not a lovkb export ({reason})").format(reason=exc))
        if not data:
            self.eof = True
        self.buf = self.buf[self.pos :] + text
        self.pos = 0

    def _refuse(self, reason: str) -> NoReturn:
        raise SourceError(str(self.path), reason)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime):
            row[column.name] = dt.datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            row[column.name] = dt.date.fromisoformat(value)
    return row
