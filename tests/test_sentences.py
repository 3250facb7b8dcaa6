"""Sentence (pkt.) boundaries, one row per case."""

from __future__ import annotations

import pytest

from kb.sentences import split

CASES = [
    # A §-reference ends the first sentence; the next starts with a capital.
    (
        "§ 24, stk. 1, 2. pkt., og stk. 2, gælder ikke i de sager, der er nævnt i § 9, stk. 4. "
        "Begrundelsens indhold kan i øvrigt begrænses, jfr. § 15.",
        2,
    ),
    # "jfr. dog § 18" must not be split after the abbreviation.
    ("Bestemmelserne gælder ikke sager om strafferetlig forfølgning, jfr. dog § 18.", 1),
    # m.v. and bl.a. and f.eks. inside a sentence.
    ("Selskaber m.v. og bl.a. fonde, f.eks. Fonden, er omfattet. Det gælder dog ikke.", 2),
    # "el.lign.," followed by a comma continues the sentence (offentlighedsloven § 11).
    ("Det kan ske gennem anonymisering el.lign., der kan foretages enkelt. Retten gælder.", 2),
    # Ordinals and dates do not end sentences.
    ("Loven træder i kraft den 1. januar 2014. Samtidig ophæves lov nr. 572.", 2),
    ("Stk. 1, 1. pkt., gælder ikke.", 1),
    ("", 0),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_sentence_count(text: str, count: int) -> None:
    parts = split(text)
    assert len(parts) == count
    # Nothing lost or added: the sentences joined give the text back.
    assert " ".join(parts) == text.strip()
