"""The schema comes from Alembic alone, and it matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from kb.config import SCHEMA_REVISION
from kb.store.engine import alembic_config, upgrade
from kb.store.schema import Base


def test_models_and_migrations_agree(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_read_path_revision_is_head():
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head == SCHEMA_REVISION


def test_upgrade_creates_every_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    assert upgrade(url) == SCHEMA_REVISION
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"acts", "act_names", "versions", "units", "practice", "alembic_version"} <= tables
    assert upgrade(url) == SCHEMA_REVISION  # idempotent
