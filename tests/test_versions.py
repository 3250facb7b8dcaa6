"""Amended versions on the real files: chains, points in time, effects, diffs.

The forvaltningsloven chain (988/2012, LOV 638/2013, LOV 1624/2013 → 433/2014)
and the retssikkerhedsloven chain (1054/2010 → 1052/2015 → 1345/2016) are
imported into empty stores in shuffled orders; the stores must agree, each
version must hold its interval, citations must read the right text either
side of each change, and the diff 988 → 433 must be exactly what the two
amending acts say.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import RI, edge_days, run_kb

from kb.api import resolve
from kb.citation.lineage import read_lineage
from kb.codes import Warning
from kb.errors import SourceError
from kb.history.diff import diff
from kb.history.effects import effects_on
from kb.ingest.lexdania import read_file
from kb.ingest.load import import_files
from kb.store.gaps import base_of, gap_after, later_designations
from kb.store.interval import chain_ends, in_force
from kb.store.read import open_reader

FVL = ["2012-988.xml", "2013-638.xml", "2013-1624.xml", "2014-433.xml"]
RSL = ["2010-1054.xml", "2015-1052.xml", "2016-1345.xml"]
D = dt.date.fromisoformat


def snapshot(url: str) -> dict:
    """Everything a reader can see, independent of row ids and import order."""
    with open_reader(url) as r:
        out = {}
        for act in r.acts():
            for v in r.versions(act.id):
                units = r.units(v.id)
                digest = hashlib.sha256(
                    json.dumps([u[:11] for u in units], ensure_ascii=False).encode()
                ).hexdigest()
                out[(act.key, v.designation)] = (
                    v.in_force_from,
                    v.in_force_to,
                    v.is_amending,
                    v.lineage,
                    v.source_sha256,
                    len(units),
                    digest,
                )
        return out


def store_from(tmp: Path, files: list[str]) -> str:
    url = f"sqlite:///{tmp / 'kb.sqlite3'}"
    import_files([RI / f for f in files], url)
    return url


@pytest.fixture(scope="module")
def chain_url(tmp_path_factory) -> str:
    return store_from(tmp_path_factory.mktemp("chain"), FVL + RSL)


def test_shuffled_imports_give_the_same_store(tmp_path, chain_url):
    expected = snapshot(chain_url)
    rng = random.Random(20261123)
    for n in range(3):
        files = FVL + RSL
        rng.shuffle(files)
        folder = tmp_path / f"order{n}"
        folder.mkdir()
        assert snapshot(store_from(folder, files)) == expected, files


INTERVALS = [
    ("forvaltningsloven", "LBK nr 988 af 09/10/2012", "2012-10-09", "2014-04-22"),
    ("forvaltningsloven", "LBK nr 433 af 22/04/2014", "2014-04-22", None),
    # LBK 1054/2010's metadata names LBK 656/2011 as a later version, which is not stored
    ("retssikkerhedsloven", "LBK nr 1054 af 07/09/2010", "2010-09-07", "2011-06-15"),
    ("retssikkerhedsloven", "LBK nr 1052 af 08/09/2015", "2015-09-08", "2016-11-23"),
    ("retssikkerhedsloven", "LBK nr 1345 af 23/11/2016", "2016-11-23", None),
]


@pytest.mark.parametrize(("law", "designation", "start", "end"), INTERVALS)
def test_each_version_holds_its_interval(chain_url, law, designation, start, end):
    got = snapshot(chain_url)[(law, designation)]
    assert got[:2] == (start, end)


# citation, date, version read, words that must (and must not) be in the text
AS_OF = [
    (
        "forvaltningsloven § 24, stk. 3",
        "2014-04-21",
        "LBK nr 988 af 09/10/2012",
        "§ 9, stk. 4",
        "§ 11, stk. 2",
    ),
    (
        "forvaltningsloven § 24, stk. 3",
        "2014-04-22",
        "LBK nr 433 af 22/04/2014",
        "§ 11, stk. 2",
        "§ 9, stk. 4",
    ),
    ("forvaltningsloven § 32 b", "2014-04-22", "LBK nr 433 af 22/04/2014", "identifikation", None),
    ("retssikkerhedsloven § 3", "2011-06-14", "LBK nr 1054 af 07/09/2010", "", None),
    ("retssikkerhedsloven § 3", "2015-09-08", "LBK nr 1052 af 08/09/2015", "", None),
    ("retssikkerhedsloven § 3", "2016-11-22", "LBK nr 1052 af 08/09/2015", "", None),
    ("retssikkerhedsloven § 3", "2016-11-23", "LBK nr 1345 af 23/11/2016", "", None),
]


@pytest.mark.parametrize(("citation", "day", "version", "has", "lacks"), AS_OF)
def test_as_of_either_side_of_each_change(chain_url, citation, day, version, has, lacks):
    target = resolve(citation, D(day), url=chain_url).targets[0]
    assert (target.status, target.version) == ("ok", version)
    assert has in target.text
    if lacks:
        assert lacks not in target.text


# Days in the gap between LBK 1054/2010 and LBK 1052/2015: the store lacks LBK 656/2011
# (named in 1054's <AendresAf>), later ones, and LBK 1019/2014 (1052's base).
GAP = [
    ("2011-06-15", "LBK nr 656 af 15/06/2011"),
    ("2014-09-24", "LBK nr 656 af 15/06/2011"),
    ("2015-09-07", "LBK nr 656 af 15/06/2011"),
]


@pytest.mark.parametrize(("day", "missing"), GAP)
def test_a_day_in_a_gap_says_the_text_is_not_stored(chain_url, day, missing):
    target = resolve("retssikkerhedsloven § 3", D(day), url=chain_url).targets[0]
    assert (target.status, target.reason, target.version) == ("not_found", "text_not_stored", None)
    assert missing in target.message
    assert "LBK nr 1054 af 07/09/2010 (in force 2010-09-07 to 2011-06-15)" in target.message
    assert "LBK nr 1052 af 08/09/2015 (in force 2015-09-08" in target.message
    assert target.text is None


def test_a_base_not_stored_opens_a_gap_of_its_own(tmp_path):
    """Without the later-version list, the next consolidation's base alone says
    where the gap begins: LBK 1052/2015 is based on LBK 1019/2014."""
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    import_files([RI / "2010-1054.xml", RI / "2015-1052.xml"], url)
    with open_reader(url) as r:
        (act,) = [a for a in r.acts() if a.key == "retssikkerhedsloven"]
        ends = {v.designation: v.in_force_to for v in r.versions(act.id)}
    # the metadata's LBK 656/2011 comes first; the base's date is later
    assert ends["LBK nr 1054 af 07/09/2010"] == "2011-06-15"
    assert base_of(read_file(RI / "2015-1052.xml").lineage) == (
        "lovbekendtgørelse nr. 1019 af 23. september 2014",
        1019,
        "2014-09-23",
    )


def test_the_pamphlet_attests_january_2004_only(bundled_store):
    """The pamphlet's quotations are not stretched over the years it says nothing about."""
    chain_url = f"sqlite:///{bundled_store}"
    ok = resolve("offentlighedsloven § 6", D("2004-01-31"), url=chain_url).targets[0]
    assert (ok.status, ok.version) == ("ok", "LOV nr 572 af 19/12/1985")
    for day in ("2003-12-31", "2004-02-01", "2010-01-01"):
        target = resolve("offentlighedsloven § 6", D(day), url=chain_url).targets[0]
        assert (target.status, target.reason) == ("not_found", "text_not_stored"), day
        assert "LOV nr 572 af 19/12/1985 (quoted as it read 2004-01-01 to 2004-01-31)" in (
            target.message
        )
    # the pamphlet's 2004 letter cites serviceloven § 99; read as of 2004 against a store
    # whose oldest forvaltningsloven is a 2012 consolidation, nothing later is offered
    target = resolve("forvaltningsloven § 24", D("2008-06-01"), url=chain_url).targets[0]
    assert (target.status, target.reason) == ("not_found", "text_not_stored")
    assert "LBK nr 988 af 09/10/2012 is based on lovbekendtgørelse nr. 1365" in target.message


