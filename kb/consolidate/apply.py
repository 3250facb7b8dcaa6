"""Apply an amending act's instructions to the units of a stored version.

The text is held as a tree of the stored units (kapitel, gruppe, §, stk., nr.,
litra) and each instruction — a numbered item of an amending § with its new
text (`nytekst`) and renumbering clause (`rykning`) under it, as the store holds
them — changes that tree, in the order the amending act gives. An instruction
either changes the text exactly as it says, or is refused with a reason and
leaves the text as it was: text is never changed on a guess.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from kb.consolidate.model import Outcome, Unit
from kb.i18n import _
from kb.sentences import spans
from kb.store.read import UnitRow

_NUM = r"\d+(?:\s?[a-zæøå](?![a-zæøå]))?"
_ADDRESS = re.compile(
    rf"(?P<kap>[Kk]apitel\s+(?P<kapnr>{_NUM}))?"
    rf"(?:§§?\s*(?P<par>{_NUM})(?:\s*-\s*(?P<parto>{_NUM}))?)?"
    rf"(?:,?\s*[Ss]tk\.\s*(?P<stk>\d+)(?:\s*-\s*(?P<stkto>\d+))?)?"
    rf"(?:,?\s*(?:der\s+bliver\s+stk\.\s*(?P<stkbecomes>\d+),?))?"
    rf"(?:,?\s*[Nn]r\.\s*(?P<nr>{_NUM})(?:\s*-\s*(?P<nrto>{_NUM}))?)?"
    rf"(?:,?\s*(?:der\s+bliver\s+nr\.\s*(?P<nrbecomes>{_NUM}),?))?"
    rf"(?:,?\s*[Ll]itra\s+(?P<litra>[a-zæøå]))?"
    rf"(?:,?\s*(?P<pkt>\d+)\.\s*pkt\.)?"
)
_BECOMES = re.compile(r",?\s*der\s+bliver\s+(stk|nr|§)\.?\s*[^,]+,")
_WORDS = re.compile(r"»([^«]*)«\s*(?:ændres\s+)?til:?\s*»([^«]*)«")
_DROPPED = re.compile(r"»([^«]*)«\s*(?:,\s*)?(?:og\s+»[^«]*«\s*)?udgår")
_DROPPED_AFTER = re.compile(r"udgår:?\s+»([^«]*)«")
_INSERT_WORDS = re.compile(r"indsættes\s+(efter|før)\s+»([^«]*)«\s*:?\s*»([^«]*)«")
_INSERT_WORDS_2 = re.compile(r"(efter|før)\s+»([^«]*)«\s+indsættes:?\s*»([^«]*)«")
_TIMES = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
_TIMES_RE = re.compile(r"(\d+|to|tre|fire|fem|seks|syv|otte|ni|ti)\s+steder")
_RYK = re.compile(
    r"(?P<word>Stk|Nr|§§?|Litra|Kapitel)\.?\s+(?P<old>[\dA-Za-zæøå ,og-]+?)\s+bliver\s+herefter\s+"
    r"(?:stk|nr|§§?|litra|kapitel)\.?\s+(?P<new>[\dA-Za-zæøå ,og-]+?)\s*\.?$",
    re.I,
)
_STRUCTURE = ("bog", "afsnit", "kapitel", "gruppe", "paragraf", "stk", "nr", "litra")


@dataclass
class Node:
    """A unit of the text being built."""

    kind: str
    number: str | None
    label: str | None
    heading: str | None
    text: str | None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    def add(self, nodes: Iterable[Node], at: int | None = None) -> None:
        nodes = list(nodes)
        for n in nodes:
            n.parent = self
        if at is None:
            self.children += nodes
        else:
            self.children[at:at] = nodes

    def remove(self) -> int:
        assert self.parent is not None
        at = next(i for i, c in enumerate(self.parent.children) if c is self)
        del self.parent.children[at]
        return at

    def walk(self) -> Iterable[Node]:
        yield self
        for c in self.children:
            yield from c.walk()


class Refused(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def tree(units: Sequence[UnitRow]) -> Node:
    """The stored units of a version (notes and the like left out) as a tree."""
    root = Node("root", None, None, None, None)
    by_ord: dict[int, Node] = {}
    for u in units:
        # the amending acts' commencement provisions printed after an LBK's text
        # ("ikraft") are not part of the act's own text
        if u.kind not in _STRUCTURE or (u.parent_ord is not None and u.parent_ord not in by_ord):
            continue
        n = Node(u.kind, u.number, u.label, u.heading, u.text)
        parent = root
        p = u.parent_ord
        if p is not None and p in by_ord:
            parent = by_ord[p]
        parent.add([n])
        by_ord[u.ord] = n
    return root


def subtree(rows: Sequence[UnitRow], top: UnitRow) -> list[Node]:
    """The units under `top` (a `nytekst`) as nodes."""
    inside = [u for u in rows if top.ord < u.ord <= top.end_ord]
    fake = [u._replace(parent_ord=None) if u.parent_ord == top.ord else u for u in inside]
    return tree(fake).children


def units_of(root: Node) -> list[Unit]:
    """The tree as units, in the act's order, with their paths."""
    out: list[Unit] = []

    def visit(n: Node, path: str) -> None:
        here = path
        if n.kind == "paragraf":
            here = "§" + " ".join((n.number or "").split())
        elif n.kind == "kapitel":
            here = "kap" + " ".join((n.number or "").split())
        elif n.kind in ("stk", "nr", "litra") and path.startswith("§"):
            letter = n.kind[0] if n.kind != "litra" else "l"
            here = f"{path}/{letter}{''.join((n.number or '').split())}"
        if n.kind != "root":
            out.append(Unit(here if n.kind != "gruppe" else "", n.kind, n.label, n.heading, n.text))
        for c in n.children:
            visit(c, here if n.kind not in ("kapitel", "bog", "afsnit", "gruppe") else path)

    visit(root, "")
    return out


