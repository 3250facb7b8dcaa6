"""What a caseworker reads besides the law's text: titles as the act prints them,
and counts in words with the plural right, in Danish and in English."""

from __future__ import annotations

import os
import sqlite3

import pytest
from conftest import RI, run_kb

import kb
from kb.ingest.lexdania import read_file


@pytest.mark.parametrize(
    ("name", "title"),
    [
        # "…retsplejeloven\n(Ændringer …)" in <DocumentTitle>: a written-out line break
        (
            "2013-638.xml",
            "Lov om ændring af forvaltningsloven og retsplejeloven (Ændringer i lyset af lov om "
            "offentlighed i forvaltningen)",
        ),
        # "…beskæftigelsesindsatsen m.v.\n": one at the end
        ("2014-1482.xml", "Lov om organisering og understøttelse af beskæftigelsesindsatsen m.v."),
        # none: the title as it is
        ("2013-606.xml", "Lov om offentlighed i forvaltningen"),
    ],
)
def test_a_title_has_no_written_out_line_break(corpus_files, name, title):
    path = RI / name if (RI / name).is_file() else corpus_files(name)[0]
    assert read_file(path).meta.title == title


def test_stored_titles_have_no_written_out_line_break(store_url):
    from kb.ingest.load import import_files

    import_files([RI / "2013-638.xml"], store_url)
    acts = kb.laws("2014-06-01", url=store_url)
    titles = [a["title"] for a in acts] + [v["title"] for a in acts for v in a["versions"]]
    assert "Lov om ændring af forvaltningsloven og retsplejeloven (Ændringer i lyset af " in (
        " ".join(titles)
    )
    assert not [t for t in titles if "\\" in t or "\n" in t]
    listing = run_kb("laws")
    assert listing.returncode == 0 and "\\n" not in listing.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["{acts} acts", "1 counterpart entry", "units of text", "names of acts"]),
        ("da", ["{acts} love", "1 modsvarende bestemmelse", "tekstenheder", "navne på love"]),
    ],
)
def test_export_says_what_it_wrote_in_words(store_url, tmp_path, monkeypatch, lang, words):
    monkeypatch.setenv("KB_LANG", lang)
    out = run_kb("export", str(tmp_path / "store.json"))
    assert out.returncode == 0, out.stderr
    con = sqlite3.connect(store_url.removeprefix("sqlite:///"))
    acts = con.execute("SELECT count(*) FROM acts").fetchone()[0]
    con.close()
    for w in words:
        assert w.format(acts=acts) in out.stdout, out.stdout
    # the store's bookkeeping table is not something a person exported
    assert "store_state" not in out.stdout and "counterparts" not in out.stdout
    assert os.path.getsize(tmp_path / "store.json") > 1000


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "1 file: 1 new act; 0 refused", "2 files: 2 new acts; 0 refused"),
        ("da", "1 fil: 1 ny lov; 0 afviste", "2 filer: 2 nye love; 0 afviste"),
    ],
)
def test_import_counts_files_and_acts_with_the_plural_right(
    corpus_files, empty_url, monkeypatch, lang, one, two
):
    monkeypatch.setenv("KB_LANG", lang)
    first, second, third = corpus_files("2011-835.xml", "2011-820.xml", "2013-5.xml")
    assert one in run_kb("import", str(first)).stdout
    assert two in run_kb("import", str(second), str(third)).stdout


@pytest.mark.parametrize(
    ("lang", "query", "said"),
    [
        ("en", "notatpligt", "1 hit in force on 2017-01-01:"),
        ("en", "ældreråd", "6 hits in force on 2017-01-01:"),
        ("da", "notatpligt", "1 træf i de versioner, der gælder den 1. januar 2017:"),
    ],
)
def test_search_counts_hits_with_the_plural_right(store_url, monkeypatch, lang, query, said):
    monkeypatch.setenv("KB_LANG", lang)
    out = run_kb("search", query, "--as-of", "2017-01-01")
    assert out.stdout.splitlines()[0] == said, out.stdout
