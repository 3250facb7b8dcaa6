"""Excerpts (lovuddrag): which units, in what order, and exactly their text.

The selection rows give a citation, a date and options, and the text
excerpt's unit lines expected (the lines after the act's heading block),
abbreviated: each line's first 40 characters. Exactness is then checked in
every format against the store, unit by unit.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import SEED, run_kb
from docx import Document
from lxml import html as lxml_html

from kb.api import excerpt, excerpt_letter
from kb.excerpts import render
from kb.excerpts.model import Excerpt
from kb.excerpts.word import write_docx
from kb.sentences import split
from kb.store.read import open_reader

D = dt.date.fromisoformat
TODAY = D("2026-11-23")


@pytest.fixture(scope="module")
def reader(bundled_store):
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


def unit_lines(ex: Excerpt) -> list[str]:
    """The printed lines of every act part, without the heading block."""
    out = []
    for part in ex.acts:
        out.append(f"== {part.law} {part.version}")
        for first, group in render.printed(part.lines):
            out.append(render._text_line(first, group)[:40])
    return out


SELECTIONS = [
    (
        "forvaltningsloven § 24, stk. 1, 2. pkt., og stk. 2",
        {},
        [
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "Kapitel 6 Begrundelse m.v.",
            "§ 24. […] I det omfang, afgørelsen efter",
            "Stk. 2. Begrundelsen skal endvidere om f",
            "[…]",
        ],
    ),
    # a whole § and a part of it: the § once
    (
        "forvaltningslovens § 24 og § 24, stk. 2",
        {},
        [
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "Kapitel 6 Begrundelse m.v.",
            "§ 24. En begrundelse for en afgørelse sk",
            "Stk. 2. Begrundelsen skal endvidere om f",
            "Stk. 3. Stk. 1, 2. pkt., og stk. 2 gælde",
        ],
    ),
    # the act's order, not the letter's
    (
        "forvaltningslovens § 22 og § 19, stk. 3",
        {},
        [
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "Kapitel 5 Partshøring",
            "§ 19. […]",
            "Stk. 3. Vedkommende minister kan efter f",
            "Kapitel 6 Begrundelse m.v.",
            "§ 22. En afgørelse skal, når den meddele",
        ],
    ),
    # a nr. keeps its stk.'s lead-in; every stretch left out is marked
    (
        "fvl. § 19, stk. 2, nr. 3 og 5",
        {},
        [
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "Kapitel 5 Partshøring",
            "§ 19. […]",
            "Stk. 2. Bestemmelsen i stk. 1 gælder ikk",
            "  […]",
            "  3) partens interesse i, at sagens afgø",
            "  […]",
            "  5) den påtænkte afgørelse vil berøre e",
            "  […]",
            "[…]",
        ],
    ),
    (
        "fvl. § 19, stk. 2, nr. 3",
        {"whole_paragraphs": True, "include_headings": False},
        [
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "§ 19. Kan en part ikke antages at være b",
            "Stk. 2. Bestemmelsen i stk. 1 gælder ikk",
            "  1) det efter oplysningernes eller vurd",
            "  2) udsættelse vil medføre overskridels",
            "  3) partens interesse i, at sagens afgø",
            "  4) parten ikke har ret til aktindsigt ",
            "  5) den påtænkte afgørelse vil berøre e",
            "  6) der ved lov er fastsat særlige best",
            "Stk. 3. Vedkommende minister kan efter f",
        ],
    ),
    # grouped by act, acts in the order the citations first name them
    (
        "retssikkerhedslovens § 5, forvaltningslovens § 7 og retssikkerhedslovens § 3, stk. 1",
        {"include_headings": False},
        [
            "== retssikkerhedsloven LBK nr 1345 af 23/11/2016",
            "§ 3. Kommunalbestyrelsen skal behandle s",
            "[…]",
            "§ 5. Kommunalbestyrelsen skal behandle a",
            "== forvaltningsloven LBK nr 433 af 22/04/2014",
            "§ 7. En forvaltningsmyndighed skal i for",
            "Stk. 2. Modtager en forvaltningsmyndighe",
        ],
    ),
]


@pytest.mark.parametrize(
    ("citation", "options", "expected"), SELECTIONS, ids=[r[0] for r in SELECTIONS]
)
def test_selection(bundled_store, citation, options, expected):
    ex = excerpt(citation, TODAY, url=f"sqlite:///{bundled_store}", **options)
    assert unit_lines(ex) == expected
    assert not ex.omitted


def test_retssikkerhedsloven_3_stk_1_is_only_stk_1(bundled_store):
    # stk. 1 is § 3's unlabelled first stk.: printed on the § line, then one
    # gap for stk. 2 and the rest
    ex = excerpt("retssikkerhedslovens § 3, stk. 1", TODAY, url=f"sqlite:///{bundled_store}")
    lines = [line for line in ex.acts[0].lines if line.kind != "heading"]
    assert [(line.kind, line.path) for line in lines] == [
        ("unit", "§3"),
        ("unit", "§3/s1"),
        ("gap", None),
    ]


def test_version_stamp_current_and_superseded(bundled_store):
    url = f"sqlite:///{bundled_store}"
    now = excerpt("forvaltningslovens § 24", TODAY, url=url).acts[0]
    assert now.heading == "Forvaltningsloven, jf. lovbekendtgørelse nr. 433 af 22. april 2014"
    assert now.eli == "https://www.retsinformation.dk/eli/lta/2014/433"
    assert now.current and "Gældende version pr. 23. november 2026." in now.stamp
    old = excerpt(
        "forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012, § 24, stk. 3",
        TODAY,
        url=url,
    ).acts[0]
    assert old.heading == "Forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012"
    assert not old.current
    assert old.stamp[1] == (
        "Denne version er ikke længere gældende pr. 23. november 2026: den blev afløst "
        "22. april 2014 af LBK nr 433 af 22/04/2014."
    )
    # the old wording of stk. 3 ("§ 9, stk. 4"), not today's
    stk3 = next(line for line in old.lines if line.path == "§24/s3")
    assert "§ 9, stk. 4" in stk3.text
    # a replaced act, named: quoted, and its stamp says it is not law
    repealed = excerpt("§ 6 i lov nr. 572 af 19. december 1985", TODAY, url=url)
    assert not repealed.omitted
    part = repealed.acts[0]
    assert part.heading == "Offentlighedsloven, lov nr. 572 af 19. december 1985"
    # a quotation: its stamp says what the source attests, never an interval in force
    assert part.stamp[1] == (
        "Kilden dokumenterer kun teksten, som den lød fra 1. januar 2004 til 31. januar 2004; "
        "hvornår den trådte i kraft og ophørte, fremgår ikke."
    )
    assert "i kraft fra" not in " ".join(part.stamp)
    assert "afløst 1. januar 2014 af LOV nr 606 af 12/06/2013" in part.stamp[2]
    assert "Kilden gengiver kun en del af loven." in part.stamp
    # the same citation read as of 2004 is the law then
    then = excerpt("offentlighedslovens § 6", D("2004-01-01"), url=url).acts[0]
    assert then.version == "LOV nr 572 af 19/12/1985" and then.current


def test_practice_is_quoted(bundled_store):
    ex = excerpt("SM C-37- 00", TODAY, url=f"sqlite:///{bundled_store}")
    assert [p.ref for p in ex.practice] == ["SM C-37-00"]
    assert ex.practice[0].text.startswith("Deres ansøgning er herudover vurderet efter praksis")
    assert "Ankestyrelsens praksis" in render.text(ex)


def test_what_cannot_be_quoted_is_listed(bundled_store):
    letter = (
        "Efter forvaltningslovens § 19 og retsplejelovens § 99.\n"
        "Se også § 99 a i forvaltningsloven.\n"
    )
    ex = excerpt_letter(letter, TODAY, url=f"sqlite:///{bundled_store}")
    assert [part.law for part in ex.acts] == ["forvaltningsloven"]
    left = [(o.line, o.column, o.text, o.status) for o in ex.omitted]
    assert left == [
        (1, 34, "retsplejelovens § 99", "unknown_law"),
        (2, 9, "§ 99 a i forvaltningsloven", "not_found"),
    ]
    assert ex.omitted[1].message.startswith("forvaltningsloven (LBK nr 433 af 22/04/2014) has no")
    assert [(o.reason, o.code) for o in ex.omitted] == [
        ("law_not_loaded", None),
        ("unit_not_found", None),
    ]
    assert [o["reason"] for o in ex.to_json()["omitted"]] == ["law_not_loaded", "unit_not_found"]


# --- exact text in every format ----------------------------------------------


@pytest.fixture(scope="module")
def pamphlet_excerpts(bundled_store) -> list[Excerpt]:
    """The appendix of the whole pamphlet, as of 2004 and of today."""
    text = SEED.read_text(encoding="utf-8")
    url = f"sqlite:///{bundled_store}"
    return [
        excerpt_letter(text, D("2004-01-01"), url=url),
        excerpt_letter(text, TODAY, url=url),
        excerpt_letter(text, TODAY, url=url, whole_paragraphs=True),
    ]


def expected_pieces(reader, ex: Excerpt) -> list[tuple[str, str, str]]:
    """(version, path, piece) for every quoted piece, each checked against the store."""
    out = []
    for part in ex.acts:
        vid = reader.q(
            "SELECT v.id FROM versions v JOIN acts a ON a.id = v.act_id "
            "WHERE v.designation = :d AND a.key = :k",
            d=part.version,
            k=part.law,
        )
        assert len(vid) == 1
        for line in part.lines:
            if line.kind not in ("unit", "tail") or not line.pieces:
                continue
            unit = reader.unit(vid[0][0], line.path)
            stored = unit.tail if line.kind == "tail" else unit.text
            kept = [p for p in line.pieces if p is not None]
            if None in line.pieces:  # some sentences cited: each is one of the unit's
                assert all(p in split(stored) for p in kept)
            else:
                assert kept == [stored]
            out += [(part.version, line.path, p) for p in kept]
    return out


def test_pamphlet_appendix_quotes_the_store_exactly(reader, pamphlet_excerpts):
    for ex in pamphlet_excerpts:
        pieces = expected_pieces(reader, ex)
        assert len(pieces) > 20
        assert {part.law for part in ex.acts} >= {"forvaltningsloven", "retssikkerhedsloven"}


def test_text_and_markdown_hold_every_piece(reader, pamphlet_excerpts):
    for ex in pamphlet_excerpts:
        plain = render.text(ex)
        unescaped = re.sub(r"\\(.)", r"\1", render.markdown(ex))
        for _version, _path, piece in expected_pieces(reader, ex):
            assert piece in plain
            assert piece in unescaped


def test_html_pieces_are_the_store_text(reader, pamphlet_excerpts):
    for ex in pamphlet_excerpts:
        page = lxml_html.document_fromstring(render.html_page(ex))
        found = []
        for section in page.xpath("//section[@class='act']"):
            version = section.get("data-version")
            for span in section.xpath(".//span[@class='text']"):
                found.append((version, span.get("data-path"), span.text_content()))
        assert found == expected_pieces(reader, ex)


def test_json_pieces_are_the_store_text(reader, pamphlet_excerpts):
    for ex in pamphlet_excerpts:
        data = json.loads(render.as_json(ex))
        found = [
            (part["version"], line["path"], p)
            for part in data["acts"]
            for line in part["lines"]
            if line["kind"] in ("unit", "tail")
            for p in line["pieces"]
            if p is not None
        ]
        assert found == expected_pieces(reader, ex)


def test_docx_reads_back_with_every_piece(reader, pamphlet_excerpts, tmp_path):
    for n, ex in enumerate(pamphlet_excerpts):
        path = tmp_path / f"bilag{n}.docx"
        write_docx(ex, path)
        doc = Document(str(path))
        runs = [run.text for p in doc.paragraphs for run in p.runs]
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        for part in ex.acts:
            assert part.heading in headings
        bold = {run.text for p in doc.paragraphs for run in p.runs if run.bold}
        pieces = expected_pieces(reader, ex)
        for _version, _path, piece in pieces:
            assert piece in runs
        labels = {line.label for part in ex.acts for line in part.lines if line.kind == "unit"}
        assert labels - {None} <= bold


# --- the command --------------------------------------------------------------


def test_kb_excerpt_is_byte_identical_between_runs(store_url, tmp_path):
    for fmt in ("text", "md", "html", "json"):
        args = ("excerpt", "--from-letter", str(SEED), "--as-of", "2004-01-01", "-f", fmt)
        first, second = run_kb(*args), run_kb(*args)
        assert first.returncode == second.returncode == 1  # the pamphlet cites unloaded acts
        assert first.stdout and first.stdout == second.stdout
        assert first.stderr == second.stderr


def test_kb_excerpt_writes_the_format_of_the_ending(store_url, tmp_path):
    for name, check in [
        ("bilag.docx", lambda p: Document(str(p)).paragraphs[0].text == "Lovuddrag"),
        ("bilag.html", lambda p: p.read_text("utf-8").startswith("<!DOCTYPE html>")),
        ("bilag.md", lambda p: p.read_text("utf-8").startswith("# Lovuddrag")),
        ("bilag.json", lambda p: json.loads(p.read_text("utf-8"))["schema"] == "lovkb-excerpt/2"),
        ("bilag.txt", lambda p: p.read_text("utf-8").startswith("Lovuddrag\n")),
    ]:
        out = run_kb("excerpt", "fvl. § 19, stk. 2, nr. 3", "-o", str(tmp_path / name))
        assert out.returncode == 0, out.stderr
        assert out.stdout == ""
        assert check(tmp_path / name), name


def test_kb_excerpt_from_a_letter_lists_what_it_left_out(store_url, tmp_path):
    letter = tmp_path / "udkast.txt"
    letter.write_text("Efter forvaltningslovens § 19 og retsplejelovens § 99.\n", "utf-8")
    out = run_kb("excerpt", "--from-letter", str(letter), "--as-of", "2026-11-23")
    assert out.returncode == 1
    assert "§ 19. Kan en part ikke antages" in out.stdout
    assert out.stderr.startswith(
        "kb: left out 1:34: 'retsplejelovens § 99' (retsplejeloven § 99): unknown_law: "
    )


def test_kb_excerpt_from_a_docx_letter(store_url, tmp_path):
    from docx import Document as New

    doc = New()
    doc.add_paragraph("Afgørelse")
    doc.add_paragraph("Vi har truffet afgørelse efter forvaltningslovens § 22.")
    path = tmp_path / "udkast.docx"
    doc.save(str(path))
    out = run_kb("excerpt", "--from-letter", str(path), "-f", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    lines = data["acts"][0]["lines"]
    assert [line["path"] for line in lines if line["kind"] == "unit"] == ["§22", "§22/s1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("excerpt",), "give either a CITATION or --from-letter FILE"),
        (("excerpt", "fvl § 7", "--from-letter", "x.txt"), "give either a CITATION"),
        (("excerpt", "fvl § 7", "-f", "pdf"), "--format 'pdf' is not one of"),
        (("excerpt", "fvl § 7", "-f", "docx"), "--format docx writes a file; give -o"),
        (("excerpt", "fvl § 7", "-o", "bilag.pdf"), "cannot tell the format from the ending"),
        (("excerpt", "fvl § 7", "--json", "-f", "md"), "--json and --format md disagree"),
        (("excerpt", "--from-letter", "nowhere.txt"), "nowhere.txt: no such file"),
        (("excerpt", "ingen henvisning"), "not a citation lovkb can read"),
    ],
)
def test_kb_excerpt_refuses_bad_input(store_url, args, message):
    out = run_kb(*args)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr and out.stdout == ""
    assert "Traceback" not in out.stderr


def test_kb_excerpt_nothing_to_quote(store_url):
    out = run_kb("excerpt", "retsplejelovens § 99")
    assert out.returncode == 1 and out.stdout == ""
    assert "nothing to quote" in out.stderr and "unknown_law" in out.stderr


def test_kb_excerpt_unwritable_target_keeps_the_old_file(store_url, tmp_path):
    out = run_kb("excerpt", "fvl § 7", "-o", str(tmp_path / "missing" / "bilag.txt"))
    assert out.returncode == 2 and "cannot write here" in out.stderr
    folder = tmp_path / "bilag"
    folder.mkdir()
    target = folder / "bilag.docx"
    target.write_bytes(b"the caseworker's old appendix")
    out = run_kb("excerpt", "fvl § 7", "-o", str(target), "-f", "md")
    assert out.returncode == 0
    assert target.read_text("utf-8").startswith("# Lovuddrag")
    assert [p.name for p in folder.iterdir()] == ["bilag.docx"]  # no temporary file left


def test_an_excerpts_json_says_the_language_of_its_messages(store_url):
    from kb.i18n import use_language

    for lang, said in (("da", "har stk. 1-3"), ("en", "has stk. 1-3")):
        with use_language(lang):
            data = excerpt("fvl § 24, stk. 9 og § 7", dt.date(2024, 1, 1)).to_json()
        assert data["schema"] == "lovkb-excerpt/2" and data["lang"] == lang
        assert said in data["omitted"][0]["message"]
        assert data["omitted"][0]["reason"] == "unit_not_found"
        assert data["notes"][0]["code"] == "stk_not_named"