@dataclass(frozen=True)
class Item:
    """An instruction as the amending act's stored units give it."""

    nr: str
    text: str
    new: tuple[Node, ...]
    renumbering: tuple[str, ...]
    heading: str | None = None  # a new heading, where the new text is one


def items_of(rows: Sequence[UnitRow], section_ord: int) -> list[Item]:
    """The instructions (aendring units) of the amending § at `section_ord`."""
    out = []
    for u in rows:
        if u.parent_ord == section_ord and u.kind == "aendring":
            kids = [c for c in rows if c.parent_ord == u.ord]
            new: list[Node] = []
            heading = None
            for c in kids:
                if c.kind == "nytekst":
                    new += subtree(rows, c)
                    heading = heading or c.heading
            ryk = tuple(c.text or "" for c in kids if c.kind == "rykning")
            out.append(Item((u.label or "").strip(), u.text or "", tuple(new), ryk, heading))
    return out


# --- finding ---------------------------------------------------------------------


def _norm(number: str | None) -> str:
    return (number or "").replace(" ", "").replace("\xa0", "").lower()


def _find_par(root: Node, number: str) -> Node:
    want = _norm(number)
    found = [n for n in root.walk() if n.kind == "paragraf" and _norm(n.number) == want]
    if len(found) != 1:
        raise Refused(
            "target_not_found" if not found else "ambiguous_occurrence",
            _("§ {number} is not in the text").format(number=number),
        )
    return found[0]


def _child(n: Node, kind: str, number: str) -> Node:
    want = _norm(number)
    found = [c for c in n.children if c.kind == kind and _norm(c.number) == want]
    if not found and kind == "stk" and want == "1":
        # a § of one stk. holds it without number, or holds its text itself
        found = [c for c in n.children if c.kind == "stk"][:1]
    if len(found) != 1:
        raise Refused(
            "target_not_found",
            _("{kind} {number} is not in the text").format(kind=kind, number=number),
        )
    return found[0]


@dataclass(frozen=True)
class Target:
    kapitel: str | None
    par: str | None
    par_to: str | None
    stk: str | None
    stk_to: str | None
    nr: str | None
    nr_to: str | None
    litra: str | None
    pkt: int | None

    @property
    def deepest(self) -> str:
        for name in ("pkt", "litra", "nr", "stk", "par", "kapitel"):
            if getattr(self, name) is not None:
                return name
        return "none"


