"""`check`: every citation in a letter, read in context; and the commands.

The whole pamphlet is checked against a golden listing that was read line by
line (tests/golden/pamphlet-2004.txt). After a deliberate change to the
engine, regenerate it with `KB_UPDATE_GOLDEN=1 python -m pytest
tests/test_check.py`, and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import RI, SEED, run_kb

from kb.api import check
from kb.codes import Warning
from kb.store.read import open_reader

D = dt.date.fromisoformat
GOLDEN = Path(__file__).parent / "golden" / "pamphlet-2004.txt"


@pytest.fixture(scope="module")
def reader(bundled_store):
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


def listing(result) -> str:
    lines = []
    for c in result.citations:
        text = " ".join(c.text.split())
        lines.append(f"{c.line}:{c.column} {text}")
        for t in c.targets:
            lead = f"    {t.status} {t.canonical}".rstrip()
            if t.antecedent:
                lead += f"  <- {' '.join(t.antecedent['text'].split())}"
            lines.append(lead)
    return "\n".join(lines) + "\n"


def test_pamphlet_as_of_2004(reader):
    text = SEED.read_text(encoding="utf-8")
    result = check(text, D("2004-01-01"), reader=reader)
    got = listing(result)
    if os.environ.get("KB_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
    for c in result.citations:
        assert text[c.start : c.end] == c.text


def test_pamphlet_examples_in_afsnit_2_5(reader):
    """The pamphlet's own example citations: each resolved or explained."""
    text = SEED.read_text(encoding="utf-8")
    result = check(text, D("2004-01-01"), reader=reader)
    by_text = {" ".join(c.text.split()): c for c in result.citations}
    bil = by_text[
        "§ 1 og § 2, stk. 1, nr. 3, samt stk. 2, i Socialministeriets bekendtgørelse "
        "nr. 122 af 19. februar 1998"
    ]
    assert [t.canonical for t in bil.targets] == ["§ 1", "§ 2, stk. 1, nr. 3", "§ 2, stk. 2"]
    assert {t.status for t in bil.targets} == {"unknown_law"}
    assert "bekendtgørelse nr. 122 af 19. februar 1998 is not loaded" in bil.targets[0].message
    pension = by_text["§ 6, stk. 4, i lov nr. 285 af 25. april 2001"]
    assert pension.targets[0].status == "unknown_law"
    assert by_text["Social Meddelelse, SM C-37- 00"].targets[0].status == "ok"
    assert "placeholder" in by_text["§ ----"].targets[0].message
    assert "pkt. 49" not in " ".join(by_text)  # a vejledning point, not a sentence


# --- context -------------------------------------------------------------------


def test_bare_stk_after_a_paragraph_is_its(reader):
    letter = "Efter forvaltningslovens § 24 skal begrundelsen ... Se også stk. 2."
    result = check(letter, D("2015-01-01"), reader=reader)
    first, second = result.citations
    (t,) = second.targets
    assert t.canonical == "forvaltningsloven § 24, stk. 2"
    assert t.antecedent == {
        "text": "forvaltningslovens § 24",
        "start": first.start,
        "end": first.end,
        "supplies": ["paragraf"] if False else t.antecedent["supplies"],
    }
    assert set(t.antecedent["supplies"]) == {"law", "paragraf"}


