"""Statute text read by a statute's rules (`Checker(..., statute=True)`), not a letter's.

Each row of `ROWS` is a real passage of a bundled consolidation: the § it stands in is
read together with the § before it (their labels and text as the store holds them), so
that an act named in the earlier § could leak into the later one, as it does in a
letter. In a statute, a bare reference and "denne lov"/"lovens" are the statute's
own, "stk. 2" is of the § it stands in, and "den nævnte lov" is the act named before.

Each row of `PROVISIONS` is one form of issue 18 (or of the sample read by hand for it),
on the real § it was seen in: the § rendered as the reference graph reads it (its
label on a line, then each unit, label before text, one a line), with the version's
first day, and — for the provisions of an amending act that a consolidation quotes at
its end — that act's designation as `--law` and the consolidated act as `within`.
`LETTERS` are the forms a caseworker writes, read as a letter.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run_kb

import kb
from kb.citation.grammar import designation_at
from kb.errors import UsageError
from kb.resolver.pipeline import Checker
from kb.resolver.target import render_rows
from kb.store.read import Reader, UnitRow, open_reader

# (act, §, the citation as written there, the targets a statute reading gives)
ROWS = [
    ("forvaltningsloven", "§ 28", "denne lovs § 1, stk. 3", ["forvaltningsloven § 1, stk. 3"]),
    ("forvaltningsloven", "§ 35", "lovens kapitel 4", ["forvaltningsloven kapitel 4"]),
    (
        "retssikkerhedsloven",
        "§ 12",
        "§ 12 b i denne lov eller § 14 i lov om Udbetaling Danmark",
        ["retssikkerhedsloven § 12 b", "§ 14"],  # Udbetaling Danmark-loven is not bundled
    ),
    (
        "serviceloven",
        "§ 134",
        "§ 66 i lovens kapitel 10",
        ["serviceloven § 66", "serviceloven kapitel 10"],
    ),
    (
        "serviceloven",
        "§ 136",
        "§ 148 a i denne lov eller § 2 i lov om socialtilsyn",
        ["serviceloven § 148 a", "socialtilsynsloven § 2"],
    ),
    ("aktivloven", "§ 68 a", "Lovens § 33", ["aktivloven § 33"]),
    ("sygedagpengeloven", "§ 35", "lovens § 38", ["sygedagpengeloven § 38"]),
    (
        "pensionsloven",
        "§ 9",
        "§ 5, stk. 3, i denne lov og § 6 i lov om højeste, mellemste, forhøjet almindelig og "
        "almindelig førtidspension m.v.",
        ["pensionsloven § 5, stk. 3", "gammelførtidspensionsloven § 6"],
    ),
    (
        "integrationsloven",
        "§ 53",
        "lovens §§ 35-39",
        [f"integrationsloven § {n}" for n in range(35, 40)],
    ),
    # "den nævnte lov": lov om invalidepension og førtidspension, named just before (not
    # stored: its §§ are not pensionsloven's)
    ("pensionsloven", "§ 66", "§ 3, stk. 3 og 4, i den nævnte lov", ["§ 3, stk. 3", "§ 3, stk. 4"]),
    # a relative nr. before a § 's "Stk. 2." stands in its stk. 1
    (
        "pensionsloven",
        "§ 29",
        "nr. 1-6",
        [f"pensionsloven § 29, stk. 1, nr. {n}" for n in range(1, 7)],
    ),
    # a stk. without a § is of the § it stands in, whatever act the list ends with
    (
        "aktivloven",
        "§ 12",
        "stk. 2-4 og §§ 37 og 38 i lov om en aktiv beskæftigelsesindsats",
        [f"aktivloven § 12, stk. {n}" for n in (2, 3, 4)]
        + ["beskæftigelsesloven § 37", "beskæftigelsesloven § 38"],
    ),
    # … or the act a "jf." before it names ("kapitel 10 i lov om retssikkerhed …, jf. dog
    # stk. 4")
    ("pensionsloven", "§ 50", "stk. 4", ["pensionsloven § 50, stk. 4"]),
    # an act named in the § before does not reach into this one (aktivloven § 12
    # names SU-loven; § 13 means its own § 11)
    ("aktivloven", "§ 13", "§ 11", ["aktivloven § 11"]),
]


@pytest.fixture(scope="module")
def reader(bundled_store) -> Reader:  # type: ignore[no-untyped-def]
    return open_reader(f"sqlite:///{bundled_store}")


def _two_paragraphs(reader: Reader, law: str, label: str) -> tuple[str, int, str]:
    """The § `label` of `law`'s newest consolidation with the § before it, as printed;
    where the § starts in that text; the version's first day."""
    act = reader.act(law)
    assert act is not None
    version = [v for v in reader.versions(act.id) if not v.is_amending][-1]
    units = [u for u in reader.units(version.id) if u.kind == "paragraf"]
    at = next(i for i, u in enumerate(units) if (u.label or "").rstrip(".") == label)
    parts = [
        ((u.label or "") + " " + render_rows(reader.subtree(version.id, u))).strip()
        for u in units[max(0, at - 1) : at + 1]
    ]
    text = "\n".join(parts)
    return text, len(text) - len(parts[-1]), version.in_force_from or ""


