"""When an act comes into force, read from its own ikrafttrædelse provision.

`kb.ingest.commencement` on real sentences of the 2010-2017 corpus (each row names its file),
on the acts of ../shared/data/retsinformation as stored, and on every LOV of the corpus.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tarfile
import time
from pathlib import Path

import pytest
from conftest import CORPUS, RI

from kb.ingest.commencement import Commencement, Part, Rule, read_commencement, sections_of
from kb.ingest.lexdania import parse_bytes, read_file
from kb.ingest.load import import_files, in_force


def _written(part: Part) -> str:
    """ "§ 1, nr. 3, 5" / "§§ 2" / "kapitel 8": a part as the table below writes it."""
    out = f"kapitel {part.kapitel}" if part.kapitel else f"§ {part.paragraf}"
    for word, numbers in (("stk.", part.stk), ("nr.", part.nr), ("pkt.", part.pkt)):
        if numbers:
            out += f", {word} " + " ".join(numbers)
    return out


def _said(c: Commencement) -> tuple:
    """The act's rule as (kind, date), and each rule for parts as (parts, kind, date)."""
    act = (c.act.kind, c.act.on and c.act.on.isoformat()) if c.act else None
    parts = [
        (
            "; ".join(_written(p) for p in pr.parts),
            pr.rule.kind,
            pr.rule.on and pr.rule.on.isoformat(),
        )
        for pr in c.parts
    ]
    return act, parts


def _read(*pieces: str) -> Commencement:
    from kb.ingest.commencement import Section

    return read_commencement([Section("§ 9", pieces)])


