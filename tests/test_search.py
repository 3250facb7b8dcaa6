"""Full-text search and concepts on the bundled store: quality, syntax, the index's life.

The quality rows are the issue's bar; every other test checks a behaviour a
caseworker or the maintainer relies on (as-of filtering, compounds, spelling,
a stale, missing, damaged or locked index).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_store, edge_days, run_kb

from kb.errors import KbError, NotFound, SourceError
from kb.index import search as kbsearch
from kb.index import whoosh_backend
from kb.index.backend import Scope
from kb.resolver.concepts import concept, concepts
from kb.store.read import open_reader

TODAY = dt.date(2026, 11, 23)
OLD = dt.date(2004, 1, 1)


@pytest.fixture(scope="module")
def url(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private store with its index, for the module."""
    return copy_store(bundled_store, tmp_path_factory.mktemp("search") / "kb.sqlite3")


def canonicals(result: kbsearch.SearchResult) -> list[str]:
    return [h.canonical for h in result.hits]


# --- the issue's quality bar ----------------------------------------------------


def test_partshoering_ranks_forvaltningsloven_19_first(url):
    assert canonicals(kbsearch.search("partshøring", url=url, as_of=TODAY))[0] == (
        "forvaltningsloven § 19"
    )
    then = kbsearch.search("partshøring", url=url, as_of=OLD)
    assert canonicals(then)[0] == "forvaltningsloven § 19"
    assert then.hits[0].version == "Uddrag i At skrive en afgørelse (januar 2004)"


def test_begrundelse_finds_22_to_24(url):
    top = canonicals(kbsearch.search("begrundelse", url=url, as_of=TODAY, limit=3))
    assert sorted(top) == [
        "forvaltningsloven § 22",
        "forvaltningsloven § 23",
        "forvaltningsloven § 24",
    ]


def test_notatpligt_today_and_in_2004(url):
    now = kbsearch.search("notatpligt", url=url, as_of=TODAY)
    assert now.hits[0].canonical == "offentlighedsloven § 13"
    assert now.hits[0].version == "LOV nr 606 af 12/06/2013"
    then = kbsearch.search("notatpligt", url=url, as_of=OLD)
    assert then.hits[0].canonical == "offentlighedsloven § 6"
    assert then.hits[0].version == "LOV nr 572 af 19/12/1985"


def test_afgoerelser_matches_afgoerelse_and_afgoerelsen(url):
    result = kbsearch.search("afgørelser", url=url, as_of=TODAY, limit=200)
    marked = {w.lower() for h in result.hits for w in _marked(h.snippet)}
    assert {"afgørelse", "afgørelsen", "afgørelser"} <= marked


def test_helhedsvurdering_finds_retssikkerhedsloven_5_to_7(url):
    # Today's text never uses the word; the pamphlet's concept map names them.
    now = kbsearch.search("helhedsvurdering", url=url, as_of=TODAY)
    found = {h.canonical: h for h in now.hits}
    for par in ("5", "6", "7"):
        assert found[f"retssikkerhedsloven § {par}"].concept == "helhedsvurdering"
    assert now.concepts == ["helhedsvurdering"]
    # In the 2004 text the word stands in the heading above § 5.
    then = kbsearch.search("helhedsvurdering", url=url, as_of=OLD)
    assert canonicals(then)[:3] == [
        "retssikkerhedsloven § 5",
        "retssikkerhedsloven § 6",
        "retssikkerhedsloven § 7",
    ]


def _marked(snippet: str) -> list[str]:
    out, rest = [], snippet
    while "«" in rest and "»" in rest:
        rest = rest[rest.index("«") + 1 :]
        out.append(rest[: rest.index("»")])
    return out


# --- analysis, compounds, query syntax --------------------------------------------


def test_one_character_tokens_and_numbers_are_kept(url):
    # LanguageAnalyzer('da') would drop "1" and "2"; the phrase needs them.
    result = kbsearch.search('"stk. 1, 2. pkt."', url=url, as_of=TODAY, limit=50)
    assert "forvaltningsloven § 24" in canonicals(result)
    plain = [h.snippet.replace("«", "").replace("»", "") for h in result.hits]
    assert all("tk. 1, 2. pkt." in p for p in plain)
    other = kbsearch.search('"stk. 1, 3. pkt."', url=url, as_of=TODAY, limit=50)
    assert "forvaltningsloven § 24" not in canonicals(other)


# "klagevejledning" and "vejledningspligt" always stand beside "vejledning" in
# the bundled texts; the analyzer test below covers them.
COMPOUNDS = [
    ("pligt", "tavshedspligt"),
    ("pligt", "notatpligt"),
    ("høring", "partshøring"),
]