def test_32_b_did_not_exist_before_the_chapter_was_inserted(chain_url):
    target = resolve("forvaltningsloven § 32 b", D("2014-04-21"), url=chain_url).targets[0]
    assert target.status == "not_found"
    assert "LBK nr 988 af 09/10/2012" in target.message


def test_a_repealed_provision_is_not_in_force_with_its_last_text(chain_url):
    target = resolve("forvaltningsloven § 14, stk. 2", D("2015-01-01"), url=chain_url).targets[0]
    assert target.status == "not_in_force"
    assert target.version == "LBK nr 988 af 09/10/2012"
    assert target.text.startswith("Oplysninger vedrørende sagens faktiske omstændigheder")
    assert "repealed by LOV nr 638 af 12/06/2013 § 1, nr. 3" in target.message
    assert target.reason == "no_longer_in_act"
    assert target.warnings == []
    # named, the old version is read as it is: not_in_force (superseded), its text given
    named = resolve(
        "§ 14, stk. 2, i lovbekendtgørelse nr. 988 af 9. oktober 2012",
        D("2015-01-01"),
        url=chain_url,
    ).targets[0]
    assert named.status == "not_in_force" and named.version == "LBK nr 988 af 09/10/2012"
    assert named.text.startswith("Oplysninger vedrørende sagens faktiske omstændigheder")