@pytest.mark.parametrize(("law", "label", "written", "targets"), ROWS)
def test_a_statute_reads_its_own_references_as_its_own(reader, law, label, written, targets):
    text, start, day = _two_paragraphs(reader, law, label)
    checker = Checker(reader, dt.date.fromisoformat(day), law, statute=True)
    found = [c for c in checker.check(text).citations if c.text == written and c.start >= start]
    assert found, f"{written!r} not read in {law} {label}"
    assert [t.canonical for t in found[0].targets] == targets


def test_a_letter_reads_them_by_its_own_rules(reader):
    # the same words as a letter: "denne lov" with no act in the letter is ambiguous,
    # where the statute reading makes it forvaltningsloven's own
    text, _start, day = _two_paragraphs(reader, "forvaltningsloven", "§ 28")
    letter = Checker(reader, dt.date.fromisoformat(day))
    [cited] = [c for c in letter.check(text).citations if c.text == "denne lovs § 1, stk. 3"]
    assert [t.status for t in cited.targets] == ["ambiguous"]


def test_the_api_and_the_command_read_a_statute_when_asked(reader, store_url):
    text, start, day = _two_paragraphs(reader, "aktivloven", "§ 13")
    read = kb.check(text, day, law="aktivloven", statute=True, reader=reader)
    assert [t.canonical for c in read.citations if c.start >= start for t in c.targets][:1] == [
        "aktivloven § 11"
    ]
    with pytest.raises(UsageError, match="--law"):
        kb.check(text, day, statute=True, reader=reader)
    out = run_kb("check", "-", "--statute", "--law", "aktivloven", "--as-of", day, stdin=text)
    assert "aktivloven § 11" in out.stdout, out.stderr
    refused = run_kb("check", "-", "--statute", stdin=text)
    assert refused.returncode == 2 and "--law" in refused.stderr