READINGS = [
    # 2010-113.xml § 15
    (["Loven træder i kraft den 4. februar 2010."], ("date", "2010-02-04"), []),
    # 2010-12.xml § 4, stk. 1 and 2
    (
        [
            "Loven træder i kraft den 1. oktober 2010, jf. dog stk. 2.",
            "§ 2, nr. 2, træder i kraft dagen efter bekendtgørelsen i Lovtidende.",
        ],
        ("date", "2010-10-01"),
        [("§ 2, nr. 2", "day_after_publication", None)],
    ),
    # 2010-1387.xml § 2
    (
        ["Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende."],
        ("day_after_publication", None),
        [],
    ),
    # 2010-1537.xml § 101
    (["Loven træder i kraft den 1. januar 2012, jf. dog stk. 2 og 3."], ("date", "2012-01-01"), []),
    # 2010-1540.xml § 5, stk. 1-5
    (
        [
            "Loven træder i kraft den 1. januar 2011, jf. dog stk. 2-5.",
            "§ 1, nr. 11-13, træder i kraft den 1. maj 2011.",
            "§ 1, nr. 14-16, og § 3 træder i kraft den 1. januar 2012.",
            "§ 4 træder i kraft den 2. juli 2012.",
            "Beskæftigelsesministeren fastsætter tidspunktet for ikrafttrædelsen af § 1, nr. 1-6, "
            "og § 6.",
        ],
        ("date", "2011-01-01"),
        [
            ("§ 1, nr. 11 12 13", "date", "2011-05-01"),
            ("§ 1, nr. 14 15 16; § 3", "date", "2012-01-01"),
            ("§ 4", "date", "2012-07-02"),
            ("§ 1, nr. 1 2 3 4 5 6; § 6", "minister", None),
        ],
    ),
    # 2010-1561.xml § 7, stk. 1 and 2
    (
        [
            "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende, jf. dog stk. 2.",
            "§ 1, nr. 11 og 31, træder i kraft den 1. januar 2011.",
        ],
        ("day_after_publication", None),
        [("§ 1, nr. 11 31", "date", "2011-01-01")],
    ),
    # 2010-718.xml § 55
    (["Justitsministeren fastsætter tidspunktet for lovens ikrafttræden."], ("minister", None), []),
    # 2017-80.xml § 7
    (
        [
            "Energi-, forsynings- og klimaministeren fastsætter efter forhandling med "
            "justitsministeren, skatteministeren og erhvervsministeren tidspunktet for lovens "
            "ikrafttræden."
        ],
        ("minister", None),
        [],
    ),
    # 2011-619.xml § 4
    (
        [
            "Økonomi- og erhvervsministeren bemyndiges til at fastsætte lovens "
            "ikrafttrædelsestidspunkt."
        ],
        ("minister", None),
        [],
    ),
    # 2012-1375.xml § 12
    (
        ["Lovens ikrafttræden fastsættes af miljøministeren ved bekendtgørelse."],
        ("minister", None),
        [],
    ),
    # 2010-695.xml § 5, stk. 1 and 2
    (
        [
            "Finansministeren fastsætter tidspunktet for lovens ikrafttræden, jf. dog stk. 2.",
            "Finansministeren kan fastsætte tidspunktet for ikrafttræden af § 3 særskilt.",
        ],
        ("minister", None),
        [("§ 3", "minister", None)],
    ),
    # 2016-1505.xml § 2
    (["Loven træder i kraft ved bekendtgørelsen i Lovtidende."], ("publication", None), []),
    # 2011-377.xml § 2: the minister announces the day of the event, no second rule
    (
        [
            "Loven træder i kraft på det tidspunkt, hvorfra aftalen nævnt i § 1 ifølge artikel 27 "
            "har virkning.",
            "Skatteministeren bekendtgør tidspunktet for lovens ikrafttræden.",
        ],
        ("event", None),
        [],
    ),
    # 2010-1530.xml § 3 (lov om indfødsrets meddelelse)
    (["Loven har virkning fra ugedagen efter dens stadfæstelse."], ("event", None), []),
    # 2015-53.xml § 2: "2, 4, og 6"
    (
        [
            "Lovens § 1, nr. 1, 3 og 5, træder i kraft den 1. februar 2015.",
            "Lovens § 1, nr. 2, 4, og 6, træder i kraft den 1. januar 2016.",
        ],
        None,
        [("§ 1, nr. 1 3 5", "date", "2015-02-01"), ("§ 1, nr. 2 4 6", "date", "2016-01-01")],
    ),
    # 2016-656.xml § 8, stk. 2: "… og lovens § 2, nr. 11 og 12"
    (
        [
            "Lovens § 1, nr. 3-5, 14, 15, 17, 18, 20, 22, 23, 24 og 25, og lovens § 2, nr. 11 og "
            "12, træder i kraft den 1. januar 2017."
        ],
        None,
        [("§ 1, nr. 3 4 5 14 15 17 18 20 22 23 24 25; § 2, nr. 11 12", "date", "2017-01-01")],
    ),
    # 2014-1520.xml § 139
    (
        ["Kapitel 8 og § 90, stk. 4, træder i kraft dagen efter bekendtgørelsen i Lovtidende."],
        None,
        [("kapitel 8; § 90, stk. 4", "day_after_publication", None)],
    ),
    # 2010-520.xml § 38
    (
        [
            "Bestemmelserne i § 16, § 20, stk. 1, § 22, stk. 1, § 24, stk. 2, § 25, stk. 1, 1. og "
            "2. pkt., § 27, stk. 1-3, og §§ 28, 30 og 34 træder i kraft den 1. juli 2012."
        ],
        None,
        [
            (
                "§ 16; § 20, stk. 1; § 22, stk. 1; § 24, stk. 2; § 25, stk. 1, pkt. 1 2; "
                "§ 27, stk. 1 2 3; § 28; § 30; § 34",
                "date",
                "2012-07-01",
            )
        ],
    ),
    # 2010-706.xml § 8: "dagen efter lovens bekendtgørelse"
    (
        ["§ 7, nr. 1, træder i kraft dagen efter lovens bekendtgørelse i Lovtidende."],
        None,
        [("§ 7, nr. 1", "day_after_publication", None)],
    ),
    # 2016-130.xml § 2
    (
        [
            "§ 1, nr. 2, træder i kraft efter første nyvalg til Folketinget efter lovens "
            "ikrafttræden."
        ],
        None,
        [("§ 1, nr. 2", "event", None)],
    ),
    # 2015-578.xml § 5
    (
        [
            "Skatteministeren fastsætter tidspunktet for ikrafttrædelsen af § 1, nr. 12, til den "
            "1. april 2016 eller en senere dato."
        ],
        None,
        [("§ 1, nr. 12", "minister", None)],
    ),
    # 2013-1616.xml § 2: two objects, one named through the act it amends
    (
        [
            "Justitsministeren fastsætter tidspunktet for ikrafttrædelsen af § 1, nr. 15, 17 og "
            "21, og for ikrafttrædelsen af § 46 a, stk. 8, i udlændingeloven som affattet ved "
            "lovens § 1, nr. 20."
        ],
        None,
        [("§ 1, nr. 15 17 21; § 1, nr. 20", "minister", None)],
    ),
    # 2010-1539.xml § 2: this act's items, named through the provisions they change
    (
        [
            "§ 13, stk. 1 og 4-6, i lov om sygedagpenge som ændret henholdsvis affattet ved denne "
            "lovs § 1, nr. 1-3, træder i kraft den 3. januar 2011."
        ],
        None,
        [("§ 1, nr. 1 2 3", "date", "2011-01-03")],
    ),
    # 2010-484.xml: the lists of this act's items end where the next act's provisions begin
    (
        [
            "§ 5, stk. 2, nr. 2, § 9 ø, stk. 1, nr. 1, § 51, stk. 5, § 56, stk. 3, og § 110, stk. "
            "3, i lov om miljøbeskyttelse som affattet henholdsvis ændret ved denne lovs § 2, nr. "
            "1, 2, 5, 6 og 10, § 96 i lov om forurenet jord som affattet ved denne lovs § 16, nr. "
            "4, og § 75, stk. 3, i lov om miljøgodkendelse m.v. af husdyrbrug som ændret ved denne "
            "lovs § 18, nr. 2, træder i kraft den 1. juli 2010."
        ],
        None,
        [("§ 2, nr. 1 2 5 6 10; § 16, nr. 4; § 18, nr. 2", "date", "2010-07-01")],
    ),
    # 2013-1638.xml § 4: "… ved denne lovs § 1, nr. 4, §§ 57 b-57 d som affattet ved …"
    (
        [
            "Ministeren for sundhed og forebyggelse fastsætter tidspunktet for ikrafttræden af "
            "sundhedslovens § 7, stk. 5, som affattet ved denne lovs § 1, nr. 4, §§ 57 b-57 d som "
            "affattet ved denne lovs § 1, nr. 9, § 157, stk. 7 og 8, som affattet ved denne lovs "
            "§ 1, nr. 14, § 227, stk. 1, som ændret ved denne lovs § 1, nr. 25, og § 273 a som "
            "affattet ved denne lovs § 1, nr. 31."
        ],
        None,
        [("§ 1, nr. 4; § 1, nr. 9; § 1, nr. 14; § 1, nr. 25; § 1, nr. 31", "minister", None)],
    ),
    # Not statements of when: 2012-528.xml § 4, 2015-1564.xml § 196, 2010-484.xml
    (
        [
            "Indtil § 3, stk. 1, træder i kraft, kan den pågældende vælge at tilbagekalde sin "
            "tilslutning til postløsningen.",
            "§§ 178-184 finder anvendelse på alle kontrakter, efter loven træder i kraft den 1. "
            "januar 2016, uanset at kontrakten er indgået i henhold til tidligere udbudsregler.",
            "Miljøministeren kan fastsætte, at § 32, stk. 3, i lov om miljøbeskyttelse som "
            "affattet ved denne lovs § 2, nr. 3, træder i kraft på et andet tidspunkt end resten "
            "af loven.",
        ],
        None,
        [],
    ),
]


