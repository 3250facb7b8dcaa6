"""Resolution against the bundled store: one row per form, then each status.

Rows give the citation, the as-of date, the `--law` default (or None) and
the targets expected, each as "status canonical". Texts of ok targets are
checked against the source XML independently of the store (see
`test_ok_text_is_in_the_source`).
"""

from __future__ import annotations

import datetime as dt
import lzma
import re

import pytest
from conftest import ROOT
from lxml import etree

from kb.api import check, resolve
from kb.codes import Warning
from kb.store.read import open_reader

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def reader(bundled_store):
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


def targets(result) -> list[str]:
    return [f"{t.status} {t.canonical}" for t in result.targets]


FORMS = [
    # the grammar list, with the bundled acts
    (
        "forvaltningsloven § 24, stk. 1, 2. pkt., og stk. 2",
        "2015-01-01",
        None,
        ["ok forvaltningsloven § 24, stk. 1, 2. pkt.", "ok forvaltningsloven § 24, stk. 2"],
    ),
    ("forvaltningslovens § 24", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    ("§ 24 i forvaltningsloven", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    ("fvl. § 19, stk. 2, nr. 3", "2015-01-01", None, ["ok forvaltningsloven § 19, stk. 2, nr. 3"]),
    (
        "§ 19, stk. 2, nr. 1 eller 5 i forvaltningsloven",
        "2015-01-01",
        None,
        ["ok forvaltningsloven § 19, stk. 2, nr. 1", "ok forvaltningsloven § 19, stk. 2, nr. 5"],
    ),
    (
        "§§ 11-11 b og 12 i retssikkerhedsloven",
        "2017-01-01",
        None,
        [
            "ok retssikkerhedsloven § 11",
            "ok retssikkerhedsloven § 11 a",
            "ok retssikkerhedsloven § 11 b",
            "ok retssikkerhedsloven § 12",
        ],
    ),
    # a range takes in the lettered paragraphs between its ends
    (
        "retssikkerhedslovens §§ 11-12",
        "2017-01-01",
        None,
        [
            "ok retssikkerhedsloven § 11",
            "ok retssikkerhedsloven § 11 a",
            "ok retssikkerhedsloven § 11 b",
            "ok retssikkerhedsloven § 11 c",
            "ok retssikkerhedsloven § 12",
        ],
    ),
    ("§ 11a i retssikkerhedsloven", "2017-01-01", None, ["ok retssikkerhedsloven § 11 a"]),
    (
        "retssikkerhedsloven § 11 a, stk. 1 og 3",
        "2017-01-01",
        None,
        ["ok retssikkerhedsloven § 11 a, stk. 1", "ok retssikkerhedsloven § 11 a, stk. 3"],
    ),
    (
        "forvaltningsloven §§ 19-21",
        "2015-01-01",
        None,
        ["ok forvaltningsloven § 19", "ok forvaltningsloven § 20", "ok forvaltningsloven § 21"],
    ),
    ("kapitel 8 b i forvaltningsloven", "2015-01-01", None, ["ok forvaltningsloven kapitel 8 b"]),
    (
        "§24, Stk. 1, 2. pkt.",
        "2015-01-01",
        "forvaltningsloven",
        ["ok forvaltningsloven § 24, stk. 1, 2. pkt."],
    ),
    ("fvl.\u00a0§\u00a024,\nstk. 3", "2015-01-01", None, ["ok forvaltningsloven § 24, stk. 3"]),
    ("Forvaltningsloven §19.", "2015-01-01", None, ["ok forvaltningsloven § 19"]),
    ("forvaltnings-\nloven § 7", "2015-01-01", None, ["ok forvaltningsloven § 7"]),
    ("for\u00advaltningsloven § 7", "2015-01-01", None, ["ok forvaltningsloven § 7"]),
    ("offentlighedsloven § 27, nr.3", "2015-01-01", None, ["ok offentlighedsloven § 27, nr. 3"]),
    (
        "§ 24, stk. 1, 2.-3. pkt., i forvaltningsloven",
        "2015-01-01",
        None,
        [
            "ok forvaltningsloven § 24, stk. 1, 2. pkt.",
            "not_found forvaltningsloven § 24, stk. 1, 3. pkt.",
        ],
    ),
    # versions named in the citation
    ("LBK nr 433 af 22/04/2014 § 24", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    (
        "forvaltningsloven, lovbekendtgørelse nr. 988 af 9. oktober 2012, § 24, stk. 3",
        "2013-01-01",
        None,
        ["ok forvaltningsloven § 24, stk. 3"],
    ),
    ("§ 6 i lov nr. 572 af 19. december 1985", "2004-01-01", None, ["ok offentlighedsloven § 6"]),
    # acts named but not loaded: never dropped, never matched to another act
    ("straffelovens § 99", "2015-01-01", None, ["unknown_law straffeloven § 99"]),
    (
        "§ 17, stk. 2, i lov om behandling af personoplysninger",
        "2015-01-01",
        None,
        ["unknown_law persondataloven § 17, stk. 2"],
    ),
    # bundled acts, by a genitive and by a title their documents give
    ("servicelovens § 99", "2017-01-01", None, ["ok serviceloven § 99"]),
    (
        "§ 17, stk. 2, i lov om social pension",
        "2017-01-01",
        None,
        ["ok pensionsloven § 17, stk. 2"],
    ),
    # ... and on a day before their oldest stored version
    ("servicelovens § 99", "2015-01-01", None, ["not_found serviceloven § 99"]),
    ("retsplejelovens § 1018", "2015-01-01", None, ["unknown_law retsplejeloven § 1018"]),
    (
        "§ 6, stk. 4, i lov nr. 285 af 25. april 2001",
        "2015-01-01",
        None,
        ["unknown_law § 6, stk. 4"],
    ),
    ("§ 3 i lov om noget helt andet", "2015-01-01", None, ["unknown_law § 3"]),
    # an act before and an act after: the one after takes the items from
    # the first "§" written after the first act's own; with none, both acts
    # are named for the same items and the citation is ambiguous
    (
        "forvaltningslovens § 24 og § 3 i serviceloven",
        "2017-01-01",
        None,
        ["ok forvaltningsloven § 24", "ok serviceloven § 3"],
    ),
    (
        "fvl § 24, stk. 2 og §§ 3-4 i serviceloven",
        "2017-01-01",
        None,
        [
            "ok forvaltningsloven § 24, stk. 2",
            "ok serviceloven § 3",
            "ok serviceloven § 4",
        ],
    ),
    (
        "forvaltningslovens § 24 og § 3 i straffeloven",
        "2015-01-01",
        None,
        ["ok forvaltningsloven § 24", "unknown_law straffeloven § 3"],
    ),
    ("forvaltningslovens § 24 i serviceloven", "2015-01-01", None, ["ambiguous § 24"]),
    ("forvaltningslovens §§ 3-5 i serviceloven", "2015-01-01", None, ["ambiguous §§ 3-5"]),
    ("fvl. § 24 i forvaltningsloven", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    # a version after the act's name completes it
    (
        "forvaltningslovens § 24 i lovbekendtgørelse nr. 988 af 9. oktober 2012",
        "2015-01-01",
        None,
        ["not_in_force forvaltningsloven § 24"],
    ),
    (
        "forvaltningslovens § 24 i lovbekendtgørelse nr. 1054 af 7. september 2010",
        "2015-01-01",
        None,
        ["not_found forvaltningsloven § 24"],
    ),
    # … and so does one after "jf." or in parentheses
    (
        "offentlighedslovens § 6, jf. lov nr. 572 af 19. december 1985",
        "2015-01-01",
        None,
        ["not_in_force offentlighedsloven § 6"],
    ),
    (
        "§ 6 i offentlighedsloven (lov nr. 572 af 19. december 1985)",
        "2004-01-05",
        None,
        ["ok offentlighedsloven § 6"],
    ),
    # the pamphlet's quotation attests January 2004 only: a year later its text is not stored
    (
        "§ 6 i offentlighedsloven (lov nr. 572 af 19. december 1985)",
        "2005-01-01",
        None,
        ["not_found offentlighedsloven § 6"],
    ),
    (
        "§ 24, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012",
        "2015-01-01",
        None,
        ["not_in_force forvaltningsloven § 24"],
    ),
    (
        "retssikkerhedsloven (lov nr. 453 af 10/6 1997) § 5",
        "2015-01-01",
        None,
        ["not_found retssikkerhedsloven § 5"],
    ),
    # a bekendtgørelse after a list is a document of its own, not a version
    (
        "retssikkerhedslovens § 10 og § 2 i Socialministeriets bekendtgørelse nr. 1248 af "
        "11. november 2020",
        "2024-01-01",
        None,
        ["ok retssikkerhedsloven § 10", "unknown_law § 2"],
    ),
    # a designation with the act's title and name between it and the §
    (
        "lov nr. 572 af 19. december 1985 om offentlighed i forvaltningen (offentlighedsloven) § 6",
        "2024-01-01",
        None,
        ["not_in_force offentlighedsloven § 6"],
    ),
    (
        "§ 10 i lov om retssikkerhed og administration på det sociale område "
        "(retssikkerhedsloven), jf. lovbekendtgørelse nr. 1052 af 8. september 2015",
        "2024-01-01",
        None,
        ["not_in_force retssikkerhedsloven § 10"],
    ),
    # an act neither the registry nor the store knows is keyed by its name
    ("hundelovens § 2", "2024-01-01", None, ["unknown_law hundeloven § 2"]),
    # an act the registry does not name, known by the name its documents give
    ("boligstøttelovens § 2", "2024-01-01", None, ["ok boligstøtteloven § 2"]),
    # dates written with points or dashes
    ("§ 24 i LBK nr. 433 af 22.04.2014", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    ("§ 24 i LBK nr. 433 af 22-04-2014", "2015-01-01", None, ["ok forvaltningsloven § 24"]),
    # after a trailing act, a later item of the list is of that act
    (
        "§ 11 a i retssikkerhedsloven og § 12",
        "2016-01-01",
        None,
        ["ok retssikkerhedsloven § 11 a", "ok retssikkerhedsloven § 12"],
    ),
    (
        "§ 19, stk. 2, nr. 1 og 3, i forvaltningsloven samt stk. 3",
        "2015-01-01",
        None,
        [
            "ok forvaltningsloven § 19, stk. 2, nr. 1",
            "ok forvaltningsloven § 19, stk. 2, nr. 3",
            "ok forvaltningsloven § 19, stk. 3",
        ],
    ),
    # "den tidligere …": the act the one of that name replaced, as it last stood
    (
        "§ 6 i den tidligere offentlighedslov",
        "2016-01-01",
        None,
        ["not_in_force offentlighedsloven § 6"],
    ),
    # … and where the store has no act it replaced, said so (not forvaltningsloven § 6 today)
    (
        "§ 6 i den tidligere forvaltningslov",
        "2016-01-01",
        None,
        ["not_found forvaltningsloven § 6"],
    ),
    # nr. cited without its stk., where only stk. 1 has numbered items: cited as what it is
    (
        "socialtilsynsloven § 4, nr. 2",
        "2017-06-01",
        None,
        ["ok socialtilsynsloven § 4, stk. 1, nr. 2"],
    ),
    # practice
    ("SM C-37- 00", "2015-01-01", None, ["ok SM C-37-00"]),
    ("social meddelelse, SM P-12-99", "2015-01-01", None, ["ok SM P-12-99"]),
    ("principafgørelse 41-17", "2015-01-01", None, ["not_found principafgørelse 41-17"]),
    ("Ankestyrelsens principafgørelse C-58-06", "2015-01-01", None, ["not_found SM C-58-06"]),
]


@pytest.mark.parametrize(("text", "day", "law", "expected"), FORMS, ids=[f[0][:40] for f in FORMS])
def test_form(reader, text, day, law, expected):
    result = resolve(text, D(day), law=law, reader=reader)
    assert targets(result) == expected
    (citation,) = result.citations
    assert (citation.text, citation.start, citation.end) == (text, 0, len(text))


def _source_text(version_file: str) -> str:
    path = ROOT / "sources" / version_file
    if not path.is_file():  # a corpus file, bundled compressed
        path = path.with_name(path.name + ".xz")
    root = etree.fromstring(
        lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
    )
    return " ".join("".join(root.itertext()).replace("\u00ad", "").split())


@pytest.mark.parametrize(("text", "day", "law", "expected"), FORMS, ids=[f[0][:40] for f in FORMS])
def test_ok_text_is_in_the_source(reader, text, day, law, expected):
    """Every ok target's wording occurs, word for word, in its source file."""
    result = resolve(text, D(day), law=law, reader=reader)
    sources = {v.designation: v.source_file for a in reader.acts() for v in reader.versions(a.id)}
    for t in result.targets:
        if t.status != "ok" or t.law is None:
            continue
        source = _source_text(sources[t.version])
        # labels of sub-units ("Stk. 2.", "1)") are part of the source text too
        assert " ".join(t.text.split()) in source


def test_not_found_says_what_exists(reader):
    day = D("2015-01-01")
    cases = {
        "forvaltningsloven § 24, stk. 4": "forvaltningsloven § 24 has stk. 1-3",
        "forvaltningsloven § 19, stk. 2, nr. 9": "forvaltningsloven § 19, stk. 2 has nr. 1-6",
        "forvaltningsloven § 24, stk. 1, 3. pkt.": "forvaltningsloven § 24, stk. 1 has 2 pkt.",
        "offentlighedsloven § 27, nr. 6": "offentlighedsloven § 27 has nr. 1-5",
    }
    for text, message in cases.items():
        (t,) = resolve(text, day, reader=reader).targets
        assert (t.status, t.message) == ("not_found", message)
    # nr. without its stk.: what the one stk. with numbered items has
    (t,) = resolve("socialtilsynsloven § 4, nr. 9", D("2017-06-01"), reader=reader).targets
    assert (t.status, t.message) == ("not_found", "socialtilsynsloven § 4, stk. 1 has nr. 1-4")
    (t,) = resolve("forvaltningsloven § 2", D("2004-01-15"), reader=reader).targets
    assert (t.status, t.reason) == ("not_found", "not_in_extract")
    assert "is an extract that does not quote § 2; it quotes §§ 7, 8, 19-26" in t.message


def test_bare_paragraph_is_ambiguous_with_candidates(reader):
    (t,) = resolve("§ 24", D("2015-01-01"), reader=reader).targets
    assert t.status == "ambiguous"
    assert t.law is None
    # the loaded acts with a § 24 in force that day (kommunestyrelsesloven's text of that
    # day is not stored: LBK 186/2014 is missing)
    assert t.candidates == [
        "forvaltningsloven § 24",
        "integrationsloven § 24",
        "offentlighedsloven § 24",
    ]
    (t,) = resolve("§ 24", D("2015-01-01"), law="forvaltningsloven", reader=reader).targets
    assert (t.status, t.law) == ("ok", "forvaltningsloven")
    assert any(
        w.code == "law_from_default" and "--law forvaltningsloven" in w.message for w in t.warnings
    )


def test_unknown_law_names_the_act_as_written(reader):
    (t,) = resolve("straffelovens § 99", D("2015-01-01"), reader=reader).targets
    assert t.message.startswith("straffelovens (straffeloven) is not loaded")
    assert t.text is None and t.version is None


def test_superseded_named_version_is_read_with_a_warning(reader):
    """Read as named; not_in_force, as the contract says of a superseded version."""
    text = "forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012, § 24, stk. 3"
    (t,) = resolve(text, D("2026-01-01"), reader=reader).targets
    assert (t.status, t.version) == ("not_in_force", "LBK nr 988 af 09/10/2012")
    assert t.message == "LBK nr 988 af 09/10/2012 was in force until 2014-04-22"
    assert t.reason == "superseded_version"
    (t,) = resolve(text, D("2013-01-01"), reader=reader).targets
    assert (t.status, t.version) == ("ok", "LBK nr 988 af 09/10/2012")
    (t,) = resolve(text, D("2026-01-01"), reader=reader).targets
    assert "9, stk. 4" in t.text  # the 2012 wording, changed in 2014
    assert any(
        w.code == "newer_version_in_force"
        and "superseded" in w.message
        and "LBK nr 433 af 22/04/2014" in w.message
        for w in t.warnings
    )


def test_replaced_act_is_not_in_force_with_its_text(reader):
    (t,) = resolve("lov nr. 572 af 19. december 1985 § 6", D("2026-01-01"), reader=reader).targets
    assert t.status == "not_in_force"
    assert t.text.startswith("I sager, hvor der vil blive truffet afgørelse")
    assert "replaced on 2014-01-01 by LOV nr 606 af 12/06/2013" in t.message
    assert t.reason == "act_replaced"
    (t,) = resolve("lov nr. 572 af 19. december 1985 § 6", D("2004-01-01"), reader=reader).targets
    assert t.status == "ok"


def test_named_version_not_loaded(reader):
    text = "forvaltningsloven, jf. lovbekendtgørelse nr. 1365 af 7. december 2007, § 24"
    (t,) = resolve(text, D("2015-01-01"), reader=reader).targets
    assert t.status == "not_found"
    assert "lovbekendtgørelse nr. 1365 af 7. december 2007 is not loaded" in t.message
    assert t.reason == "version_not_found"


def test_version_follows_as_of(reader):
    text = "forvaltningsloven § 24, stk. 3"
    before = resolve(text, D("2013-06-01"), reader=reader).targets[0]
    after = resolve(text, D("2014-06-01"), reader=reader).targets[0]
    assert before.version == "LBK nr 988 af 09/10/2012" and "§ 9, stk. 4" in before.text
    assert after.version == "LBK nr 433 af 22/04/2014" and "§ 11, stk. 2" in after.text


def test_whole_paragraph_with_several_stk_warns(reader):
    (t,) = resolve("forvaltningsloven § 24", D("2015-01-01"), reader=reader).targets
    assert (
        Warning("stk_not_named", "§ 24 has 3 stk.; the citation names none of them") in t.warnings
    )
    (t,) = resolve("forvaltningsloven § 22", D("2015-01-01"), reader=reader).targets
    assert t.warnings == []


def test_malformed_is_reported_not_raised(reader):
    (t,) = resolve("§ ----", D("2015-01-01"), reader=reader).targets
    assert t.status == "not_found"
    assert "placeholder" in t.message
    assert t.reason == "placeholder"


def test_json_shape_follows_the_spec(reader):
    data = resolve("forvaltningsloven § 24, stk. 2", D("2026-11-23"), reader=reader).to_json()
    assert data["schema"] == 2 and data["as_of"] == "2026-11-23" and data["lang"] == "en"
    (c,) = data["citations"]
    assert (c["text"], c["start"], c["end"]) == ("forvaltningsloven § 24, stk. 2", 0, 30)
    (t,) = c["targets"]
    required = {
        "law": "forvaltningsloven",
        "version": "LBK nr 433 af 22/04/2014",
        "eli": "https://www.retsinformation.dk/eli/lta/2014/433",
        "paragraf": "24",
        "stk": 2,
        "nr": None,
        "litra": None,
        "pkt": None,
        "canonical": "forvaltningsloven § 24, stk. 2",
        "status": "ok",
        "reason": None,
        "message": None,
        "warnings": [],
    }
    assert {k: t[k] for k in required} == required
    assert t["text"].startswith("Begrundelsen skal endvidere om fornødent indeholde")
    assert data["summary"] == {"citations": 1, "targets": 1, "ok": 1, "problems": 0}
    practice = resolve("SM C-37-00", reader=reader).to_json()["citations"][0]["targets"][0]
    assert practice["law"] is None and practice["practice"] == "SM C-37-00"
    # what the stored text is: the pamphlet's account of the ruling, not the ruling
    assert practice["source"].startswith("At skrive en afgørelse (Den Sociale Ankestyrelse")


def test_check_and_resolve_agree(reader):
    """The same citation gives the same target alone and inside a letter."""
    day = D("2015-01-01")
    for text in ("forvaltningsloven § 24, stk. 2", "retssikkerhedsloven §§ 11-11 b"):
        alone = [t.canonical for t in resolve(text, day, reader=reader).targets]
        letter = f"Vi har lagt vægt på {text}, jf. lovbekendtgørelse nr. 1 af 1. januar 2000."
        inside = [t.canonical for t in check(letter, day, reader=reader).targets]
        assert inside[: len(alone)] == alone


def test_pkt_counts_sentences_of_the_stk(reader):
    text = "forvaltningsloven § 24, stk. 1, 2. pkt."
    (t,) = resolve(text, D("2015-01-01"), reader=reader).targets
    assert re.match(r"I det omfang, afgørelsen efter disse regler beror", t.text)


def test_two_acts_for_one_item_name_both(reader):
    [t] = resolve("forvaltningslovens § 24 i serviceloven", D("2015-01-01"), reader=reader).targets
    assert t.candidates == ["forvaltningsloven § 24", "serviceloven § 24"]
    assert t.message == (
        "the citation names two acts for § 24: 'forvaltningslovens' and 'serviceloven'"
    )
    assert (t.status, t.reason) == ("ambiguous", "two_acts_named")


def test_version_after_the_name_is_the_one_read(reader):
    text = "forvaltningslovens § 24 i lovbekendtgørelse nr. 988 af 9. oktober 2012"
    [t] = resolve(text, D("2015-01-01"), reader=reader).targets
    assert t.version == "LBK nr 988 af 09/10/2012"
    assert any(
        w.code == "newer_version_in_force" and "is superseded" in w.message for w in t.warnings
    )
    text = "forvaltningslovens § 24 i lovbekendtgørelse nr. 1054 af 7. september 2010"
    [t] = resolve(text, D("2015-01-01"), reader=reader).targets
    assert t.message == (
        "lovbekendtgørelse nr. 1054 af 7. september 2010 is a version of "
        "retssikkerhedsloven, not of forvaltningsloven"
    )
    assert t.reason == "version_of_other_act"


def test_the_former_act_is_read_in_its_last_version(reader):
    [t] = resolve("§ 6 i den tidligere offentlighedslov", D("2016-01-01"), reader=reader).targets
    assert (t.reason, t.version) == ("act_replaced", "LOV nr 572 af 19/12/1985")
    [named] = resolve("LOV nr 572 af 19/12/1985 § 6", D("2016-01-01"), reader=reader).targets
    assert t.text == named.text and t.text
    [t] = resolve("§ 6 i den tidligere forvaltningslov", D("2016-01-01"), reader=reader).targets
    assert t.reason == "version_not_found"
    assert t.message.startswith("the store holds no older act that forvaltningsloven replaced")


def test_resolve_says_what_it_did_not_read(reader):
    [t] = resolve("forvaltningslovens § 24, 2. led", D("2015-01-01"), reader=reader).targets
    assert t.canonical == "forvaltningsloven § 24"
    assert (
        Warning("unread_text", "only part of the text was read as a citation; not read: '2. led'")
        in t.warnings
    )
    for text in (
        "forvaltningslovens § 24.",
        "forvaltningslovens § 24, jf. § 22",
        "(jf. §§ 3 og 5 i forvaltningsloven)",
        "Ankestyrelsens principafgørelse C-58-06",
    ):
        for t in resolve(text, D("2015-01-01"), reader=reader).targets:
            assert not any("not read" in w.message for w in t.warnings), text
            assert all(w.code != "unread_text" for w in t.warnings), text


def test_version_after_jf_is_the_one_read(reader):
    text = "offentlighedslovens § 6, jf. lov nr. 572 af 19. december 1985"
    [t] = resolve(text, D("2015-01-01"), reader=reader).targets
    assert t.version == "LOV nr 572 af 19/12/1985" and t.text
    assert "replaced on 2014-01-01 by LOV nr 606 af 12/06/2013" in t.message
    letter = f"Efter {text} skal der tages notat."
    [c] = check(letter, D("2015-01-01"), reader=reader).citations
    assert c.text == text and letter[c.start : c.end] == text
    [t] = resolve(
        "§ 24, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012", D("2015-01-01"), reader=reader
    ).targets
    assert t.version == "LBK nr 988 af 09/10/2012"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "fvl. § 19, stk. 3-2",
            "the range stk. 3-2 runs backwards; write stk. 2-3 if that is what is meant",
        ),
        (
            "fvl. § 19, stk. 2, nr. 5-3",
            "the range nr. 5-3 runs backwards; write nr. 3-5 if that is what is meant",
        ),
        (
            "fvl. § 24, stk. 1, 2.-1. pkt.",
            "the range 2.-1. pkt. runs backwards; write 1.-2. pkt. if that is what is meant",
        ),
        ("fvl. § 19, stk. 2, nr. 1-600", "nr. 1-600 is too wide to be a range of one provision"),
    ],
)
def test_sub_level_range_that_cannot_be_read_is_reported(reader, text, message):
    result = resolve(text, D("2015-01-01"), reader=reader)
    [t] = result.targets
    assert (t.status, t.message) == ("not_found", message)
    assert result.citations[0].text == text
    assert t.law == "forvaltningsloven"  # the act is known; the unit cannot be read


def test_range_says_which_numbers_the_version_lacks(reader):
    result = resolve("forvaltningsloven §§ 35-40", D("2015-01-01"), reader=reader)
    assert targets(result) == [
        "ok forvaltningsloven § 35",
        "ok forvaltningsloven § 36",
        "ok forvaltningsloven § 37",
        "not_found forvaltningsloven § 40",
    ]
    assert (
        Warning(
            "range_gap",
            "§§ 38-39 are not in LBK nr 433 af 22/04/2014; the range §§ 35-40 takes in the "
            "paragraphs it has",
        )
        in result.targets[0].warnings
    )


def test_repealed_group_is_not_in_force(reader):
    """retssikkerhedsloven (LBK 1345/2016) keeps "§§ 22-29. (Ophævet)" only."""
    [t] = resolve("retssikkerhedsloven § 24", D("2017-01-01"), reader=reader).targets
    assert t.status == "not_in_force" and t.text == "(Ophævet)"
    assert t.message == (
        "retssikkerhedsloven § 24 is repealed: LBK nr 1345 af 23/11/2016 reads "
        "“§§ 22-29. (Ophævet)”"
    )
    assert t.reason == "repealed"
    result = resolve("retssikkerhedsloven §§ 20-30", D("2017-01-01"), reader=reader)
    assert targets(result) == [
        "ok retssikkerhedsloven § 20",
        "ok retssikkerhedsloven § 21",
        *[f"not_in_force retssikkerhedsloven § {n}" for n in range(22, 30)],
        "ok retssikkerhedsloven § 30",
    ]
    assert not any("not in LBK" in w.message for t in result.targets for w in t.warnings)
    assert not any(w.code == "range_gap" for t in result.targets for w in t.warnings)
    # a range inside the group, a group printed "§§ 63 og 64.", a stk. of a repealed §
    result = resolve("retssikkerhedsloven §§ 23-25", D("2017-01-01"), reader=reader)
    assert [t.status for t in result.targets] == ["not_in_force"] * 3
    result = resolve("retssikkerhedsloven §§ 62-64", D("2017-01-01"), reader=reader)
    assert targets(result) == [
        "ok retssikkerhedsloven § 62",
        "not_in_force retssikkerhedsloven § 63",
        "not_in_force retssikkerhedsloven § 64",
    ]
    [t] = resolve("retssikkerhedsloven § 29, stk. 2", D("2017-01-01"), reader=reader).targets
    assert t.status == "not_in_force" and "§ 29 is repealed" in t.message
    # the 2010 consolidation writes "(Ophævet)." with a full stop
    [t] = resolve("retssikkerhedsloven § 24", D("2011-01-01"), reader=reader).targets
    assert t.version == "LBK nr 1054 af 07/09/2010" and t.status == "not_in_force"


def test_missing_kapitel_says_which_exist(reader):
    [t] = resolve("forvaltningsloven kapitel 99", D("2015-01-01"), reader=reader).targets
    assert t.status == "not_found"
    assert t.message == (
        "forvaltningsloven (LBK nr 433 af 22/04/2014) has no kapitel 99; "
        "it has kapitel 1-8, 8 a, 8 b, 9"
    )
