"""Import into the store: transactional, idempotent, chained by date."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from conftest import RI, SHARED

from kb.errors import SourceError
from kb.ingest.load import import_files


def dump(url: str) -> list[str]:
    """The whole database as SQL text, to compare states exactly."""
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def intervals(url: str, key: str) -> list[tuple]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return conn.execute(
            "SELECT v.designation, v.in_force_from, v.in_force_to FROM versions v "
            "JOIN acts a ON a.id = v.act_id WHERE a.key = ? AND NOT v.is_amending "
            "ORDER BY v.in_force_from",
            (key,),
        ).fetchall()
    finally:
        conn.close()


def test_new_version_closes_the_old_one(empty_url):
    import_files([RI / "2012-988.xml", RI / "2014-433.xml"], empty_url)
    assert intervals(empty_url, "forvaltningsloven") == [
        ("LBK nr 988 af 09/10/2012", "2012-10-09", "2014-04-22"),
        ("LBK nr 433 af 22/04/2014", "2014-04-22", None),
    ]


def test_import_order_does_not_matter(tmp_path):
    files = [RI / f for f in ("2010-1054.xml", "2015-1052.xml", "2016-1345.xml")]
    results = []
    for seed in (1, 2, 3):
        url = f"sqlite:///{tmp_path / f's{seed}.sqlite3'}"
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        import_files(shuffled, url)
        results.append(intervals(url, "retssikkerhedsloven"))
    assert results[0] == results[1] == results[2]
    assert [d for d, _, _ in results[0]] == [
        "LBK nr 1054 af 07/09/2010",
        "LBK nr 1052 af 08/09/2015",
        "LBK nr 1345 af 23/11/2016",
    ]


def test_act_without_popular_title_joins_its_chain(empty_url):
    # 2016-1345.xml has no PopularTitle; the registry's title maps it.
    import_files([RI / "2016-1345.xml", RI / "2010-1054.xml"], empty_url)
    assert len(intervals(empty_url, "retssikkerhedsloven")) == 2


def test_same_file_twice_changes_nothing(empty_url):
    import_files([RI / "2014-433.xml"], empty_url)
    before = dump(empty_url)
    [result] = import_files([RI / "2014-433.xml"], empty_url)
    assert result.status == "unchanged"
    assert dump(empty_url) == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 3],  # truncated
        lambda b: b.replace(b"<DocumentType>LBK H", b"<DocumentType>XYZ H", 1),
        lambda b: b.replace(b"<DiesSigni>2014-04-22", b"<DiesSigni>22. april", 1),
    ],
    ids=["truncated", "unknown-type", "bad-date"],
)
def test_failed_import_leaves_store_exactly_as_it_was(empty_url, tmp_path, damage):
    import_files([RI / "2012-988.xml"], empty_url)
    before = dump(empty_url)
    bad = tmp_path / "2014-433.xml"
    bad.write_bytes(damage((RI / "2014-433.xml").read_bytes()))
    with pytest.raises(SourceError) as info:
        import_files([bad], empty_url)
    assert str(bad) in str(info.value)
    assert dump(empty_url) == before


def test_contradicting_version_is_refused(empty_url, tmp_path):
    import_files([RI / "2014-433.xml"], empty_url)
    before = dump(empty_url)
    altered = tmp_path / "altered.xml"
    altered.write_bytes(
        (RI / "2014-433.xml")
        .read_bytes()
        .replace("Loven gælder for alle".encode(), b"Loven galder for alle")
    )
    with pytest.raises(SourceError, match=r"already stored .* different content"):
        import_files([altered], empty_url)
    assert dump(empty_url) == before


def test_every_real_file_imports_with_provenance(empty_url):
    import hashlib

    results = import_files(sorted(RI.glob("*.xml")), empty_url)
    assert len(results) == 14
    conn = sqlite3.connect(empty_url.removeprefix("sqlite:///"))
    rows = conn.execute(
        "SELECT source_file, source_sha256, is_amending, eli FROM versions"
    ).fetchall()
    assert len(rows) == 14
    for name, sha, _amending, eli in rows:
        assert sha == hashlib.sha256(Path(RI / name).read_bytes()).hexdigest()
        assert eli.startswith("https://www.retsinformation.dk/eli/lta/")
    amending = {name for name, _, a, _ in rows if a}
    assert amending == {
        "2013-638.xml",
        "2013-1624.xml",
        "2017-148.xml",
        "2020-1061.xml",
        "2023-1547.xml",
    }


def test_bundled_store_has_the_expected_chains(bundled_store):
    url = f"sqlite:///{bundled_store}"
    assert intervals(url, "offentlighedsloven") == [
        ("LOV nr 572 af 19/12/1985", "2004-01-01", "2004-02-01"),  # the pamphlet's month
        ("LOV nr 606 af 12/06/2013", "2014-01-01", None),
    ]
    fvl = intervals(url, "forvaltningsloven")
    assert [d for d, _, _ in fvl] == [
        "Uddrag i At skrive en afgørelse (januar 2004)",
        "LBK nr 988 af 09/10/2012",
        "LBK nr 433 af 22/04/2014",
    ]


# Versions of one act whose PopularTitle is missing in some files (index.tsv of the corpus):
# socialtilsyn's LBK 1054/2015 has none, dagtilbudsloven's LBK 748/2016 gives it only in its
# title, "(dagtilbudsloven)".
ONE_ACT_EACH = {
    "socialtilsynsloven": ["2013-608.xml", "2015-1054.xml", "2016-124.xml", "2017-70.xml"],
    "dagtilbudsloven": ["2015-30.xml", "2015-167.xml", "2016-748.xml"],
}


@pytest.mark.parametrize("order", ["as published", "newest first"])
def test_versions_without_a_popular_title_join_their_act(corpus_files, empty_url, order):
    import kb

    files = [f for names in ONE_ACT_EACH.values() for f in corpus_files(*names)]
    if order == "newest first":
        files = sorted(files, key=lambda p: p.name, reverse=True)
    # Into an empty store, not onto the bundle (which holds some of these files): the
    # order of the versions is what is tested. The store only: the index is not.
    import_files(files, empty_url)
    laws = {a["key"]: a for a in kb.laws("2017-06-01", url=empty_url)}
    for key, names in ONE_ACT_EACH.items():
        assert len(laws[key]["versions"]) == len(names), sorted(laws)
    assert not [k for k in laws if k.startswith(("lov om socialtilsyn", "lov om dag-"))]
    day = "2017-01-01"
    got = kb.resolve("dagtilbudsloven § 4", day, url=empty_url).targets[0]
    assert (got.status, got.version) == ("ok", "LBK nr 748 af 20/06/2016")
    by_name = kb.resolve("lov om socialtilsyn § 4", day, url=empty_url).targets[0]
    by_popular = kb.resolve("socialtilsynsloven § 4", day, url=empty_url).targets[0]
    assert by_name.version == by_popular.version == "LBK nr 124 af 12/02/2016"


def test_the_acts_social_administration_calls_by_a_name_are_found_by_it(corpus_files, empty_url):
    # Neither consolidation has a PopularTitle; caseworkers write "aktivloven" (LBK 190/2012:
    # lov om aktiv socialpolitik) and "beskæftigelsesloven" (LBK 710/2011: lov om en aktiv
    # beskæftigelsesindsats).
    import kb

    import_files(corpus_files("2012-190.xml", "2011-710.xml"), empty_url)
    for written, version in (
        ("aktivloven § 11", "LBK nr 190 af 24/02/2012"),
        ("aktivlovens § 11", "LBK nr 190 af 24/02/2012"),
        ("beskæftigelsesloven § 2", "LBK nr 710 af 23/06/2011"),
        ("beskæftigelseslovens § 2", "LBK nr 710 af 23/06/2011"),
        ("LAB § 2", "LBK nr 710 af 23/06/2011"),
    ):
        target = kb.resolve(written, "2012-06-01", url=empty_url).targets[0]
        assert (target.status, target.version) == ("ok", version), (written, target.message)


def test_many_files_parsed_ahead_import_as_one_by_one(corpus_files, tmp_path, monkeypatch):
    # From 64 files on, a forked process parses the files a few ahead of the writing
    # (kb.ingest.load._Ahead): the results, their order, a refusal in its turn and the
    # store are those of parsing each file in its turn.
    from kb.ingest import load

    rows = (SHARED / "data" / "corpus" / "index.tsv").read_text(encoding="utf-8").splitlines()
    names = [r.split("\t")[0] for r in rows[1:] if r.startswith("2016-")][:70]
    files = corpus_files(*names)
    broken = tmp_path / "2016-broken.xml"
    broken.write_bytes(files[30].read_bytes()[:5000])  # cut off inside the document
    files.insert(31, broken)

    def run(name: str) -> tuple[list[tuple[str, str]], list[str], list]:
        db = tmp_path / f"{name}.sqlite3"
        refused: list[SourceError] = []
        done = load.import_files(files, f"sqlite:///{db}", on_refused=refused.append)
        con = sqlite3.connect(db)
        try:
            stored = con.execute(
                "SELECT v.designation, count(u.id), sum(length(u.text)) FROM versions v "
                "JOIN units u ON u.version_id = v.id GROUP BY v.id ORDER BY v.designation"
            ).fetchall()
        finally:
            con.close()
        return [(r.path, r.status) for r in done], [str(e) for e in refused], stored

    assert load._Ahead.start(files) is not None or (os.cpu_count() or 1) < 2
    ahead = run("ahead")
    monkeypatch.setattr(load._Ahead, "MIN_FILES", 10**9)
    assert load._Ahead.start(files) is None
    one_by_one = run("one_by_one")
    assert ahead == one_by_one
    assert len(ahead[0]) == 70 and len(ahead[1]) == 1 and "2016-broken.xml" in ahead[1][0]