_BECOMES_AT = re.compile(
    rf",?\s*(?:der|som)\s+bliver\s+(?:(?P<kind>stk|nr)\.\s*(?P<n>{_NUM})|§\s*(?P<par>{_NUM}))?"
    rf"(?:,?\s*(?P<pkt>\d+)\.\s*pkt\.)?,?"
)


def _target(text: str) -> Target | None:
    """The provision an instruction names, as it is numbered when the instruction
    applies: "§ 27, stk. 2, der bliver stk. 5," is stk. 5, an earlier instruction
    having renumbered it."""
    b = _BECOMES_AT.search(text)
    if b is None or not b.group(0).strip(" ,"):
        return _address(text)
    t = _address(text[: b.start()] + ", " + text[b.end() :])
    if t is None:
        return None
    if b.group("kind") == "stk":
        t = replace(t, stk=b.group("n"))
    elif b.group("kind") == "nr":
        t = replace(t, nr=b.group("n"))
    elif b.group("par"):
        t = replace(t, par=b.group("par"))
    if b.group("pkt"):
        t = replace(t, pkt=int(b.group("pkt")))
    return t


def _address(text: str) -> Target | None:
    m = _ADDRESS.search(text)
    while m is not None and not m.group(0).strip():
        m = _ADDRESS.search(text, m.end() + 1) if m.end() < len(text) else None
    if m is None:
        return None
    g = m.groupdict()
    stk = g["stkbecomes"] or g["stk"]
    nr = g["nrbecomes"] or g["nr"]
    return Target(
        g["kapnr"],
        g["par"],
        g["parto"],
        stk,
        g["stkto"],
        nr,
        g["nrto"],
        g["litra"],
        int(g["pkt"]) if g["pkt"] else None,
    )


def _locate(root: Node, t: Target, upto: str = "litra") -> Node:
    if t.par is None:
        if t.kapitel is not None:
            found = [
                n
                for n in root.walk()
                if n.kind == "kapitel" and _norm(n.number) == _norm(t.kapitel)
            ]
            if len(found) == 1:
                return found[0]
        raise Refused("target_not_found", _("the provision named is not in the text"))
    n = _find_par(root, t.par)
    if upto == "par":
        return n
    if t.stk is not None:
        n = _child(n, "stk", t.stk)
    if upto == "stk":
        return n
    if t.nr is not None:
        if t.stk is None and not any(c.kind == "nr" for c in n.children):
            n = _child(n, "stk", "1")
        n = _child(n, "nr", t.nr)
    if upto == "nr":
        return n
    if t.litra is not None:
        n = _child(n, "litra", t.litra)
    return n


# --- applying --------------------------------------------------------------------


def _texts(n: Node) -> list[Node]:
    return [x for x in n.walk() if x.text or x.heading]


def _count(n: Node, words: str) -> int:
    return sum((x.text or "").count(words) for x in _texts(n))


def _substitute(text: str, old: str, new: str) -> str:
    if new:
        return text.replace(old, new)
    out = text
    while old in out:
        i = out.index(old)
        before, after = out[:i], out[i + len(old) :]
        if before.endswith(" ") and (after[:1] in (" ", ",", ".", ";", ")", "") or not after):
            before = before[:-1]
        out = before + after
    return out


def _pkt(text: str, n: int) -> tuple[int, int]:
    s = spans(text)
    if n < 1 or n > len(s):
        raise Refused("target_not_found", _("sentence {n} is not in the provision").format(n=n))
    return s[n - 1]


def _quoted_new(item: Item) -> str | None:
    m = re.search(r":\s*»(.*)«\s*\.?\s*$", item.text, re.S)
    if m:
        return m.group(1)
    texts = [x.text for n in item.new for x in n.walk() if x.text]
    return " ".join(texts) if texts else None


