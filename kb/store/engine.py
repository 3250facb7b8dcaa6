"""The store: engine and sessions, schema upgrades, the chain of versions.

Writes go through SQLAlchemy sessions here; `kb.store.read` answers the hot read
path without loading SQLAlchemy. The schema is only ever created or changed
by Alembic (`upgrade`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kb.config import SCHEMA_REVISION, database_url, sqlite_path
from kb.errors import StoreError
from kb.i18n import _, language
from kb.store.gaps import gap_after, iso, later_designations
from kb.store.interval import chain_ends, replaces
from kb.store.schema import Act, StoreState, Version

# How long a writer waits for another one before the store counts as busy;
# KB_BUSY_TIMEOUT (seconds) overrides it.
BUSY_TIMEOUT_MS = 30_000


def busy_timeout_ms() -> int:
    try:
        return int(float(os.environ["KB_BUSY_TIMEOUT"]) * 1000)
    except (KeyError, ValueError):
        return BUSY_TIMEOUT_MS


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                _("cannot create the data directory {folder}: {reason}").format(
                    folder=path.parent, reason=exc
                )
            ) from None
    try:
        engine = create_engine(url)
    except Exception as exc:  # bad URL or missing driver: say which
        raise StoreError(
            _("cannot use database URL {url}: {reason}").format(url=repr(url), reason=exc)
        ) from None
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN; take control so that
    # a write transaction really is one transaction (SQLAlchemy's recipe).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        cur.execute("PRAGMA foreign_keys = ON")
        # A read-only file keeps the journal mode it has.
        with contextlib.suppress(Exception):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# --- schema -----------------------------------------------------------------


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("kb.migrations")))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for an empty database."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables:
                if tables:
                    raise StoreError(
                        _(
                            "{url} is not a lovkb store (it has tables {tables} but no schema "
                            "revision); refusing to touch it"
                        ).format(
                            url=engine.url.render_as_string(hide_password=True),
                            tables=", ".join(sorted(tables)[:5]),
                        )
                    )
                return None
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return row[0] if row else None
    except DatabaseError as exc:
        if isinstance(exc, OperationalError) and "locked" in str(exc.orig or exc):
            raise StoreError(_plain(exc)) from None
        raise StoreError(
            _("cannot open {url}: {reason} (not a SQLite database, or damaged)").format(
                url=engine.url.render_as_string(hide_password=True),
                reason=exc.orig if exc.orig else exc,
            )
        ) from None


def upgrade(url: str | None = None) -> str:
    """Bring the schema to the newest revision; return that revision."""
    url = url or database_url()
    engine = make_engine(url)
    try:
        rev = current_revision(engine)
        known = _known_revisions()
        if rev is not None and rev not in known:
            raise StoreError(
                _(
                    "the store has schema revision {revision}, which this version of lovkb "
                    "does not know (it was made by a newer lovkb); upgrade lovkb"
                ).format(revision=repr(rev))
            )
        if rev == SCHEMA_REVISION:
            return rev
        from alembic import command

        cfg = alembic_config(url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return SCHEMA_REVISION
    except OperationalError as exc:
        raise StoreError(_("cannot upgrade the store: {reason}").format(reason=exc.orig)) from None
    finally:
        engine.dispose()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


# --- sessions ---------------------------------------------------------------


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    try:
        with factory() as session, session.begin():
            yield session
    except OperationalError as exc:
        raise StoreError(_plain(exc)) from None


def _plain(exc: OperationalError) -> str:
    """What an SQLite failure during a write means for the user (nothing was written)."""
    reason = str(exc.orig or exc)
    if "locked" in reason or "busy" in reason:
        seconds = f"{busy_timeout_ms() / 1000:g}"
        if language() == "da":
            seconds = seconds.replace(".", ",")
        return _(
            "the store is busy: another process has been writing to it for over {seconds} s; "
            "nothing was changed, try again when it is done"
        ).format(seconds=seconds)
    if "full" in reason:
        return _("the disk is full ({reason}); nothing was changed").format(reason=reason)
    if "readonly" in reason or "read-only" in reason:
        return _("the store cannot be written ({reason}); nothing was changed").format(
            reason=reason
        )
    return _("the store could not be written ({reason}); nothing was changed").format(reason=reason)


def bump_generation(session: Session) -> int:
    """Count a change to the store (derived indexes compare this stamp)."""
    state = session.get(StoreState, "generation")
    if state is None:
        state = StoreState(key="generation", value="0")
        session.add(state)
    state.value = str(int(state.value) + 1)
    return int(state.value)


# --- the chain of versions --------------------------------------------------


def recompute_chain(session: Session, act: Act) -> None:
    """Derive each version's in-force interval from the order of the chain.

    Each version ends where the next one starts (`kb.store.interval.chain_ends`,
    by the in-force rule there); the newest stays open. Amending acts are documents
    of their own and take no part in the chain of the act they amend.
    """
    versions = session.scalars(
        select(Version).where(Version.act_id == act.id, Version.is_amending.is_(False))
    ).all()
    # A quotation's interval is the period its publication attests: fixed, and no
    # part of the chain (it neither ends the version before it nor is ended).
    chain = sorted((v for v in versions if not v.attested), key=_chain_key)
    ends = chain_ends([v.in_force_from for v in chain])
    named = [d for v in chain for d in later_designations(v.later_changes)]
    stored = set(session.scalars(select(Version.designation).where(Version.designation.in_(named))))
    numbers = {(v.number, iso(v.date_signed)) for v in chain}
    for i, (version, end) in enumerate(zip(chain, ends, strict=True)):
        following = chain[i + 1] if i + 1 < len(chain) else None
        gap = (
            gap_after(
                iso(version.date_signed),
                version.later_changes,
                iso(following.in_force_from),
                following.lineage,
                stored,
                numbers,
            )
            if following is not None and not replaces(following.doc_type, version.doc_type)
            else None
        )
        version.in_force_to = dt.date.fromisoformat(gap.start) if gap else end


def _chain_key(version: Version) -> tuple[dt.date, dt.date, str]:
    start = version.in_force_from or version.date_signed or dt.date.min
    return (start, version.date_signed or dt.date.min, version.designation)