# (act, § label, the amending act whose provision it is (None: the act's own), the
# citation as written (its beginning), the targets: (act key or version, unit, status)).
# An act that is not stored is None, or "~" and the name its message gives.
AMENDING = "LOV nr 894 af 04/07/2013"
PROVISIONS = [
    # an amending act's provisions quoted in aktivloven: "denne lov" is the amending act,
    # its "nr. 33" its 33rd instruction
    (
        "aktivloven",
        "§ 9",
        AMENDING,
        "denne lovs § 1, nr. 33-35",
        [(AMENDING, f"§ 1, nr. {n}", "ok") for n in (33, 34, 35)],
    ),
    # … a relative nr. is of its own § 9
    ("aktivloven", "§ 9", AMENDING, "stk. 1, nr. 2", [(AMENDING, "§ 9, stk. 1, nr. 2", "ok")]),
    # … "§§ 2 a og 2 b som affattet ved denne lovs § 1, nr. 4" are aktivloven's (repealed
    # since: not ok, and rightly)
    (
        "aktivloven",
        "§ 9",
        AMENDING,
        "§§ 2 a og 2 b",
        [("aktivloven", "§ 2 a", "not_in_force"), ("aktivloven", "§ 2 b", "not_in_force")],
    ),
    # … "de hidtil gældende sanktionsregler i §§ 35-41": the amending act has ten §§
    (
        "aktivloven",
        "§ 9",
        AMENDING,
        "§§ 35-41",
        [
            ("aktivloven", f"§ {n}", "ok")
            for n in ("35", "36", "37", "38", "39", "40", "40 a", "41")
        ],
    ),
    # … "denne lovs § 1, nr. 1-5, 7 og 8, samt § 14, stk. 3, …, i lov om social service":
    # "samt" begins what the trailing act takes
    (
        "retssikkerhedsloven",
        "§ 3",
        "LOV nr 550 af 26/05/2010",
        "denne lovs § 1, nr. 1-5, 7 og 8, samt",
        # the amending act is not bundled: its targets name no act (unknown_law)
        [(None, f"§ 1, nr. {n}", "unknown_law") for n in (1, 2, 3, 4, 5, 7, 8)]
        + [
            ("serviceloven", "§ 14, stk. 3", "ok"),
            ("serviceloven", "§ 136, stk. 1", "ok"),
            ("serviceloven", "§ 148, stk. 1", "ok"),
            ("serviceloven", "§ 148, stk. 2", "ok"),
        ],
    ),
    # a note's number glued to a title ("… § 72 c i lov om social pension1).")
    (
        "pensionsloven",
        "§ 6",
        "LOV nr 285 af 25/04/2001",
        "§ 1, § 3, stk. 5, §§ 13-18",
        [("pensionsloven", "§ 1", "ok"), ("pensionsloven", "§ 3, stk. 5", "ok")],
    ),
    # an act that opens a list of numbered items is the act of their bare citations
    (
        "pensionsloven",
        "§ 3 a.",
        None,
        "§ 9 b",
        [("udlændingeloven", "§ 9 b", "unknown_law")],  # udlændingeloven is not bundled
    ),
    ("retssikkerhedsloven", "§ 73.", None, "§ 169", [("serviceloven", "§ 169", "ok")]),
    # a bare citation joined by "jf." is the statute's own where it has the unit …
    (
        "retssikkerhedsloven",
        "§ 84.",
        None,
        "§§ 82 og 83",
        [("retssikkerhedsloven", "§ 82", "ok"), ("retssikkerhedsloven", "§ 83", "ok")],
    ),
    (
        "socialtilsynsloven",
        "§ 12.",
        None,
        "§ 4, stk. 1, nr. 1-3",
        [("socialtilsynsloven", f"§ 4, stk. 1, nr. {n}", "ok") for n in (1, 2, 3)],
    ),
    # … and the other act's where it has not ("§ 13, stk. 10, og § 13 f, stk. 1-4, jf.
    # § 26, stk. 4-10, i lov om aktiv socialpolitik")
    (
        "dagtilbudsloven",
        "§ 87.",
        None,
        "§ 13, stk. 10, og § 13 f, stk. 1-4",
        [("aktivloven", "§ 13, stk. 10", "ok")]
        + [("aktivloven", f"§ 13 f, stk. {n}", "ok") for n in (1, 2, 3, 4)],
    ),
    # an act before a comma gives way to the act after "i" ("… børneloven, lov om børns
    # forsørgelse, § 23 a, stk. 2, i lov om opkrævning af underholdsbidrag, …")
    (
        "retssikkerhedsloven",
        "§ 52 a.",
        None,
        "lov om børns forsørgelse, § 23 a, stk. 2, i lov om opkrævning af underholdsbidrag",
        [("~lov om opkrævning af underholdsbidrag", "§ 23 a, stk. 2", "unknown_law")],
    ),
    # "§§ 43, stk. 3, og 46, stk. 1": two §§, each with its stk.
    (
        "boligstøtteloven",
        "§ 47.",
        None,
        "§§ 43, stk. 3, og 46, stk. 1",
        [("boligstøtteloven", "§ 43, stk. 3", "ok"), ("boligstøtteloven", "§ 46, stk. 1", "ok")],
    ),
    # "§ 143 i i lov om almene boliger m.v.": § 143 i, of the act after the second "i"
    (
        "boligstøtteloven",
        "§ 9.",
        None,
        "§ 143 i i lov om almene boliger m.v.",
        [("almenboligloven", "§ 143 i", "unknown_law")],  # not bundled
    ),
    # a range of chapters takes in the chapters the version has
    (
        "beskæftigelsesloven",
        "§ 4 c.",
        None,
        "kapitel 9 b-12",
        [("beskæftigelsesloven", f"kapitel {n}", "ok") for n in ("9 b", "10", "11", "11 a", "12")],
    ),
    # "… § 30, stk. 3, 65 pct. af …": 65 is an amount, not a stk.
    (
        "beskæftigelsesloven",
        "§ 122.",
        None,
        "nævnte lovs § 30, stk. 3",
        [(None, "§ 30, stk. 3", "unknown_law")],
    ),
    # "og efter" ends a title: "… lov om en satsreguleringsprocent og efter § 64 a"
    ("sygedagpengeloven", "§ 64.", None, "§ 64 a", [("sygedagpengeloven", "§ 64 a", "ok")]),
    # "Lovens kapitel 3, 4, …" and "den nævnte lovs §" are read as the acts they mean
    (
        "integrationsloven",
        "§ 2.",
        None,
        "Lovens kapitel 3, 4, 5, 6 og 7",
        [("integrationsloven", f"kapitel {n}", "ok") for n in (3, 4, 5, 6, 7)],
    ),
    ("serviceloven", "§ 13 c.", None, "nævnte lovs § 2", [("socialtilsynsloven", "§ 2", "ok")]),
    # a bare § the statute has not is of the act named next in its sentence ("… efter §
    # 127 og om optagelse … efter § 129 i lov om social service") …
    ("retssikkerhedsloven", "§ 55.", None, "§ 127", [("serviceloven", "§ 127", "ok")]),
    ("pensionsloven", "§ 29.", None, "§ 27 a", [("aktivloven", "§ 27 a", "ok")]),
    # … else of the one named before it there ("retsplejelovens regler …, herunder
    # kapitel 43 a"; "4) … efter § 9 d," among items citing udlændingeloven)
    ("serviceloven", "§ 170.", None, "kapitel 43 a", [("retsplejeloven", "kapitel 43 a", None)]),
    ("integrationsloven", "§ 2.", None, "§ 9 d", [("udlændingeloven", "§ 9 d", None)]),
    # an act opening a numbered list gives way where only the statute has its units
    # ("… efter reglerne i lov om retssikkerhed …:⏎1) … efter § 52, stk. 3.⏎2) … § 57 b")
    (
        "serviceloven",
        "§ 167.",
        None,
        "§ 57 b",
        [("serviceloven", "§ 57 b", "ok")],
    ),
    # a relative unit its § has not is of the § cited just before ("reglerne i § 49,
    # stk. 3, jf. stk. 4"; "efter § 52, stk. 3, nr. 1 og 3, …, og nr. 6")
    ("pensionsloven", "§ 72 b.", None, "stk. 4", [("pensionsloven", "§ 49, stk. 4", "ok")]),
    ("serviceloven", "§ 56.", None, "nr. 6", [("serviceloven", "§ 52, stk. 3, nr. 6", "ok")]),
    # a title does not take the next line's "Stk. 4." ("… på arbejdsmarkedet m.v.⏎Stk. 4.
    # Varigheden …⏎1) …, jf. dog nr. 2,"): nr. 2 is of stk. 4
    (
        "integrationsloven",
        "§ 23 b.",
        None,
        "nr. 2",
        [("integrationsloven", "§ 23 b, stk. 4, nr. 2", "ok")],
    ),
    # "kapitel 7 og 9 b-12 i lov om …": a range after "og", all of the act after "i"
    (
        "sygedagpengeloven",
        "§ 13 a.",
        None,
        "kapitel 7 og 9 b-12",
        [
            ("beskæftigelsesloven", f"kapitel {n}", "ok")
            for n in ("7", "9 b", "10", "11", "11 a", "12")
        ],
    ),
    # an act after "i" takes back a list of §§ before the last only where it has them
    # ("pligten til tilbud efter kapitlerne 16 og 17 eller § 74 b, stk. 1, nr. 3, i lov
    # om aktiv socialpolitik": aktivloven has no kapitel 17)
    (
        "beskæftigelsesloven",
        "§ 21 f.",
        None,
        "kapitlerne 16 og 17",
        [("beskæftigelsesloven", "kapitel 16", "ok"), ("beskæftigelsesloven", "kapitel 17", "ok")],
    ),
    # an act before a comma gives way to the trailing act over a list of §§ ("…, lov om
    # børns forsørgelse, § 2, 2. pkt., og § 20 i lov om opkrævning af underholdsbidrag")
    (
        "retssikkerhedsloven",
        "§ 78.",
        None,
        "lov om børns forsørgelse, § 2, 2. pkt., og § 20",
        [
            ("~lov om opkrævning af underholdsbidrag", "§ 2, 2. pkt.", "unknown_law"),
            ("~lov om opkrævning af underholdsbidrag", "§ 20", "unknown_law"),
        ],
    ),
    # "lovens §" of units the amending act has not: the act named before it in the
    # sentence ("til fravigelse af lovens § 18, stk. 1, § 19 og § 20, stk. 4" after "§ 65
    # c, stk. 1, i lov om kommunernes styrelse") …
    (
        "kommunestyrelsesloven",
        "§ 4",
        "LOV nr 180 af 24/02/2015",
        "lovens § 18, stk. 1",
        [
            ("kommunestyrelsesloven", "§ 18, stk. 1", "ok"),
            ("kommunestyrelsesloven", "§ 19", "ok"),
            ("kommunestyrelsesloven", "§ 20, stk. 4", "ok"),
        ],
    ),
    # … or, where it names none, the act amended ("Forslag til revision af lovens § 123
    # d" in an act of three §§ that inserted it)
    (
        "serviceloven",
        "§ 3",
        "LOV nr 153 af 26/02/2011",
        "lovens § 123 d",
        [("serviceloven", "§ 123 d", "ok")],
    ),
    # an amending act the store has not: "lovens §" is the act named before it where
    # that act has it ("… § 45 i lov om højeste, …, genoptages … efter de hidtil gældende
    # regler i lovens § 34"), or a lettered § of the act amended
    (
        "pensionsloven",
        "§ 13",
        "LOV nr 327 af 18/05/2005",
        "lovens § 34",
        [("pensionsloven", "§ 34", "ok")],
    ),
    (
        "boligstøtteloven",
        "§ 8",
        "LOV nr 574 af 24/06/2005",
        "lovens § 24 a, stk. 1, nr. 2",
        [("boligstøtteloven", "§ 24 a, stk. 1, nr. 2", "ok")],
    ),
    # "Lov 1000 nr. 30. august 2015 (…)": a heading's designation with its number and "nr."
    # changed places is the act's
    (
        "pensionsloven",
        "§ 16",
        "LOV nr 1000 af 30/08/2015",
        "stk. 2-4",
        [("LOV nr 1000 af 30/08/2015", f"§ 16, stk. {n}", "ok") for n in (2, 3, 4)],
    ),
]