def _renumber(root: Node, t: Target | None, clauses: Sequence[str], skip: set[int]) -> None:
    for clause in clauses:
        m = _RYK.search(clause.strip())
        if not m:
            raise Refused("unsupported", _("the renumbering clause is not read"))
        old, new = _numbers(m.group("old")), _numbers(m.group("new"))
        if len(old) != len(new):
            raise Refused("unsupported", _("the renumbering clause is not read"))
        word = m.group("word").lower().rstrip(".")
        if word.startswith("§"):
            nodes = [_find_par_skip(root, o, skip) for o in old]
            labels = [f"§ {b}." for b in new]
        elif word == "kapitel":
            raise Refused("unsupported", _("the renumbering clause is not read"))
        else:
            if t is None or t.par is None:
                raise Refused("target_not_found", _("the provision named is not in the text"))
            holder = _find_par(root, t.par)
            if word == "nr":
                if t.stk is not None:
                    holder = _child(holder, "stk", t.stk)
                elif not any(c.kind == "nr" for c in holder.children):
                    holder = _child(holder, "stk", "1")
            elif word == "litra":
                holder = _locate(root, t, "nr")
            kind = {"stk": "stk", "nr": "nr", "litra": "litra"}[word]
            nodes = []
            for o in old:
                got = [
                    c
                    for c in holder.children
                    if c.kind == kind and _norm(c.number) == _norm(o) and id(c) not in skip
                ]
                if len(got) != 1:
                    raise Refused(
                        "target_not_found",
                        _("{kind} {number} is not in the text").format(kind=kind, number=o),
                    )
                nodes.append(got[0])
            if kind == "stk":
                labels = [f"Stk. {b}." for b in new]
            elif kind == "nr":
                labels = [f"{b})" for b in new]
            else:
                labels = [f"{b})" for b in new]
        for node, number, label in zip(nodes, new, labels, strict=True):
            node.number = number
            node.label = label


def _find_par_skip(root: Node, number: str, skip: set[int]) -> Node:
    want = _norm(number)
    found = [
        n
        for n in root.walk()
        if n.kind == "paragraf" and _norm(n.number) == want and id(n) not in skip
    ]
    if len(found) != 1:
        raise Refused("target_not_found", _("§ {number} is not in the text").format(number=number))
    return found[0]


def _numbers(text: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"\s*(?:,|\bog\b)\s*", text.strip()):
        r = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        if r:
            out += [str(n) for n in range(int(r.group(1)), int(r.group(2)) + 1)]
        elif part:
            out.append(part.strip())
    return out


def _kind(text: str) -> str:
    t = text.lower()
    if "ophæves, og i stedet indsættes" in t:
        return "replaced"
    if "affattes således" in t or "affattes:" in t:
        return "new wording"
    if "udgår" in t or ("ændres" in t and "»" in t):
        return "words"
    if (
        "indsættes" in t
        and "»" in t
        and (
            "indsættes efter »" in t
            or "indsættes før »" in t
            or re.search(r"(efter|før) »[^«]*« indsættes", t)
        )
    ):
        return "words"
    if t.rstrip(" .").endswith("ophæves"):
        return "repealed"
    if "indsættes" in t:
        return "inserted"
    if "bliver" in t:
        return "renumbered"
    return "other"


