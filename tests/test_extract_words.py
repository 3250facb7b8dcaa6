"""Citations written with the words in full read as their abbreviated twins.

Danish writes "§ 24, stk. 2, 2. pkt." and, in fuller prose, "paragraf 24,
stykke 2, 2. punktum"; the laws themselves write "stykke" ("Bestemmelserne i
stykke 1 og 2", "nye stykker 4 og 5 i § 6", "stykkerne 1-5") and "paragraf"
("i paragraf 34 i lov nr. 144 af …"). Plural "paragraffer" is never written
before numbers (the 2,343 laws of ../shared/data/corpus have none; "§§" is
the plural), so it is not a citation word.

Each row is read both ways, the fast path (`quick`) on and switched off (see
tests/test_extract_quick.py), and must give the structure of its twin: the
same records, items and acts. A word added to the table of level words
(`kb.citation.words.TABLE`) is tested in every template below without a row
of its own, on both paths, so a synonym that reaches one path and not the
other fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_extract_quick import switched_off

from kb.api import resolve
from kb.citation import words
from kb.citation.extract import extract
from kb.citation.grammar import lexicon
from kb.citation.model import ActRef, Found
from kb.store.read import open_reader

# (written out, abbreviated twin)
FORMS = [
    ("Forvaltningsloven paragraf 24, stykke 2", "Forvaltningsloven § 24, stk. 2"),
    ("§ 24, stykke 2, nr. 3", "§ 24, stk. 2, nr. 3"),
    ("forvaltningslovens § 24, stk. 1, 2. punktum", "forvaltningslovens § 24, stk. 1, 2. pkt."),
    ("paragraf 19, stk. 2", "§ 19, stk. 2"),
    ("§ 24, stykke 1, 2. pkt.", "§ 24, stk. 1, 2. pkt."),
    ("paragraf 24, stykke 1, 2. punktum", "§ 24, stk. 1, 2. pkt."),
    (
        "Forvaltningsloven paragraf 24, stykke 2, 3. punktum",
        "Forvaltningsloven § 24, stk. 2, 3. pkt.",
    ),
    (
        "efter paragraf 24, stykke 1, 2. og 3. punktum, og stykke 2",
        "efter § 24, stk. 1, 2. og 3. pkt., og stk. 2",
    ),
    # capitals, at a sentence's start
    ("Paragraf 19 gælder også her.", "§ 19 gælder også her."),
    ("Stykke 2 finder ikke anvendelse.", "Stk. 2 finder ikke anvendelse."),
    ("Paragraf 19, Stykke 2, gælder.", "§ 19, Stk. 2, gælder."),
    # lists, ranges, plurals
    ("Bestemmelserne i stykke 1 og 2 finder", "Bestemmelserne i stk. 1 og 2 finder"),
    ("de i stykke 1, 2, 3, 4 og 5 nævnte", "de i stk. 1, 2, 3, 4 og 5 nævnte"),
    ("indeholder kun stykkerne 1-5.", "indeholder kun stk. 1-5."),
    ("nye stykker 4 og 5 i § 6", "nye stk. 4 og 5 i § 6"),
    ("nyt stykke 2 i § 27", "nyt stk. 2 i § 27"),
    ("stk. 2 i paragraf 24", "stk. 2 i § 24"),
    ("§ 19 og paragraf 21", "§ 19 og § 21"),
    ("paragraf 19-21", "§ 19-21"),
    ("§ 19-paragraf 21", "§ 19-§ 21"),
    ("§ 24, 2. punktum", "§ 24, 2. pkt."),
    ("§ 24, 2. og 3. punktum", "§ 24, 2. og 3. pkt."),
    ("2. punktum gælder", "2. pkt. gælder"),
    # acts before, after and inside
    ("i paragraf 34 i lov nr. 144 af 10. marts 1999", "i § 34 i lov nr. 144 af 10. marts 1999"),
    ("paragraf 24 i forvaltningsloven", "§ 24 i forvaltningsloven"),
    ("stykke 2 i forvaltningsloven", "stk. 2 i forvaltningsloven"),
    ("efter lovens paragraf 3", "efter lovens § 3"),
    ("fvl. paragraf 19, stk. 2, nr. 3", "fvl. § 19, stk. 2, nr. 3"),
    ("paragraf 3 og forvaltningslovens paragraf 24", "§ 3 og forvaltningslovens § 24"),
    ("jf. paragraf 5, stykke 2", "jf. § 5, stk. 2"),
    ("artikel 22, stykke 1, for", "artikel 22, stk. 1, for"),
]

# Not citations, whichever way they are read: the words without a number.
NOT_CITATIONS = [
    ("denne paragraf", []),
    ("nærværende paragraf eller efter § 180", [("statute", "§ 180")]),
    ("hvilke paragraffer, der ændres", []),
    ("som nyt stykke:", []),
    ("et stykke papir", []),
    ("efter 1. pkt. som nyt punktum:", [("statute", "1. pkt.")]),
    ("Forvaltningslovens paragraffer", [("mention", "Forvaltningslovens")]),
]


def _act(a: ActRef | None) -> tuple | None:
    if a is None:
        return None
    return (a.kind, a.name and " ".join(a.name.split()), a.version and a.version.key)


def _structure(found: list[Found]) -> list[tuple]:
    return [
        (
            f.kind,
            f.linked,
            f.message,
            tuple((i.pin, i.upto, _act(i.act), _act(i.also)) for i in f.items),
            _act(f.act),
        )
        for f in found
    ]


_ABBREVIATED = {
    "paragraf": "§",
    "Paragraf": "§",
    "stykkerne": "stk.",
    "stykker": "stk.",
    "stykke": "stk.",
    "Stykke": "Stk.",
    "punktum": "pkt.",
}


def _abbreviate(text: str) -> str:
    for word, short in _ABBREVIATED.items():
        text = text.replace(word, short)
    return text.replace("pkt..", "pkt.")


def _read(text: str, monkeypatch: pytest.MonkeyPatch, path: str) -> list[Found]:
    lex = lexicon()
    if path == "fast":
        return extract(text, lex)
    with switched_off(monkeypatch, "quick"):
        return extract(text, lex)


def test_the_twins_are_the_forms_abbreviated():
    for written, twin in FORMS:
        assert _abbreviate(written) == twin


@pytest.mark.parametrize("path", ["fast", "full"])
@pytest.mark.parametrize(("written", "twin"), FORMS, ids=[w for w, _ in FORMS])
def test_written_out_reads_as_its_twin(written, twin, path, monkeypatch):
    got, expected = _read(written, monkeypatch, path), _read(twin, monkeypatch, path)
    assert expected and any(f.kind in ("statute", "article") for f in expected)
    assert _structure(got) == _structure(expected)
    # the same extent: each record is the written text of its twin's
    assert [_abbreviate(f.text) for f in got] == [f.text for f in expected]
    assert all(written[f.start : f.end] == f.text for f in got)


@pytest.mark.parametrize("path", ["fast", "full"])
@pytest.mark.parametrize(("text", "records"), NOT_CITATIONS, ids=[t for t, _ in NOT_CITATIONS])
def test_the_words_alone_are_no_citation(text, records, path, monkeypatch):
    assert [(f.kind, f.text) for f in _read(text, monkeypatch, path)] == records


# Templates for every word of the table: "{}" is the word, and the twin has
# the level's abbreviation in its place.
TEMPLATES = {
    "par": [
        "efter {} 24, stk. 2, finder",
        "jf. forvaltningslovens {} 24, stk. 1",
        "Forvaltningsloven {} 24, stk. 2",
        "{} 19 og 20 samt kapitel 6",
        "§ 3 og {} 5, nr. 2",
        "stk. 2 i {} 24 i forvaltningsloven",
        "{} 11 a-11 c",
    ],
    "stk": [
        "§ 24, {} 2, nr. 3",
        "{} 2 finder ikke anvendelse",
        "nyt {} 2 i § 27",
        "efter {} 1 og 2",
        "{} 1-3 i forvaltningsloven",
        "§ 41 e, {0} 2, 3. og 4. pkt., og {0} 3",
    ],
    "pkt": [
        "§ 24, stk. 1, 2. {}",
        "forvaltningslovens § 24, stk. 1, 2. og 3. {} og stk. 2",
        "§ 24, 2.-4. {} i forvaltningsloven",
    ],
}
ABBREVIATION = {"par": "§", "stk": "stk.", "pkt": "pkt."}


def _word_rows() -> list[tuple[str, str]]:
    rows = []
    for level in words.TABLE:
        for form in level.written_out:
            spellings = [form, form[0].upper() + form[1:]] if level.capital else [form]
            for spelled in spellings:
                short = ABBREVIATION[level.level]
                if spelled[0].isupper():
                    short = short[0].upper() + short[1:] if short[0].isalpha() else short
                for template in TEMPLATES[level.level]:
                    rows.append((template.format(spelled), template.format(short)))
    return rows


WORD_ROWS = _word_rows()


def test_every_level_has_its_templates():
    assert {level.level for level in words.TABLE} == set(TEMPLATES)
    assert len(WORD_ROWS) > 50


@pytest.mark.parametrize("path", ["fast", "full"])
@pytest.mark.parametrize(("written", "twin"), WORD_ROWS, ids=[w for w, _ in WORD_ROWS])
def test_every_word_of_the_table_reads_as_its_abbreviation(written, twin, path, monkeypatch):
    got, expected = _read(written, monkeypatch, path), _read(twin, monkeypatch, path)
    assert _structure(got) == _structure(expected)


CONTEXTS = ["{}", "efter {} finder", "{}.", "jf. {}, og", "»{}«", "(jf. {})", "\n{}\n"]


@pytest.mark.parametrize(
    "text", [w for row in FORMS + WORD_ROWS for w in row] + [t for t, _ in NOT_CITATIONS]
)
def test_the_fast_path_and_the_full_grammar_agree(text, monkeypatch):
    for context in CONTEXTS:
        embedded = context.format(text)
        fast = _read(embedded, monkeypatch, "fast")
        full = _read(embedded, monkeypatch, "full")
        assert fast == full, f"{embedded!r}: {fast} != {full}"


@pytest.fixture(scope="module")
def reader(bundled_store):
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forvaltningsloven paragraf 24, stykke 2", ["ok forvaltningsloven § 24, stk. 2"]),
        (
            "forvaltningslovens paragraf 19, stykke 2, nr. 3",
            ["ok forvaltningsloven § 19, stk. 2, nr. 3"],
        ),
        (
            "paragraf 24, stykke 1, 2. punktum, i forvaltningsloven",
            ["ok forvaltningsloven § 24, stk. 1, 2. pkt."],
        ),
    ],
)
def test_written_out_resolves(reader, text, expected):
    result = resolve(text, dt.date(2015, 1, 1), reader=reader)
    assert [f"{t.status} {t.canonical}" for t in result.targets] == expected
    (citation,) = result.citations
    assert (citation.text, citation.start, citation.end) == (text, 0, len(text))
