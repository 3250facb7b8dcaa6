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
SCHEMA_REVISION = "0008"
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


ENV_RETSINFORMATION = "KB_RETSINFORMATION_URL"
ENV_HARVEST = "KB_HARVEST_URL"


def retsinformation_url() -> str:
    """The base of the ELI addresses `kb update` fetches documents from (a mirror's, a test's)."""
    url = os.environ.get(ENV_RETSINFORMATION, "").strip() or "https://www.retsinformation.dk"
    return url.rstrip("/")


def harvest_url() -> str:
    """The harvest endpoint itself: the documents changed on a day (`?date=YYYY-MM-DD`)."""
    url = os.environ.get(ENV_HARVEST, "").strip()
    return url or "https://api.retsinformation.dk/v1/Documents"
