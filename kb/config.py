"""Where the store lives.

`KB_DATABASE_URL` names the database (any SQLAlchemy URL); without it the
store is a SQLite file in the user's data directory. This module stays free
of heavy imports: the read path of `kb show` goes through it on every call.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_URL = "KB_DATABASE_URL"
# The schema revision this code reads and writes; a test checks it against
# the head of the Alembic migrations, so the read path need not load Alembic.
SCHEMA_REVISION = "0007"
IMPORTER_VERSION = "lovkb-import/1"


def database_url() -> str:
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{default_path()}"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("lovkb", appauthor=False)) / "lovkb.sqlite3"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases and :memory:."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix) :].split("?", 1)[0]
            if not rest or rest == ":memory:":
                return None
            return Path(rest)
    return None