@pytest.mark.parametrize(("part", "compound"), COMPOUNDS)
def test_a_word_finds_the_compounds_it_is_part_of(url, part, compound):
    """A § that has the word only inside a compound is found by the word."""
    import re

    from kb.store.read import open_reader

    has = re.compile(rf"\b{compound}\w*")
    alone = re.compile(rf"\b{part}\w{{0,4}}\b")
    with open_reader(url) as reader:
        pars = reader.q(
            "SELECT a.key, u.number, u.ord, u.end_ord, u.version_id FROM units u "
            "JOIN versions v ON v.id = u.version_id JOIN acts a ON a.id = v.act_id "
            "WHERE v.is_amending = 0 AND u.kind = 'paragraf' AND u.path IS NOT NULL"
        )
        expected = set()
        for law, number, first, last, vid in pars:
            rows = reader.q(
                "SELECT coalesce(heading, '') || ' ' || coalesce(text, '') || ' ' || "
                "coalesce(tail, '') FROM units "
                "WHERE version_id = :v AND ord BETWEEN :a AND :b AND kind != 'nota'",
                v=vid,
                a=first,
                b=last,
            )
            text = " ".join(t for (t,) in rows).lower()
            if has.search(text) and not alone.search(text):
                expected.add(f"{law} § {number}")
    assert expected, f"the bundled texts have {compound!r} without {part!r}"
    found = canonicals(kbsearch.search(part, url=url, all_versions=True, limit=500))
    assert expected <= set(found)


def test_the_index_splits_the_issues_compounds(url):
    from whoosh import index

    ix = index.open_dir(str(kbsearch.index_dir(url)))
    analyzer = ix.schema["parts"].analyzer
    query = [t.text for t in analyzer("vejledning", mode="query")]
    for compound in ("klagevejledning", "vejledningspligt", "vejledningspligten"):
        indexed = [t.text for t in analyzer(compound, mode="index")]
        assert set(query) <= set(indexed), (compound, indexed)
    assert [t.text for t in analyzer("vejledning", mode="index")] == []  # no compound


def test_the_plain_word_ranks_above_its_compounds(url):
    # forvaltningsloven § 7 (vejledning) above § 25 (klagevejledning) and the other §§
    # whose compounds only hold the word; in every act, the first hits hold the word itself
    fvl = kbsearch.search("vejledning", url=url, as_of=TODAY, law="forvaltningsloven")
    assert canonicals(fvl)[0] == "forvaltningsloven § 7"
    top = kbsearch.search("vejledning", url=url, as_of=TODAY, limit=4)
    assert all("«vejledning»" in h.snippet.lower() for h in top.hits), top.hits


@pytest.mark.parametrize(
    ("query", "check"),
    [
        (
            '"skriftlig begrundelse"',
            lambda c: "forvaltningsloven § 22" in c or "forvaltningsloven § 23" in c,
        ),
        ("begrundelse AND skøn", lambda c: c[0] == "forvaltningsloven § 24"),
        ("begrundelse NOT skøn", lambda c: "forvaltningsloven § 24" not in c and c),
        (
            "partshøring OR notatpligt",
            lambda c: {"forvaltningsloven § 19", "offentlighedsloven § 13"} <= set(c),
        ),
        ("partshør*", lambda c: {"forvaltningsloven § 19", "forvaltningsloven § 20"} <= set(c)),
        ("partshøing~", lambda c: "forvaltningsloven § 19" in c),
    ],
)
def test_whoosh_query_syntax(url, query, check):
    assert check(canonicals(kbsearch.search(query, url=url, as_of=TODAY, limit=20)))


def test_and_not_are_the_intersection_and_the_difference(url):
    def found(query: str) -> set[tuple[str, str | None]]:
        result = kbsearch.search(query, url=url, as_of=TODAY, limit=10_000)
        return {(h.canonical, h.version) for h in result.hits}

    # field syntax: not a plain query, so no concept adds provisions the words do not find
    one, other = found("text:begrundelse"), found("text:skøn")
    assert found("text:begrundelse AND text:skøn") == one & other != set()
    assert found("text:begrundelse NOT text:skøn") == one - other != set()


def test_nothing_found_suggests_spellings(url):
    result = kbsearch.search("partshørng", url=url, as_of=TODAY)
    assert result.hits == [] and result.total == 0
    assert "partshøring" in result.suggestions


def test_law_and_version_filters(url):
    only = kbsearch.search("afgørelse", url=url, as_of=TODAY, law="retssikkerhedsloven", limit=50)
    assert only.hits and {h.law for h in only.hits} == {"retssikkerhedsloven"}
    fvl = "forvaltningsloven"
    now = kbsearch.search("partshøring", url=url, as_of=TODAY, law=fvl, limit=50)
    every = kbsearch.search("partshøring", url=url, all_versions=True, law=fvl, limit=50)
    assert {h.version for h in now.hits if h.law} == {"LBK nr 433 af 22/04/2014"}
    assert {"LBK nr 988 af 09/10/2012", "LBK nr 433 af 22/04/2014"} <= {
        h.version for h in every.hits
    }
    scores = [h.score for h in every.hits]
    assert scores == sorted(scores, reverse=True)
    with pytest.raises(KbError, match="--law: no act 'retsplejeloven' is loaded"):
        kbsearch.search("afgørelse", url=url, law="retsplejeloven")
    with pytest.raises(KbError, match="the search query is empty"):
        kbsearch.search("  ", url=url)


