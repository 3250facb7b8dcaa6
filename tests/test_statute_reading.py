"""Statute text read by a statute's rules (`Checker(..., statute=True)`), not a letter's.

Each row is a real passage of a bundled consolidation: the § it stands in is read
together with the § before it (their labels and text as the store holds them), so
that an act named in the earlier § could leak into the later one, as it does in a
letter. In a statute, a bare reference and "denne lov"/"lovens" are the statute's
own, "stk. 2" is of the § it stands in, and "den nævnte lov" is the act named before.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run_kb

import kb
from kb.errors import UsageError
from kb.resolver.pipeline import Checker
from kb.resolver.target import render_rows
from kb.store.read import Reader, open_reader

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