def apply_item(root: Node, item: Item) -> str:
    """Apply one instruction to `root` in place; its kind, or `Refused`."""
    text = " ".join(item.text.split())
    kind = _kind(text)
    lower = text.lower()
    heading_op = re.match(r"(?:i\s+)?(?:den\s+)?overskrift", lower) is not None
    if heading_op and not (kind == "replaced" and re.search(r"og\s+§", lower.split("ophæves")[0])):
        return _heading(root, item, text)
    t = _target(_BECOMES.sub(",", text) if False else text)
    new_ids = {id(x) for n in item.new for x in n.walk()}
    if kind == "words":
        return _words(root, t, item, text)
    if t is None:
        raise Refused("target_not_found", _("the provision named is not in the text"))
    if kind in ("replaced", "new wording"):
        if t.pkt is not None:
            node = _locate(root, t)
            new = _quoted_new(item)
            if new is None or node.text is None:
                raise Refused("no_new_text", _("the instruction gives no new text"))
            a, b = _pkt(node.text, t.pkt)
            node.text = node.text[:a] + new + node.text[b:]
            _renumber(root, t, item.renumbering, new_ids)
            return kind
        if not item.new:
            raise Refused("no_new_text", _("the instruction gives no new text"))
        if t.par_to is not None:
            _replace_range(root, t, item.new)
            return kind
        if "overskriften før" in lower and t.par is not None:
            par = _find_par(root, t.par)
            group = par.parent
            if group is None or group.kind != "gruppe" or group.children[0] is not par:
                raise Refused("target_not_found", _("the heading named is not in the text"))
            parent = group.parent
            assert parent is not None
            at = group.remove()
            rest = group.children[1:]
            parent.add(list(item.new), at)
            if rest:
                last = item.new[-1]
                (last if last.kind == "gruppe" else parent).add(
                    rest, None if last.kind == "gruppe" else at + len(item.new)
                )
            return kind
        node = _locate(root, t)
        if node.kind == "kapitel" or node.kind == "paragraf":
            parent = node.parent
            assert parent is not None
            at = node.remove()
            parent.add(item.new, at)
        else:
            parent = node.parent
            assert parent is not None
            at = node.remove()
            parent.add(item.new, at)
        _renumber(root, t, item.renumbering, new_ids)
        return kind
    if kind == "repealed":
        if t.pkt is not None:
            node = _locate(root, t)
            if node.text is None:
                raise Refused("target_not_found", _("the provision named is not in the text"))
            a, b = _pkt(node.text, t.pkt)
            node.text = (node.text[:a] + node.text[b:]).strip().replace("  ", " ")
            _renumber(root, t, item.renumbering, new_ids)
            return kind
        if t.par_to is not None and t.stk is None:
            _replace_range(root, t, ())
        else:
            node = _locate(root, t)
            parent = node.parent
            node.remove()
            if parent is not None:
                _drop_empty(parent)
        _renumber(root, t, item.renumbering, new_ids)
        return kind
    if kind == "inserted":
        return _insert(root, t, item, text, new_ids)
    if kind == "renumbered":
        _renumber(root, t, item.renumbering or (text,), new_ids)
        return kind
    raise Refused("unsupported", _("the construction of the instruction is not read"))


def _replace_range(root: Node, t: Target, new: Sequence[Node]) -> None:
    """ "§§ 9-12 ophæves, og i stedet indsættes": every § from the first to the last
    in the act's order goes, headings left empty with them; the new text stands
    where the first stood."""
    assert t.par is not None and t.par_to is not None
    first, last = _find_par(root, t.par), _find_par(root, t.par_to)
    pars = [n for n in root.walk() if n.kind == "paragraf"]
    i0, i1 = pars.index(first), pars.index(last)
    if i1 < i0:
        raise Refused("target_not_found", _("the provision named is not in the text"))
    anchor = first
    up = first.parent
    if (
        up is not None
        and up.kind == "gruppe"
        and up.children[0] is first
        and any(n.kind in ("gruppe", "kapitel") for n in new)
    ):
        anchor = up
    holder = anchor.parent
    assert holder is not None
    holder.add(list(new), holder.children.index(anchor))
    for p in pars[i0 : i1 + 1]:
        parent = p.parent
        p.remove()
        if parent is not None:
            _drop_empty(parent)


def _drop_empty(n: Node) -> None:
    if n.kind == "gruppe" and not n.children and n.parent is not None:
        n.remove()


def _lifted(nodes: Sequence[Node], parent: Node) -> list[Node]:
    # new §§ under a heading, inserted where the heading groups stand one level up
    return list(nodes)


