"""kb.units: a unit's address (parse, format, order, tree) and a unit's text."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from itertools import pairwise
from typing import NamedTuple

import pytest

import kb.units
from kb.citation.extract import extract
from kb.citation.model import Pinpoint
from kb.ingest.document import render
from kb.ingest.load import node_text
from kb.resolver.target import render_rows
from kb.store.read import Reader, UnitRow, open_reader
from kb.units import MAX_RANGE, Address, number_key, row_children, unit_text


@pytest.fixture(scope="module")
def reader(bundled_store) -> Iterator[Reader]:
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


@pytest.fixture(scope="module")
def versions(reader: Reader) -> list[list[UnitRow]]:
    """The units of every version in the bundled store, in document order."""
    return [reader.units(v.id) for a in reader.acts() for v in reader.versions(a.id)]


def test_the_doctests_of_kb_units_pass() -> None:
    failed, attempted = doctest.testmod(kb.units, optionflags=doctest.ELLIPSIS)
    assert attempted > 10 and failed == 0


# --- the store's form and the written form ------------------------------------------

ADDRESSES = [
    # store path, address, written
    ("§24", Address("24"), "§ 24"),
    ("§11 a/s1", Address("11 a", 1), "§ 11 a, stk. 1"),
    ("§24/s2/n3", Address("24", 2, 3), "§ 24, stk. 2, nr. 3"),
    ("§11 c/s1/n5/la", Address("11 c", 1, 5, "a"), "§ 11 c, stk. 1, nr. 5, litra a"),
    ("§24/s1/la", Address("24", 1, litra="a"), "§ 24, stk. 1, litra a"),
    ("§27/n1", Address("27", nr=1), "§ 27, nr. 1"),
    ("§7/s1/n3 a", Address("7", 1, "3 a"), "§ 7, stk. 1, nr. 3 a"),
    ("§22-29", Address("22-29"), "§ 22-29"),
    ("§63 og 64/s1", Address("63 og 64", 1), "§ 63 og 64, stk. 1"),
    ("kap8 b", Address(kapitel="8 b"), "kapitel 8 b"),
    ("kap10", Address(kapitel="10"), "kapitel 10"),
]


@pytest.mark.parametrize(("path", "address", "written"), ADDRESSES)
def test_parse_format_and_write(path: str, address: Address, written: str) -> None:
    assert Address.parse(path) == address
    assert address.path == str(address) == path
    assert address.written() == written


@pytest.mark.parametrize(
    "path",
    ["", "§", "24", "kap", "kap8/s1", "§24/", "§24/s", "§24/x2", "§24/n3/s2", "§24/s1/s2",
     "§24/la/n1", "s2", "§24//s1"],
)  # fmt: skip
def test_what_is_not_an_address_is_refused(path: str) -> None:
    with pytest.raises(ValueError, match="is not a unit's address"):
        Address.parse(path)


def test_a_relative_address_has_no_store_form() -> None:
    assert Address(stk=2).path is None and str(Address(stk=2)) == ""
    assert Address(stk=2, nr=1).written() == "stk. 2, nr. 1"


def test_every_address_in_a_real_store_round_trips(versions: list[list[UnitRow]]) -> None:
    paths = [u.path for units in versions for u in units if u.path]
    assert len(paths) > 1000
    for path in paths:
        address = Address.parse(path)
        assert address.path == str(address) == path
        assert Address.parse(str(address)) == address


def test_every_address_in_a_real_store_is_its_parent_s_child(
    versions: list[list[UnitRow]],
) -> None:
    """The tree the addresses describe is the store's tree: each stk., nr. and
    litra is the child of the nearest unit above it that has an address."""
    checked = 0
    for units in versions:
        by_ord = {u.ord: u for u in units}
        for u in units:
            if not u.path:
                continue
            address = Address.parse(u.path)
            if u.kind == "paragraf":
                assert address == Address(u.number)
                assert address.parent is None
            elif u.kind == "kapitel":
                assert address == Address(kapitel=u.number)
                assert address.parent is None
            else:
                above = by_ord[u.parent_ord]  # type: ignore[index]
                parent = Address.parse(above.path)  # type: ignore[arg-type]
                assert parent.holds(u.kind)
                assert parent.child(u.kind, u.number) == address  # type: ignore[arg-type]
                assert address.parent == parent
                assert address.is_within(parent) and not parent.is_within(address)
                checked += 1
    assert checked > 1000


# --- order -------------------------------------------------------------------------------

IN_ORDER = [
    ["§2", "§10", "§10 a", "§10 b", "§11"],
    ["§10", "§10/s1", "§10/s1/la", "§10/s1/n1", "§10/s1/n1/la", "§10/s1/n1/lb", "§10/s1/n2",
     "§10/s2", "§10 a"],
    ["§21", "§22-29", "§30"],
    ["§62", "§63 og 64", "§65"],
    ["§7/s1/n3", "§7/s1/n3 a", "§7/s1/n4"],
    ["kap2", "kap10", "kap10 a", "§1"],
]  # fmt: skip


@pytest.mark.parametrize("paths", IN_ORDER)
def test_addresses_sort_in_the_act_s_order(paths: list[str]) -> None:
    addresses = [Address.parse(p) for p in paths]
    for shuffled in (addresses[::-1], addresses[1::2] + addresses[::2]):
        assert sorted(shuffled) == addresses
        assert sorted(shuffled, key=Address.sort_key) == addresses
    for a, b in pairwise(addresses):
        assert a < b and a <= b and b > a and b >= a and not b < a


def test_the_addresses_of_every_stored_version_sort_in_document_order(
    versions: list[list[UnitRow]],
) -> None:
    """Chapters aside (their address does not place them among the §§)."""
    for units in versions:
        addresses = [Address.parse(u.path) for u in units if u.path and u.kind != "kapitel"]
        assert sorted(addresses) == addresses


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2", (2, "")),
        ("10", (10, "")),
        ("10 a", (10, "a")),
        ("63 og 64", (63, "og 64")),
        ("22-29", (22, "-29")),
        ("", (0, "")),
        ("x", (0, "x")),
    ],
)
def test_number_key(value: str, key: tuple[int, str]) -> None:
    """One order for both readers of numbers: the extractor's (which raised on
    anything not a number) and the resolver's (which put a group first)."""
    assert number_key(value) == key