def test_warnings_for_changes_the_version_read_does_not_show(chain_url, tmp_path):
    # between LOV 638's entry into force and the consolidation that folds it in
    t = resolve("forvaltningsloven § 24, stk. 3", D("2014-02-01"), url=chain_url).targets[0]
    assert t.version == "LBK nr 988 af 09/10/2012"
    assert (
        Warning(
            "amendment_in_later_consolidation",
            "§ 24, stk. 3 was changed by LOV nr 638 af 12/06/2013 § 1, nr. 10 from 2014-01-01; "
            "the stored consolidation with the change, LBK nr 433 af 22/04/2014, applies from "
            "2014-04-22",
        )
        in t.warnings
    )
    assert (
        Warning(
            "differs_in_newer_version",
            "§ 24, stk. 3 reads differently in the newer LBK nr 433 af 22/04/2014 (from "
            "2014-04-22)",
        )
        in t.warnings
    )
    # an unchanged provision gets neither warning
    same = resolve("forvaltningsloven § 22", D("2014-02-01"), url=chain_url).targets[0]
    assert same.warnings == []
    # an amending act no stored consolidation folds in: the change is pending
    url = store_from(tmp_path, ["2012-988.xml", "2013-638.xml"])
    pending = resolve("forvaltningsloven § 24, stk. 3", D("2015-01-01"), url=url).targets[0]
    assert pending.version == "LBK nr 988 af 09/10/2012"
    assert any(
        w.code == "amendment_not_consolidated"
        and w.message.startswith(
            "§ 24, stk. 3 was changed by LOV nr 638 af 12/06/2013 § 1, nr. 10 (in force"
        )
        and "no stored consolidation includes" in w.message
        for w in pending.warnings
    )
    future = resolve("forvaltningsloven § 24, stk. 3", D("2013-07-01"), url=url).targets[0]
    assert (
        Warning(
            "amendment_pending",
            "§ 24, stk. 3 will be changed by LOV nr 638 af 12/06/2013 § 1, nr. 10 from 2014-01-01",
        )
        in future.warnings
    )


# --- effects -----------------------------------------------------------------------

# LOV 638/2013 § 1, item by item: kind, the provisions named, renumbering
EFFECTS_638 = [
    ("1.", "replaced", ("§1/s2",), ()),
    ("2.", "replaced", ("§9", "§10", "§11", "§12"), ()),
    ("3.", "repealed", ("§14/s2",), ()),
    ("4.", "inserted", ("§14", "§15"), ()),
    ("5.", "replaced", ("§15",), ()),
    ("6.", "replaced", ("§16",), ()),
    ("7.", "new wording", ("§19/s1",), ()),
    ("8.", "new wording", ("§19/s2/n1",), ()),
    ("9.", "new wording", ("§19/s2/n5",), ()),
    ("10.", "new wording", ("§24/s3",), ()),
    (
        "11.",
        "replaced",
        ("§27/s1",),
        (("§27/s2", "§27/s5"), ("§27/s3", "§27/s6"), ("§27/s4", "§27/s7")),
    ),
    ("12.", "amended", ("§27/s2",), ()),
    ("13.", "amended", ("§27/s4",), ()),
]


