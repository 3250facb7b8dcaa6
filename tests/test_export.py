"""`kb export` and its restore stream: the bytes of an export as they have always been,
whatever the pieces the file is read in and the batches rows are written in."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kb.config import SCHEMA_REVISION
from kb.errors import SourceError
from kb.store import export
from kb.store.engine import make_engine
from kb.store.export import FORMAT, export_store, import_export


def whole_document(url: str) -> bytes:
    """An export as it was written before it streamed: the whole document in memory,
    one `json.dumps`."""
    engine = make_engine(url)
    data: dict[str, Any] = {"format": FORMAT, "schema_revision": SCHEMA_REVISION, "tables": {}}
    with engine.connect() as conn:
        for table in export._tables():
            keys = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*keys)).all()
            data["tables"][table.name] = {
                "columns": [c.name for c in table.columns],
                "rows": [[export._plain(v) for v in row] for row in rows],
            }
    engine.dispose()
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def tables_of(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    names = [
        n
        for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if n not in export.DERIVED  # the reference graph, read again by the import
    ]
    out = {n: con.execute(f"SELECT * FROM {n} ORDER BY 1").fetchall() for n in names}
    con.close()
    return out


def test_the_streamed_export_is_the_whole_document_byte_for_byte(bundled_store, tmp_path):
    url = f"sqlite:///{bundled_store}"
    body = whole_document(url)
    counts = export_store(tmp_path / "a.json", url)
    assert (tmp_path / "a.json").read_bytes() == body
    export_store(tmp_path / "a.json.gz", url)
    assert (tmp_path / "a.json.gz").read_bytes() == gzip.compress(body, mtime=0)
    assert counts["units"] > 20_000 and counts["amendments"] > 50


@pytest.mark.parametrize("pieces", [(7, 3), (4096, 1000)])
def test_restore_in_small_pieces_gives_the_same_store(bundled_store, tmp_path, monkeypatch, pieces):
    """Pieces of 7 bytes end inside every kind of token; batches of 3 rows end everywhere."""
    chunk, batch = pieces
    url = f"sqlite:///{bundled_store}"
    export_store(tmp_path / "a.json.gz", url)
    monkeypatch.setattr(export, "CHUNK", chunk)
    monkeypatch.setattr(export, "BATCH", batch)
    restored = tmp_path / "restored.sqlite3"
    counts = import_export(tmp_path / "a.json.gz", f"sqlite:///{restored}")
    assert tables_of(restored) == tables_of(bundled_store)
    assert counts["units"] == len(tables_of(bundled_store)["units"])
    export_store(tmp_path / "b.json.gz", f"sqlite:///{restored}")
    assert (tmp_path / "b.json.gz").read_bytes() == (tmp_path / "a.json.gz").read_bytes()


def test_restore_reads_an_export_with_white_space(small_store, tmp_path):
    url = f"sqlite:///{small_store}"
    data = json.loads(whole_document(url))
    spaced = tmp_path / "spaced.json"
    spaced.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    restored = tmp_path / "restored.sqlite3"
    import_export(spaced, f"sqlite:///{restored}")
    assert tables_of(restored) == tables_of(small_store)


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda b: b[: len(b) // 2], "is not a lovkb export"),
        (lambda b: b.replace(b'"format":"lovkb-export/1"', b'"format":"x"'), "no format"),
        (lambda b: b.replace(SCHEMA_REVISION.encode(), b"0001", 1), "schema revision '0001'"),
        (lambda b: b.replace(b'"counterparts"', b'"elsewhere"'), "has no table 'counterparts'"),
    ],
)
def test_a_damaged_export_is_refused_and_nothing_stored(small_store, tmp_path, cut, message):
    url = f"sqlite:///{small_store}"
    bad = tmp_path / "bad.json"
    bad.write_bytes(cut(whole_document(url)))
    restored = tmp_path / "restored.sqlite3"
    with pytest.raises(SourceError, match=message):
        import_export(bad, f"sqlite:///{restored}")
    if restored.exists():
        assert not any(tables_of(restored).get(t) for t in ("acts", "versions", "units"))