# --- the tree ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parents"),
    [
        ("§11 c/s1/n5/la", ["§11 c/s1/n5", "§11 c/s1", "§11 c"]),
        ("§24/s1/la", ["§24/s1", "§24"]),
        ("§27/n1", ["§27"]),
        ("§24", []),
        ("kap8 b", []),
    ],
)
def test_parent_chain(path: str, parents: list[str]) -> None:
    chain = []
    address = Address.parse(path).parent
    while address is not None:
        chain.append(str(address))
        address = address.parent
    assert chain == parents


@pytest.mark.parametrize(
    ("path", "kind", "number", "child"),
    [
        ("§24", "stk", "2", "§24/s2"),
        ("§24", "stk", 2, "§24/s2"),
        ("§24/s2", "nr", "3", "§24/s2/n3"),
        ("§24/s2", "nr", "3 a", "§24/s2/n3 a"),
        ("§24/s2", "litra", "a", "§24/s2/la"),
        ("§24/s2/n3", "litra", "b", "§24/s2/n3/lb"),
        ("§27", "nr", 1, "§27/n1"),
    ],
)
def test_child(path: str, kind: str, number: int | str, child: str) -> None:
    parent = Address.parse(path)
    assert parent.holds(kind)
    assert str(parent.child(kind, number)) == child
    assert Address.parse(child).parent == parent


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("§24/s2", "stk"),
        ("§24/s2/n3", "nr"),
        ("§24/s2/n3", "stk"),
        ("§24/s2/la", "nr"),
        ("§24/s2/n3/la", "litra"),
        ("kap8", "stk"),
        ("§24", "paragraf"),
    ],
)
def test_no_child_where_the_store_gives_none(path: str, kind: str) -> None:
    parent = Address.parse(path)
    assert not parent.holds(kind)
    with pytest.raises(ValueError, match="holds no"):
        parent.child(kind, 1)


@pytest.mark.parametrize(
    ("path", "other", "within"),
    [
        ("§24/s2/n3", "§24", True),
        ("§24/s2/n3", "§24/s2", True),
        ("§24/s2/n3", "§24/s2/n3", True),
        ("§24/s2/n3", "§24/s3", False),
        ("§24/s2", "§24/s2/n3", False),
        ("§24/s2/la", "§24/s2/n1", False),
        ("§24/s2/n1/la", "§24/s2/la", False),
        ("§24", "§2", False),
        ("§24", "kap5", False),
        ("kap5", "kap5", True),
    ],
)
def test_is_within(path: str, other: str, within: bool) -> None:
    assert Address.parse(path).is_within(Address.parse(other)) is within