# --- the index's life -------------------------------------------------------------


def test_missing_stale_and_damaged_index_is_rebuilt(small_url):
    store_url = small_url  # four rebuilds: the small store (conftest)
    folder = kbsearch.index_dir(store_url)
    shutil.rmtree(folder)
    reasons: list[str] = []

    def note(reason: str) -> None:
        reasons.append(reason)

    kbsearch.search("partshøring", url=store_url, on_rebuild=note)
    assert reasons == ["there is no search index yet"]
    kbsearch.search("partshøring", url=store_url, on_rebuild=note)
    assert len(reasons) == 1  # current: no rebuild

    # an import bumps the store's generation
    from kb.ingest.tables import load_bundled_tables

    load_bundled_tables(store_url, only=("practice.toml",))
    kbsearch.search("partshøring", url=store_url, on_rebuild=note)
    assert reasons[-1] == "the store has changed since the search index was built"

    # a truncated segment file, then a deleted table of contents
    for damage in ("truncate", "toc"):
        for f in folder.iterdir():
            if damage == "truncate" and f.suffix == ".seg":
                f.write_bytes(f.read_bytes()[:100])
            if damage == "toc" and f.name.endswith(".toc"):
                f.unlink()
        result = kbsearch.search("partshøring", url=store_url, on_rebuild=note)
        assert reasons[-1].startswith("the search index is damaged"), reasons
        assert result.hits[0].canonical == "forvaltningsloven § 19"
    assert len(reasons) == 4


def test_a_held_lock_is_reported_plainly(store_url, monkeypatch):
    from whoosh.util.filelock import FileLock

    folder = kbsearch.index_dir(store_url)
    shutil.rmtree(folder)
    monkeypatch.setattr(whoosh_backend, "LOCK_TIMEOUT", 0.3)
    lock = FileLock(str(folder.with_name(folder.name + ".lock")))
    assert lock.acquire(blocking=False)
    try:
        with pytest.raises(KbError, match="being rebuilt by another process"):
            kbsearch.rebuild(store_url)
    finally:
        lock.release()
    assert not folder.exists()  # nothing half-built left behind


def test_kb_search_command(small_url):
    shutil.rmtree(kbsearch.index_dir(small_url))
    out = run_kb("search", "partshøring", "--json", "--as-of", "2026-11-23")
    assert out.returncode == 0, out.stderr
    assert "rebuilding the search index: there is no search index yet" in out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "partshøring"
    first = data["hits"][0]
    assert {"canonical", "law", "version", "score", "snippet"} <= set(first)
    assert first["canonical"] == "forvaltningsloven § 19"
    out = run_kb("search", "partshørng")
    assert out.returncode == 1 and "Did you mean: partshøring" in out.stdout
    assert out.stderr == ""  # the index was current
    out = run_kb("search", "begrundelse", "--limit", "0")
    assert out.returncode == 2 and "--limit 0" in out.stderr