@pytest.mark.parametrize(("pieces", "act", "parts"), READINGS)
def test_the_reader_reads_the_forms_of_the_corpus(pieces, act, parts):
    said = _read(*pieces)
    assert _said(said) == (act, parts)
    assert said.unread == ()


# Forms the reader does not read: they are listed, never guessed (the whole-corpus test below
# names every one of them in the corpus).
UNREAD = [
    "§§ 3 og 4 og stk. 3 træder i kraft den 1. juli 2010.",  # 2010-626.xml: stk. 3 of which §?
    # 2016-1746.xml: what follows the list says which part of those items
    "Undervisningsministeren fastsætter tidspunktet for ikrafttræden af § 8, nr. 7 og 10, § 10, "
    "nr. 2, og § 13, nr. 2 og 7, om udstedelse af digitale beviser og om udlevering af bekræftet "
    "udskrift af det digitale eksamensbevis for folkeskolens afgangseksamen.",
]


@pytest.mark.parametrize("sentence", UNREAD)
def test_a_form_not_read_is_listed(sentence):
    said = _read(sentence)
    assert (said.act, said.parts, said.unread) == (None, (), (sentence,))


def test_a_second_rule_for_the_whole_act_is_listed_not_taken():
    first = "Loven træder i kraft den 1. juli 2010."
    said = _read(first, "Loven træder i kraft den 1. august 2010.")
    assert said.act == Rule("date", first, dt.date(2010, 7, 1))
    assert said.unread == ("Loven træder i kraft den 1. august 2010.",)


