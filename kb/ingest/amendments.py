"""Which act each amending § amends, kept in the `amendments` table.

An amending act's § opens with the act it changes: "I forvaltningsloven, jf.
lovbekendtgørelse nr. 988 af 9. oktober 2012, foretages følgende ændringer:".
`kb.history.effects` reads the instructions under such a § for one act at a time;
finding the §§ that name the act by reading every stored amending act's text is
what made it slow at the scale of the whole law (1,138 amending acts in the
corpus). So each such § is recorded once, at import, with the key of the act it
names, and the effects read only the amending acts whose rows name theirs.

The key is what the citation grammar makes of the § with every act name stored
(`kb.citation.grammar.act` at the start of the words after "I"), or of the stored
version its designation names ("I lov nr. 606 af 12. juni 2013 om …"). Both
change as acts are imported — an amending act may come before the act it amends
—, so after each import the rows the new document can bear on are read again:
those whose words hold one of the names of its act, those keyed by a key its act
had, and those naming its designation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from kb.citation.grammar import Lexicon, act, lexicon, version
from kb.ingest.instructions import Dates, Instruction, read_instructions, to_json
from kb.store.read import UnitRow
from kb.text import squeezed

INTRO = re.compile(r"^I\s+(?P<rest>.+?),?\s+foretages\s+følgende\s+ændring(?:er)?\s*:?\s*$", re.S)

# A lexicon with only the stored names that occur in the words read: built by the
# function under `lexicon`'s cache, which would keep one per set of names for good;
# kept here a while instead, since most §§ name the same few acts ("I lov om social
# service, jf. …").
_build_lexicon = getattr(lexicon, "__wrapped__", lexicon)
_SMALL: dict[tuple[tuple[str, str], ...], Lexicon] = {}
_SMALL_MAX = 512


class Executes(Protocol):
    """A SQLAlchemy Session or Connection: what the functions here write through."""

    def execute(self, statement: Any, params: Any = ..., /) -> Any: ...


@dataclass(frozen=True)
class Section:
    """An amending § that opens with the act it changes."""

    ord: int  # the § unit's place in its version
    label: str | None  # as printed: "§ 1."
    intro: str  # the §'s own text, word for word
    rest: str  # the words naming the act: "forvaltningsloven, jf. lovbekendtgørelse …"
    base: str | None  # the version it names: "lovbekendtgørelse nr. 988 af 9. oktober 2012"


@dataclass(frozen=True)
class Named:
    """What a § names: an act's key, and the designation it names the act by, if so."""

    key: str | None
    ref_number: int | None = None
    ref_date: str | None = None


_SQUEEZED: dict[str, str] = {}


def _squeezed_name(name: str) -> str:
    # Every import reads every stored name: each is squeezed once.
    found = _SQUEEZED.get(name)
    if found is None:
        if len(_SQUEEZED) > 200_000:
            _SQUEEZED.clear()
        found = _SQUEEZED[name] = squeezed(name)
    return found


def sections(units: Iterable[tuple[int, int | None, str, str | None, str | None]]) -> list[Section]:
    """The §§ of an amending act's (ord, parent_ord, kind, label, text) units that name
    the act they change, in document order."""
    out = []
    for ord_, parent, kind, label, words in units:
        if kind != "paragraf" or parent is not None:
            continue
        intro = INTRO.match(words or "")
        if not intro:
            continue
        rest = intro.group("rest")
        base = version(rest, _after_name(rest))
        out.append(Section(ord_, label, words or "", rest, base[0].text if base else None))
    return out


def _after_name(text_: str) -> int:
    """Where the designation after the act's name starts ("…, jf. lovbekendtgørelse …")."""
    m = re.search(r"jf\.\s*", text_)
    return m.end() if m else 0


class StoredNames:
    """Every stored act name, to read which act a § names as the grammar would with the
    lexicon of them all (`lexicon(tuple(reader.all_act_names()))`).

    The grammar is given only the names whose squeezed form occurs in the §'s words:
    no other can match there or be looked up from them, and the order of those kept
    is that of the whole list, which decides between names as the whole lexicon does.
    That lexicon costs about as much to build as the store has names; this one, next to
    nothing.
    """

    def __init__(
        self,
        pairs: Sequence[tuple[str, str]],
        find_version: Callable[[str | None, int, str], str | None],
    ) -> None:
        self.pairs = [(name, key, _squeezed_name(name)) for name, key in pairs]
        self.find_version = find_version

    def named(self, rest: str) -> Named:
        words = squeezed(rest)
        kept = tuple((name, key) for name, key, sq in self.pairs if sq in words)
        lex = _SMALL.get(kept)
        if lex is None:
            if len(_SMALL) >= _SMALL_MAX:
                _SMALL.clear()
            lex = _SMALL[kept] = _build_lexicon(kept)
        ref = act(rest, 0, lex)
        if ref is None:
            return Named(None)
        if ref.name:
            return Named(lex.key(ref.name))
        v = ref.version
        if v is not None and v.date:
            return Named(self.find_version(v.doc_type, v.number, v.date), v.number, v.date)
        return Named(None)


