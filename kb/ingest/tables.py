"""The TOML tables: practice references, the pamphlet's concepts, and the
counterparts of provisions that moved when an act was replaced.

Each file is parsed once and written in one transaction; a table that cannot
be read names the file and the entry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kb.errors import SourceError
from kb.i18n import _
from kb.store.engine import bump_generation, make_engine, session_scope
from kb.store.schema import (
    Act,
    Concept,
    ConceptName,
    ConceptProvision,
    Counterpart,
    Practice,
    PracticeProvision,
)
from kb.text import fold


def _toml(text: str, source_file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(
            source_file, _("is not valid TOML: {reason}").format(reason=exc)
        ) from None


# --- practice references ----------------------------------------------------


def import_practice(session: Session, data: dict[str, Any], source_file: str) -> int:
    """Load practice references from the TOML format of sources/practice.toml."""
    count = 0
    for i, item in enumerate(data.get("practice", []), start=1):
        try:
            ref = str(item["ref"]).strip()
            fields = {
                "series": str(item["series"]),
                "letter": item.get("letter"),
                "number": int(item["number"]),
                "year": int(item["year"]),
            }
        except (KeyError, ValueError, TypeError) as exc:
            raise SourceError(
                source_file,
                _("practice entry {number} lacks or garbles {field}").format(number=i, field=exc),
            ) from None
        practice = session.scalar(select(Practice).where(Practice.ref == ref))
        if practice is None:
            practice = Practice(ref=ref, **fields)
            session.add(practice)
        for attr in ("title", "summary", "source", "note"):
            setattr(practice, attr, item.get(attr))
        practice.source_file = source_file
        practice.provisions = [
            PracticeProvision(ord=j, citation=c) for j, c in enumerate(item.get("provisions", []))
        ]
        count += 1
    bump_generation(session)
    return count


def import_table(engine: Engine, path: Path) -> tuple[str, int]:
    """A TOML table file (practice, concepts or counterparts) in one transaction:
    its kind and how many entries it held."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(str(path), _("no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), _("cannot be read ({reason})").format(reason=exc)) from None
    data = _toml(text, str(path))
    loaders = {
        "practice": import_practice,
        "concept": import_concepts,
        "counterpart": import_counterparts,
    }
    kinds = [k for k in loaders if k in data]
    if len(kinds) != 1:
        raise SourceError(
            str(path),
            _(
                "is not a table lovkb reads: it needs exactly one of [[practice]], [[concept]] "
                "or [[counterpart]]"
            ),
        )
    load = loaders[kinds[0]]
    with session_scope(engine) as session:
        count = load(session, data, path.name)
    return kinds[0], count


# --- concepts ---------------------------------------------------------------


def import_concepts(session: Session, data: dict[str, Any], source_file: str) -> int:
    """Load concepts from the TOML format of sources/concepts.toml.

    The file replaces what the store holds for each concept it names.
    """
    default_source = data.get("source")
    count = 0
    seen: set[str] = set()
    for i, item in enumerate(data.get("concept", []), start=1):
        try:
            key = fold(str(item["key"]))
            name = str(item["name"]).strip()
            explanation = str(item["explanation"]).strip()
            provisions = [str(c) for c in item.get("provisions", [])]
            current = [str(c) for c in item.get("current", [])]
            aliases = [str(a) for a in item.get("aliases", [])]
        except (KeyError, ValueError, TypeError) as exc:
            raise SourceError(
                source_file,
                _("concept entry {number} lacks or garbles {field}").format(number=i, field=exc),
            ) from None
        if not key or not explanation:
            raise SourceError(
                source_file,
                _("concept entry {number} has an empty key or explanation").format(number=i),
            )
        if key in seen:
            raise SourceError(
                source_file,
                _("concept entry {number}: key '{key}' appears twice").format(number=i, key=key),
            )
        seen.add(key)
        concept = session.scalar(select(Concept).where(Concept.key == key))
        if concept is None:
            concept = Concept(key=key, name=name, explanation=explanation)
            session.add(concept)
        concept.name, concept.explanation = name, explanation
        concept.section = item.get("section")
        concept.source = item.get("source", default_source)
        concept.note = item.get("note") or None
        concept.source_file = source_file
        names = dict.fromkeys(fold(n) for n in (key, name, *aliases) if fold(n))
        # The old rows go first: the new ones would clash with them on (concept, name).
        concept.names.clear()
        concept.provisions.clear()
        session.flush()
        concept.names = [ConceptName(name=n) for n in names]
        concept.provisions = [
            ConceptProvision(ord=j, kind=kind, citation=c)
            for j, (kind, c) in enumerate(
                [("source", c) for c in provisions] + [("current", c) for c in current]
            )
        ]
        count += 1
    if not count:
        raise SourceError(source_file, _("holds no [[concept]] entries"))
    bump_generation(session)
    return count


# --- counterparts ------------------------------------------------------------


def import_counterparts(session: Session, data: dict[str, Any], source_file: str) -> int:
    """Load counterpart provisions from the TOML format of sources/counterparts.toml."""
    from kb.citation.extract import extract

    def path_of(written: str, i: int) -> str:
        items = [it for f in extract(written) if f.kind == "statute" for it in f.items]
        if len(items) != 1 or not items[0].pin.path:
            raise SourceError(
                source_file,
                _("counterpart entry {number}: {citation} is not one §").format(
                    number=i, citation=repr(written)
                ),
            )
        return items[0].pin.path

    count = 0
    for i, item in enumerate(data.get("counterpart", []), start=1):
        try:
            law, old, new = str(item["law"]), str(item["old"]), str(item["new"])
            old_path = path_of(str(item["old_provision"]), i)
            new_path = path_of(str(item["new_provision"]), i)
        except (KeyError, TypeError) as exc:
            raise SourceError(
                source_file,
                _("counterpart entry {number} lacks {field}").format(number=i, field=exc),
            ) from None
        act = session.scalar(select(Act).where(Act.key == law))
        if act is None:
            raise SourceError(
                source_file,
                _("counterpart entry {number}: no act '{law}' is loaded").format(number=i, law=law),
            )
        row = session.scalar(
            select(Counterpart).where(
                Counterpart.act_id == act.id,
                Counterpart.old_version == old,
                Counterpart.old_path == old_path,
                Counterpart.new_version == new,
            )
        )
        if row is None:
            row = Counterpart(act_id=act.id, old_version=old, old_path=old_path, new_version=new)
            session.add(row)
        row.new_path, row.note, row.source_file = new_path, item.get("note"), source_file
        count += 1
    if not count:
        raise SourceError(source_file, _("holds no [[counterpart]] entries"))
    bump_generation(session)
    return count


# --- the bundled tables -------------------------------------------------------


_TABLES = {
    "practice.toml": import_practice,
    "concepts.toml": import_concepts,
    "counterparts.toml": import_counterparts,
}


def load_bundled_tables(url: str | None = None, only: Iterable[str] = tuple(_TABLES)) -> None:
    """Load the bundled TOML sources (practice, concepts, counterparts), each in one transaction."""
    engine = make_engine(url)
    try:
        for name in only:
            with session_scope(engine) as session:
                load_tables(session, (name,))
    finally:
        engine.dispose()


def load_tables(session: Session, only: Iterable[str] = tuple(_TABLES)) -> None:
    """Load the bundled TOML sources named in `only` in the session's transaction."""
    for name in only:
        source = resources.files("kb.sources").joinpath(name)
        if source.is_file():
            data = _toml(source.read_text(encoding="utf-8"), name)
            _TABLES[name](session, data, name)