@pytest.mark.parametrize(
    ("kind", "published", "day", "earliest"),
    [
        # signed 26 December 2013 (LOV 1624/2013); published the day after, when known
        ("day_after_publication", dt.date(2013, 12, 27), "2013-12-28", "2013-12-28"),
        ("day_after_publication", None, None, "2013-12-27"),
        ("publication", dt.date(2013, 12, 27), "2013-12-27", "2013-12-27"),
        ("publication", None, None, "2013-12-26"),
        ("month_after_publication", dt.date(2013, 12, 27), "2014-01-01", "2014-01-01"),
        ("month_after_publication", None, None, "2014-01-01"),
        ("minister", dt.date(2013, 12, 27), None, "2013-12-27"),
        ("minister", None, None, "2013-12-26"),
        ("event", None, None, "2013-12-26"),
    ],
)
def test_a_day_is_given_only_where_the_sources_give_it(kind, published, day, earliest):
    rule = Rule(kind, "…")
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    assert iso(rule.day(published)) == day
    assert iso(rule.earliest(dt.date(2013, 12, 26), published)) == earliest


def test_rule_for_a_numbered_change_is_its_own_else_the_acts():
    said = _read(
        "Loven træder i kraft den 1. januar 2011, jf. dog stk. 2-5.",  # 2010-1540.xml § 5
        "§ 1, nr. 11-13, træder i kraft den 1. maj 2011.",
        "§ 4 træder i kraft den 2. juli 2012.",
    )
    on = lambda p, i=None: (r := said.rule_for(p, i)) and r.on and r.on.isoformat()  # noqa: E731
    assert [on("1", "12"), on("1", "14"), on("1"), on("4", "3"), on("4")] == [
        "2011-05-01",
        "2011-01-01",
        "2011-01-01",
        "2012-07-02",
        "2012-07-02",
    ]


# --- the acts of ../shared/data/retsinformation ------------------------------------------


