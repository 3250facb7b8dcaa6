"""Problems found in review of excerpts, search, versions and effects, kept as tests.

Each test names the problem it guards against; all run on real data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RI, assert_known_codes, run_kb

from kb import api
from kb.errors import KbError
from kb.excerpts import render
from kb.ingest.load import import_files

TODAY = dt.date(2026, 11, 23)


def resolve(*args, **kwargs):  # type: ignore[no-untyped-def]
    """`kb.resolve`, checking that every code it gives is in the registry."""
    result = api.resolve(*args, **kwargs)
    assert_known_codes(result.to_json())
    return result


def excerpt(*args, **kwargs):  # type: ignore[no-untyped-def]
    """`kb.excerpt`, checking that every code it gives is in the registry."""
    result = api.excerpt(*args, **kwargs)
    assert_known_codes(result.to_json())
    return result


def test_a_new_acts_paragraph_is_not_read_as_a_repealed_part_of_the_old(store_url):
    t = resolve("offentlighedsloven § 6, stk. 2", TODAY, url=store_url).targets[0]
    assert t.status == "not_found"
    assert t.version == "LOV nr 606 af 12/06/2013"


def test_counterpart_warning_for_a_stk_of_the_moved_paragraph(store_url):
    t = resolve("offentlighedsloven § 6, stk. 1", TODAY, url=store_url).targets[0]
    assert any(
        w.code == "rule_moved" and "§ 6 of LOV nr 572 af 19/12/1985 is § 13" in w.message
        for w in t.warnings
    )


def test_a_sentence_of_a_unit_with_a_list_quotes_only_that_sentence(store_url):
    # retssikkerhedsloven § 73, stk. 1: lead-in, nr. 1-3, then the closing sentence
    t = resolve("retssikkerhedsloven § 73, stk. 1, 2. pkt.", TODAY, url=store_url).targets[0]
    ex = excerpt("retssikkerhedsloven § 73, stk. 1, 2. pkt.", TODAY, url=store_url)
    quoted = [p for line in ex.acts[0].lines for p in line.pieces if p is not None]
    assert quoted == [t.text]
    printed = render.text(ex)
    assert "1)" not in printed and "[…]" in printed
    # and the first sentence of § 15 c of forvaltningsloven, which has nr. after it
    first = resolve("forvaltningsloven § 15 c, 1. pkt.", TODAY, url=store_url).targets[0]
    ex = excerpt("forvaltningsloven § 15 c, 1. pkt.", TODAY, url=store_url)
    quoted = [p for line in ex.acts[0].lines for p in line.pieces if p is not None]
    assert quoted == [first.text]


def test_a_cited_nr_keeps_its_lists_closing_words(small_url):
    store_url = small_url  # it imports, so the small store (conftest): a fast index rebuild
    run_kb("import", str(RI / "2024-434.xml"))
    ex = excerpt("straffelovens § 188, stk. 1, nr. 1", TODAY, url=store_url)
    lines = render.text(ex).splitlines()
    tail = lines.index("straffes med bøde eller fængsel indtil 6 år.")
    assert lines[tail - 1].strip() == "[…]"  # nr. 2 and on, left out
    assert lines[tail - 2].startswith("  1) nærings- eller nydelsesmidler")


def test_an_amending_acts_instructions_are_quoted(store_url):
    run_kb("import", str(RI / "2013-638.xml"))
    ex = excerpt("§ 1 i lov nr. 638 af 12. juni 2013", TODAY, url=store_url)
    printed = render.text(ex)
    assert "1. § 1, stk. 2, ophæves, og i stedet indsættes:" in printed
    assert "Stk. 2-4 bliver herefter stk. 5-7." in printed


def test_an_excerpt_passes_on_what_the_resolver_said(store_url):
    ex = excerpt("offentlighedsloven § 6", TODAY, url=store_url)
    assert not ex.omitted and ex.complete is not False
    assert any("another rule" in n.message and n.code == "rule_moved" for n in ex.notes)
    out = run_kb("excerpt", "offentlighedsloven § 6")
    assert "kb: note on 'offentlighedsloven § 6'" in out.stderr
    notes = json.loads(run_kb("excerpt", "offentlighedsloven § 6", "--json").stdout)["notes"]
    assert notes and "rule_moved" in [n["code"] for n in notes]


def test_a_replaced_acts_text_is_quoted_with_exit_1(store_url):
    out = run_kb("excerpt", "§ 6 i lov nr. 572 af 19. december 1985")
    assert out.returncode == 1
    assert "not_in_force" in out.stderr and "Notatpligten" in out.stdout


def test_amending_act_named_by_its_designation_is_read(store_url):
    run_kb("import", str(RI / "2017-148.xml"))
    out = run_kb("effects", "offentlighedsloven", "--json")
    effects = json.loads(out.stdout)
    assert [(e["amending"], e["kind"], e["targets"]) for e in effects] == [
        ("LOV nr 148 af 07/02/2017", "amended", ["§44"])
    ]
    t = resolve("offentlighedsloven § 44", TODAY, url=store_url).targets[0]
    assert any(
        w.code == "amendment_not_consolidated"
        and "was changed by LOV nr 148 af 07/02/2017 § 1, nr. 1" in w.message
        for w in t.warnings
    )


def test_a_unit_an_amending_act_creates_is_explained_before_its_consolidation(store_url):
    for f in ("2013-638.xml", "2013-1624.xml"):
        run_kb("import", str(RI / f))
    t = resolve("forvaltningsloven § 32 b", dt.date(2014, 2, 1), url=store_url).targets[0]
    assert t.status == "not_found"
    assert any(
        w.code == "created_by_amendment"
        and w.message.startswith("§ 32 b was inserted by LOV nr 1624 af 26/12/2013")
        for w in t.warnings
    )
    moved = resolve("forvaltningsloven § 27, stk. 5", dt.date(2014, 2, 1), url=store_url)
    assert any(
        w.code == "created_by_amendment" and "renumbered into by LOV nr 638" in w.message
        for w in moved.targets[0].warnings
    )
    # an insertion "after § 14" is no change to § 14 itself
    t14 = resolve("forvaltningsloven § 14, stk. 1", dt.date(2014, 2, 1), url=store_url)
    assert not any("nr. 4" in w.message for w in t14.targets[0].warnings)


def test_search_totals_and_order_do_not_depend_on_the_limit(store_url):
    from kb.index.search import search

    pages = [search("partshøring", url=store_url, as_of=TODAY, limit=n) for n in (1, 2, 3, 20)]
    assert len({p.total for p in pages}) == 1
    full = [h.canonical for h in pages[-1].hits]
    for p in pages[:-1]:
        assert [h.canonical for h in p.hits] == full[: len(p.hits)]


def test_search_output_is_the_same_from_run_to_run(store_url):
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-m", "kb.cli", "search", "afgørelse", "-n", "50", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        outs.add(out.stdout)
    assert len(outs) == 1


@pytest.fixture(scope="module")
def two_more_acts(bundled_store, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The bundled store with two acts of one version each (hold af dyr, straffeloven),
    imported once for the module: the cases below only read it."""
    path = tmp_path_factory.mktemp("two-more") / "kb.sqlite3"
    shutil.copy(bundled_store, path)
    url = f"sqlite:///{path}"
    import_files([RI / f for f in ("2024-62.xml", "2024-434.xml")], url)
    return url


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("forvaltningsloven", "433", "433"), "is the same version twice", 2),
        (("forvaltningsloven", "433", "988"), "give the older version first", 2),
        (("lov om hold af dyr",), "fewer than two stored versions", 1),
        (("straffeloven", "", "434"), "fewer than two stored versions", 1),
    ],
)
def test_diff_refuses_what_is_not_a_comparison(two_more_acts, monkeypatch, args, message, code):
    monkeypatch.setenv("KB_DATABASE_URL", two_more_acts)
    out = run_kb("diff", *args)
    assert out.returncode == code, out.stderr
    assert message in out.stderr and "internal error" not in out.stderr