# Labels that are not citations: (act, § label, the amending act, where the § 's first
# citation may begin at the earliest)
LABELS = [
    ("aktivloven", "§§ 16-21.", None, None),  # "§§ 16-21.⏎(Ophævet)"
    ("kommunestyrelsesloven", "§ 62-62 c.", None, None),  # "§ 62-62 c.⏎(Ophævet)"
    (
        "pensionsloven",
        "§ 22",
        "LOV nr 1380 af 23/12/2012",
        "Stk. 10.",
    ),  # "§ 22⏎Stk. 1-9. (Udelades)"
    ("aktivloven", "§ 22", "LOV nr 1380 af 23/12/2012", "Stk. 4."),  # "§ 22⏎Stk. 1-3. (Udelades)"
]

# Forms a caseworker writes (issue 18), read as a letter: (text, [(canonical, status, version)])
LETTERS = [
    (
        "offentlighedslovens § 13 (tidligere § 6)",
        [
            ("offentlighedsloven § 13", "ok", "LOV nr 606 af 12/06/2013"),
            ("offentlighedsloven § 6", "not_in_force", "LOV nr 572 af 19/12/1985"),
        ],
    ),
    (
        "Forvaltningsloven paragraf 24, stykke 2",
        [("forvaltningsloven § 24, stk. 2", "ok", "LBK nr 433 af 22/04/2014")],
    ),
    (
        "forvaltningsloven paragraf 24, stykke 2, 1. punktum",
        [("forvaltningsloven § 24, stk. 2, 1. pkt.", "ok", "LBK nr 433 af 22/04/2014")],
    ),
    (
        "forvaltningslovens § 24, 2. stk.",
        [("forvaltningsloven § 24, stk. 2", "ok", "LBK nr 433 af 22/04/2014")],
    ),
    (
        "§ 6 i den tidligere offentlighedslov",
        [("offentlighedsloven § 6", "not_in_force", "LOV nr 572 af 19/12/1985")],
    ),
]