@pytest.mark.parametrize(
    ("name", "day", "known", "rule"),
    [
        # signed 26/12/2013, no DiesEdicti: the day after publication is not in the file
        (
            "2013-1624.xml",
            "2013-12-27",
            False,
            "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende, jf. dog stk. 2.",
        ),
        ("2013-638.xml", "2014-01-01", True, "Loven træder i kraft den 1. januar 2014."),
        ("2013-606.xml", "2014-01-01", True, "Loven træder i kraft den 1. januar 2014."),
        ("2017-148.xml", "2017-03-01", True, "Loven træder i kraft den 1. marts 2017."),
        # StartDate 2020-06-30 is the Lovtidende date, not the entry into force
        ("2020-1061.xml", "2020-07-01", True, "Loven træder i kraft den 1. juli 2020."),
        ("2023-1547.xml", "2024-01-01", True, "Loven træder i kraft den 1. januar 2024."),
        # a BEK, StartDate 2024-12-30
        (
            "2024-1709.xml",
            "2025-01-01",
            True,
            "Bekendtgørelsen træder i kraft den 1. januar 2025.",
        ),
        # consolidations take effect as published: StartDate where given, else signed
        ("2024-434.xml", "2024-05-01", True, None),
        ("2014-433.xml", "2014-04-22", True, None),
    ],
)
def test_the_day_each_real_act_takes_effect(name, day, known, rule):
    took = in_force(read_file(RI / name))
    assert (took.day and took.day.isoformat(), took.known, took.rule) == (day, known, rule)


def test_lov_638_2013_comes_into_force_on_1_january_2014_with_no_dates_per_provision():
    doc = read_file(RI / "2013-638.xml")
    said = read_commencement(sections_of(doc.body, lambda n: n.children))
    assert said.act == Rule("date", "Loven træder i kraft den 1. januar 2014.", dt.date(2014, 1, 1))
    assert (said.parts, said.unread) == ((), ())


def test_lov_1624_2013_is_not_in_force_on_the_day_it_was_signed(store_url):
    """§ 4: "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende, jf. dog stk. 2.
    Stk. 2. §§ 2 og 3 træder i kraft den 1. januar 2014." The file has no DiesEdicti."""
    import kb
    from kb.store.read import open_reader

    doc = read_file(RI / "2013-1624.xml")
    said = read_commencement(sections_of(doc.body, lambda n: n.children))
    assert said.rule_for("2") == said.rule_for("3") != said.act
    assert [r and r.on for r in (said.rule_for("2"), said.rule_for("1"))] == [
        dt.date(2014, 1, 1),
        None,
    ]

    import_files([RI / "2013-1624.xml"], store_url)
    row = (
        sqlite3.connect(store_url.removeprefix("sqlite:///"))
        .execute(
            "SELECT date_signed, in_force_from, in_force_known, in_force_rule FROM versions "
            "WHERE designation = 'LOV nr 1624 af 26/12/2013'"
        )
        .fetchone()
    )
    assert row == (
        "2013-12-26",
        "2013-12-27",  # the earliest it can be, not a day in force
        0,
        "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende, jf. dog stk. 2.",
    )
    for day in ("2013-12-26", "2026-11-23"):
        (target,) = kb.resolve("LOV nr 1624 af 26/12/2013 § 4", day, url=store_url).targets
        assert target.in_force_from is None
        (warning,) = [w for w in target.warnings if w.code == "in_force_unknown"]
        assert warning.message == (
            "LOV nr 1624 af 26/12/2013 says: 'Loven træder i kraft dagen efter bekendtgørelsen i "
            "Lovtidende, jf. dog stk. 2.'; the date is not in the sources (the earliest it can be "
            "is 2013-12-27)"
        )
    on_the_day = kb.resolve("LOV nr 1624 af 26/12/2013 § 4", "2013-12-26", url=store_url)
    assert on_the_day.targets[0].status != "ok"

    from kb.history.effects import effects_on

    with open_reader(store_url) as reader:
        (effect,) = [e for e in effects_on(reader, "forvaltningsloven") if "1624" in e.amending]
    assert (effect.in_force, effect.in_force_earliest, effect.in_force_rule) == (
        None,
        "2013-12-27",
        "Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende, jf. dog stk. 2.",
    )
    chain = kb.versions("forvaltningsloven", dt.date(2026, 11, 23), url=store_url)
    acts = {a["designation"]: a["in_force"] for a in chain["amending_acts"]}
    assert acts["LOV nr 1624 af 26/12/2013"] is None