def test_the_instructions_of_lov_638(chain_url):
    with open_reader(chain_url) as r:
        found = [e for e in effects_on(r, "forvaltningsloven") if "638" in e.amending]
    assert [(e.item, e.kind, e.targets, e.renumbered) for e in found] == EFFECTS_638
    assert {e.section for e in found} == {"§ 1"}
    assert {e.folded_into for e in found} == {"LBK nr 433 af 22/04/2014"}
    assert {e.in_force for e in found} == {"2014-01-01"}
    assert found[11].words == (("stk. 1", "stk. 1-4"),)
    assert found[12].words == (("§ 1, stk. 2,", "§ 1, stk. 3,"), ("stk. 3", "stk. 6"))
    assert found[9].new == ("§24/s3",)


def test_lov_1624_inserts_kapitel_8_b(chain_url):
    with open_reader(chain_url) as r:
        (effect,) = [e for e in effects_on(r, "forvaltningsloven") if "1624" in e.amending]
    assert effect.kind == "inserted"
    assert effect.new[:2] == ("kap8 b", "§32 b")
    # § 2 and § 3 of the act amend PET and FE laws, not forvaltningsloven
    assert effect.section == "§ 1"


def test_an_effect_no_consolidation_folds_in_is_pending(tmp_path):
    url = store_from(tmp_path, ["2012-988.xml", "2013-638.xml"])
    with open_reader(url) as r:
        found = effects_on(r, "forvaltningsloven")
    assert found and {e.status for e in found} == {"pending"}


def test_lineage_names_what_a_consolidation_folds_in(chain_url):
    with open_reader(chain_url) as r:
        lbk = r.version_by_designation("LBK", 1052, "2015-09-08")[0]
    lineage = read_lineage(lbk.lineage)
    assert ("§ 7", "lov nr. 1486 af 23. december 2014") in [
        (f.section, f.act.text) for f in lineage.folded
    ]
    # "Den ændring, der følger af § 37 i lov nr. 994 …, er ikke indarbejdet"
    assert all(f.act.number != 994 for f in lineage.folded)
    assert [(n.section, n.act.number) for n in lineage.not_folded] == [("§ 37", 994)]


# --- the diff ----------------------------------------------------------------------


def test_diff_988_to_433_is_exactly_what_the_amending_acts_say(chain_url):
    with open_reader(chain_url) as r:
        d = diff(r, "forvaltningsloven", "988", "433")
    assert (d.old, d.new) == ("LBK nr 988 af 09/10/2012", "LBK nr 433 af 22/04/2014")
    # every change in the diff is explained by an effect
    assert [c.path for c in d.changes if not c.explained_by] == []
    # every effect is visible in the diff
    paths = {p for c in d.changes for p in (c.path, c.old_path) if p}

    def seen(path: str) -> bool:
        return any(p == path or p.startswith(path + "/") or path.startswith(p + "/") for p in paths)

    for e in d.effects:
        shown = [p for p in (*e.new, *(n for _o, n in e.renumbered)) if seen(p)]
        if e.kind in ("repealed", "amended"):
            shown += [t for t in e.targets if seen(t)]
        assert shown, f"{e.amending} {e.section}, nr. {e.item} ({e.kind}) is not in the diff"
    by_path = {c.path: c for c in d.changes}
    stk3 = by_path["§24/s3"]
    assert stk3.kind == "changed"
    assert ("-", "9,") in stk3.words or any(op == "-" and "9," in w for op, w in stk3.words)
    assert any(op == "+" and "11," in w for op, w in stk3.words)
    assert by_path["kap8 b"].kind == "added"
    assert by_path["§27/s5"].kind == "renumbered" and by_path["§27/s5"].old_path == "§27/s2"
    assert by_path["§14/s2"].kind == "removed"
    # nothing that did not change is reported
    assert "§22" not in by_path and "§24/s1" not in by_path


def test_diff_defaults_to_the_two_newest(chain_url):
    with open_reader(chain_url) as r:
        d = diff(r, "retssikkerhedsloven")
    assert (d.old, d.new) == ("LBK nr 1052 af 08/09/2015", "LBK nr 1345 af 23/11/2016")
    assert d.changes


# --- refusing what contradicts the chain -------------------------------------------------


