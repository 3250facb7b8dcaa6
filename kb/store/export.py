"""The whole store as one portable file, and back: backups and moving databases.

`export_store` writes every table of the schema (acts and their names,
versions with their provenance, units, practice, concepts, counterparts, the
store's state) as JSON, rows in primary-key order, so the same store gives
the same bytes. `import_export` loads such a file into an empty store in one
transaction, keeping the rows' ids, so that the result is the same store —
on SQLite or on another database the models run on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, insert, select

from kb.config import SCHEMA_REVISION
from kb.errors import SourceError
from kb.files import write_atomically
from kb.i18n import _
from kb.store.engine import make_engine, session_scope, upgrade
from kb.store.schema import Base

FORMAT = "lovkb-export/1"


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def export_store(path: Path, url: str | None = None) -> dict[str, int]:
    """Write the store to `path` (gzip-compressed when it ends in .gz); rows per table."""
    engine = make_engine(url)
    counts: dict[str, int] = {}
    data: dict[str, Any] = {"format": FORMAT, "schema_revision": SCHEMA_REVISION, "tables": {}}
    try:
        with engine.connect() as conn:
            for table in _tables():
                keys = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*keys)).all()
                data["tables"][table.name] = {
                    "columns": [c.name for c in table.columns],
                    "rows": [[_plain(v) for v in row] for row in rows],
                }
                counts[table.name] = len(rows)
    finally:
        engine.dispose()
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if path.suffix == ".gz":
        body = gzip.compress(body, mtime=0)
    write_atomically(path, lambda tmp: tmp.write_bytes(body))
    return counts


def is_export(path: Path) -> bool:
    """Does `path` look like an export file (by its name)?"""
    name = path.name.lower()
    return name.endswith((".json", ".json.gz"))


def import_export(path: Path, url: str | None = None) -> dict[str, int]:
    """Load an export into an empty store, in one transaction; rows per table."""
    data = _read(path)
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
                            "an export can only be imported into an empty store; this one has "
                            "rows in {table} (use a new KB_DATABASE_URL)"
                        ).format(table=table.name),
                    )
            for table in _tables():
                block = data["tables"].get(table.name)
                if block is None:
                    raise SourceError(
                        str(path), _("has no table '{table}'").format(table=table.name)
                    )
                columns = block["columns"]
                unknown = set(columns) - {c.name for c in table.columns}
                if unknown:
                    raise SourceError(
                        str(path),
                        _("table {table} has columns this lovkb does not know: {columns}").format(
                            table=table.name, columns=", ".join(sorted(unknown))
                        ),
                    )
                rows = [_typed(table, dict(zip(columns, r, strict=True))) for r in block["rows"]]
                if rows:
                    session.execute(insert(table), rows)
                counts[table.name] = len(rows)
    finally:
        engine.dispose()
    return counts


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror
        raise SourceError(str(path), _("cannot be read ({reason})").format(reason=reason)) from None
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = _("is not a lovkb export ({reason})").format(reason=exc)
        raise SourceError(str(path), reason) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        reason = _("is not a lovkb export (no format '{format}')").format(format=FORMAT)
        raise SourceError(str(path), reason)
    revision = data.get("schema_revision")
    if revision != SCHEMA_REVISION:
        raise SourceError(
            str(path),
            _(
                "was exported at schema revision {revision}; this lovkb writes {current}. "
                "Import it with the lovkb that made it, run `kb db upgrade`, and export again"
            ).format(revision=repr(revision), current=repr(SCHEMA_REVISION)),
        )
    return data


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