def _insert(root: Node, t: Target, item: Item, text: str, new_ids: set[int]) -> str:
    lower = text.lower()
    head = lower.split("indsættes")[0]
    sentence = re.search(
        r"(?:som|efter|før)\s+(?:nyt?\s+|nye\s+)?(?:\d+\.\s*)?(?:pkt|punktum)", lower
    )
    if sentence:
        node = _locate(root, Target(t.kapitel, t.par, None, t.stk, None, t.nr, None, t.litra, None))
        if node.kind == "paragraf":
            node = _child(node, "stk", "1")
        new = _quoted_new(item)
        if new is None or node.text is None:
            raise Refused("no_new_text", _("the instruction gives no new text"))
        s = spans(node.text)
        m_as = re.search(r"som\s+(?:nyt?\s+)?(\d+)\.\s*pkt", lower)
        after_pkt = re.search(r"efter\s+(\d+)\.\s*pkt", lower)
        before_pkt = re.search(r"før\s+(\d+)\.\s*pkt", lower)
        if after_pkt:
            _a, b = _pkt(node.text, int(after_pkt.group(1)))
            node.text = node.text[:b] + " " + new + node.text[b:]
        elif before_pkt:
            a, _b = _pkt(node.text, int(before_pkt.group(1)))
            node.text = node.text[:a] + new + " " + node.text[a:]
        elif m_as:
            k = int(m_as.group(1))
            if k == len(s) + 1:
                node.text = node.text.rstrip() + " " + new
            elif k > len(s) + 1:
                raise Refused(
                    "target_not_found", _("sentence {n} is not in the provision").format(n=k - 1)
                )
            else:
                a, _b = _pkt(node.text, k)
                node.text = node.text[:a] + new + " " + node.text[a:]
        elif re.search(r"som\s+(?:nyt?|nye|sidste)\s+(?:pkt|punktum)", lower):
            node.text = node.text.rstrip() + " " + new
        else:
            raise Refused("unsupported", _("the construction of the instruction is not read"))
        return "inserted"
    if not item.new:
        m = re.search(r"som\s+(?:nyt?\s+)?(?:\d+\.\s*)?(?:pkt|punktum)", lower)
        new = _quoted_new(item)
        if m and new is not None:
            node = _locate(root, t)
            if node.text is None:
                raise Refused("target_not_found", _("the provision named is not in the text"))
            node.text = node.text.rstrip() + " " + new
            return "inserted"
        raise Refused("no_new_text", _("the instruction gives no new text"))
    as_ = re.search(r"som\s+(?:nyt?\s+)?(stk|nr)\.\s*(\d+)", lower)
    before = "før" in head or lower.startswith("før ")
    # renumbering first: the clause speaks of the numbers before the insertion
    _renumber(root, t, item.renumbering, new_ids)
    if as_ and not head.strip().startswith("efter"):
        level, number = as_.group(1), int(as_.group(2))
        holder = _locate(root, t, "par" if level == "stk" else "stk")
        if level == "nr" and t.stk is None and not any(c.kind == "nr" for c in holder.children):
            holder = _child(holder, "stk", "1")
        same = [c for c in holder.children if c.kind == level]
        prev = [c for c in same if c.number and c.number.isdigit() and int(c.number) == number - 1]
        if prev:
            at = holder.children.index(prev[-1]) + 1
        elif number == 1:
            at = 0
        else:
            raise Refused(
                "target_not_found",
                _("{kind} {number} is not in the text").format(kind=level, number=number - 1),
            )
        holder.add(item.new, at)
        return "inserted"
    # "Efter § 5 indsættes", "I § 5 indsættes efter stk. 2", "Før § 5 indsættes"
    node = _locate(root, t)
    m_after = re.search(r"efter\s+(stk|nr)\.\s*(\d+)", lower)
    m_before = re.search(r"før\s+(stk|nr)\.\s*(\d+)", lower)
    if m_after and not head.lstrip().startswith("efter") and node.kind in ("paragraf", "stk"):
        node = _step(node, m_after.group(1), m_after.group(2))
        before = False
    elif m_before and not head.lstrip().startswith("før") and node.kind in ("paragraf", "stk"):
        node = _step(node, m_before.group(1), m_before.group(2))
        before = True
    m_head = re.search(rf"før\s+overskriften\s+før\s+§\s*({_NUM})", lower)
    if m_head:
        nxt = _find_par(root, m_head.group(1))
        g = nxt.parent
        if g is None or g.kind != "gruppe" or g.children[0] is not nxt or g.parent is None:
            raise Refused("target_not_found", _("the heading named is not in the text"))
        g.parent.add(list(item.new), g.parent.children.index(g))
        return "inserted"
    parent = node.parent
    assert parent is not None
    if node.kind == "paragraf" and "før overskriften" in lower and parent.kind == "gruppe":
        if before:
            node = parent
        else:
            following = _next_group(parent)
            if following is None:
                raise Refused("target_not_found", _("the heading named is not in the text"))
            node, before = following, True
        parent = node.parent
        assert parent is not None
    elif (
        node.kind == "paragraf"
        and parent.kind == "gruppe"
        and any(n.kind in ("gruppe", "kapitel") for n in item.new)
        and not before
        and parent.children[-1] is node
    ):
        node = parent
        parent = node.parent
        assert parent is not None
    at = parent.children.index(node) + (0 if before else 1)
    parent.add(item.new, at)
    return "inserted"