# --- a citation's pinpoint -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "path", "written"),
    [
        (Pinpoint("24", 1, None, None, 2), "§24/s1", "§ 24, stk. 1, 2. pkt."),
        (Pinpoint("19", 2, 3, "a"), "§19/s2/n3/la", "§ 19, stk. 2, nr. 3, litra a"),
        (Pinpoint(stk=2, pkt=1), None, "stk. 2, 1. pkt."),
        (Pinpoint(pkt=2), None, "2. pkt."),
        (Pinpoint(kapitel="8 b"), "kap8 b", "kapitel 8 b"),
        (Pinpoint(pkt=3, kapitel="5"), "kap5", "kapitel 5"),
    ],
)
def test_a_pinpoint_s_address_comes_from_units(pin: Pinpoint, path: str | None, written: str):
    assert pin.path == pin.address.path == path
    assert pin.written() == written


def test_the_range_cap_is_where_the_extractor_refuses() -> None:
    def read(last: int) -> list[tuple[str, int]]:
        text = f"forvaltningslovens § 19, stk. 2, nr. 1-{last}"
        return [(f.kind, len(f.items)) for f in extract(text)]

    assert read(1 + MAX_RANGE) == [("statute", 1 + MAX_RANGE)]
    assert read(2 + MAX_RANGE) == [("malformed", 0)]  # "… is too wide to be a range …"


# --- a unit's text ------------------------------------------------------------------------------


class _N(NamedTuple):
    kind: str
    label: str | None = None
    heading: str | None = None
    text: str | None = None
    tail: str | None = None
    children: tuple[_N, ...] = ()


_TREE = _N(
    "paragraf",
    "§ 7.",
    "Frister",
    "Der gælder en frist.",
    children=(
        _N("nota", text="(1) En note."),
        _N(
            "stk",
            "Stk. 2.",
            None,
            "Fristen er",
            "Dog ikke i sager om børn.",
            children=(_N("nr", "1)", None, "4 uger,"), _N("nr", "2)", "Overskrift", "8 uger.")),
        ),
    ),
)

RENDERINGS = [
    # keyword arguments, text: the four ways the stages read a unit
    (
        {},  # the resolver's (render_rows), the excerpt's, the index's
        "Der gælder en frist. Stk. 2. Fristen er 1) 4 uger, 2) Overskrift 8 uger. "
        "Dog ikke i sager om børn.",
    ),
    (
        {"label": True, "heading": True},  # the importer's full text of a node (render)
        "§ 7. Frister Der gælder en frist. Stk. 2. Fristen er 1) 4 uger, 2) Overskrift 8 uger. "
        "Dog ikke i sager om børn.",
    ),
    (
        {"heading": True},  # render(node, with_label=False)
        "Frister Der gælder en frist. Stk. 2. Fristen er 1) 4 uger, 2) Overskrift 8 uger. "
        "Dog ikke i sager om børn.",
    ),
    (
        {"sub_labels": False},  # the importer's words (node_text)
        "Der gælder en frist. Fristen er 4 uger, 8 uger. Dog ikke i sager om børn.",
    ),
]


@pytest.mark.parametrize(("options", "text"), RENDERINGS)
def test_unit_text_and_where_its_parts_stand(options: dict[str, bool], text: str) -> None:
    got = unit_text(_TREE, lambda n: n.children, **options)
    assert got.text == text
    assert [(u.text if f == "text" else u.tail) for u, f, _a, _b in got.parts] == [
        "Der gælder en frist.",
        "Fristen er",
        "4 uger,",
        "8 uger.",
        "Dog ikke i sager om børn.",
    ]
    for u, field, start, end in got.parts:
        assert text[start:end] == getattr(u, field)


def test_the_importer_s_renderings_are_unit_text() -> None:
    from kb.ingest.document import Node

    def node(n: _N) -> Node:
        return Node(
            n.kind, None, n.label, None, n.heading, n.text or "", n.tail or "",
            [node(c) for c in n.children],
        )  # fmt: skip

    tree = node(_TREE)
    assert render(tree) == RENDERINGS[1][1]
    assert render(tree, with_label=False) == RENDERINGS[2][1]
    assert node_text(tree) == RENDERINGS[3][1]


def test_every_stored_unit_s_parts_stand_where_its_text_says(
    reader: Reader, versions: list[list[UnitRow]]
) -> None:
    """What the excerpt relies on to cut sentences: each stored piece is in
    the resolver's text at its offsets, exactly."""
    pieces = 0
    for units in versions:
        for u in units:
            rows = [r for r in units if u.ord <= r.ord <= u.end_ord]
            text, parts = unit_text(rows[0], row_children(rows))
            assert text == render_rows(rows)
            for row, field, start, end in parts:
                assert text[start:end] == getattr(row, field)
                pieces += 1
    assert pieces > 1000
