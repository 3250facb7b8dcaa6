"""`kb show` as a caseworker reads it: the text of a provision that is not in force
printed under its stamp, and a chapter, a § or a stk. one unit a line, the words
exactly those of the JSON's `text`."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_kb

from kb.store.read import open_reader


def _shown(citation: str, *args: str) -> tuple[int, list[str], dict]:
    """`kb show`'s exit status, its lines, and the target of `kb show --json`."""
    human = run_kb("show", citation, *args)
    data = json.loads(run_kb("show", citation, *args, "--json").stdout)
    [target] = data["citations"][0]["targets"]
    return human.returncode, human.stdout.splitlines(), target


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("citation", "reason", "first_line"),
    [
        # a superseded version named (the README's example)
        ("LBK nr 1054 af 07/09/2010 § 11 b", "superseded_version", "§ 11 b. Hvis borgeren"),
        # a provision the version in force lacks: its last text, from the earlier version
        ("forvaltningsloven § 14, stk. 2", "no_longer_in_act", "Stk. 2. Oplysninger vedrørende"),
        # a repealed group: what the version prints for it
        ("retssikkerhedsloven § 24", "repealed", "§§ 22-29. (Ophævet)"),
    ],
)
def test_a_provision_not_in_force_is_printed_under_its_stamp(
    store_url, citation, reason, first_line
):
    status, lines, target = _shown(citation)
    assert status == 1
    assert (target["status"], target["reason"]) == ("not_in_force", reason)
    assert lines[0].endswith("not_in_force") and lines[1] == f"  {target['message']}"
    assert lines[2] == f"{target['version_title']} ({target['version']})"
    text = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    stamp = next(i for i, line in enumerate(lines) if line.startswith("in force from"))
    assert text < stamp
    assert target["eli"] in lines[stamp]
    # the words printed are the JSON's text, with its label before it
    assert _words(" ".join(lines[text:stamp])) == _words(f"{target['label']} {target['text']}")
    for w in target["warnings"]:
        assert f"warning: {w['message']}" in lines[stamp + 1 :]


def test_a_chapter_prints_each_paragraph_and_stk_on_a_line_of_its_own(store_url):
    status, lines, target = _shown("forvaltningsloven kapitel 6")
    assert status == 0
    start = lines.index("Kapitel 6 Begrundelse m.v.")
    body = lines[start + 1 : lines.index("", start)]
    assert [re.match(r"(§ \d+\.|Stk\. \d\.)", line)[0] for line in body] == [  # type: ignore[index]
        "§ 22.",
        "§ 23.",
        "Stk. 2.",
        "§ 24.",
        "Stk. 2.",
        "Stk. 3.",
    ]
    assert _words(" ".join(body)) == _words(target["text"])


def test_list_items_are_indented_under_their_stk(store_url):
    status, lines, target = _shown("forvaltningsloven § 19, stk. 2")
    assert status == 0
    start = next(i for i, line in enumerate(lines) if line.startswith("Stk. 2. "))
    items = lines[start + 1 : start + 7]
    assert [line[:5] for line in items] == [f"  {n}) " for n in range(1, 7)]
    assert _words(" ".join(lines[start : start + 7])) == _words(f"Stk. 2. {target['text']}")


def test_the_lines_of_every_stored_unit_are_its_text(bundled_store):
    """Over every unit of every stored version: the lines `kb show` prints, joined,
    are the text the JSON gives, character for character."""
    from kb.resolver.target import render_lines, render_rows

    reader = open_reader(f"sqlite:///{bundled_store}")
    try:
        checked = 0
        for act in reader.acts():
            for version in reader.versions(act.id):
                rows = reader.units(version.id)
                assert [r.ord for r in rows] == list(range(len(rows)))
                for row in rows:
                    subtree = rows[row.ord : row.end_ord + 1]
                    lines = render_lines(subtree)
                    assert " ".join(line.text for line in lines) == render_rows(subtree)
                    checked += 1
        assert checked > 2000
    finally:
        reader.close()