def test_stk_of_a_named_paragraph(reader):
    letter = "Afgørelsen er truffet efter forvaltningslovens § 22. Se også stk. 2 i § 24."
    result = check(letter, D("2015-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "forvaltningsloven § 22",
        "forvaltningsloven § 24, stk. 2",
    ]
    assert result.citations[1].text == "stk. 2 i § 24"


def test_bare_paragraph_belongs_to_the_act_named_last_until_another(reader):
    letter = (
        "Sagen er behandlet efter forvaltningsloven § 19. Kommunen har også vurderet § 7. "
        "Efter retssikkerhedslovens § 5 skal kommunen ... jf. § 7."
    )
    result = check(letter, D("2015-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "forvaltningsloven § 19",
        "forvaltningsloven § 7",
        "retssikkerhedsloven § 5",
        "retssikkerhedsloven § 7",
    ]
    assert result.targets[1].antecedent["text"] == "forvaltningsloven § 19"


def test_relative_references_inside_a_quoted_provision(reader):
    quoted = (
        "Forvaltningsloven\n"
        "§ 24. En begrundelse for en afgørelse skal indeholde en henvisning til de "
        "retsregler, i henhold til hvilke afgørelsen er truffet.\n"
        "Stk. 3. Stk. 1, 2. pkt., og stk. 2 gælder ikke i de sager, der er nævnt i § 11, stk. 2.\n"
    )
    result = check(quoted, D("2015-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "forvaltningsloven § 24, stk. 1, 2. pkt.",
        "forvaltningsloven § 24, stk. 2",
        "forvaltningsloven § 11, stk. 2",
    ]
    assert result.targets[0].antecedent["text"] == "§ 24."
    # the labels head the quotation; they are not citations
    assert [c.text for c in result.citations] == ["Stk. 1, 2. pkt., og stk. 2", "§ 11, stk. 2"]


def test_jf_chain_shares_the_trailing_act(reader):
    text = "§ 115, stk. 2 og 4, jf. § 105, stk. 2, i lov om almene boliger m.v."
    result = check(text, D("2015-01-01"), reader=reader)
    assert [(t.status, t.law) for t in result.targets] == [("unknown_law", "almenboligloven")] * 3
    assert result.targets[0].antecedent["text"] == "§ 105, stk. 2, i lov om almene boliger m.v."


def test_genitive_act_carries_over_jf(reader):
    text = "forvaltningslovens § 24, jf. § 22"
    result = check(text, D("2015-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "forvaltningsloven § 24",
        "forvaltningsloven § 22",
    ]


def test_samme_lov_and_denne_lov(reader):
    letter = "Efter retssikkerhedslovens § 10 og § 5 i samme lov. Se også denne lovs § 12."
    result = check(letter, D("2017-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "retssikkerhedsloven § 10",
        "retssikkerhedsloven § 5",
        "retssikkerhedsloven § 12",
    ]


def test_no_act_anywhere_is_ambiguous(reader):
    result = check("Vi har lagt vægt på § 24, stk. 2.", D("2015-01-01"), reader=reader)
    (t,) = result.targets
    assert t.status == "ambiguous"
    # every stored act with a § 24, stk. 2 in force that day; not kommunestyrelsesloven,
    # whose text of that day (LBK 186/2014, named in LBK 971/2013's metadata) is not stored
    assert t.candidates == [
        "forvaltningsloven § 24, stk. 2",
        "offentlighedsloven § 24, stk. 2",
    ]


def test_relative_without_any_paragraph(reader):
    (t,) = check("jf. stk. 2", D("2015-01-01"), reader=reader).targets
    assert t.status == "ambiguous"
    assert t.message == "stk. 2 names no §, and no § is cited before it"


def test_not_citations(reader):
    letter = (
        "Mødet er den 3. marts 2015 kl. 12. Beløbet er 1.500 kr. Se vejledningens pkt. 49. "
        "Journalnr. 2015-12. Ansøgningen af 1. juni 2014."
    )
    assert check(letter, D("2015-01-01"), reader=reader).citations == []


def test_checklist_number_and_date(reader):
    bare = check("Efter forvaltningslovens § 22 ...", D("2015-01-01"), reader=reader)
    (t,) = bare.targets
    (w,) = [w for w in t.warnings if w.code == "designation_missing"]
    assert "never gives the number and date of forvaltningsloven" in w.message
    assert "lovbekendtgørelse nr. 433 af 22. april 2014" in w.message
    dated = check(
        "Efter forvaltningslovens § 22, jf. lovbekendtgørelse nr. 433 af 22. april 2014, og § 23.",
        D("2015-01-01"),
        reader=reader,
    )
    assert all("never gives" not in w.message for t in dated.targets for w in t.warnings)
    assert all(w.code != "designation_missing" for t in dated.targets for w in t.warnings)


def test_checklist_suggests_the_version_read_not_the_one_the_text_comes_from(reader):
    # forvaltningsloven § 14, stk. 2 is not in LBK 433/2014, the version read in 2015; its
    # text comes from LBK 988/2012, which the letter must not be told to cite
    for letter in (
        "Efter forvaltningslovens § 14, stk. 2 ...",
        "Efter fvl. § 14, stk. 2, og § 22.",
    ):
        result = check(letter, D("2015-01-01"), reader=reader)
        first = result.targets[0]
        assert (first.reason, first.version) == ("no_longer_in_act", "LBK nr 988 af 09/10/2012")
        (w,) = [w for t in result.targets for w in t.warnings if w.code == "designation_missing"]
        assert "lovbekendtgørelse nr. 433 af 22. april 2014" in w.message, w.message


def test_offsets_lines_and_columns(reader):
    letter = "Første linje.\nAnden linje efter forvaltningslovens § 22.\n"
    (c,) = check(letter, D("2015-01-01"), reader=reader).citations
    assert letter[c.start : c.end] == c.text == "forvaltningslovens § 22"
    assert (c.line, c.column) == (2, 19)


@pytest.mark.parametrize("gap", [" ", "\n", " \n\n ", "\n \n"])
def test_every_citation_has_its_line_and_column(reader, gap):
    # many citations, on one line or on many: each where counting the text gives
    parts = [f"efter forvaltningslovens § {n}, stk. 1, og stk. 2" for n in range(19, 30)]
    letter = gap.join(parts)
    for c in check(letter, D("2015-01-01"), reader=reader).citations:
        before = letter[: c.start]
        assert (c.line, c.column) == (before.count("\n") + 1, c.start - before.rfind("\n"))


def test_references_are_listed(reader):
    letter = "Lov nr. 572 af 19. december 1985 om offentlighed i forvaltningen ophæves."
    data = check(letter, D("2015-01-01"), reader=reader).to_json()
    assert data["citations"] == []
    (ref,) = data["references"]
    assert ref["law"] == "offentlighedsloven" and ref["version"] == "LOV nr 572 af 19/12/1985"


def test_json_of_the_pamphlet_is_the_objects(reader):
    """`to_json` is the objects' own fields (the deep copy it replaced gave
    the same); the streamed JSON parses to the same data, a citation a line."""
    import dataclasses
    import io

    result = check(SEED.read_text(encoding="utf-8"), D("2004-01-01"), reader=reader)
    bare = check("Se § 24.", D("2004-01-01"), reader=reader)  # ambiguous: candidates
    targets = result.targets + bare.targets
    assert targets and any(t.antecedent for t in targets) and any(t.candidates for t in targets)
    for t in targets:
        expected = dataclasses.asdict(t)
        del expected["where"], expected["lines"]
        optional_fields = ("candidates", "kapitel", "antecedent", "practice", "source")
        for optional in (*optional_fields, "attested", "references"):
            if expected[optional] is None:
                del expected[optional]
        expected["warnings"] = [{"code": w.code, "message": w.message} for w in t.warnings]
        data = t.to_json()
        assert list(data.items()) == list(expected.items())
        data["warnings"].append("x")  # the caller's copy, not the target's
        assert "x" not in t.warnings
    out = io.StringIO()
    result.write_json(out)
    written = out.getvalue()
    assert json.loads(written) == result.to_json()
    lines = written.splitlines()
    assert len(lines) == 10 + len(result.citations) + len(result.references)  # +1: "lang"
    assert result.summary == result.to_json()["summary"]


def test_act_named_inside_a_citation_carries_to_its_later_items(reader):
    letter = "Efter forvaltningslovens § 19 skal. Se også § 11 a i retssikkerhedsloven og § 12."
    result = check(letter, D("2015-01-01"), reader=reader)
    later = result.citations[1].targets[1]
    assert later.canonical == "retssikkerhedsloven § 12"
    assert later.antecedent["text"] == "§ 11 a i retssikkerhedsloven og § 12"


def test_after_a_range_the_last_paragraph_is_its_end(reader):
    letter = "Efter forvaltningslovens §§ 22-24. Efter stk. 3 skal"
    result = check(letter, D("2015-01-01"), reader=reader)
    assert [t.canonical for t in result.citations[1].targets] == ["forvaltningsloven § 24, stk. 3"]
    assert result.citations[1].targets[0].status == "ok"


# --- the commands ----------------------------------------------------------------


def test_kb_check_file_json(store_url, tmp_path):
    letter = tmp_path / "brev.txt"
    letter.write_text("Afgørelsen er truffet efter forvaltningslovens § 24, stk. 2.\n", "utf-8")
    out = run_kb("check", str(letter), "--json", "--as-of", "2015-01-01")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["summary"] == {"citations": 1, "targets": 1, "ok": 1, "problems": 0}
    (c,) = data["citations"]
    assert letter.read_text("utf-8")[c["start"] : c["end"]] == c["text"]


def test_kb_check_stdin_exit_1_on_problems(store_url):
    out = run_kb("check", "-", "--as-of", "2015-01-01", stdin="Efter retsplejelovens § 99.\n")
    assert out.returncode == 1
    assert "1:7" in out.stdout and "unknown_law" in out.stdout
    assert "retsplejeloven § 99" in out.stdout


def test_kb_check_human_output(store_url):
    out = run_kb("check", "-", "--as-of", "2015-01-01", stdin="Se fvl. § 24, stk. 4.\n")
    assert out.returncode == 1
    assert "not_found" in out.stdout and "forvaltningsloven § 24 has stk. 1-3" in out.stdout


def test_kb_check_missing_file(store_url, tmp_path):
    out = run_kb("check", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and out.stdout == ""
    assert "no such file" in out.stderr and "Traceback" not in out.stderr


def test_kb_check_not_utf8(store_url, tmp_path):
    bad = tmp_path / "brev.txt"
    bad.write_bytes("linje 1\nforvaltningslovens § 24 \xe6\n".encode("latin-1"))
    out = run_kb("check", str(bad))
    assert out.returncode == 2 and out.stdout == ""
    assert f"{bad}:2: not UTF-8" in out.stderr


def test_kb_check_html(store_url, tmp_path):
    page = tmp_path / "brev.html"
    page.write_text(
        "<html><body><p>Efter <b>forvaltningslovens § 22</b>.</p></body></html>", "utf-8"
    )
    out = run_kb("check", str(page), "--json", "--as-of", "2015-01-01")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["citations"][0]["text"] == "forvaltningslovens § 22"


def test_kb_resolve_json_and_exit(store_url):
    out = run_kb("resolve", "§§ 19-21 i forvaltningsloven", "--json", "--as-of", "2015-01-01")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [t["paragraf"] for t in data["citations"][0]["targets"]] == ["19", "20", "21"]
    out = run_kb("resolve", "§ 24", "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["citations"][0]["targets"][0]["status"] == "ambiguous"
    out = run_kb("resolve", "§ 24", "--law", "forvaltningsloven", "--as-of", "2015-01-01")
    assert out.returncode == 0 and "ok" in out.stdout


def test_kb_resolve_errors(store_url):
    out = run_kb("resolve", "ingen henvisning her")
    assert out.returncode == 2 and out.stdout == ""
    assert "not a citation lovkb can read" in out.stderr
    out = run_kb("resolve", "§ 24", "--law", "retsplejeloven")
    assert out.returncode == 2 and "--law: no act named 'retsplejeloven' is loaded" in out.stderr
    out = run_kb("resolve", "§ 24", "--as-of", "24/12/2015")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr


def test_a_long_lived_reader_sees_an_import(store_url):
    """The resolver is kept on the reader between letters, but not past an import."""
    from kb.ingest.load import import_files

    letter = "Efter straffelovens § 245 og forvaltningslovens § 19."
    with open_reader(store_url) as reader:
        before = check(letter, dt.date(2025, 1, 1), reader=reader)
        assert [c.targets[0].status for c in before.citations] == ["unknown_law", "ok"]
        again = check(letter, dt.date(2025, 1, 1), reader=reader)
        assert again.to_json() == before.to_json()
        import_files([RI / "2024-434.xml"], store_url)
        after = check(letter, dt.date(2025, 1, 1), reader=reader)
        assert [c.targets[0].status for c in after.citations] == ["ok", "ok"]
        assert after.citations[0].targets[0].version == "LBK nr 434 af 25/04/2024"


def test_checklist_covers_acts_that_are_not_loaded(reader):
    # retsplejeloven (lov om rettens pleje) is named in the registry, not bundled
    warning = Warning(
        "designation_missing",
        "the letter never gives the number and date of retsplejeloven; the pamphlet's "
        "checklist asks for the act's name, number and date",
    )
    [t] = check(
        "Efter retsplejelovens § 99 har De ikke ret.", D("2016-01-01"), reader=reader
    ).targets
    assert t.status == "unknown_law" and warning in t.warnings
    letter = (
        "Efter retsplejelovens § 99 har De ikke ret. Se lov om rettens pleje, "
        "jf. lovbekendtgørelse nr. 1139 af 24. september 2013, § 100."
    )
    assert not any(
        warning in t.warnings for t in check(letter, D("2016-01-01"), reader=reader).targets
    )
    letter = "Efter retsplejelovens § 99, jf. lovbekendtgørelse nr. 1255 af 16. november 2015, har"
    assert not any(
        warning in t.warnings for t in check(letter, D("2016-01-01"), reader=reader).targets
    )


def test_quotation_marks_end_a_quoted_provision(reader):
    quoted = (
        "Forvaltningslovens § 24 lyder: »§ 24. En begrundelse for en afgørelse skal "
        "indeholde en henvisning. Stk. 2. Begrundelsen skal endvidere …«\n\n"
    )
    after = "Vi har vurderet sagen efter retssikkerhedslovens § 5. Efter stk. 2 skal … Se også § 7."
    result = check(quoted + after, D("2017-01-01"), reader=reader)
    assert [t.canonical for t in result.targets] == [
        "forvaltningsloven § 24",
        "retssikkerhedsloven § 5",
        "retssikkerhedsloven § 5, stk. 2",
        "retssikkerhedsloven § 7",
    ]
    # inside the marks, a bare stk. is the quoted §'s
    inside = "Forvaltningslovens § 24 lyder: »§ 24. En begrundelse. Stk. 2. Efter stk. 1 skal …«"
    result = check(inside, D("2017-01-01"), reader=reader)
    assert result.targets[-1].canonical == "forvaltningsloven § 24, stk. 1"


def test_eu_article_names_its_act(reader):
    letter = "Efter databeskyttelsesforordningens artikel 6, stk. 1, litra e, må vi behandle."
    [c] = check(letter, D("2020-01-01"), reader=reader).citations
    assert c.text == "databeskyttelsesforordningens artikel 6, stk. 1, litra e"
    assert letter[c.start : c.end] == c.text
    [t] = c.targets
    assert t.status == "unknown_law" and t.message.startswith("'databeskyttelsesforordningens")
    assert t.reason == "not_danish_statute"


def test_replaced_act_warning_once_and_not_where_the_version_is_named(reader):
    day = D("2024-01-01")
    letter = "Efter offentlighedslovens § 7 og § 8 og offentlighedslovens § 13 skal."
    warned = [
        t
        for t in check(letter, day, reader=reader).targets
        if any("meant the older act" in w.message for w in t.warnings)
    ]
    assert warned == [
        t
        for t in check(letter, day, reader=reader).targets
        if any(w.code == "replaced_older_act" for w in t.warnings)
    ]
    assert [t.canonical for t in warned] == ["offentlighedsloven § 7"]
    letter = "Efter offentlighedslovens § 7, jf. lov nr. 606 af 12. juni 2013, og § 8 skal."
    assert not any(
        "meant the older act" in w.message or w.code == "replaced_older_act"
        for t in check(letter, day, reader=reader).targets
        for w in t.warnings
    )
