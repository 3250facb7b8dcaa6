"""Search for the caseworker: the social-law scope, plain Danish queries, the vocabulary.

The bundled store holds the social-law acts; a copy with unrelated acts of the real corpus
beside them (the acts that swamped "tavshedspligt" and "handicap" at corpus scale) shows that
the social scope's results do not depend on what else is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import copy_store, run_kb

from kb.errors import KbError
from kb.index import search as kbsearch
from kb.index.query import social_acts, vocabulary
from kb.store.read import open_reader

TODAY = "2026-11-23"
# Unrelated acts of the corpus with provisions headed "Tavshedspligt" or about handicap:
# skatteforvaltningsloven § 17, inkassoloven § 18, selskabsloven § 132, færdselsloven.
UNRELATED = ["2015-1267.xml", "2014-1018.xml", "2015-1089.xml", "2013-1386.xml"]
QUERIES = [
    "tavshedspligt",
    "handicap",
    "aktindsigt",
    "hvornår skal borgeren partshøres",
    "aktindsigt i egne oplysninger",
    '"skriftlig begrundelse"',
    "handicapbil",
]


@pytest.fixture(scope="module")
def url(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_store(bundled_store, tmp_path_factory.mktemp("scope") / "kb.sqlite3")


@pytest.fixture(scope="module")
def wider(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory, corpus_files) -> str:
    """The bundled store with the unrelated acts imported beside it, and its index."""
    from kb.ingest.load import import_files

    url = copy_store(bundled_store, tmp_path_factory.mktemp("wider") / "kb.sqlite3")
    import_files(corpus_files(*UNRELATED), url)
    kbsearch.rebuild(url)
    return url


def day() -> dt.date:
    return dt.date.fromisoformat(TODAY)


def top(result: kbsearch.SearchResult, n: int = 5) -> list[tuple[str, str | None, float]]:
    return [(h.canonical, h.version, h.score) for h in result.hits[:n]]


# --- the scope -------------------------------------------------------------------------


def test_the_social_scope_does_not_depend_on_the_other_acts(url, wider):
    with open_reader(wider) as r:
        keys = {a.key for a in r.acts()}
    assert {"skatteforvaltningsloven", "inkassoloven", "selskabsloven", "færdselsloven"} <= keys
    for query in QUERIES:
        alone = kbsearch.search(query, url=url, as_of=day())
        beside = kbsearch.search(query, url=wider, as_of=day())
        assert alone.hits, query
        # Same provisions and versions in the same order. The scores agree but for the
        # field of compound parts: its compounds are split against every word the store
        # uses (kb.index.documents.vocabulary), so more acts can split a social act's
        # compound differently ("handicapråd"); without that field they are equal. (The
        # count of partial matches moves by the same cause, so it is not compared.)
        assert [t[:2] for t in top(alone)] == [t[:2] for t in top(beside)], query
        for (_, _, one), (_, _, other) in zip(top(alone), top(beside), strict=True):
            assert one == pytest.approx(other, rel=0.01), query
    # Every act: the other acts come in (the scope is what kept them out).
    every = kbsearch.search("tavshedspligt", url=wider, as_of=day(), all_acts=True, limit=20)
    assert every.scope == "all"
    assert {"skatteforvaltningsloven", "inkassoloven"} <= {h.law for h in every.hits}


def test_the_scope_is_the_acts_of_social_acts_toml(url):
    listed = set(social_acts())
    assert {"forvaltningsloven", "serviceloven", "retssikkerhedsloven"} <= listed
    result = kbsearch.search("afgørelse", url=url, as_of=day(), limit=200)
    assert result.scope == "social"
    assert {h.law for h in result.hits if h.kind == "paragraf"} <= listed


def test_law_and_all_acts(wider):
    one = kbsearch.search("tavshedspligt", url=wider, as_of=day(), law="fvl", limit=50)
    assert one.scope == "forvaltningsloven"
    assert one.hits and {h.law for h in one.hits} == {"forvaltningsloven"}
    other = kbsearch.search("tavshedspligt", url=wider, as_of=day(), law="inkassoloven")
    assert [h.canonical for h in other.hits][:1] == ["inkassoloven § 18"]
    with pytest.raises(KbError, match="--law and --all-acts exclude each other"):
        kbsearch.search("tavshedspligt", url=wider, law="fvl", all_acts=True)


def test_kb_search_all_acts_and_the_words_found(wider, monkeypatch):
    monkeypatch.setenv("KB_DATABASE_URL", wider)
    out = run_kb("search", "tavshedspligt", "--all-acts", "--json", "--as-of", TODAY)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["scope"] == "all"
    assert "skatteforvaltningsloven" in {h["law"] for h in data["hits"]}
    out = run_kb("search", "aktindsigt i egne oplysninger", "--as-of", TODAY, "-n", "3")
    assert out.returncode == 0, out.stderr
    assert "found: aktindsigt, egne, oplysninger" in out.stdout
    assert "(searched the social-law acts; --all-acts searches every act)" in out.stdout
    monkeypatch.setenv("KB_LANG", "da")
    out = run_kb("search", "hvornår skal borgeren partshøres", "--as-of", TODAY, "-n", "10")
    assert "fundet: partshøres" in out.stdout
    assert "ikke fundet: borgeren" in out.stdout or "fundet: partshøres, borgeren" in out.stdout
    assert "søgt i de sociale love" in out.stdout


# --- plain Danish ------------------------------------------------------------------------


def test_stop_words_are_left_out_but_not_in_phrases(url):
    result = kbsearch.search("hvornår skal borgeren partshøres", url=url, as_of=day())
    assert result.stopped == ["hvornår", "skal"]
    assert result.hits[0].canonical == "forvaltningsloven § 19"
    assert all("skal" not in h.matched + h.missing for h in result.hits)
    phrase = kbsearch.search('"skal træffe afgørelse"', url=url, as_of=day(), limit=50)
    assert phrase.stopped == [] and phrase.hits
    for h in phrase.hits:
        plain = re.sub(r"[«»]", "", h.snippet)
        assert h.matched == ["skal træffe afgørelse"]
        assert "skal træffe afgørelse" in " ".join(plain.split()), h.snippet
    assert "skal" in vocabulary().stop_words and "hvornår" in vocabulary().stop_words


def test_all_words_first_then_partial_matches_with_their_words(url):
    result = kbsearch.search("aktindsigt i egne oplysninger", url=url, as_of=day(), limit=60)
    words = ["aktindsigt", "egne", "oplysninger"]
    complete = [not h.missing for h in result.hits]
    assert complete[0] and not all(complete)
    assert complete == sorted(complete, reverse=True)  # every full match before any partial
    for h in result.hits:
        assert sorted(h.matched + h.missing) == sorted(words), h
        assert h.matched
    partial = [h for h in result.hits if h.missing]
    scores = [h.score for h in partial]
    assert scores == sorted(scores, reverse=True)


def test_a_word_finds_other_forms_of_its_stem(url):
    # Snowball's Danish stemmer leaves "-ing" alone: "partshøres" meets "partshøring" by
    # the stem's short endings.
    result = kbsearch.search("partshøres", url=url, as_of=day(), law="forvaltningsloven")
    assert result.hits[0].canonical == "forvaltningsloven § 19"


# --- the vocabulary ----------------------------------------------------------------------


def test_vocabulary_words_in_no_act_find_their_provisions(url):
    with open_reader(url) as r:
        texts = " ".join(t or "" for (t,) in r.q("SELECT text FROM units")).lower()
    for word, expected, unused in [
        ("handicapbil", "serviceloven § 114", True),
        ("enkeltydelse", "aktivloven § 81", True),
        ("hjemmehjælp", "serviceloven § 83", False),  # used in passing, not by § 83
    ]:
        assert (word not in texts) == unused, word
        result = kbsearch.search(word, url=url, as_of=day())
        assert result.hits[0].canonical == expected, (word, result.hits[:2])
        assert result.hits[0].matched == [word]
    # An ending does not matter; the vocabulary says nothing of other acts.
    assert kbsearch.search("hjemmehjælpen", url=url, as_of=day()).hits[0].canonical == (
        "serviceloven § 83"
    )
    assert not kbsearch.search("handicapbil", url=url, as_of=day(), law="aktivloven").hits


def test_every_vocabulary_provision_is_stored(url):
    """Each entry points at §§ the newest bundled version of its act has."""
    from kb.index.query import cited

    with open_reader(url) as r:
        for entry in vocabulary().entries:
            for citation in entry.provisions:
                found = cited(citation)
                assert found is not None, citation
                law, items = found
                act = r.act(law)
                assert act is not None, citation
                newest = [v for v in r.versions(act.id) if not v.is_amending][-1]
                numbers = r.paragraf_numbers(newest.id)
                for first, last in items:
                    assert first in numbers, citation
                    assert last is None or last in numbers, citation


# --- spelling ----------------------------------------------------------------------------


def test_suggestions_respect_the_act_and_the_day(url):
    # "notatpligt" is offentlighedsloven's word; pensionsloven never uses it.
    assert "notatpligt" in kbsearch.search("notatplight", url=url, as_of=day()).suggestions
    only = kbsearch.search("notatplight", url=url, as_of=day(), law="offentlighedsloven")
    assert "notatpligt" in only.suggestions
    other = kbsearch.search("notatplight", url=url, as_of=day(), law="pensionsloven")
    assert "notatpligt" not in other.suggestions
    # Socialtilsyn came in 2014: the texts in force in January 2004 (the pamphlet's) lack it.
    assert "socialtilsynet" in kbsearch.search("socialtilsynett", url=url, as_of=day()).suggestions
    then = kbsearch.search("socialtilsynett", url=url, as_of=dt.date(2004, 1, 15))
    assert then.hits == [] and "socialtilsynet" not in then.suggestions


def test_the_vocabulary_is_suggested_too_within_the_act(url):
    assert "handicapbil" in kbsearch.search("handicapbiil", url=url, as_of=day()).suggestions
    # handicapbil means serviceloven § 114: not a word of aktivloven's
    other = kbsearch.search("handicapbiil", url=url, as_of=day(), law="aktivloven")
    assert other.hits == [] and "handicapbil" not in other.suggestions