def test_a_file_that_contradicts_the_chain_is_refused(tmp_path, chain_url):
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    shutil.copy(chain_url.removeprefix("sqlite:///"), tmp_path / "kb.sqlite3")
    before = snapshot(url)
    forged = tmp_path / "2014-433-changed.xml"
    data = (RI / "2014-433.xml").read_bytes()
    assert b"begrundelse" in data
    forged.write_bytes(data.replace(b"begrundelse", b"begrundelsen", 1))
    with pytest.raises(SourceError) as err:
        import_files([forged], url)
    assert "2014-433-changed.xml" in str(err.value)
    assert "LBK nr 433 af 22/04/2014" in str(err.value)
    assert snapshot(url) == before


def test_kb_import_of_a_folder_reports_and_skips_what_it_refuses(empty_url, tmp_path):
    folder = tmp_path / "filer"
    folder.mkdir()
    for f in ["2012-988.xml", "2014-433.xml"]:
        shutil.copy(RI / f, folder / f)
    (folder / "2099-1.xml").write_text("<html><body>Siden findes ikke</body></html>", "utf-8")
    out = run_kb("import", str(folder))
    assert out.returncode == 2
    assert "kb: refused" in out.stderr and "2099-1.xml" in out.stderr
    # a new store gets the bundled sources first, which hold these two already
    assert "3 files: 2 unchanged; 1 refused" in out.stdout
    out = run_kb("versions", "fvl", "--json")
    data = json.loads(out.stdout)
    assert [v["designation"] for v in data["versions"]][-2:] == [
        "LBK nr 988 af 09/10/2012",
        "LBK nr 433 af 22/04/2014",
    ]
    assert data["versions"][-1]["based_on"] == "lovbekendtgørelse nr. 988 af 9. oktober 2012"
    assert data["versions"][-1]["folds_in"] == [
        "§ 1 i lov nr. 638 af 12. juni 2013",
        "§ 1 i lov nr. 1624 af 26. december 2013",
    ]


def test_kb_versions_diff_and_effects_commands(chain_url, monkeypatch):
    monkeypatch.setenv("KB_DATABASE_URL", chain_url)
    out = run_kb("diff", "forvaltningsloven", "988", "433", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["unexplained"] == [] and len(data["changes"]) > 50
    out = run_kb("diff", "forvaltningsloven", "988", "433")
    assert "renumbered § 27, stk. 5 (was § 27, stk. 2)" in " ".join(out.stdout.split())
    out = run_kb("effects", "forvaltningsloven")
    assert out.returncode == 0 and "LOV nr 638 af 12/06/2013 § 1" in out.stdout
    assert "folded into LBK nr 433 af 22/04/2014" in out.stdout
    out = run_kb("effects", "forvaltningsloven", "--pending")
    assert out.stdout.strip() == "No stored amending act changes this act, or none that is pending."
    out = run_kb("diff", "forvaltningsloven", "1999")
    assert out.returncode == 2 and "no stored version '1999'" in out.stderr
    out = run_kb("versions", "retssikkerhedsloven")
    assert "superseded by LBK nr 1052 af 08/09/2015" in out.stdout


# --- a replaced act and its counterparts ----------------------------------------------


def test_the_replaced_offentlighedslov_and_its_counterpart(store_url):
    from kb.history.catalog import versions

    data = versions("offentlighedsloven", D("2026-11-23"), url=store_url)
    assert [(v["designation"], v["replaced_by"]) for v in data["versions"]] == [
        ("LOV nr 572 af 19/12/1985", "LOV nr 606 af 12/06/2013"),
        ("LOV nr 606 af 12/06/2013", None),
    ]
    assert [(c["old_path"], c["new_path"]) for c in data["counterparts"]] == [("§6", "§13")]
    named = resolve("§ 6 i lov nr. 572 af 19. december 1985", D("2026-11-23"), url=store_url)
    t = named.targets[0]
    assert t.status == "not_in_force"
    assert t.message.endswith("the rule is now § 13 of LOV nr 606 af 12/06/2013")
    assert not [w for w in t.warnings if "newer" in w.message]  # 2013 § 6 is another rule
    assert not [w for w in t.warnings if "newer_version" in w.code]
    today = resolve("offentlighedslovens § 6", D("2026-11-23"), url=store_url).targets[0]
    assert today.version == "LOV nr 606 af 12/06/2013"
    assert (
        Warning(
            "rule_moved",
            "§ 6 of LOV nr 572 af 19/12/1985 is § 13 of LOV nr 606 af 12/06/2013; "
            "this is § 6 of LOV nr 606 af 12/06/2013, another rule",
        )
        in today.warnings
    )
    then = resolve("offentlighedslovens § 6", D("2004-01-01"), url=store_url).targets[0]
    assert then.version == "LOV nr 572 af 19/12/1985" and then.status == "ok"


def test_counterpart_tables_are_checked(store_url, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[counterpart]]\nlaw = "retsplejeloven"\nold = "a"\nold_provision = "§ 1"\n'
        'new = "b"\nnew_provision = "§ 2"\n',
        "utf-8",
    )
    with pytest.raises(SourceError, match="counterpart entry 1: no act 'retsplejeloven' is loaded"):
        import_files([bad], store_url)
    vague = tmp_path / "vague.toml"
    vague.write_text(
        '[[counterpart]]\nlaw = "offentlighedsloven"\nold = "a"\nold_provision = "notatpligten"\n'
        'new = "b"\nnew_provision = "§ 2"\n',
        "utf-8",
    )
    with pytest.raises(SourceError, match="'notatpligten' is not one §"):
        import_files([vague], store_url)


