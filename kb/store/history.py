"""The import history: one row per `kb import` and `kb update` (`kb.store.schema.ImportRecord`).

Written after the files' own transactions, in a transaction of its own: the history
says what the imports did, and never holds one back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.store.engine import make_engine, session_scope, upgrade
from kb.store.read import Reader
from kb.store.schema import ImportRecord


def now() -> dt.datetime:
    """The time the history writes: UTC, to the second, without a zone (as `imported_at`)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Entry:
    """One import or update, as `kb history` shows it."""

    command: str
    started_at: dt.datetime
    finished_at: dt.datetime
    items: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.get("status") == status)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "started_at": self.started_at.isoformat() + "Z",
            "finished_at": self.finished_at.isoformat() + "Z",
            "new_acts": self.count("new act"),
            "new_versions": self.count("new version"),
            "unchanged": self.count("unchanged"),
            "refused": self.count("refused"),
            "items": self.items,
            "note": self.note,
        }


def record(entry: Entry, url: str | None = None) -> None:
    """Add `entry` to the store's history."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            session.add(
                ImportRecord(
                    command=entry.command,
                    started_at=entry.started_at,
                    finished_at=entry.finished_at,
                    new_acts=entry.count("new act"),
                    new_versions=entry.count("new version"),
                    unchanged=entry.count("unchanged"),
                    refused=entry.count("refused"),
                    items=json.dumps(entry.items, ensure_ascii=False),
                    note=entry.note,
                )
            )
    finally:
        engine.dispose()


def entries(reader: Reader, since: dt.date | None = None) -> list[Entry]:
    """The imports and updates from `since` (a day, UTC) on, oldest first."""
    start = (since or dt.date.min).isoformat()
    rows: Sequence[tuple] = reader.q(
        "SELECT command, started_at, finished_at, items, note FROM imports "
        "WHERE started_at >= :s ORDER BY started_at, id",
        s=start,
    )
    return [
        Entry(c, _time(s), _time(f), json.loads(items) if items else [], note)
        for c, s, f, items, note in rows
    ]


def last_update(reader: Reader) -> dt.datetime | None:
    """When the last `kb update` that imported what it found ended, if one did."""
    rows = reader.q(
        "SELECT finished_at FROM imports WHERE command = 'update' AND note IS NULL "
        "ORDER BY finished_at DESC LIMIT 1"
    )
    return _time(rows[0][0]) if rows else None


def _time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
