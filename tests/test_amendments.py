"""The amendments table: which act each amending § changes, and the effects read from it.

The effects of an act are read only from the amending acts its rows name
(`kb.ingest.amendments`); they must be exactly those of reading every stored
amending act with the lexicon of every stored name, as `effects_on` did before
the table. `scan_effects` below is that reading, kept as the reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kb.citation.grammar import Lexicon, act, lexicon, version
from kb.config import SCHEMA_REVISION
from kb.history import effects
from kb.history.effects import Effect, effects_on
from kb.ingest.amendments import INTRO, reread_all
from kb.ingest.load import import_files
from kb.store.engine import alembic_config, make_engine, session_scope, upgrade
from kb.store.read import Reader, open_reader

# LOV 1624/2013 changes forvaltningsloven by name and the PET and FE acts by their
# designations (LOV 604 and 602 of 12 June 2013); LOV 722/2014 and LOV 1543/2016
# change serviceloven (and retssikkerhedsloven), LOV 495/2013 names an amending act
# by its designation; the consolidations are of the acts they change.
AMENDING = ["2013-1624.xml", "2014-722.xml", "2016-1543.xml", "2013-495.xml"]
ACTS = [
    "2013-604.xml",
    "2013-602.xml",
    "2012-988.xml",
    "2014-433.xml",
    "2015-150.xml",
    "2015-1053.xml",
    "2016-1345.xml",
]


def _act_named(text_: str, lex: Lexicon, reader: Reader) -> str | None:
    """Which act an amending § names, read as before the table: with every name."""
    ref = act(text_, 0, lex)
    if ref is None:
        return None
    if ref.name:
        return lex.key(ref.name)
    v = ref.version
    if v is not None and v.date:
        found = reader.version_by_designation(v.doc_type, v.number, v.date)
        if found:
            owner = next((a for a in reader.acts() if a.id == found[0].act_id), None)
            return owner.key if owner else None
    return None


def scan_sections(reader: Reader, lex: Lexicon) -> dict[tuple[int, int], str | None]:
    """(amending version id, § ord) -> the act it names, for every stored amending §."""
    out = {}
    for a in reader.acts():
        for v in reader.versions(a.id):
            if not v.is_amending:
                continue
            for u in reader.units(v.id):
                m = INTRO.match(u.text or "") if u.kind == "paragraf" else None
                if m and u.parent_ord is None:
                    out[(v.id, u.ord)] = _act_named(m.group("rest"), lex, reader)
    return out


def scan_effects(reader: Reader, law: str) -> list[Effect]:
    """`effects_on` as it was: every stored amending act read, each § asked which act."""
    lex = lexicon(tuple(reader.all_act_names()))
    folds = effects.Folding(reader, law)
    amending = [v for a in reader.acts() for v in reader.versions(a.id) if v.is_amending]
    out: list[Effect] = []
    for v in sorted(amending, key=lambda v: (v.in_force_from or "", v.date_signed or "")):
        wanted = {}
        for u in reader.units(v.id):
            m = INTRO.match(u.text or "") if u.kind == "paragraf" else None
            if not m or u.parent_ord is not None:
                continue
            rest = m.group("rest")
            if _act_named(rest, lex, reader) == law:
                jf = re.search(r"jf\.\s*", rest)
                base = version(rest, jf.end() if jf else 0)
                wanted[u.ord] = base[0].text if base else None
        out += effects._effects_of(reader, v, law, lex, folds, wanted)
    return out


def stored_sections(reader: Reader) -> dict[tuple[int, int], str | None]:
    return {(v, o): k for v, o, k in reader.q("SELECT version_id, ord, act_key FROM amendments")}


def by_file(reader: Reader) -> dict[tuple[str, int], str | None]:
    rows = reader.q(
        "SELECT v.source_file, m.ord, m.act_key FROM amendments m "
        "JOIN versions v ON v.id = m.version_id"
    )
    return {(f, o): k for f, o, k in rows}


def assert_as_scanned(reader: Reader, laws: list[str]) -> None:
    lex = lexicon(tuple(reader.all_act_names()))
    assert stored_sections(reader) == scan_sections(reader, lex)
    for law in laws:
        assert effects_on(reader, law) == scan_effects(reader, law), law


def test_bundled_effects_are_those_of_reading_every_amending_act(bundled_store: Path) -> None:
    with open_reader(f"sqlite:///{bundled_store}") as reader:
        keys = {k for (k,) in reader.q("SELECT DISTINCT act_key FROM amendments") if k}
        assert {"serviceloven", "forvaltningsloven", "retssikkerhedsloven"} <= keys
        laws = sorted(keys | {a.key for a in reader.acts()})
        assert_as_scanned(reader, laws)
        assert sum(len(effects_on(reader, law)) for law in laws) > 100


@pytest.mark.parametrize("order", ["amending first", "acts first"])
def test_corpus_rows_do_not_depend_on_the_order_of_import(corpus_files, tmp_path, order) -> None:
    files = corpus_files(*AMENDING, *ACTS)
    if order == "acts first":
        files = files[len(AMENDING) :] + files[: len(AMENDING)]
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    import_files(files, url)
    with open_reader(url) as reader:
        rows = by_file(reader)
        # the designation names an act stored after the amending act, or before it
        named = {k for (f, _o), k in rows.items() if f == "2013-1624.xml"}
        assert None not in named and len(named) == 3 and "forvaltningsloven" in named
        assert_as_scanned(
            reader,
            sorted({k for k in rows.values() if k} | {a.key for a in reader.acts()}),
        )
        assert all(effects_on(reader, k) for k in named)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            assert reread_all(session) == 0  # kept up to date as the acts came in
    finally:
        engine.dispose()


def test_the_migration_fills_the_table_as_an_import_does(bundled_store, tmp_path) -> None:
    from alembic import command

    path = tmp_path / "kb.sqlite3"
    path.write_bytes(bundled_store.read_bytes())
    url = f"sqlite:///{path}"
    query = (
        "SELECT version_id, ord, label, intro, base, act_key, words, ref_number, ref_date, "
        "instructions"
    )
    engine = create_engine(url)
    with engine.connect() as conn:
        imported = sorted(conn.execute(text(f"{query} FROM amendments")).all())
    cfg = alembic_config(url)
    command.downgrade(cfg, "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM units")).scalar()
    assert upgrade(url) == SCHEMA_REVISION
    with engine.connect() as conn:
        migrated = sorted(conn.execute(text(f"{query} FROM amendments")).all())
    engine.dispose()
    assert migrated == imported and len(imported) > 50
