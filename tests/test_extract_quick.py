"""The extractor's shortcuts give exactly the answers of the full grammar.

For speed the extractor reads the commonest forms the short way
(`quick.quick`, `acts.quick_act`, `quick.quick_led`), groups its literal
scans (`scan._scans`), and refuses early where no form can begin
(`grammar.may_name`, the document-type test in `grammar.version`,
`grammar.dash`, `lists.may_trail`). Each is claimed to change no answer.
These tests hold them to it: the same texts are read with each shortcut
switched off and the records compared whole, on the real texts in
../shared (the pamphlets, every Retsinformation file, the citation
examples) and on generated text built from citation pieces.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import ALL_XML, SEED, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from kb.citation import acts, grammar, lists, quick, scan, words
from kb.citation import extract as E
from kb.citation.grammar import Lexicon, lexicon

# Pieces a letter's citations are made of, and the words around them that
# the shortcuts must tell apart from a continuation.
PIECES = [
    "§", "§§", "§ ", "§24", "stk.", "Stk.", "stk", "nr.", "nr", "nr.3", "litra", "pkt.", "pkt",
    "kapitel", "Kapitel", "Kapitel 3", "kapitlerne", "1", "2", "3", "11", "24", "09", "11 a", "11a",
    "7 b", "9 A", "i", "I", "a", "b", "og", "eller", "samt", "og/eller", ",", ", ", "-", "–", " - ",
    ".", ". ", ":", ")", "(", "\n", "\n\n", " ", " ", " ", "\u00a0", "\u00ad", "jf.", "jfr.",
    "jf. dog", "forvaltningsloven", "forvaltningslovens", "Forvaltningsloven",
    "retssikkerhedsloven", "Retssikkerhedsloven", "servicelovens", "straffeloven",
    "integrationslovens", "ændringsloven", "moderloven", "lovgivning", "lovlig", "forlovede",
    "serviceloven-", "-loven", "lov om social service", "lov om social services",
    "lov om social pension", "lov om retssikkerhed og administration på det sociale område",
    "denne lov", "denne lovs", "samme lov", "samme lovs", "nærværende lov",
    "loven", "lovens", "lovs", "Lov", "LOV", "LBK", "BEK nr 5", "lov nr. 638 af 12. juni 2013",
    "LBK nr 433 af 22/04/2014", "lovbekendtgørelse nr. 755 af 9. december 2002",
    "Socialministeriets bekendtgørelse nr. 122 af 19. februar 1998", "Beskæftigelsesmin.",
    "Vejl. nr. 3 af 2. maj 2001", "cirk.skr.", "fvl.", "fvl", "rsl", "rpl", "offl.", "LAS", "LAS §",
    "SUL", "LLBK", "retssikkerhedsl.", "barnets reform", "borgerlig", "SM P-12-99", "SM C-37- 00",
    "Social Meddelelse", "principafgørelse 41-17", "1.", "2.", "3. og 4.", "2.-4.", "januar", "kr",
    "art.", "artikel 8", "Art. 6, stk. 1", "En", "Myndigheden", "skal", "finder", "anvendelse",
    "efter", "i medfør af", "forvaltnings-\nloven", "§ ----", "X", "kl. 12", "af", "til", "under",
    "m.v.", "Stk. 2.", "§ 5.", "\n§ 5. En", "\nStk. 2. Den", "\nKapitel 2\n",
    "DSK nr. 12 af 1. maj 2001", "SKR nr 3 af 2/5 2001", "AND nr. 1 af 3. marts 1999",
    "i forvaltningsloven", "i lov om social pension", "børne-reform", "børne-reforms § 6",
    "Børne-reform", "§ 5,", "stk. 2,", "§ 7, nr. 2,", "forvaltningslovens § 6",
    "lov om social service § 3", "lovbekendtgørelse nr. 433 af 22. april 2014 § 19",
    "efter § 56.", "Stk. 3. Den", " og anden", " og forvaltningslovens § 2",
    ", og lov om social service", "§§ 22-24", "22-24", "24-22", "5-5", "2-4", "og 3", "3 og 4)",
    "11-11 b", "3,5", "2-§ 4", "1 eller 5", "stk. 2-4, 6", "3 a)", "3 dage", ", 3. pkt.", "-3",
    "stk. 2 og 3", "§ 19, stk. 2, nr. 1 eller 5", "og/eller 7", "9 A", "1-300", "stk. 1-300",
    "§§ 24-22", "§ 5-5", "stk. 4-2", "§ 3, 3. pkt.",
    "Justitsministeriets bekendtgørelse nr. 5 af 1. maj 2001",
    "Justitsmin. cirk.skr. nr. 73 af 4/6 1997", "Undervisningsmin. BEK nr. 2 af 3. maj 2001",
    "paragraf 24", "stykke 2", "Stykke 2.", "stykkerne 1-5", "2. punktum", "i paragraf 24",
    "denne paragraf", "paragraffer",
    # every written-out word of the levels, as the table has them
    *(w for level in words.TABLE for w in level.literals if w.isalpha()),
]  # fmt: skip
# A hyphenated name the registry does not hold, added as a store adds names.
EXTRA_NAMES = (("børne-reform", "forvaltningsloven"),)

REAL = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _real_texts() -> Iterator[tuple[str, str]]:
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        yield seed.name, seed.read_text(encoding="utf-8")
    for path in ALL_XML:
        root = etree.parse(str(path)).getroot()
        yield path.name, etree.tostring(root, method="text", encoding="unicode")
    with (SHARED / "data" / "citation_examples.tsv").open(encoding="utf-8") as f:
        yield (
            "citation_examples.tsv",
            "\n".join(" ".join(row) for row in csv.reader(f, delimiter="\t")),
        )


def _pairs() -> str:
    """Every two pieces side by side, with and without a space, a pair a line."""
    return "\n".join(a + gap + b for a in PIECES for b in PIECES for gap in ("", " "))


REAL_TEXTS = [*_real_texts(), ("pairs of pieces", _pairs())]
assert any(name == SEED.name for name, _ in REAL_TEXTS)


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return lexicon(EXTRA_NAMES)


@contextmanager
def switched_off(monkeypatch: pytest.MonkeyPatch, shortcut: str) -> Iterator[None]:
    """Read the full way where `shortcut` would take the short one."""
    with monkeypatch.context() as m:
        if shortcut == "quick":
            m.setattr(quick, "quick", lambda t, s, floor, lex: None)
            m.setattr(acts, "quick_act", lambda t, c, floor, lex: None)
            m.setattr(quick, "quick_led", lambda t, pos, lead, lex: None)
        elif shortcut == "prechecks":
            m.setattr(grammar, "may_name", lambda word, lex: True)
            m.setattr(grammar, "_TYPE_INITIALS", _Everything())
            m.setattr(grammar, "dash", _dash_by_pattern)
            m.setattr(lists, "may_trail", lambda t, p: True)
        yield


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def _dash_by_pattern(text: str, pos: int) -> int | None:
    m = grammar._DASH.match(text, pos)
    return m.end() if m else None


def _both_ways(text: str, lex: Lexicon, monkeypatch: pytest.MonkeyPatch, shortcut: str) -> None:
    fast = E.extract(text, lex)
    with switched_off(monkeypatch, shortcut):
        full = E.extract(text, lex)
    assert len(fast) == len(full)
    for a, b in zip(fast, full, strict=True):
        assert a == b, f"{shortcut}: {a.text!r} at {a.start} read as {a} instead of {b}"


@pytest.mark.parametrize("shortcut", ["quick", "prechecks"])
@pytest.mark.parametrize("name", [name for name, _ in REAL_TEXTS])
def test_shortcuts_change_nothing_in_real_text(
    name: str, shortcut: str, lex: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = dict(REAL_TEXTS)[name]
    found = E.extract(text, lex)
    assert found, f"{name}: nothing found"
    _both_ways(text, lex, monkeypatch, shortcut)


pieces = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "\n"])),
    min_size=10,
    max_size=150,
).map(lambda parts: "".join(p + gap for p, gap in parts))


@REAL
@given(text=pieces)
def test_shortcuts_change_nothing_in_generated_text(text: str) -> None:
    lex = lexicon(EXTRA_NAMES)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for shortcut in ("quick", "prechecks"):
            _both_ways(text, lex, monkeypatch, shortcut)


def _every_literal(t: str, lex: Lexicon) -> list[int]:
    """`scan.candidates` the plain way: every literal scanned on its own."""
    positions = set()
    for literal in (*scan.LITERALS, *lex.abbreviation_words):
        positions.update(m.start() for m in re.finditer(f"(?={re.escape(literal)})", t))
    positions.update(m.start() for m in re.finditer(r"[Ss]ociale?\s+(?=[Mm]eddelelse)", t))
    return sorted(positions)


@pytest.mark.parametrize("name", [name for name, _ in REAL_TEXTS[:6]] + ["pairs of pieces"])
def test_grouped_scans_find_every_literal(name: str, lex: Lexicon) -> None:
    text = dict(REAL_TEXTS)[name]
    assert scan.candidates(text, lex) == _every_literal(text, lex)


@REAL
@given(text=pieces)
def test_grouped_scans_find_every_literal_in_generated_text(text: str) -> None:
    lex = lexicon(EXTRA_NAMES)
    assert scan.candidates(text, lex) == _every_literal(text, lex)


def test_a_shortcut_that_changed_an_answer_would_be_caught(
    lex: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The comparison itself must be able to fail: a short way that drops the
    # letter of "§ 11 a" is caught.
    text = "efter § 11 a finder"
    real_quick = quick.quick

    def wrong(t: str, s: int, floor: int, lex: Lexicon):  # type: ignore[no-untyped-def]
        found = real_quick(t, s, floor, lex)
        if found is not None and found.kind == "statute":
            item = found.items[0]
            return found._replace(items=(item._replace(pin=item.pin._replace(paragraf="11")),))
        return found

    monkeypatch.setattr(quick, "quick", wrong)
    with pytest.raises(AssertionError, match="read as"):
        _both_ways(text, lex, monkeypatch, "quick")
