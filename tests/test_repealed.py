"""Repealed provisions kept as their number ("§§ 20-31. (Ophævet)", "§ 5. (Ophævet)",
"Stk. 4-6. (Ophævet)"), read from the real 2010-2017 corpus: stored as the unit or
group they are, each § of a group cited as repealed, and never as text that holds a
citation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kb
from kb.citation.extract import extract
from kb.ingest.document import Node, render
from kb.ingest.lexdania import read_file
from kb.units import ParagrafGroup, is_repealed, paragraf_group

# (file, source line of the unit, label, store address, text without the label). The
# file splits the label from the unit in all but the first four rows (the full stop, the
# second half, or the whole label in the text's first line); the last rows are live §§
# whose label the file prints in bold as the first line of their text.
STORED = [
    ("2010-1005.xml", 1371, "§§ 22-26.", "§22-26", "(Ophævet)"),
    ("2010-1005.xml", 3121, "§§ 50 a-51.", "§50 a-51", "(Ophævet)"),
    ("2010-1005.xml", 3296, "§ 58-59.", "§58-59", "(Ophævet)"),
    ("2010-1715.xml", 1150, "Stk. 4-6.", "§15/s4-6", "(Ophævet)"),
    ("2011-835.xml", 2743, "§ 13 og § 14.", "§13 og 14", "(Ophævet)."),
    ("2011-988.xml", 2211, "§ 71 og § 71 a.", "§71 og 71 a", "(Ophævet)"),
    ("2011-323.xml", 8617, "§§ 168 og 169.", "§168 og 169", "(Udeladt)."),
    ("2010-856.xml", 11772, "§ 503-504.", "§503-504", "(Ubenyttet)"),
    ("2010-670.xml", 531, "§ 10.", "§10", "(ophævet)"),
    ("2011-663.xml", 2167, "§§ 25-29 b.", "§25-29 b", "(Ophævet)"),
    ("2011-929.xml", 161, "§ 1 a.", "§1 a", "(Ophævet)."),
    ("2010-1103.xml", 607, "Stk. 2.", "§18/s2", "(Ophævet)"),
    ("2011-820.xml", 1389, "§ 47.", "§47", "(Ophævet)"),
    ("2015-1578.xml", 593, "§§ 12-14 a.", "§12-14 a", "(Ophævet)"),
    ("2015-1578.xml", 737, "§§ 15 a-d.", "§15 a-d", "(Ophævet)"),
    ("2015-769.xml", 2840, "§ 62-62 c.", "§62-62 c", "(Ophævet)"),
    ("2012-190.xml", 1357, "§ 16-§ 24.", "§16-24", "(Ophævet)."),
    ("2010-1096.xml", 4100, "§ 78.", "§78", "Ingen må modtage et barn under 14 år"),
    ("2010-1073.xml", 334, "§ 6.", "§6", "Bestyrelsen har den overordnede ledelse"),
]


def _node(path: Path, line: int) -> Node:
    return next(n for n in read_file(path).walk() if n.line == line)


@pytest.mark.parametrize(("name", "line", "label", "address", "text"), STORED)
def test_a_split_label_is_put_back_together(corpus_files, name, line, label, address, text):
    (path,) = corpus_files(name)
    node = _node(path, line)
    assert (node.label, node.path) == (label, address)
    assert render(node, with_label=False).startswith(text)
    # the words as printed, in the order printed: only the split between label and text moves
    printed = re.sub(r"\s+", "", render(node))
    assert printed.startswith(re.sub(r"\s+", "", label + text))


def _own(nodes: list[Node]) -> Iterator[Node]:
    for n in nodes:
        if n.kind not in ("nota", "nytekst", "ikraft", "bilag", "indledning", "hymne"):
            yield n
            yield from _own(n.children)


def test_no_repealed_provision_is_stored_as_text_that_cites(corpus_files):
    """The citation engine, run over the stored text of every unit of these acts that
    only says it is repealed, finds nothing to cite; and each such unit has an address
    ("og § 14. (Ophævet)." read as text cited § 14, "§§ 12-14 a. (Ophævet)" had none)."""
    names = sorted({row[0] for row in STORED})
    seen = 0
    for path in corpus_files(*names):
        for node in _own(read_file(path).body):
            words = render(node, with_label=False)
            if node.kind not in ("paragraf", "stk") or "phævet" not in words or len(words) > 40:
                continue
            seen += 1
            assert is_repealed(words), (path.name, node.line, node.label, words)
            assert not [f.text for f in extract(words) if f.kind == "statute"], (path.name, words)
            assert node.path is not None, (path.name, node.line, node.label, words)
    assert seen > 100


# (file, citation, what the version prints for it): each § of a group, a stk. of a
# repealed §, a stk. inside a group of stk., and the spellings the corpus has.
REPEALED = [
    ("2010-1005.xml", "LBK nr 1005 af 19/08/2010 § 24, stk. 2", "§§ 22-26. (Ophævet)"),
    ("2012-190.xml", "LBK nr 190 af 24/02/2012 § 20", "§ 16-§ 24. (Ophævet)."),
    ("2010-1005.xml", "LBK nr 1005 af 19/08/2010 § 50 a", "§§ 50 a-51. (Ophævet)"),
    ("2010-1005.xml", "LBK nr 1005 af 19/08/2010 § 51", "§§ 50 a-51. (Ophævet)"),
    ("2010-1005.xml", "LBK nr 1005 af 19/08/2010 § 62 b", "§§ 62 a-b. (Ophævet)"),
    ("2011-835.xml", "LBK nr 835 af 01/07/2011 § 14", "§ 13 og § 14. (Ophævet)."),
    ("2011-820.xml", "LBK nr 820 af 01/07/2011 § 47", "§ 47. (Ophævet)"),
    ("2015-1578.xml", "LBK nr 1578 af 08/12/2015 § 14 a", "§§ 12-14 a. (Ophævet)"),
    ("2015-1578.xml", "LBK nr 1578 af 08/12/2015 § 15 c, stk. 2", "§§ 15 a-d. (Ophævet)"),
    ("2015-769.xml", "LBK nr 769 af 09/06/2015 § 62 b", "§ 62-62 c. (Ophævet)"),
    ("2010-670.xml", "LBK nr 670 af 21/06/2010 § 10", "§ 10. (ophævet)"),
    ("2011-663.xml", "LBK nr 663 af 14/06/2011 § 29 a", "§§ 25-29 b. (Ophævet)"),
    ("2010-1376.xml", "LBK nr 1376 af 07/12/2010 § 35", "§ 35. (Ophævet ved L 1989 888)."),
    ("2013-5.xml", "LBK nr 5 af 09/01/2013 § 19", "§ 19. ( Ophævet)"),
    ("2010-1051.xml", "LBK nr 1051 af 02/09/2010 § 4, stk. 6", "Stk. 6. 5) (Ophævet)."),
    ("2010-963.xml", "LBK nr 963 af 11/08/2010 § 46 h", "§§ 46 g, 46 h og 46 i (Ophævet)."),
    ("2010-1715.xml", "LBK nr 1715 af 16/12/2010 § 15, stk. 5", "Stk. 4-6. (Ophævet)"),
    ("2010-1715.xml", "LBK nr 1715 af 16/12/2010 § 15, stk. 5, nr. 1", "Stk. 4-6. (Ophævet)"),
]


@pytest.fixture(scope="module")
def corpus_url(corpus_files, tmp_path_factory: pytest.TempPathFactory) -> str:
    from kb.ingest.load import import_files
    from kb.ingest.setup import prepare_store

    url = f"sqlite:///{tmp_path_factory.mktemp('repealed') / 'kb.sqlite3'}"
    prepare_store(url)
    import_files(corpus_files(*sorted({row[0] for row in REPEALED} | {"2010-1096.xml"})), url)
    return url


@pytest.mark.parametrize(("name", "citation", "printed"), REPEALED)
def test_each_provision_of_a_repealed_group_is_cited_as_repealed(
    corpus_url, name, citation, printed
):
    # read on the named version's own date, when it was the text in force (the bundled
    # store holds newer versions of these acts, which would make it superseded later)
    day = "-".join(reversed(citation.split(" af ")[1].split()[0].split("/")))
    [target] = kb.resolve(citation, day, url=corpus_url).targets
    assert (target.status, target.reason) == ("not_in_force", "repealed"), target.message
    assert target.message and target.message.endswith(f"reads “{printed}”"), target.message


@pytest.mark.parametrize(("name", "citation", "printed"), REPEALED)
def test_a_repealed_provision_of_a_superseded_version_is_still_repealed(
    corpus_url, name, citation, printed
):
    # read long after, when the named version is superseded (where the test store has a
    # newer one): a § of the group is cited
    # as the superseded version's (its text the group's), a stk. inside it as repealed,
    # never "not_found … has no § 24" (what a stk. inside a group used to get)
    [target] = kb.resolve(citation, "2030-01-01", url=corpus_url).targets
    assert target.status == "not_in_force", target.message
    if target.reason == "repealed":
        assert target.message and target.message.endswith(f"reads “{printed}”")
    else:
        assert target.reason == "superseded_version", target.message
        assert printed.endswith(target.text)  # the group's text, without its label


def test_a_paragraph_whose_label_the_file_prints_as_text_is_found(corpus_url):
    # serviceloven 2010 (LBK 1096/2010) prints "§ 78." in bold as its text's first line
    [target] = kb.resolve(
        "LBK nr 1096 af 21/09/2010 § 78, stk. 1", "2011-01-01", url=corpus_url
    ).targets
    assert (target.status, target.law) == ("ok", "serviceloven"), target.message
    assert target.text.startswith("Ingen må modtage et barn under 14 år til døgnophold")


def test_a_range_takes_in_the_members_of_a_lettered_group(corpus_url):
    result = kb.resolve("LBK nr 1005 af 19/08/2010 §§ 50-52", "2010-08-19", url=corpus_url)
    assert [(t.paragraf, t.status) for t in result.targets] == [
        ("50", "ok"),
        ("50 a", "not_in_force"),
        ("51", "not_in_force"),
        ("52", "ok"),
    ]
    assert not [w for t in result.targets for w in t.warnings if w.code == "range_gap"]


@pytest.mark.parametrize(
    ("number", "group", "inside", "outside"),
    [
        ("22-29", ParagrafGroup("22", "29"), ["22", "25", "29"], ["21", "29 a", "30"]),
        ("50 a-51", ParagrafGroup("50 a", "51"), ["50 a", "50 c", "51"], ["50", "51 a"]),
        ("62 a-b", ParagrafGroup("62 a", "62 b"), ["62 a", "62 b"], ["62", "62 c"]),
        ("13 og 14", ParagrafGroup("13", "14", ("13", "14")), ["13", "14"], ["13 a"]),
        ("46 g, 46 h og 46 i", ParagrafGroup("46 g", "46 i", ("46 g", "46 h", "46 i")), [], []),
        ("24", None, [], []),
        ("11 a", None, [], []),
    ],
)
def test_paragraf_group(number, group, inside, outside):
    assert paragraf_group(number) == group
    for p in inside:
        assert p in group
    for p in outside:
        assert p not in group