def names_of(db: Executes, within: Iterable[str] | None = None) -> StoredNames:
    """The store's names in `Reader.all_act_names`'s order, with its designation lookup;
    with `within` (squeezed words), only the names that occur in one of them — the only
    ones `StoredNames.named` keeps for those words —, sifted by the database."""
    query = "SELECT n.name, a.key FROM act_names n JOIN acts a ON a.id = n.act_id "
    params: dict[str, Any] = {}
    if within is not None:
        # A stored name is folded (kb.text.fold): lower case, its only white space
        # single spaces, so that this is `squeezed` of it. "|" is in no name, so no
        # name is found across two of the words.
        query += (
            "WHERE instr(:within, replace(replace(replace(n.name, ' ', ''), '-', ''), "
            "char(173), '')) > 0 "
        )
        params["within"] = "|".join(within)
    pairs = [
        (name, key) for name, key in db.execute(text(query + "ORDER BY a.key, n.name"), params)
    ]

    def find_version(doc_type: str | None, number: int, date_iso: str) -> str | None:
        # As `Reader.version_by_designation`, first of those found.
        rows = db.execute(
            text(
                "SELECT v.doc_type, a.key FROM versions v JOIN acts a ON a.id = v.act_id "
                "WHERE v.number = :n AND v.date_signed = :d ORDER BY v.id"
            ),
            {"n": number, "d": date_iso},
        )
        return next((key for kind, key in rows if doc_type is None or kind == doc_type), None)

    return StoredNames(pairs, find_version)


_INSERT = text(
    "INSERT INTO amendments (version_id, ord, label, intro, base, act_key, words, "
    "ref_number, ref_date, instructions) VALUES (:version_id, :ord, :label, :intro, :base, "
    ":act_key, :words, :ref_number, :ref_date, :instructions)"
)


def record(
    db: Executes,
    version_id: int,
    found: list[Section],
    names: StoredNames | None,
    read: dict[int, list[Instruction]],
) -> int:
    """Store the §§ `found` of the amending version `version_id` with their instructions
    `read` (without the act they name when `names` is None: `later`); how many."""
    rows = []
    for s in found:
        named = names.named(s.rest) if names is not None else Named(None)
        rows.append(
            {
                "version_id": version_id,
                "ord": s.ord,
                "label": s.label,
                "intro": s.intro,
                "base": s.base,
                "act_key": named.key,
                "words": squeezed(s.rest),
                "ref_number": named.ref_number,
                "ref_date": named.ref_date,
                "instructions": to_json(read.get(s.ord, [])),
            }
        )
    if rows:
        db.execute(_INSERT, rows)
    return len(rows)


def mark(db: Executes) -> int:
    """Where the store's act names stand before an import (`after_import` reads the
    names added after it)."""
    return int(db.execute(text("SELECT coalesce(max(id), 0) FROM act_names")).scalar() or 0)


def after_import(
    db: Executes, version_id: int, units: Iterable[dict[str, Any]], names_before: int
) -> None:
    """Bring the table up to date with the version just stored (in the same transaction):
    its own §§ if it is an amending act, and the rows that the names it brought (those
    after `names_before`, `mark`) and its designation can bear on."""
    (is_amending, number, signed) = db.execute(
        text("SELECT is_amending, number, date_signed FROM versions WHERE id = :v"),
        {"v": version_id},
    ).one()
    deferred = _LATER in getattr(db, "info", {})
    names = None
    if is_amending:
        rows = [UnitRow(*(u[f] for f in UnitRow._fields)) for u in units]
        found = sections((u.ord, u.parent_ord, u.kind, u.label, u.text) for u in rows)
        if found:
            names = None if deferred else names_of(db, [squeezed(f.rest) for f in found])
            read = read_instructions(
                rows, [f.ord for f in found], _dates(db, version_id), lexicon()
            )
            record(db, version_id, found, names, read)
    if deferred:
        return
    _refresh(db, names_before, number, str(signed)[:10] if signed else None, version_id)


_LATER = "kb.ingest.amendments.later"
# Beyond this many names and keys to look for, the rows are sifted here rather than by
# one query with a condition for each (SQLite's expressions stop at a depth of 1000).
_MANY = 100


@contextmanager
def later(session: Session) -> Iterator[None]:
    """Within the block, imports into `session` record amending §§ without reading which
    act they name; at its end every row is read once, with every name then stored. For
    many documents in one transaction (first use): the same rows as after each import,
    for a fraction of the reading."""
    session.info[_LATER] = True
    try:
        yield
    finally:
        del session.info[_LATER]
    reread_all(session)