def _step(node: Node, kind: str, number: str) -> Node:
    if node.kind == "paragraf" and kind == "nr" and not any(c.kind == "nr" for c in node.children):
        node = _child(node, "stk", "1")
    return _child(node, kind, number)


def _next_group(g: Node) -> Node | None:
    p = g.parent
    if p is None:
        return None
    i = p.children.index(g)
    return p.children[i + 1] if i + 1 < len(p.children) else None


def _heading(root: Node, item: Item, text: str) -> str:
    lower = text.lower()
    new = item.heading or _quoted_new(item)
    m = re.search(r"overskrift\w*\s+(før|til|efter)\s+(§|kapitel)\s*(" + _NUM + ")", lower)
    if not m:
        raise Refused("unsupported", _("the construction of the instruction is not read"))
    where, what, number = m.groups()
    group: Node | None
    if what == "kapitel":
        found = [n for n in root.walk() if n.kind == "kapitel" and _norm(n.number) == _norm(number)]
        if len(found) != 1:
            raise Refused("target_not_found", _("the heading named is not in the text"))
        group = found[0]
    else:
        par = _find_par(root, number)
        group = par.parent if par.parent is not None and par.parent.kind == "gruppe" else None
        if where == "til" and group is None:
            group = par
        if "indsættes" in lower and where == "før":
            if new is None:
                raise Refused("no_new_text", _("the instruction gives no new text"))
            if group is not None and group.kind == "gruppe" and group.children[0] is par:
                raise Refused("unsupported", _("the construction of the instruction is not read"))
            parent = par.parent
            assert parent is not None
            at = parent.children.index(par)
            g = Node("gruppe", None, None, new, None)
            rest = parent.children[at:]
            del parent.children[at:]
            cut = next(
                (i for i, c in enumerate(rest) if c.kind in ("gruppe", "kapitel") and i > 0),
                len(rest),
            )
            g.add(rest[:cut])
            parent.add([g])
            parent.add(rest[cut:])
            return "heading"
        if group is None:
            raise Refused("target_not_found", _("the heading named is not in the text"))
    if "ophæves" in lower or ("udgår" in lower and "»" not in lower):
        if group.kind == "gruppe" and group.parent is not None:
            p = group.parent
            at = group.remove()
            p.add(group.children, at)
        else:
            group.heading = None
        return "heading"
    if new is None:
        raise Refused("no_new_text", _("the instruction gives no new text"))
    if "ændres" in lower:
        return _words(root, None, item, text, scope=group, headings=True)
    group.heading = new
    return "heading"