def test_an_effect_takes_the_date_its_act_gives_that_change(corpus_files, empty_url):
    """LOV 1540/2010 § 5 (amending lov om arbejdsløshedsforsikring m.v., LBK 574/2010, in
    its § 1): the act on 1 January 2011, § 1, nr. 11-13 on 1 May 2011, nr. 14-16 on 1
    January 2012, nr. 1-6 when the minister says."""
    from kb.history.effects import effects_on
    from kb.store.read import open_reader

    import_files(corpus_files("2010-574.xml", "2010-1540.xml"), empty_url)
    with open_reader(empty_url) as reader:
        (law,) = [a.key for a in reader.acts() if a.title.startswith("lov om arbejdsløshed")]
        found = [e for e in effects_on(reader, law) if "1540" in e.amending]
    days = {e.item.rstrip("."): (e.in_force, e.in_force_earliest) for e in found}
    assert {n: days[n] for n in ("1", "6", "7", "10", "11", "13", "14", "16")} == {
        "1": (None, "2010-12-21"),  # the minister's: not before the act was signed
        "6": (None, "2010-12-21"),
        "7": ("2011-01-01", None),
        "10": ("2011-01-01", None),
        "11": ("2011-05-01", None),
        "13": ("2011-05-01", None),
        "14": ("2012-01-01", None),
        "16": ("2012-01-01", None),
    }
    assert {e.in_force_rule for e in found if e.item == "11."} == {
        "§ 1, nr. 11-13, træder i kraft den 1. maj 2011."
    }


# --- every LOV of the corpus -------------------------------------------------------------

# What the reader makes of the 1,138 LOV Æ and 203 LOV H of 2010-2017. A form it reads
# that regresses changes these figures; a form newly read changes them too (update them).
FIGURES = {
    "LOV Æ": {"files": 1138, "act": 1124, "parts": 270, "day_after_publication": 124,
              "publication": 3, "date": 961, "minister": 35, "event": 1, "nothing": 2},
    "LOV H": {"files": 203, "act": 202, "parts": 30, "day_after_publication": 37,
              "publication": 0, "date": 125, "minister": 22, "event": 18, "nothing": 0},
}  # fmt: skip
# Files of which nothing is read, and why.
NOTHING_READ = {
    # The ikrafttrædelse § (IkraftCentreretParagraf § 4, and § 3 before it) stands inside the
    # new text of § 2, nr. 5 in Retsinformation's XML: it is read as quoted text.
    "2010-1567.xml",
    # "Lov nr. 399 af 7. juni 1989 om anvendelse af Christianiaområdet ophæves den 15. juli
    # 2013.": a repeal on a date, no entry into force.
    "2013-643.xml",
}
# Every sentence on entry into force that is not read, by file.
UNREAD_IN_CORPUS = {
    ("2010-626.xml", "§§ 3 og 4 og stk. 3 træder i kraft den 1. juli 2010."),
    (
        "2012-118.xml",
        "§ 1, § 2, den ved § 8, nr. 1, foreslåede affattelse af skattekontrollovens § 3 A, stk. "
        "1-7, § 8, nr. 2-6 og 8, § 9, § 10, § 11, nr. 2, § 12, § 13, nr. 1, og § 14 træder i kraft "
        "den 15. februar 2012.",
    ),
    (
        "2012-118.xml",
        "Erhvervs- og vækstministeren fastsætter tidspunktet for ikrafttræden af den ved § 8, nr. "
        "1, foreslåede affattelse af skattekontrollovens § 3 A, stk. 8.",
    ),
    (
        "2012-478.xml",
        "Erhvervs- og vækstministeren fastsætter tidspunktet for ikrafttræden af 2. pkt. i "
        "fodnoten til lovens titel, jf. § 1, nr. 1.",
    ),
    (
        "2015-130.xml",
        "Miljøministeren fastsætter tidspunktet for ikrafttræden af § 3, stk. 1-3, og § 19, stk. "
        "6, stk. 7, 2. pkt., og stk. 8.",
    ),
    ("2016-1746.xml", UNREAD[1]),
}