def _render(reader: Reader, version_id: int, unit: UnitRow) -> str:
    """The § as the reference graph renders it: its label (and text) on a line, then
    each unit below it, label before text, one a line, a unit's tail after the units
    under it; notes left out."""
    rows = reader.subtree(version_id, unit)
    children: dict[int, list[UnitRow]] = {}
    for row in rows[1:]:
        children.setdefault(row.parent_ord or -1, []).append(row)
    lines: list[str] = []

    def walk(u: UnitRow) -> None:
        if u.kind == "nota":
            return
        line = " ".join(p for p in (u.label, u.text) if p)
        if line:
            lines.append(line)
        for child in children.get(u.ord, []):
            walk(child)
        if u.tail:
            lines.append(u.tail)

    walk(unit)
    return "\n".join(lines)


def _provision(reader: Reader, law: str, label: str, amending: str | None) -> tuple[str, Checker]:
    """The § `label` of `law`'s newest consolidation (or of the amending act `amending`
    that it quotes) rendered, and the checker that reads it."""
    act = reader.act(law)
    assert act is not None
    version = [v for v in reader.versions(act.id) if not v.is_amending][-1]
    units = reader.units(version.id)
    heading: str | None = None
    end = -1
    for u in units:
        if u.kind == "ikraft":
            heading, end = designation_at(u.text or ""), u.end_ord
        if u.kind == "paragraf" and u.label == label:
            quoted = heading if u.ord <= end else None
            if quoted == amending:
                day = dt.date.fromisoformat(version.in_force_from or "")
                within = law if amending else None
                checker = Checker(reader, day, amending or law, statute=True, within=within)
                return _render(reader, version.id, u), checker
    raise AssertionError(f"{law} {label} ({amending}) not found")