def _words(
    root: Node,
    t: Target | None,
    item: Item,
    text: str,
    scope: Node | None = None,
    headings: bool = False,
) -> str:
    lower = text.lower()
    everywhere = "overalt i loven" in lower or lower.startswith("overalt")
    if scope is None:
        if everywhere:
            scope = root
        elif t is None:
            raise Refused("target_not_found", _("the provision named is not in the text"))
        else:
            scope = _locate(
                root, Target(t.kapitel, t.par, None, t.stk, None, t.nr, None, t.litra, None)
            )
    times_m = _TIMES_RE.search(lower)
    times = None
    if times_m:
        w = times_m.group(1)
        times = int(w) if w.isdigit() else _TIMES.get(w, 10)
    pairs = _WORDS.findall(text)
    dropped = [] if pairs else (_DROPPED.findall(text) or _DROPPED_AFTER.findall(text))
    inserts = _INSERT_WORDS.findall(text) or _INSERT_WORDS_2.findall(text)
    if not pairs and not dropped and not inserts:
        raise Refused("unsupported", _("the construction of the instruction is not read"))
    changes = [(o, n) for o, n in pairs] + [(o, "") for o in dropped]
    changes += [(at, at + _join(new) if w == "efter" else new + " " + at) for w, at, new in inserts]
    if t is not None and t.pkt is not None and scope.text is not None and not everywhere:
        a, b = _pkt(scope.text, t.pkt)
        holder = Node("pkt", None, None, None, scope.text[a:b])
        _change(holder, changes, times, everywhere)
        assert holder.text is not None
        scope.text = scope.text[:a] + holder.text + scope.text[b:]
        return "words"
    if headings:
        for old, new in changes:
            if not scope.heading or old not in scope.heading:
                raise Refused(
                    "target_not_found",
                    _("the words »{words}« are not in the text").format(words=old),
                )
            scope.heading = scope.heading.replace(old, new)
        return "heading"
    head = text.split("»")[0]
    wide = len(re.findall(r"§", head)) > 1 or bool(re.search(r"\d\s*(?:og|-)\s*\d", head))
    if wide and not everywhere:
        pars = re.findall(rf"§§?\s*({_NUM})", head)
        holder = Node("scope", None, None, None, None)
        holder.children = [_find_par(root, p) for p in dict.fromkeys(pars)]
        _change(holder, changes, None, True)
        return "words"
    _change(scope, changes, times, everywhere)
    return "words"


def _change(scope: Node, changes: list[tuple[str, str]], times: int | None, every: bool) -> None:
    """Change the words of `changes` at once, each counted in the text as it was."""
    for old, _new in changes:
        found = _count(scope, old)
        if found == 0:
            raise Refused(
                "target_not_found", _("the words »{words}« are not in the text").format(words=old)
            )
        if (
            not every
            and found != (times or 1)
            and not (len(changes) > 1 and times and found < times)
        ):
            raise Refused(
                "ambiguous_occurrence",
                _("the words »{words}« stand {n} times in the provision").format(
                    words=old, n=found
                ),
            )
    filled = [(o, n) for o, n in changes if n]
    pattern = (
        re.compile("|".join(re.escape(o) for o, _n in sorted(filled, key=lambda c: -len(c[0]))))
        if filled
        else None
    )
    mapping = dict(filled)
    for x in _texts(scope):
        if not x.text:
            continue
        if pattern is not None:
            x.text = pattern.sub(lambda m: mapping[m.group(0)], x.text)
        for old, new in changes:
            if not new and old in x.text:
                x.text = _substitute(x.text, old, "")


def _join(new: str) -> str:
    return new if new[:1] in (",", ".", ";", ")", ":") else " " + new


def apply(root: Node, items: Sequence[Item], in_force: dict[str, str | None]) -> list[Outcome]:
    """Apply `items` in order to `root` (in place); how each ended."""
    out = []
    for item in items:
        kind = _kind(item.text)
        try:
            kind = apply_item(root, item)
        except Refused as r:
            out.append(
                Outcome(
                    item.nr, item.text, "refused", r.reason, r.message, kind, in_force.get(item.nr)
                )
            )
            continue
        except (ValueError, IndexError, KeyError, AssertionError):
            if os.environ.get("KB_CONSOLIDATE_DEBUG"):
                raise
            out.append(
                Outcome(
                    item.nr,
                    item.text,
                    "refused",
                    "unsupported",
                    _("the construction of the instruction is not read"),
                    kind,
                    in_force.get(item.nr),
                )
            )
            continue
        out.append(Outcome(item.nr, item.text, "applied", None, None, kind, in_force.get(item.nr)))
    return out