def _corpus_lovs():
    """(name, type, document) of every LOV in the archive, read in one pass."""
    with tarfile.open(CORPUS, "r:xz") as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            data = archive.extractfile(member)
            assert data is not None
            raw = data.read()
            head = raw[:4096].split(b"<DocumentType>", 1)[-1].split(b"#", 1)[0]
            kind = head.decode("utf-8", "replace").strip()
            if kind in ("LOV Æ", "LOV H"):
                yield Path(member.name).name, kind, parse_bytes(raw, member.name)


@pytest.mark.corpus
def test_every_lov_of_the_corpus_says_when_it_comes_into_force():
    start = time.perf_counter()
    figures = {kind: dict.fromkeys(FIGURES[kind], 0) for kind in FIGURES}
    nothing, unread = set(), set()
    for name, kind, doc in _corpus_lovs():
        said = read_commencement(sections_of(doc.body, lambda n: n.children))
        count = figures[kind]
        count["files"] += 1
        if said.act is not None:
            count["act"] += 1
            count[said.act.kind] += 1
        count["parts"] += bool(said.parts)
        if said.act is None and not said.parts:
            count["nothing"] += 1
            nothing.add(name)
        unread |= {(name, sentence) for sentence in said.unread}
    assert figures == FIGURES
    assert nothing == NOTHING_READ
    assert unread == UNREAD_IN_CORPUS
    # The share: 1,326 of 1,341 give a rule for the act as a whole; 13 more give rules for
    # their parts only ("§ 1 træder i kraft den 1. januar 2011"); 2 give none.
    total = sum(f["files"] for f in figures.values())
    assert sum(f["act"] for f in figures.values()) / total > 0.988
    assert 1 - sum(f["nothing"] for f in figures.values()) / total > 0.998
    print(f"{total} LOVs in {time.perf_counter() - start:.1f} s")


def test_a_store_from_before_keeps_no_signing_day_as_a_lovs_day_in_force(tmp_path):
    """Migration 0005: where the old importer took a LOV's day from its signing (or its
    StartDate), the day is marked as not known; a day it read from the act stays known."""
    from alembic import command

    from kb.store.engine import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0004")
    db = sqlite3.connect(tmp_path / "old.sqlite3")
    db.execute("INSERT INTO acts (id, key, title) VALUES (1, 'a', 'a')")
    rows = [
        # designation, type, signed, StartDate, the day stored as in force
        ("LOV nr 1624 af 26/12/2013", "LOV", "2013-12-26", None, "2013-12-26"),
        ("LOV nr 1061 af 30/06/2020", "LOV", "2020-06-30", "2020-06-30", "2020-06-30"),
        ("LOV nr 638 af 12/06/2013", "LOV", "2013-06-12", None, "2014-01-01"),
        ("LBK nr 433 af 22/04/2014", "LBK", "2014-04-22", None, "2014-04-22"),
    ]
    for n, (designation, kind, signed, start, since) in enumerate(rows):
        db.execute(
            "INSERT INTO versions (act_id, doc_type, is_amending, designation, title, "
            "date_signed, source_start_date, in_force_from, is_partial, source, source_file, "
            "source_sha256, importer_version, imported_at) "
            "VALUES (1, ?, false, ?, 't', ?, ?, ?, false, 'Retsinformation (LexDania 2.1 XML)', "
            "?, 'x', 'lovkb-import/1', '2026-12-01 00:00:00')",
            (kind, designation, signed, start, since, f"{n}.xml"),
        )
    db.commit()
    db.close()
    upgrade(url)
    known = sqlite3.connect(tmp_path / "old.sqlite3").execute(
        "SELECT designation, in_force_known, in_force_rule FROM versions ORDER BY id"
    )
    assert known.fetchall() == [
        ("LOV nr 1624 af 26/12/2013", 0, None),
        ("LOV nr 1061 af 30/06/2020", 0, None),  # StartDate: its Lovtidende date
        ("LOV nr 638 af 12/06/2013", 1, None),
        ("LBK nr 433 af 22/04/2014", 1, None),
    ]