# --- the in-force rule and the rule that a LOV after a LOV replaces it ---------------


def test_the_chain_is_derived_by_the_in_force_rule(bundled_store, chain_url):
    """`recompute_chain` ends each version where the next begins (`chain_ends`): by
    `VersionRow.in_force_on`, every day at an edge from an act's first start on has
    exactly one version of the chain in force, and none before it."""
    for url in (f"sqlite:///{bundled_store}", chain_url):
        with open_reader(url) as r:
            for act in r.acts():
                chain = [v for v in r.versions(act.id) if not v.is_amending]
                if not chain:
                    continue
                first = min(v.in_force_from or "" for v in chain)
                for day in (d.isoformat() for d in edge_days(chain)):
                    in_force = [v for v in chain if v.in_force_on(day)]
                    assert len(in_force) <= 1, (act.key, day, in_force)
                    if day >= first and not in_force:
                        # a gap: only after a quotation's period, or where the sources
                        # name a version between the two that the store lacks
                        prev = max(
                            (v for v in chain if v.in_force_to and v.in_force_to <= day),
                            key=lambda v: v.in_force_to or "",
                        )
                        following = [v for v in chain if (v.in_force_from or "") > day]
                        assert prev.attested or (
                            following
                            and gap_after(
                                prev.date_signed,
                                prev.later_changes,
                                following[0].in_force_from,
                                following[0].lineage,
                                r.stored_designations(later_designations(prev.later_changes)),
                                {(v.number, v.date_signed) for v in chain},
                            )
                        ), (act.key, day)


def test_the_in_force_rule_at_its_edges():
    assert in_force("2014-01-01", "2014-04-22", "2014-01-01")
    assert in_force("2014-01-01", "2014-04-22", "2014-04-21")
    assert not in_force("2014-01-01", "2014-04-22", "2014-04-22")
    assert not in_force("2014-01-01", None, "2013-12-31")
    assert in_force(None, None, "1900-01-01") and in_force(D("2014-01-01"), None, D("2099-01-01"))
    assert chain_ends([D("2010-09-07"), D("2015-09-08")]) == [D("2015-09-08"), None]
    assert chain_ends([]) == []


def test_a_lov_after_a_lov_replaces_it(store_url):
    """One rule (`VersionRow.replaces`) behind `kb versions`' replaced_by and the resolver."""
    with open_reader(store_url) as r:
        by = {v.designation: v for a in r.acts() for v in r.versions(a.id)}
    assert by["LOV nr 606 af 12/06/2013"].replaces(by["LOV nr 572 af 19/12/1985"])
    assert not by["LBK nr 433 af 22/04/2014"].replaces(by["LBK nr 988 af 09/10/2012"])
    named = resolve("§ 6 i lov nr. 572 af 19. december 1985", D("2026-11-23"), url=store_url)
    assert named.targets[0].reason == "act_replaced"
    today = resolve("offentlighedslovens § 6", D("2026-11-23"), url=store_url).targets[0]
    assert "replaced_older_act" in [w.code for w in today.warnings]
    amended = resolve(
        "§ 9 i lovbekendtgørelse nr. 988 af 9. oktober 2012", D("2026-11-23"), url=store_url
    )
    assert amended.targets[0].reason == "superseded_version"
