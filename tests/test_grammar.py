"""Single-citation grammar, one row per form (as in eyecite's tests)."""

from __future__ import annotations

import pytest

from kb.citation.grammar import parse
from kb.errors import CitationSyntaxError

ROWS = [
    # text, act as written, written pinpoint, version key
    ("forvaltningsloven § 24, stk. 2", "forvaltningsloven", "§ 24, stk. 2", None),
    ("forvaltningslovens § 24", "forvaltningslovens", "§ 24", None),
    ("§ 24 i forvaltningsloven", "forvaltningsloven", "§ 24", None),
    ("fvl. § 24", "fvl.", "§ 24", None),
    ("fvl § 19, stk. 2, nr. 3", "fvl", "§ 19, stk. 2, nr. 3", None),
    ("retssikkerhedsloven § 11 a", "retssikkerhedsloven", "§ 11 a", None),
    ("§ 11a i retssikkerhedsloven", "retssikkerhedsloven", "§ 11 a", None),
    ("§24, Stk. 1, 2. pkt.", None, "§ 24, stk. 1, 2. pkt.", None),
    (
        "§ 10, nr. 2, litra b, i lov om hold af dyr",
        "lov om hold af dyr",
        "§ 10, nr. 2, litra b",
        None,
    ),
    ("fvl.\u00a0§\u00a024,\nstk. 3", "fvl.", "§ 24, stk. 3", None),
    ("kapitel 8 b i forvaltningsloven", "forvaltningsloven", "kapitel 8 b", None),
    ("LBK nr 433 af 22/04/2014 § 24", None, "§ 24", ("LBK", 433, "2014-04-22")),
    (
        "forvaltningsloven, lovbekendtgørelse nr. 433 af 22. april 2014, § 24",
        "forvaltningsloven",
        "§ 24",
        ("LBK", 433, "2014-04-22"),
    ),
]


@pytest.mark.parametrize(("text", "act", "pin", "version"), ROWS)
def test_parse(text, act, pin, version):
    parsed = parse(text)
    assert parsed.act == act
    assert parsed.pin.written() == pin
    assert parsed.version_key == version


@pytest.mark.parametrize("text", ["forvaltningsloven", "", "stk. 2 og 3", "§ ----"])
def test_not_a_citation(text):
    with pytest.raises(CitationSyntaxError, match="names no § or kapitel"):
        parse(text)