def _who(target, want: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if want and want.startswith("~"):
        return want if want[1:] in (target.message or "") else target.message
    return target.version if target.version and target.law and " " in target.law else target.law


@pytest.mark.parametrize(("law", "label", "amending", "written", "targets"), PROVISIONS)
def test_a_provision_is_read_as_a_lawyer_reads_it(reader, law, label, amending, written, targets):
    text, checker = _provision(reader, law, label, amending)
    found = [c for c in checker.check(text).citations if c.text.startswith(written)]
    assert found, f"{written!r} not read in {law} {label}: {text[:300]!r}"
    want = [(who, unit, status) for who, unit, status in targets]
    got = [
        (_who(t, w[0]), t.canonical.removeprefix(f"{t.law} "), t.status)
        for t, w in zip(found[0].targets, want, strict=False)
    ]
    assert [(w, u) for w, u, _s in got[: len(want)]] == [(w, u) for w, u, _s in want]
    for (_w, _u, status), (_w2, _u2, expected) in zip(got, want, strict=False):
        if expected is not None:
            assert status == expected, (written, got)


@pytest.mark.parametrize(("law", "label", "amending", "first"), LABELS)
def test_a_label_is_no_citation(reader, law, label, amending, first):
    text, checker = _provision(reader, law, label, amending)
    earliest = text.index(first) if first else len(text)
    assert [c.text for c in checker.check(text).citations if c.start < earliest] == []


@pytest.mark.parametrize(("text", "targets"), LETTERS)
def test_a_caseworker_s_forms_are_read_as_meant(reader, text, targets):
    result = kb.check(text, "2016-01-01", reader=reader)
    got = [(t.canonical, t.status, t.version) for t in result.targets]
    assert got == targets


# Rows that need acts the bundle has not: (the corpus files imported, then as
# `PROVISIONS`). They run with the corpus (marker `corpus`), on a copy of the bundled
# store with those files imported.
CORPUS_PROVISIONS = [
    # an act after "i" that ends a list with no act before it takes a § before the last
    # only where it has it: in "§ 1, nr. 1, 3-5 og 8-11, § 16 a, stk. 1-6, og § 16 b i
    # lov om en aktiv beskæftigelsesindsats", § 1 is the amending act's own
    (
        ("2014-1486.xml",),
        ("beskæftigelsesloven", "§ 9", "LOV nr 1486 af 23/12/2014", "§ 1, nr. 1, 3-5 og 8-11"),
        [("LOV nr 1486 af 23/12/2014", f"§ 1, nr. {n}", "ok") for n in (1, 3, 4, 5, 8, 9, 10, 11)]
        + [("beskæftigelsesloven", f"§ 16 a, stk. {n}", "ok") for n in range(1, 7)]
        + [("beskæftigelsesloven", "§ 16 b", None)],
    ),
    # "lovens §" the amending act has not, in a sentence naming no act: the act amended
    (
        ("2014-720.xml",),
        ("sygedagpengeloven", "§ 13", "LOV nr 720 af 25/06/2014", "lovens § 27, stk. 1, nr. 2"),
        [("sygedagpengeloven", "§ 27, stk. 1, nr. 2", "ok")],
    ),
    # "Lovens § 16, nr. 1": the first amending instruction in a § whose one stk. is
    # unlabelled ("§ 16. I lov om aktiv socialpolitik … foretages følgende ændringer: 1. …")
    (
        ("2012-473.xml",),
        ("aktivloven", "§ 14.", "LOV nr 473 af 30/05/2012", "Lovens § 16, nr. 1"),
        [("LOV nr 473 af 30/05/2012", "§ 16, nr. 1", "ok")],
    ),
    # a bare § the statute has not, before "og kapitel 2 i lov om organisering og
    # understøttelse af beskæftigelsesindsatsen m.v.", is the statute's where only it has it
    (
        ("2014-1482.xml",),
        ("beskæftigelsesloven", "§ 70 a.", None, "§ 30 a og kapitel 2"),
        [
            ("beskæftigelsesloven", "§ 30 a", "ok"),
            ("LOV nr 1482 af 23/12/2014", "kapitel 2", "ok"),
        ],
    ),
    # … and the title is known without its "m.v."
    (
        ("2014-1482.xml",),
        ("beskæftigelsesloven", "§ 68 e.", None, "kapitel 2 i lov om organisering"),
        [("LOV nr 1482 af 23/12/2014", "kapitel 2", "ok")],
    ),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("files", "where", "targets"), CORPUS_PROVISIONS)
def test_a_provision_is_read_against_the_acts_it_may_cite(
    corpus_files, store_url, files, where, targets
):  # type: ignore[no-untyped-def]
    from kb.ingest.load import import_files

    import_files(corpus_files(*files), store_url)
    law, label, amending, written = where
    text, checker = _provision(open_reader(store_url), law, label, amending)
    found = [c for c in checker.check(text).citations if c.text.startswith(written)]
    assert found, f"{written!r} not read in {law} {label}: {text[:300]!r}"
    got = [
        (_who(t, w[0]), t.canonical.removeprefix(f"{t.law} "), t.status)
        for t, w in zip(found[0].targets, targets, strict=False)
    ]
    assert [(w, u) for w, u, _s in got] == [(w, u) for w, u, _s in targets]
    for (_w, _u, status), (_w2, _u2, expected) in zip(got, targets, strict=True):
        if expected is not None:
            assert status == expected, (written, got)
