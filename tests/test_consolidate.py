"""The applier of amending instructions (`kb.consolidate`), one row per construction.

Each row applies real instructions of LOV nr 638 af 12/06/2013 § 1 or LOV nr 1624 af
26/12/2013 § 1 (../shared/data/retsinformation) to forvaltningsloven as LBK nr 988 af
09/10/2012 has it, and reads the result beside the official LBK nr 433 af 22/04/2014,
which folds both in.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED, run_kb

BASE = "LBK nr 988 af 09/10/2012"
L638 = "LOV nr 638 af 12/06/2013"
L1624 = "LOV nr 1624 af 26/12/2013"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kb.ingest.load import import_files

    path = tmp_path_factory.mktemp("consolidate") / "kb.sqlite3"
    folder = SHARED / "data" / "retsinformation"
    names = ("2012-988.xml", "2013-638.xml", "2013-1624.xml", "2014-433.xml")
    import_files([folder / n for n in names], f"sqlite:///{path}")
    return f"sqlite:///{path}"


def _units(url: str, applies: list[str]) -> tuple[dict[str, str | None], list]:
    import kb

    result = kb.consolidation("forvaltningsloven", BASE, applies, url=url)
    return {u.canonical: u.text for u in result.units if u.canonical}, result.refused


# (construction, instructions applied, the unit, its text after — None: gone)
ROWS = [
    (
        "stk. affattes således (§ 1, nr. 10)",
        [f"{L638} § 1, nr. 10"],
        "§24/s3",
        "Stk. 1, 2. pkt., og stk. 2 gælder ikke i de sager, der er nævnt i § 11, stk. 2. "
        "Begrundelsens indhold kan i øvrigt begrænses i det omfang, hvori oplysninger kan "
        "undtages fra aktindsigt, jf. §§ 15-15 b.",
    ),
    (
        "stk. ophæves, og i stedet indsættes, with nr. (§ 1, nr. 1)",
        [f"{L638} § 1, nr. 1"],
        "§1/s2/n1",
        "selvejende institutioner, foreninger, fonde m.v., der er oprettet ved lov eller i "
        "henhold til lov, og",
    ),
    (
        "§§ 9-12 ophæves, og i stedet indsættes, across headings (§ 1, nr. 2)",
        [f"{L638} § 1, nr. 2"],
        "§9 a/s1",
        "En anmodning om aktindsigt skal angive den sag, hvis dokumenter den pågældende part "
        "ønsker at blive gjort bekendt med.",
    ),
    ("stk. ophæves (§ 1, nr. 3)", [f"{L638} § 1, nr. 3"], "§14/s2", None),
    (
        "indsættes før overskriften før § 15 (§ 1, nr. 4)",
        [f"{L638} § 1, nr. 4"],
        "§14 a/s2",
        "Stk. 1 gælder ikke, i det omfang de pågældende oplysninger fremgår af andre "
        "dokumenter, som udleveres i forbindelse med aktindsigten.",
    ),
    (
        "overskriften og § 16 ophæves, og i stedet indsættes (§ 1, nr. 6)",
        [f"{L638} § 1, nr. 6"],
        "§16/s1",
        "Afgørelsen af, om en anmodning om aktindsigt skal imødekommes, træffes af den "
        "myndighed, der i øvrigt har afgørelsen af den pågældende sag.",
    ),
    (
        "nr. affattes således (§ 1, nr. 8)",
        [f"{L638} § 1, nr. 8"],
        "§19/s2/n1",
        "det efter oplysningernes eller vurderingernes karakter og sagens beskaffenhed må "
        "anses for ubetænkeligt at træffe afgørelse i sagen på det foreliggende grundlag,",
    ),
    (
        "Rykningsklausul: stk. 2-4 bliver herefter stk. 5-7 (§ 1, nr. 11)",
        [f"{L638} § 1, nr. 11"],
        "§27/s7",
        "Fastsættes der i henhold til § 1, stk. 2, regler om tavshedspligt, eller pålægges der "
        "tavshedspligt efter stk. 3, finder straffelovens § 152 og §§ 152 c-152 f tilsvarende "
        "anvendelse på overtrædelse af sådanne regler eller pålæg.",
    ),
    (
        "ændres »a« til: »b« in stk. 2, der bliver stk. 5 (§ 1, nr. 11-12)",
        [f"{L638} § 1, nr. 11-12"],
        "§27/s5",
        "Inden for den offentlige forvaltning kan der kun pålægges tavshedspligt med hensyn til "
        "en oplysning, når det er nødvendigt at hemmeligholde den for at varetage væsentlige "
        "hensyn til bestemte offentlige eller private interesser som nævnt i stk. 1-4.",
    ),
    (
        "two words changed at once, each as the text was (§ 1, nr. 11 og 13)",
        [f"{L638} § 1, nr. 11 og 13"],
        "§27/s7",
        "Fastsættes der i henhold til § 1, stk. 3, regler om tavshedspligt, eller pålægges der "
        "tavshedspligt efter stk. 6, finder straffelovens § 152 og §§ 152 c-152 f tilsvarende "
        "anvendelse på overtrædelse af sådanne regler eller pålæg.",
    ),
    (
        "efter kapitel 8 a indsættes (LOV 1624/2013 § 1, nr. 1)",
        [f"{L1624} § 1"],
        "kap8 b",
        None,
    ),
]


@pytest.mark.parametrize(
    ("construction", "applies", "path", "text"), ROWS, ids=[r[0] for r in ROWS]
)
def test_construction(url: str, construction: str, applies: list[str], path: str, text: str | None):
    units, refused = _units(url, applies)
    assert refused == []
    if path.startswith("kap"):
        assert path in units
    elif text is None:
        assert path not in units
    else:
        assert units[path] == text


def test_section_32_b_inserted_by_lov_1624(url: str):
    units, _refused = _units(url, [f"{L1624} § 1"])
    assert units["§32 b/s1"].startswith("I en sag, hvori der er eller vil blive truffet afgørelse")
    assert "§32 b" not in _units(url, [])[0]


def test_an_instruction_whose_target_is_not_there_is_refused_and_changes_nothing(url: str):
    # nr. 13 names "stk. 4, der bliver stk. 7": without nr. 11 there is no stk. 7
    base, _ = _units(url, [])
    units, refused = _units(url, [f"{L638} § 1, nr. 13"])
    assert [(o.nr, o.status, o.reason) for o in refused] == [("13.", "refused", "target_not_found")]
    assert units == base


def test_verify_rebuilds_lbk_433_2014_exactly(url: str):
    import kb

    checked = kb.verify_consolidation("LBK nr 433 af 22/04/2014", url=url)
    assert [(a.designation, a.paragraf) for a in checked.consolidation.applied] == [
        (L638, "§ 1"),
        (L1624, "§ 1"),
    ]
    assert checked.consolidation.refused == []
    assert checked.differences == ()
    assert checked.units == 209


def test_cli_json_and_label(url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_DATABASE_URL", url)
    done = run_kb("consolidate", "fvl", "--base", BASE, "--apply", f"{L638} § 1", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["schema"], data["law"], data["base"]) == (2, "forvaltningsloven", BASE)
    assert [i["status"] for i in data["applied"][0]["instructions"]] == ["applied"] * 13
    unit = next(u for u in data["units"] if u["canonical"] == "§24/s3")
    assert "§ 11, stk. 2" in unit["text"]
    monkeypatch.setenv("KB_LANG", "da")
    done = run_kb("consolidate", "fvl", "--base", BASE, "--apply", f"{L638} § 1")
    assert done.stdout.startswith(
        f"lovkb's egen konsolidering af {BASE} med ændringer fra {L638} (i kraft 2014-01-01); "
        "ikke en officiel lovbekendtgørelse"
    )


def test_cli_unknown_version_names_it(url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_DATABASE_URL", url)
    done = run_kb("consolidate", "fvl", "--base", "LBK nr 9 af 09/10/2012")
    assert done.returncode != 0
    assert "LBK nr 9 af 09/10/2012" in done.stderr


def test_no_apply_gives_the_base_units(url: str):
    units, _ = _units(url, [])
    assert units["§24/s3"].startswith("§ 24, stk. 1, 2. pkt., og stk. 2, gælder ikke")