def test_kb_index_rebuild_and_import_refresh_the_index(small_url, tmp_path):
    out = run_kb("index", "rebuild")
    assert out.returncode == 0, out.stderr
    assert "indexed" in out.stdout and "documents" in out.stdout
    from conftest import RI

    out = run_kb("import", str(RI / "2024-434.xml"))
    assert out.returncode == 0, out.stderr
    assert "rebuilding the search index: the store has changed" in out.stderr
    out = run_kb("search", "bedrageri", "--law", "straffeloven", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["hits"][0]["law"] == "straffeloven"


# --- concepts ------------------------------------------------------------------


def test_the_concept_map(url):
    listed = {c["key"]: c["provisions"] for c in concepts(url)}
    assert listed["partshøring"] == ["forvaltningsloven §§ 19-21"]
    assert listed["helhedsvurdering"] == ["retssikkerhedsloven §§ 5-7"]
    assert listed["notatpligt"] == ["offentlighedsloven § 6"]
    assert listed["klagevejledning"] == ["forvaltningsloven §§ 25-26"]
    assert len(listed) == 11


def test_a_concept_with_its_provisions_then_and_now(url):
    c = concept("partshøring", TODAY, url)
    assert c.explanation.startswith("Partshøring") or "part" in c.explanation.lower()
    assert [t.canonical for p in c.cited for t in p.targets] == [
        "forvaltningsloven § 19",
        "forvaltningsloven § 20",
        "forvaltningsloven § 21",
    ]
    assert {t.version for p in c.today for t in p.targets} == {"LBK nr 433 af 22/04/2014"}
    n = concept("notatpligt", TODAY, url)
    assert [(t.canonical, t.version) for p in n.cited for t in p.targets] == [
        ("offentlighedsloven § 6", "LOV nr 572 af 19/12/1985")
    ]
    assert [(t.canonical, t.version) for p in n.today for t in p.targets] == [
        ("offentlighedsloven § 13", "LOV nr 606 af 12/06/2013")
    ]
    assert concept("bisidder", TODAY, url).key == "part"


def test_unknown_and_ambiguous_concepts(url):
    with pytest.raises(NotFound, match="did you mean partshøring"):
        concept("partshørin g", TODAY, url)
    with pytest.raises(NotFound, match="no concept named 'arbejdsskade'"):
        concept("arbejdsskade", TODAY, url)
    with pytest.raises(NotFound, match="'a' fits several concepts: begrundelse, "):
        concept("a", TODAY, url)
    assert concept("sagsbehandlingstid", TODAY, url).key == "tidsfrister"  # an alias


def test_kb_concept_command(store_url):
    out = run_kb("concept")
    assert out.returncode == 0 and "partshøring" in out.stdout and "klagevejledning" in out.stdout
    out = run_kb("concept", "notatpligt", "--as-of", "2026-11-23")
    assert out.returncode == 0, out.stderr
    assert "offentlighedsloven § 6  (LOV nr 572 af 19/12/1985)" in out.stdout
    assert "offentlighedsloven § 13  (LOV nr 606 af 12/06/2013)" in out.stdout
    out = run_kb("concept", "notatpligt", "--json")
    data = json.loads(out.stdout)
    assert data["cited"][0]["as_of"] == "2004-01-01"
    out = run_kb("concept", "ukendt")
    assert out.returncode == 1 and "no concept named 'ukendt'" in out.stderr


def test_concept_tables_import_and_refuse_bad_files(small_url, tmp_path):
    store_url = small_url  # it imports, so the small store (conftest): a fast index rebuild
    from kb.ingest.load import import_files

    good = tmp_path / "begreber.toml"
    good.write_text(
        'source = "test"\n[[concept]]\nkey = "aktindsigt"\nname = "Aktindsigt"\n'
        'explanation = "Retten til at se sagens dokumenter."\n'
        'provisions = ["forvaltningsloven § 9"]\n',
        "utf-8",
    )
    out = run_kb("import", str(good))
    assert out.returncode == 0, out.stderr
    assert "loaded: 1 concept entry" in out.stdout
    assert concept("aktindsigt", TODAY, store_url).source == "test"
    twice = tmp_path / "twice.toml"
    twice.write_text(
        '[[concept]]\nkey = "a"\nname = "A"\nexplanation = "x"\n'
        '[[concept]]\nkey = "a"\nname = "A"\nexplanation = "y"\n',
        "utf-8",
    )
    with pytest.raises(SourceError, match="key 'a' appears twice"):
        import_files([twice], store_url)
    with pytest.raises(NotFound):
        concept("a", TODAY, store_url)  # nothing of the refused file was stored
    broken = tmp_path / "broken.toml"
    broken.write_text("[[concept]\nkey = ", "utf-8")
    out = run_kb("import", str(broken))
    assert out.returncode == 2 and "broken.toml: is not valid TOML" in out.stderr


def test_the_index_filter_is_the_in_force_rule(url):
    """The scope's filter keeps the rule of `kb.store.interval`: on the bundled store's
    versions, on the days at and either side of each interval's ends, the §§ it lets
    through are those of the versions `in_force_on` names, whether the versions come
    from the store (what the service does: their `version_id` postings) or from the
    index's own in-force days (`whoosh_backend._in_force`)."""
    with open_reader(url) as r:
        versions = [v for a in r.acts() for v in r.versions(a.id)]
    kbsearch.search("partshøring", url=url)  # the service's store and index, opened
    opened = kbsearch._OPENED[url]
    index = whoosh_backend.WhooshBackend(kbsearch.index_dir(url)).open()
    try:
        searcher = index.searching()
        stored = {n: searcher.stored_fields(n) for n in searcher.reader().all_doc_ids()}
        of = {n: f["version_id"] for n, f in stored.items() if f["kind"] == "paragraf"}
        indexed = set(of.values())
        assert len(indexed) > 5
        for day in edge_days(versions):
            want = {v.id for v in versions if v.in_force_on(day.isoformat())} & indexed
            for scope in (Scope(day, None), Scope(day, None, opened.versions(None, day))):
                allowed = index.allowed(searcher, scope)
                got = {of[n] for n in allowed.docs if n in of}
                assert got == want, (day, scope.versions is None)
    finally:
        index.close()
