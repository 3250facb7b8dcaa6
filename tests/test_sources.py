"""The bundled hand-made sources: the pamphlet's wording, exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED
from lxml import etree

from kb.ingest.lexdania import read_file
from kb.ingest.load import bundled_statutes
from kb.text import clean

PAMPHLET_FILES = {
    "forvaltningsloven-pjece-2004.xml": ["7", "8", "19", "20", "21", "22", "23", "24", "25", "26"],
    "offentlighedsloven-1985.xml": ["6"],
    "retssikkerhedsloven-pjece-2004.xml": [
        "1",
        "3",
        "4",
        "5",
        "6",
        "7",
        "10",
        "11",
        "11 a",
        "11 b",
        "11 c",
        "12",
    ],
}


def _seed_text() -> str:
    return clean(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PAMPHLET_FILES))
def test_pamphlet_source_holds_the_quoted_paragraphs(name):
    [path] = [p for p in bundled_statutes() if p.name == name]
    doc = read_file(path)
    assert doc.meta.partial
    # a quotation attests the month of the pamphlet, not an interval in force
    assert (doc.meta.attested_from, doc.meta.attested_until) == (
        dt.date(2004, 1, 1),
        dt.date(2004, 1, 31),
    )
    assert doc.meta.in_force_from is None
    assert "At skrive en afgørelse" in (doc.meta.source or "")
    numbers = [n.number for n in doc.walk() if n.kind == "paragraf"]
    assert numbers == PAMPHLET_FILES[name]


@pytest.mark.parametrize("name", sorted(PAMPHLET_FILES))
def test_every_line_of_law_text_occurs_verbatim_in_the_pamphlet(name):
    seed = _seed_text()
    [path] = [p for p in bundled_statutes() if p.name == name]
    tree = etree.parse(str(path))
    lines = [clean("".join(c.itertext())) for c in tree.find("DokumentIndhold").iter("Char")]
    assert lines
    missing = [line for line in lines if line not in seed]
    assert missing == []


def test_practice_references_are_bundled(store_url):
    from kb.store.read import open_reader

    with open_reader(store_url) as reader:
        for ref in ("SM P-12-99", "SM C-37-00"):
            row = reader.practice(ref)
            assert row is not None, ref
            assert row[7]  # the pamphlet's summary


def test_registry_names_what_the_sources_cannot_tell():
    from kb.citation.names import registry

    reg = registry()
    for written, key in [
        ("fvl.", "forvaltningsloven"),
        ("offl.", "offentlighedsloven"),
        ("rsl", "retssikkerhedsloven"),
        ("SEL", "serviceloven"),
        ("Service-lovens", "serviceloven"),  # the pamphlet's spelling
        ("LAS", "aktivloven"),
        ("aktivlovens", "aktivloven"),  # the genitive of a name the registry gives
        ("lov om aktiv socialpolitik", "aktivloven"),  # the act the name belongs to
        ("LAB", "beskæftigelsesloven"),
        ("førtidspensionslovens", "gammelførtidspensionsloven"),
        ("retsplejelovens", "retsplejeloven"),  # named, not bundled
    ]:
        entry = reg.lookup(written)
        assert entry is not None and entry.key == key, written
    # a title a document gives is the store's to tell (tests/test_bundle.py)
    assert reg.lookup("lov om retssikkerhed og administration på det sociale område") is None
