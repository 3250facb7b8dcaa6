"""The reference graph and `kb refs`: every reference inside a stored provision, each
resolved by a statute's rules, and the provisions that refer to one.

Each row is a real provision of a bundled consolidation and a reference as it is
written there; the graph is read once for the session's bundled store.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_kb

import kb
from kb.errors import NotFound, UsageError
from kb.graph.build import target_path
from kb.graph.read import inside, stored
from kb.store.engine import make_engine as build_engine
from kb.store.read import Reader, open_reader

SOURCES = Path(__file__).resolve().parents[1] / "sources"

# (the provision, the day, a reference as written in it, the targets it resolves to)
ROWS = [
    # another act named in the reference itself
    (
        "retssikkerhedsloven § 72, stk. 8",
        "2017-01-01",
        "§ 114, stk. 1 og 2, i lov om social service",
        ["serviceloven § 114, stk. 1", "serviceloven § 114, stk. 2"],
    ),
    # relative to the § it stands in, in a list
    (
        "serviceloven § 114, stk. 4",
        "2017-01-01",
        "stk. 1 og 3",
        ["serviceloven § 114, stk. 1", "serviceloven § 114, stk. 3"],
    ),
    # a bare § is the statute's own, though § 12 before it names SU-loven
    ("aktivloven § 13, stk. 1", "2017-01-01", "§ 11", ["aktivloven § 11"]),
    # "denne lov" is the statute itself
    (
        "forvaltningsloven § 28",
        "2015-01-01",
        "denne lovs § 1, stk. 3",
        ["forvaltningsloven § 1, stk. 3"],
    ),
    # a chapter of the act itself
    ("forvaltningsloven § 35", "2015-01-01", "lovens kapitel 4", ["forvaltningsloven kapitel 4"]),
]


@pytest.fixture(scope="module")
def reader(bundled_store: Path) -> Reader:
    url = f"sqlite:///{bundled_store}"
    kb.update_graph(url=url)
    return open_reader(url)


@pytest.mark.parametrize(("unit", "day", "written", "targets"), ROWS)
def test_the_references_inside_a_provision(reader, unit, day, written, targets):
    found = kb.refs(unit, day, reader=reader)
    assert found.unit == unit
    hits = [r for r in found.references if r.text == written]
    assert hits, [r.text for r in found.references]
    assert [t.canonical for t in hits[0].targets] == targets
    assert {t.status for t in hits[0].targets} == {"ok"}
    # each reference stands where its offsets say, in the text `kb show` prints
    for r in found.references:
        assert found.text[r.start : r.end] == r.text


def test_offsets_hold_for_every_reference_of_an_act(reader):
    # every § of two acts' newest consolidations: the references read inside each are
    # its text's own words at their offsets
    checked = 0
    for law, day in (("forvaltningsloven", "2015-01-01"), ("retssikkerhedsloven", "2017-01-01")):
        for n in reader.paragraf_numbers(_newest(reader, law)):
            try:
                found = kb.refs(f"{law} § {n}", day, reader=reader)
            except (NotFound, UsageError):
                continue  # a repealed §'s placeholder
            for r in found.references:
                assert found.text[r.start : r.end] == r.text, (law, n, r)
                checked += 1
    assert checked > 300


def test_the_stored_graph_is_what_the_reading_gives(reader):
    # the rows stored at import are the references `kb refs` reads live, as of the
    # version's own first day, § by §
    version_id = _newest(reader, "retssikkerhedsloven")
    version = reader.version(version_id)
    assert version is not None and version.in_force_from
    # the §§ the act itself cites (not the quoted commencement provisions of amending acts)
    own = [
        (u.ord, u.end_ord)
        for u in reader.units(version_id)
        if u.kind == "paragraf" and u.path is not None
    ]
    stored_rows = Counter(
        (r.text, r.path, r.status)
        for r in stored(reader, version_id)
        if r.kind != "act" and any(a <= r.ord <= b for a, b in own)
    )
    live: Counter[tuple[str, str | None, str]] = Counter()
    day = kb.day(version.in_force_from)
    seen = set()
    for n in reader.paragraf_numbers(version_id):
        result = kb.resolve(f"retssikkerhedsloven § {n}", day, reader=reader)
        for target in result.targets:  # a group label ("§§ 20-31") is one unit
            if target.where is None or target.where in seen:
                continue
            seen.add(target.where)
            for r in inside(reader, target, day):
                if r.kind != "act":
                    live.update((r.text, target_path(t), t.status) for t in r.targets)
    assert sum(stored_rows.values()) > 500
    assert stored_rows == live


def test_the_provisions_that_refer_to_one(reader):
    found = kb.refs("serviceloven § 114, stk. 1", "2017-01-01", incoming=True, reader=reader)
    assert found.incoming is not None
    sources = {(i.canonical, i.text) for i in found.incoming}
    assert (
        "retssikkerhedsloven § 72, stk. 8",
        "§ 114, stk. 1 og 2, i lov om social service",
    ) in sources
    assert ("serviceloven § 114, stk. 2", "stk. 1") in sources
    # each from a version in force on the day (an amending act: in force by then)
    for i in found.incoming:
        chain = kb.versions(i.law, "2017-01-01", reader=reader)["versions"]
        [v] = [v for v in chain if v["designation"] == i.version]
        assert v["in_force"] or (i.amending and (i.in_force_from or "") <= "2017-01-01"), i
    # not the other way: § 113 refers to nothing under § 114, stk. 1
    assert all(i.target.startswith("serviceloven § 114, stk. 1") for i in found.incoming)


def test_incoming_reads_the_day_asked_for(reader):
    # on a day before LBK 1345/2016, the retssikkerhedsloven that refers is an older one
    late = kb.refs("serviceloven § 114, stk. 1", "2017-01-01", incoming=True, reader=reader)
    early = kb.refs("serviceloven § 114, stk. 1", "2016-01-01", incoming=True, reader=reader)
    assert {i.version for i in late.incoming or [] if i.law == "retssikkerhedsloven"} == {
        "LBK nr 1345 af 23/11/2016"
    }
    assert "LBK nr 1345 af 23/11/2016" not in {i.version for i in early.incoming or []}


def test_an_import_reads_again_what_it_changes(small_url):
    # the small store has retssikkerhedsloven without serviceloven: its references to
    # "lov om social service" are to an act not stored until serviceloven comes in
    kb.update_graph(url=small_url)

    def count(reader: Reader, status: str) -> int:
        act = reader.act("retssikkerhedsloven")
        assert act is not None
        [v] = [v for v in reader.versions(act.id) if v.designation == "LBK nr 1345 af 23/11/2016"]
        return sum(r.status == status and "social service" in r.text for r in stored(reader, v.id))

    with open_reader(small_url) as r:
        unknown_before = count(r, "unknown_law")
        ok_before = count(r, "ok")
    assert unknown_before > 20 and ok_before == 0
    report = kb.import_sources([SOURCES / "2016-1270.xml.xz"], url=small_url)
    assert report.graph is not None and report.graph.versions >= 2
    with open_reader(small_url) as r:
        assert count(r, "ok") > 20
        assert count(r, "unknown_law") < unknown_before
        # nothing is read twice: one row of ref_reads a version, each version read
        unread = r.q(
            "SELECT count(*) FROM versions v LEFT JOIN ref_reads d ON d.version_id = v.id "
            "WHERE d.version_id IS NULL"
        )[0][0]
        assert unread == 0
    again = kb.update_graph(url=small_url)
    assert again.versions == 0


def test_a_failed_read_leaves_the_graph_as_it_was(small_url, monkeypatch):
    # reading stops at an error halfway: nothing of it is kept, and the next update
    # reads what is missing
    from kb.graph import build

    kb.update_graph(url=small_url)
    with open_reader(small_url) as r:
        before = {v.id: stored(r, v.id) for a in r.acts() for v in r.versions(a.id)}
        [stale_id] = [
            v.id
            for a in r.acts()
            for v in r.versions(a.id)
            if v.designation == "LBK nr 1345 af 23/11/2016"
        ]
    engine = build_engine(small_url)
    with engine.begin() as conn:  # as an import leaves it: one version to read again
        conn.exec_driver_sql(f"DELETE FROM ref_reads WHERE version_id = {stale_id}")
    calls = []

    def failing(readers, version, key):  # type: ignore[no-untyped-def]
        calls.append(version.id)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(build, "read_version", failing)
    monkeypatch.setenv("KB_GRAPH_PROCS", "1")
    with pytest.raises(RuntimeError):
        kb.update_graph(url=small_url)
    assert len(calls) == 1  # it stopped at the first version it read
    with open_reader(small_url) as r:
        assert {v: stored(r, v) for v in before} == before
    monkeypatch.undo()
    again = kb.update_graph(url=small_url)  # the one unread, and those citing its act
    assert again.versions >= 1
    with open_reader(small_url) as r:
        assert r.q("SELECT count(*) FROM ref_reads WHERE version_id = :v", v=stale_id) == [(1,)]
    with open_reader(small_url) as r:
        assert {v: stored(r, v) for v in before} == before
    engine.dispose()


def test_a_restored_export_reads_its_graph_again(bundled_store, tmp_path):
    # an export leaves the derived graph out; the import that restores it reads it again
    url = f"sqlite:///{bundled_store}"
    kb.export(tmp_path / "store.json.gz", url=url)
    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    report = kb.import_sources([tmp_path / "store.json.gz"], url=restored)
    assert report.graph is not None and report.graph.versions > 70
    with open_reader(url) as a, open_reader(restored) as b:
        ids = {v.designation: v.id for act in a.acts() for v in a.versions(act.id)}
        again = {v.designation: v.id for act in b.acts() for v in b.versions(act.id)}
        assert ids.keys() == again.keys()
        for designation, version_id in ids.items():
            assert stored(a, version_id) == stored(b, again[designation]), designation


def test_an_index_failing_beside_the_graph_fails_the_import(bundled_store, tmp_path, monkeypatch):
    # With many versions to read, the index is built in a forked process while the graph
    # is read (kb.api._derive): its failure is the import's, raised in the caller, and
    # what was stored and read before it is kept (the next command rebuilds the index).
    from kb.graph.build import processes
    from kb.index import search

    url = f"sqlite:///{bundled_store}"
    kb.export(tmp_path / "store.json.gz", url=url)
    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no space left for the index")

    monkeypatch.setattr(search, "ensure", broken)
    with open_reader(url) as r:
        assert processes(len(r.q("SELECT id FROM versions"))) > 1 or os.cpu_count() == 1
    with pytest.raises(OSError, match="no space left for the index"):
        kb.import_sources([tmp_path / "store.json.gz"], url=restored)
    with open_reader(restored) as r:
        assert r.q("SELECT count(*) FROM versions")[0][0] > 70
        assert r.q("SELECT count(*) FROM ref_reads")[0][0] > 70


def test_the_command(store_url):
    out = run_kb("refs", "retssikkerhedsloven § 72, stk. 8", "--as-of", "2017-01-01", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"schema", "as_of", "lang", "unit", "version", "references"}
    assert (data["schema"], data["unit"], data["version"]) == (
        2,
        "retssikkerhedsloven § 72, stk. 8",
        "LBK nr 1345 af 23/11/2016",
    )
    [ref] = data["references"]
    assert ref["text"] == "§ 114, stk. 1 og 2, i lov om social service"
    assert [t["canonical"] for t in ref["targets"]] == [
        "serviceloven § 114, stk. 1",
        "serviceloven § 114, stk. 2",
    ]
    out = run_kb("refs", "serviceloven § 114, stk. 1", "--as-of", "2017-01-01", "--incoming")
    assert out.returncode == 0, out.stderr
    assert "retssikkerhedsloven § 72, stk. 8 (LBK nr 1345 af 23/11/2016)" in out.stdout
    # the Danish words, by default
    out = run_kb("--lang", "da", "refs", "serviceloven § 114, stk. 4", "--as-of", "2017-01-01")
    assert "Henvisninger i bestemmelsen" in out.stdout, out.stdout


def test_the_command_reads_one_provision(store_url):
    out = run_kb("refs", "forvaltningsloven §§ 19-21", "--as-of", "2015-01-01")
    assert out.returncode == 2 and not out.stdout
    assert "forvaltningsloven § 19, forvaltningsloven § 20, forvaltningsloven § 21" in out.stderr
    out = run_kb("refs", "forvaltningsloven § 400", "--as-of", "2015-01-01")
    assert out.returncode != 0 and not out.stdout
    assert "§ 400" in out.stderr


def test_kb_show_carries_the_references(store_url):
    out = run_kb("show", "retssikkerhedsloven § 72, stk. 8", "--as-of", "2017-01-01", "--json")
    [target] = json.loads(out.stdout)["citations"][0]["targets"]
    [ref] = target["references"]
    assert target["text"][ref["start"] : ref["end"]] == ref["text"]
    # the contract's own commands do not add them
    out = run_kb("resolve", "retssikkerhedsloven § 72, stk. 8", "--as-of", "2017-01-01", "--json")
    assert "references" not in json.loads(out.stdout)["citations"][0]["targets"][0]


def _newest(reader: Reader, law: str) -> int:
    act = reader.act(law)
    assert act is not None
    return [v for v in reader.versions(act.id) if not v.is_amending][-1].id