def _refresh(
    db: Executes,
    names_before: int,
    number: int | None,
    signed: str | None,
    version_id: int,
) -> None:
    """Read again the other rows that what an import brought can bear on: words that
    hold a name added (all the names of an act that got a new key: its place among the
    names moved), a key such an act had (its names of form "key"), the designation of
    the version stored."""
    added = list(
        db.execute(
            text("SELECT act_id, name, form FROM act_names WHERE id > :m"), {"m": names_before}
        )
    )
    rekeyed = sorted({a for a, _n, form in added if form == "key"})
    triggers = {n for _a, n, _f in added}
    keys: set[str] = set()
    if rekeyed:
        marks = ", ".join(f":a{i}" for i in range(len(rekeyed)))
        for name, form in db.execute(
            text(f"SELECT name, form FROM act_names WHERE act_id IN ({marks})"),
            {f"a{i}": a for i, a in enumerate(rekeyed)},
        ):
            triggers.add(name)
            if form == "key":
                keys.add(name)
    squeezed_names = sorted({_squeezed_name(n) for n in triggers} - {""})
    if len(squeezed_names) + len(keys) > _MANY:
        query = text(
            "SELECT id, intro, act_key, ref_number, ref_date, words FROM amendments "
            "WHERE version_id != :self"
        )
        rows = [
            tuple(r)
            for r in db.execute(query, {"self": version_id})
            if r[2] in keys
            or (number is not None and (r[3], r[4]) == (number, signed))
            or any(n in r[5] for n in squeezed_names)
        ]
        if rows:
            _reread(db, [r[:5] for r in rows], names_of(db, [r[5] for r in rows]))
        return
    where = [f"instr(words, :n{i}) > 0" for i in range(len(squeezed_names))]
    where += [f"act_key = :k{i}" for i in range(len(keys))]
    params: dict[str, Any] = {f"n{i}": n for i, n in enumerate(squeezed_names)}
    params |= {f"k{i}": k for i, k in enumerate(sorted(keys))}
    if number is not None and signed:
        where.append("(ref_number = :num AND ref_date = :signed)")
        params |= {"num": number, "signed": signed}
    if not where:
        return
    rows = list(
        db.execute(
            text(
                "SELECT id, intro, act_key, ref_number, ref_date, words FROM amendments "
                f"WHERE version_id != :self AND ({' OR '.join(where)})"
            ),
            params | {"self": version_id},
        )
    )
    if rows:
        _reread(db, [r[:5] for r in rows], names_of(db, [r[5] for r in rows]))


def _reread(db: Executes, rows: Iterable[Sequence[Any]], names: StoredNames) -> int:
    """Resolve the rows (id, intro, act_key, ref_number, ref_date) again; how many changed."""
    changed = []
    for id_, intro, key, number, date in rows:
        m = INTRO.match(intro)
        named = names.named(m.group("rest")) if m else Named(None)
        if named != Named(key, number, date):
            changed.append({"id": id_, "k": named.key, "n": named.ref_number, "d": named.ref_date})
    if changed:
        db.execute(
            text(
                "UPDATE amendments SET act_key = :k, ref_number = :n, ref_date = :d WHERE id = :id"
            ),
            changed,
        )
    return len(changed)


def fill(db: Executes, on_progress: Callable[[int, int], None] | None = None) -> int:
    """Record the §§ of every stored amending act and their instructions (a store without
    rows for them: the migration's data step); how many rows."""
    names = names_of(db)
    query = text("SELECT id FROM versions WHERE is_amending ORDER BY id")
    versions = [v for (v,) in db.execute(query)]
    count = 0
    for done, version_id in enumerate(versions, start=1):
        units = [
            UnitRow(*u)
            for u in db.execute(
                text(
                    "SELECT ord, end_ord, parent_ord, depth, kind, number, label, heading, "
                    "text, tail, path, anchor FROM units WHERE version_id = :v ORDER BY ord"
                ),
                {"v": version_id},
            )
        ]
        found = sections((u.ord, u.parent_ord, u.kind, u.label, u.text) for u in units)
        if found:
            read = read_instructions(
                units, [f.ord for f in found], _dates(db, version_id), lexicon()
            )
            count += record(db, version_id, found, names, read)
        if on_progress:
            on_progress(done, len(versions))
    return count


def _dates(db: Executes, version_id: int) -> Dates:
    """The stored version's days, as `kb.ingest.instructions` reads them."""
    row = db.execute(
        text(
            "SELECT in_force_from, in_force_known, in_force_rule, published, date_signed "
            "FROM versions WHERE id = :v"
        ),
        {"v": version_id},
    ).one()

    def iso(value: Any) -> str | None:
        return str(value)[:10] if value is not None else None

    return Dates(iso(row[0]), bool(row[1]), row[2], iso(row[3]), iso(row[4]))


def reread_all(db: Executes) -> int:
    """Resolve every row again with the store as it is; how many changed (none, when the
    rows were kept up to date as acts came in)."""
    query = text("SELECT id, intro, act_key, ref_number, ref_date FROM amendments")
    rows = [tuple(r) for r in db.execute(query)]
    return _reread(db, rows, names_of(db))
