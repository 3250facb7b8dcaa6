"""Reading LexDania XML: every unit, exact text, safe parsing."""

from __future__ import annotations

import re

import pytest
from conftest import ALL_XML, RI
from lxml import etree

from kb.errors import SourceError
from kb.ingest import lexdania
from kb.ingest.document import render
from kb.ingest.lexdania import read_file
from kb.text import clean

PARAGRAF_TAGS = ("Paragraf", "AendringCentreretParagraf", "IkraftCentreretParagraf")


def _xml_provision_text(el: etree._Element) -> str:
    """The element's text as the XML gives it: labels and lines, no notes."""
    out: list[str] = []

    def visit(e: etree._Element) -> None:
        if e.tag == "Nota":
            return
        if e.tag in ("Linea", "Explicatus"):
            out.append("".join(e.itertext()))
            return
        for child in e:
            if isinstance(child.tag, str):
                visit(child)

    visit(el)
    return clean(" ".join(out))


@pytest.mark.parametrize("path", ALL_XML, ids=lambda p: p.name)
def test_every_paragraf_text_is_exact(path):
    doc = read_file(path)
    by_line = {e.sourceline: e for e in etree.parse(str(path)).iter(*PARAGRAF_TAGS)}
    nodes = [n for n in doc.walk() if n.kind == "paragraf"]
    assert len(nodes) == len(by_line)
    for node in nodes:
        assert clean(render(node)) == _xml_provision_text(by_line[node.line]), node.label


@pytest.mark.parametrize("path", ALL_XML, ids=lambda p: p.name)
def test_unit_counts_equal_the_xml(path):
    doc = read_file(path)
    tree = etree.parse(str(path))
    kinds = [n.kind for n in doc.walk()]
    assert kinds.count("stk") == sum(1 for _ in tree.iter("Stk"))
    assert kinds.count("nr") == sum(
        1 for e in tree.iter("Indentatio") if e.get("formaInd") != "Litra"
    )
    assert kinds.count("litra") == sum(
        1 for e in tree.iter("Indentatio") if e.get("formaInd") == "Litra"
    )
    assert kinds.count("nota") == sum(1 for _ in tree.iter("Nota"))


def test_labels_come_from_explicatus_not_localid():
    path = RI / "2016-1345.xml"
    tree = etree.parse(str(path))
    wrong = []
    for el in tree.iter("Paragraf"):
        label = el.findtext("Explicatus") or ""
        m = re.match(r"§\s*(\d+)\s*([a-z]?)", label)
        if m and el.get("localId") and el.get("localId") != m.group(1) + m.group(2):
            wrong.append((el.sourceline, m.group(1) + (" " + m.group(2) if m.group(2) else "")))
    assert wrong, "2016-1345.xml is known to have wrong localId attributes"
    nodes = {n.line: n for n in read_file(path).walk() if n.kind == "paragraf"}
    for line, number in wrong:
        assert nodes[line].number == number
        assert nodes[line].path == f"§{number}"


def test_sentence_spanning_a_note_stays_one_text():
    # LBK 62/2024 § 3 a: a footnote stands between two lines of one sentence.
    doc = read_file(RI / "2024-62.xml")
    stk = next(n for n in doc.walk() if n.path == "§3 a/s1")
    assert stk.text.startswith("Ministeren for fødevarer, landbrug og fiskeri kan fastsætte regler")
    note = next(c for c in stk.children if c.kind == "nota")
    assert stk.text[: note.anchor] == "Ministeren for fødevarer, landbrug og fiskeri"
    assert "Ved kongelig resolution" in note.text


def test_format_artefacts_are_removed():
    doc = read_file(RI / "2024-434.xml")
    for node in doc.walk():
        for text in (node.text, node.tail):
            assert not re.search("[\u00ad\u200d\u00a0\ufeff]", text)


def test_repealed_range_is_one_unit():
    doc = read_file(RI / "2024-434.xml")
    unit = next(n for n in doc.walk() if n.label == "§§ 28-30.")
    assert unit.path == "§28-30"
    assert render(unit, with_label=False) == "(Ophævet)"


def test_amending_act_is_flagged_and_keeps_its_own_paragraphs():
    doc = read_file(RI / "2013-638.xml")
    assert doc.meta.is_amending
    own = [n.path for n in doc.walk() if n.kind == "paragraf" and n.path]
    assert own[:2] == ["§1", "§2"]
    # The quoted new text of the amended act is not the amending act's own §.
    quoted = [n for n in doc.walk() if n.kind == "paragraf" and n.path is None]
    assert quoted


# --- refused input: one clear error naming the file -------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Dokument><Meta/>&lol2;</Dokument>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Dokument>&xxe;</Dokument>"""
HTML = b"<!DOCTYPE html><html><body>Siden findes ikke</body></html>"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BILLION_LAUGHS, "DTD or entity declaration"),
        (EXTERNAL, "DTD or entity declaration"),
        (HTML, "HTML page"),
        (b"", "is empty"),
        (b"<Dokument><Meta>", "not well-formed XML"),
        (b"<html><p>x</p></html>", "HTML page"),
        (b"<Root/>", "not <Dokument>"),
        (b"<a>" * 300 + b"</a>" * 300, "not well-formed XML"),
        (
            b"<Dokument><Meta><DocumentType>CIR H</DocumentType></Meta></Dokument>",
            "unknown document type",
        ),
    ],
)
def test_bad_input_is_refused(tmp_path, data, reason):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=re.escape(reason)) as info:
        read_file(path)
    assert str(path) in str(info.value)


def test_truncated_real_file_names_the_line(tmp_path):
    data = (RI / "2014-433.xml").read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError) as info:
        read_file(path)
    assert info.value.line and info.value.line > 100


def test_oversize_file_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(lexdania, "MAX_BYTES", 1000)
    with pytest.raises(SourceError, match="refused"):
        read_file(RI / "2014-433.xml")


def test_items_labelled_with_letters_are_litra_whatever_the_tag_says(corpus_files, store_url):
    # kommunestyrelsesloven 2015 tags § 16's "a)"-"g)" as numbers (formaInd="Nummer"):
    # the printed label is what a caseworker reads and cites ("§ 16, stk. 1, litra f").
    (path,) = corpus_files("2015-769.xml")
    doc = read_file(path)
    items = [(n.kind, n.label, n.path) for n in doc.walk() if (n.path or "").startswith("§16/s1/")]
    assert items == [("litra", f"{c})", f"§16/s1/l{c}") for c in "abcdefg"]
    numbered = [n for n in doc.walk() if n.kind == "nr"]
    assert numbered and all(n.label and n.label[0].isdigit() for n in numbered)

    import kb
    from kb.ingest.load import import_files

    import_files([path], store_url)  # the store only: the index is not what is tested
    target = kb.resolve("kommunestyrelsesloven § 16, stk. 1, litra f", "2016-01-01").targets[0]
    assert (target.status, target.litra, target.version) == ("ok", "f", "LBK nr 769 af 09/06/2015")
    assert target.text == (
        "varetagelse af andre nærmere angivne kommunale hverv efter anmodning fra "
        "kommunalbestyrelsen eller dennes udvalg og"
    )