def test_a_concept_table_can_be_imported_again(small_url):
    source = Path(__file__).resolve().parents[1] / "sources" / "concepts.toml"
    for _ in range(2):
        out = run_kb("import", str(source))
        assert out.returncode == 0, out.stderr
        assert "loaded: 11 concept entries" in out.stdout


def test_a_concept_read_before_its_provision_moved(store_url):
    from kb.resolver.concepts import concept

    then = concept("notatpligt", dt.date(2004, 1, 1), store_url)
    assert [(t.canonical, t.status) for p in then.today for t in p.targets] == [
        ("offentlighedsloven § 6", "ok")
    ]


def test_docx_is_the_same_bytes_and_files_are_readable(store_url, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    run_kb("excerpt", "fvl § 24", "-o", str(a))
    run_kb("excerpt", "fvl § 24", "-o", str(b))
    assert a.read_bytes() == b.read_bytes()
    mode = stat.S_IMODE(a.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_the_law_may_be_given_by_its_abbreviation(store_url):
    assert run_kb("versions", "fvl").returncode == 0
    assert run_kb("search", "partshøring", "--law", "fvl").returncode == 0
    with pytest.raises(KbError, match="no act 'retsplejeloven' is loaded"):
        from kb.store.read import open_reader

        with open_reader(store_url) as r:
            r.act_called("retsplejeloven")


def test_a_range_that_runs_backwards_is_reported_not_shortened(store_url):
    result = resolve("forvaltningsloven §§ 24-22", TODAY, url=store_url)
    (t,) = result.targets
    assert t.status == "not_found"
    assert "runs backwards; write § 22-24" in t.message
    # a date after a dash is not a range
    ok = resolve("forvaltningslovens § 24", TODAY, url=store_url).targets
    assert [x.status for x in ok] == ["ok"]


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("§ 19, stk. 1, i fvl.", ["ok forvaltningsloven § 19, stk. 1"]),
        ("§ 3 i rsl", ["ok retssikkerhedsloven § 3"]),
        ("fvl kapitel 5", ["ok forvaltningsloven kapitel 5"]),
        ("§ 19 i fvl. og § 3 i rsl.", ["ok forvaltningsloven § 19", "ok retssikkerhedsloven § 3"]),
    ],
)
def test_abbreviations_after_a_citation_and_before_a_kapitel(store_url, citation, expected):
    result = resolve(citation, TODAY, url=store_url)
    assert [f"{t.status} {t.canonical}" for t in result.targets] == expected
