"""First use: create the schema and load the bundled sources.

Kept apart from `kb.store.read` so that the hot read path never imports
SQLAlchemy, Alembic or lxml when the store is already in place, and so that
opening a reader never runs the loader: only `open_store` does, on purpose.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from kb.config import database_url
from kb.errors import StoreNotReady
from kb.i18n import _, ngettext
from kb.store.read import Reader, open_reader


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# How first use shows its progress: given the number of bundled files, a callback told
# (done, total) after each, or None to log a line per file instead. The command line
# sets one that draws a progress bar on a terminal; the library has none.
first_use_progress: Callable[[int], Callable[[int, int], None] | None] | None = None


def prepare_store(
    url: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Upgrade the schema; load the bundled sources into an empty store.

    The bundle is loaded in one transaction (`kb.ingest.load.load_bundled`);
    `progress(done, total)` follows it file by file, else `log` gets one
    line when it is done.
    """
    from sqlalchemy import func, select

    from kb.ingest.load import bundled_statutes, load_bundled
    from kb.ingest.tables import load_bundled_tables
    from kb.store.engine import make_engine, session_scope, upgrade
    from kb.store.schema import Concept, Counterpart, Practice, Version

    url = url or database_url()
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            count = session.scalar(select(func.count()).select_from(Version)) or 0
            empty = [
                name
                for name, model in (
                    ("practice.toml", Practice),
                    ("concepts.toml", Concept),
                    ("counterparts.toml", Counterpart),
                )
                if not session.scalar(select(func.count()).select_from(model))
            ]
    finally:
        engine.dispose()
    if count == 0:
        log(_("lovkb: new store at {url}; loading the bundled sources").format(url=url))
        if progress is None and first_use_progress is not None:
            progress = first_use_progress(len(bundled_statutes()))
        results = load_bundled(url, on_progress=progress)
        if progress is None:
            # One line, not one a file: first use is not what the command was asked for.
            acts = sum(r.status == "new act" for r in results)
            log(
                ngettext(
                    "lovkb: loaded {files} bundled file: {acts} acts, {versions} versions",
                    "lovkb: loaded {files} bundled files: {acts} acts, {versions} versions",
                    len(results),
                ).format(
                    files=len(results),
                    acts=acts,
                    versions=sum(r.status in ("new act", "new version") for r in results),
                )
            )
    elif empty:
        # A store made before these tables existed (an older schema): fill them.
        log(
            _("lovkb: loading the bundled {files} into {url}").format(
                files=", ".join(empty), url=url
            )
        )
        load_bundled_tables(url, only=empty)


def open_store(url: str | None = None, log: Callable[[str], None] = _stderr) -> Reader:
    """A reader on the store, set up first when there is none yet (first use).

    The fast path is `open_reader`'s alone; only a new, empty or older store
    brings in SQLAlchemy, Alembic and the loader.
    """
    try:
        return open_reader(url)
    except StoreNotReady:
        pass
    prepare_store(url, log=log)
    return open_reader(url)
