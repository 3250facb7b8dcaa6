"""Read Retsinformation LexDania 2.1 XML into a document tree.

This module knows the XML format and nothing of the store: it turns a file
into a `Document` (metadata plus a tree of `Node`), refusing anything unsafe
or malformed with a `SourceError` that names the file, the line and the
reason. `kb.ingest.load` writes the tree to the store.

Parsing is safe by construction: no DTD is allowed, entities are never
expanded, nothing is fetched from the network, the file size is capped and
libxml2's depth limit stays on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from lxml import etree

from kb.errors import SourceError
from kb.i18n import _
from kb.ingest.document import Document, DocumentMeta, LaterChange, Node
from kb.text import clean, clean_keep_lines, clean_meta
from kb.units import Address

MAX_BYTES = 50 * 1024 * 1024
DOC_TYPES = {"LOV", "LBK", "BEK", "UDDRAG"}

# Elements that open a unit of their own, by tag.
_UNIT_TAGS = {
    "Bog": "bog",
    "Afsnit": "afsnit",
    "Kapitel": "kapitel",
    "ParagrafGruppe": "gruppe",
    "Paragraf": "paragraf",
    "Stk": "stk",
    "Indentatio": "nr",  # or litra, decided by formaInd
    "Nota": "nota",
    "Ikraft": "ikraft",
    "IkraftCentreretParagraf": "paragraf",
    "AendringCentreretParagraf": "paragraf",
    "AendringsNummer": "aendring",
    "AendringNyTekst": "nytekst",
    "Rykningsklausul": "rykning",
    "Bilag": "bilag",
    "Indledning": "indledning",
    "Hymne": "hymne",
}
# Elements that only wrap content; their children belong to the current unit.
_TRANSPARENT = {
    "Exitus",
    "Index",
    "Aendring",
    "AendringDefinition",
    "AendringAktion",
    "BilagIndhold",
    "TekstGruppe",
    "DokumentIndhold",
}
_SKIP = {"UnderskriftGruppe", "Segl", "TitelGruppe", "Meta"}

# Units that can be cited, when they are part of the act's own text.
CITABLE = {"kapitel", "paragraf", "stk", "nr", "litra"}
# Subtrees whose units are not the act's own provisions.
_NOT_OWN_TEXT = {"nota", "nytekst", "ikraft", "bilag", "indledning", "hymne"}


# --- reading the file -------------------------------------------------------


def read_file(path: str | Path) -> Document:
    """Parse one LexDania file; raise `SourceError` for anything unusable."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise SourceError(name, _("is a directory, not an XML file"))
    try:
        size = p.stat().st_size
    except OSError as exc:
        reason = exc.strerror or exc
        raise SourceError(name, _("cannot be read ({reason})").format(reason=reason)) from None
    if size > MAX_BYTES:
        raise SourceError(
            name,
            _("is {size} MB; files over {limit} MB are refused").format(
                size=f"{size / 1e6:.0f}", limit=MAX_BYTES // 10**6
            ),
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc
        raise SourceError(name, _("cannot be read ({reason})").format(reason=reason)) from None
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> Document:
    if len(data) > MAX_BYTES:
        raise SourceError(name, _("is over {limit} MB; refused").format(limit=MAX_BYTES // 10**6))
    if not data.strip():
        raise SourceError(name, _("is empty"))
    _sniff(data, name)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        reason = _("is not well-formed XML: {detail}").format(detail=exc.msg)
        raise SourceError(name, reason, line) from None
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        raise SourceError(name, _("cannot be decoded: {reason}").format(reason=exc)) from None
    if root.tag != "Dokument":
        raise SourceError(
            name,
            _("root element is <{tag}>, not <Dokument>: not LexDania XML").format(tag=root.tag),
            _line(root),
        )
    meta_el = root.find("Meta")
    if meta_el is None:
        raise SourceError(name, _("has no <Meta> element"), _line(root))
    meta = _read_meta(meta_el, name)
    content = root.find("DokumentIndhold")
    if content is None:
        raise SourceError(name, _("has no <DokumentIndhold> element"), _line(root))
    body = _Builder(name).build(content)
    lineage = next((n.text for n in body if n.kind == "indledning" and n.text), None)
    if not any(n.kind == "paragraf" for node in body for n in node.walk()):
        raise SourceError(name, _("holds no paragraphs (§)"), _line(content))
    return Document(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        body=body,
        lineage=lineage,
    )


def _sniff(data: bytes, name: str) -> None:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise SourceError(
            name,
            _(
                "is an HTML page, not LexDania XML (Retsinformation answers unknown "
                "addresses with an HTML page)"
            ),
        )
    # Retsinformation XML never carries a DTD; one here can only be an attack
    # (entity expansion, external entities) or a different format.
    if b"<!doctype" in data[:65536].lower() or b"<!entity" in data.lower():
        line = data[: data.lower().find(b"<!")].count(b"\n") + 1
        raise SourceError(name, _("contains a DTD or entity declaration; refused for safety"), line)


# --- metadata ---------------------------------------------------------------


def _read_meta(meta: etree._Element, name: str) -> DocumentMeta:
    def text(tag: str, parent: etree._Element = meta) -> str | None:
        el = parent.find(tag)
        if el is None or el.text is None:
            return None
        value = clean(el.text)
        return value or None

    def date(tag: str, parent: etree._Element = meta) -> dt.date | None:
        value = text(tag, parent)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            line = _line(parent.find(tag))
            reason = _("<{tag}> is not a date: {value}").format(tag=tag, value=repr(value))
            raise SourceError(name, reason, line) from None

    def integer(tag: str) -> int | None:
        value = text(tag)
        if value is None:
            return None
        if not value.isdigit():
            reason = _("<{tag}> is not a number: {value}").format(tag=tag, value=repr(value))
            raise SourceError(name, reason, _line(meta.find(tag)))
        return int(value)

    raw_type = text("DocumentType")
    if raw_type is None:
        raise SourceError(name, _("<Meta> has no <DocumentType>"), _line(meta))
    head = raw_type.split("#")[0].split()
    doc_type = head[0].upper() if head else ""
    if doc_type not in DOC_TYPES:
        raise SourceError(
            name,
            _("unknown document type {type}; lovkb imports LOV, LBK and BEK documents").format(
                type=repr(raw_type)
            ),
            _line(meta.find("DocumentType")),
        )
    is_amending = len(head) > 1 and head[1] in {"Æ"}
    title = text("DocumentTitle")
    if not title:
        raise SourceError(name, _("<Meta> has no <DocumentTitle>"), _line(meta))
    number, year, signed = integer("Number"), integer("Year"), date("DiesSigni")
    designation = text("DokumentKortNavn")
    if not designation:
        if number is None or signed is None:
            raise SourceError(
                name,
                _("<Meta> lacks <Number> or <DiesSigni> to name the version"),
                _line(meta),
            )
        designation = f"{doc_type} nr {number} af {signed:%d/%m/%Y}"
    ext = meta.find("Lovkb")
    partial = False
    in_force_from = attested_from = attested_until = source = note = None
    if ext is not None:
        partial = (text("Partial", ext) or "").lower() == "true"
        in_force_from = date("InForceFrom", ext)
        attested_from, attested_until = date("AttestedFrom", ext), date("AttestedUntil", ext)
        if (attested_from is None) != (attested_until is None):
            reason = _("<Lovkb> needs both <AttestedFrom> and <AttestedUntil>, or neither")
            raise SourceError(name, reason, _line(ext))
        source = text("Source", ext)
        note = text("Note", ext)
    return DocumentMeta(
        doc_type=doc_type,
        document_type_raw=raw_type,
        is_amending=is_amending,
        number=number,
        year=year,
        date_signed=signed,
        accession=text("AccessionNumber"),
        designation=designation,
        title=title,
        popular_title=text("PopularTitle"),
        status=text("Status"),
        start_date=date("StartDate") or date("DiesEdicti"),
        end_date=date("EndDate"),
        ministry=text("Ministry"),
        published=date("DiesEdicti"),
        later_changes=_later_changes(meta),
        historic_since=date("DateOfHistoricMark"),
        partial=partial,
        in_force_from=in_force_from,
        attested_from=attested_from,
        attested_until=attested_until,
        source=source,
        note=note,
    )


def _later_changes(meta: etree._Element) -> tuple[LaterChange, ...]:
    """The later amendments <AendresAf> lists, with the accession, date and title of
    the matching <Change> reference where Retsinformation gives one.

    <Change id="change_1"/> and its <Ref_Accn REFid="change_1"> etc. are siblings
    linked by id; a change is matched to a listed designation by its date.
    """
    refs: dict[str, dict[str, str]] = {}
    for el in meta:
        link = el.get("REFid")
        if link and link.startswith("change") and el.text:
            refs.setdefault(link, {})[str(el.tag)] = clean(el.text)
    unmatched = list(refs.values())
    out = []
    for el in meta.iterfind("AendresAf/Dokument/KortNavn"):
        designation = clean(el.text or "")
        day = _designation_date(designation)
        if day is None:
            continue  # "Ingen": Retsinformation's word for an empty list
        ref = next((r for r in unmatched if r.get("Ref_Af", "")[:10] == str(day)), {})
        if ref:
            unmatched.remove(ref)
        out.append(
            LaterChange(
                designation=designation,
                accession=ref.get("Ref_Accn"),
                date=day,
                title=clean_meta(ref["Ref_Text"]) if ref.get("Ref_Text") else None,
            )
        )
    return tuple(out)


_DESIGNATION_DATE = re.compile(r"af (\d{2})/(\d{2})/(\d{4})")


def _designation_date(designation: str) -> dt.date | None:
    """The date in Retsinformation's short form ("LOV nr 1543 af 13/12/2016")."""
    m = _DESIGNATION_DATE.search(designation)
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    except ValueError:
        return None


# --- the body ---------------------------------------------------------------

_PARAGRAF_LABEL = re.compile(r"^§§?\s*(?P<num>.+?)\s*\.?$")
# "Stk. 2.", and "Stk. 4-6." for stk. a version prints together (repealed or left out)
_STK_LABEL = re.compile(r"^stk\.\s*(?P<num>\d+(?:\s*[-–]\s*\d+)?)\s*\.?$", re.IGNORECASE)
_ITEM_LABEL = re.compile(r"^\(?(?P<num>\d+\s*[a-zæøå]?|[a-zæøå]{1,2})\s*[).]?$", re.IGNORECASE)
_KAPITEL_LABEL = re.compile(
    r"^(?:kapitel\s+(?P<a>\d+(?:\s*[a-z])?)|(?P<b>\d+(?:\s*[a-z])?)\.\s*kapitel)\.?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^(\d+)\s*([a-zæøå])?$", re.IGNORECASE)


def norm_number(raw: str) -> str:
    """'11a' -> '11 a', '9 B' -> '9 b', '28-30' stays."""
    raw = clean(raw)
    m = _NUMBER.match(raw)
    if m:
        return m.group(1) + (f" {m.group(2).lower()}" if m.group(2) else "")
    parts = re.split(r"\s*-\s*", raw)
    if len(parts) == 2 and all(_NUMBER.match(p) for p in parts):
        return "-".join(norm_number(p) for p in parts)
    return raw


class _Builder:
    """Walks <DokumentIndhold> and builds the node tree."""

    def __init__(self, name: str) -> None:
        self.name = name

    def build(self, content: etree._Element) -> list[Node]:
        top = Node(kind="root", line=_line(content))
        self._fill(top, content, tail_mode=[False])
        for child in top.children:
            child.number = _number(child, 1)
        self._finish(top, own_text=True, parent=None)
        return top.children

    # Content of one unit: text segments, child units, notes.
    def _fill(self, node: Node, el: etree._Element, tail_mode: list[bool]) -> None:
        segments, tails = node.segments, node.tails
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == "Explicatus":
                node.label = clean(_itertext(child)) or None
            elif tag in ("Rubrica", "UnderTitel"):
                heading = clean(" ".join(_line_text(line) for line in child.iter("Linea")))
                if not heading:
                    heading = clean(_itertext(child))
                if tail_mode[0]:
                    # A heading after sub-units (quoted new text in an amending
                    # act) is text in its place, not this unit's heading.
                    tails.append(heading)
                else:
                    node.heading = f"{node.heading} {heading}" if node.heading else heading
            elif tag == "Linea":
                (tails if tail_mode[0] else segments).append(clean(_line_text(child)))
            elif tag == "Table":
                (tails if tail_mode[0] else segments).append(_table_text(child))
            elif tag in _UNIT_TAGS:
                sub = self._unit(child)
                if sub.kind == "nota":
                    target = tails if tail_mode[0] else segments
                    sub.anchor = len(target)  # resolved to a char offset in _finish
                    sub.anchor_in_tail = tail_mode[0]
                else:
                    # Text that follows a sub-unit belongs after it, not before.
                    tail_mode[0] = True
                node.children.append(sub)
            elif tag in _TRANSPARENT:
                self._fill(node, child, tail_mode)
            else:
                # An element this reader does not know: keep its text, in place.
                self._fill(node, child, tail_mode)

    def _unit(self, el: etree._Element) -> Node:
        kind = _UNIT_TAGS[el.tag]
        if kind == "nr":
            form = (el.get("formaInd") or "").lower()
            kind = "litra" if form == "litra" else "nr"
        node = Node(kind=kind, line=_line(el))
        self._fill(node, el, tail_mode=[False])
        # The printed label decides: items labelled "a)", "b)" are litra, also
        # where the XML tags them as numbers (formaInd="Nummer", as some
        # consolidations do: kommunestyrelsesloven 2015 § 16 "litra a-f") or as
        # free items (formaInd="Fri": ligningsloven 2011 § 9 B, stk. 1, a-c).
        if kind == "nr" and node.label:
            m = _ITEM_LABEL.match(node.label)
            if m and m.group("num").isalpha():
                node.kind = "litra"
        if kind in ("paragraf", "stk"):
            _mend_label(node, el)
        return node

    # Second pass: join text, number units, give citable units their path.
    def _finish(self, node: Node, own_text: bool, parent: Address | None) -> None:
        segments = [s for s in node.segments if s]
        tails = [s for s in node.tails if s]
        node.segments, node.tails = [], []
        node.text = " ".join(segments)
        node.tail = " ".join(tails)
        for child in node.children:
            if child.kind == "nota" and child.anchor is not None:
                source = tails if child.anchor_in_tail else segments
                child.anchor = len(" ".join(source[: child.anchor]))
        own = own_text and node.kind not in _NOT_OWN_TEXT
        address = None
        if own and node.kind in CITABLE and node.number is not None:
            if node.kind == "kapitel":
                address = Address(kapitel=node.number)
            elif node.kind == "paragraf":
                address = Address(node.number)
            elif parent is not None and parent.holds(node.kind):
                address = parent.child(node.kind, node.number)
        node.path = address.path if address is not None else None
        stk_count = 0
        for child in node.children:
            if child.kind == "stk":
                stk_count += 1
            child.number = _number(child, stk_count)
        below = address if node.kind in ("paragraf", "stk", "nr") else None
        for child in node.children:
            self._finish(child, own, below)


# --- labels the format splits from their unit ----------------------------------
#
# Some consolidations print a §'s label, or part of it, as the first line of
# its text rather than in <Explicatus>; most are repealed provisions kept as
# their number (measured on the 2010-2017 corpus, own text of the acts):
#   "§ 10" + ". (ophævet)", "Stk. 2" + ". (Ophævet)"      the full stop in the text
#   "§ 13" + "og § 14. (Ophævet).", "§§ 168" + "og 169."  the label's second half
#   no label, or "§", + "§§ 12-14 a. (Ophævet)", "§ 78. Ingen må …" (in bold)
# Read as printed, the text held a citation ("§ 14", "§§ 12-14 a") and the unit
# had no number, so it could not be cited. The label is put back together: the
# words are the same, in the same order, and the text is the provision's own.

# A label's number, at its end, with no full stop: "§ 13", "§§ 168".
_OPEN_LABEL = re.compile(r"^§§?\s*\d+(?:\s*[a-zæøå])?$", re.IGNORECASE)
# The second half of a label split after its first number: "og § 14.", "- 504.".
_LABEL_REST = re.compile(
    r"^(?P<join>og|[-–])\s*(?P<rest>(?:§\s*)?\d+(?:\s*[a-zæøå])?\.)(?=\s|$)", re.IGNORECASE
)
# A whole label: "§ 47.", "§§ 12-14 a.", "§ 62-62 c.", "§§ 46 g, 46 h og 46 i."
_WHOLE_LABEL = re.compile(r"^§§?\s*\d[^.§]*(?:§\s*[^.§]*)?\.(?=\s|$)")
_HAS_NUMBER = re.compile(r"\d")


def _mend_label(node: Node, el: etree._Element) -> None:
    """Put back together a label that the file splits between <Explicatus> and
    the first line of the unit's text (see above)."""
    holder = node  # the unit whose text holds the first line: a §'s first, unlabelled stk.
    if node.kind == "paragraf" and not node.segments and node.children:
        first_child = node.children[0]
        if first_child.kind == "stk" and first_child.label is None:
            holder = first_child
    label = node.label or ""
    if node.heading and node.heading.startswith(".") and _OPEN_LABEL.match(label):
        # "§ 21" with the full stop as its heading (<Rubrica>), in ikrafttrædelse §§
        node.label = label + "."
        node.heading = node.heading[1:].strip() or None
        return
    if not holder.segments:
        return
    first = holder.segments[0]
    if label and _HAS_NUMBER.search(label) and not label.endswith(".") and first.startswith("."):
        node.label = label + "."
        _drop_head(holder, 1)
        return
    if node.kind != "paragraf":
        return
    m = _LABEL_REST.match(first)
    if m and _OPEN_LABEL.match(label):
        join = " og " if m["join"].lower() == "og" else "-"
        node.label = f"{label}{join}{m['rest']}"
        _drop_head(holder, m.end())
        return
    m = _WHOLE_LABEL.match(first)
    if m and not _HAS_NUMBER.search(label) and _bold_first_line(el, holder) == m.group():
        node.label = m.group()
        _drop_head(holder, m.end())


def _drop_head(node: Node, length: int) -> None:
    """Remove the first `length` characters of the node's first text segment
    (and the segment, when nothing is left; the notes anchored after it move up)."""
    rest = node.segments[0][length:].strip()
    if rest:
        node.segments[0] = rest
        return
    del node.segments[0]
    for child in node.children:
        if child.kind == "nota" and not child.anchor_in_tail and child.anchor:
            child.anchor -= 1


def _bold_first_line(el: etree._Element, holder: Node) -> str | None:
    """The bold words that open the first line of the unit's text, or None."""
    scope = el
    if holder.kind == "stk" and el.tag != "Stk":
        scope = next((c for c in el if c.tag == "Stk"), el)
    for linea in scope.iter("Linea"):
        if any(
            a.tag in ("Nota", "Rubrica", "UnderTitel", "Explicatus") for a in _between(linea, scope)
        ):
            continue
        bold = []
        for char in linea:
            if not isinstance(char.tag, str):
                continue
            if char.tag != "Char" or (char.get("formaChar") or "").lower() != "bold":
                break
            bold.append(_itertext(char))
        return clean("".join(bold)) or None
    return None


def _between(el: etree._Element, top: etree._Element) -> list[etree._Element]:
    """The ancestors of `el` below `top`."""
    out = []
    for a in el.iterancestors():
        if a is top:
            break
        out.append(a)
    return out


def _number(node: Node, stk_position: int) -> str | None:
    """A unit's number, read from its printed label (never from localId)."""
    label = node.label or ""
    if node.kind == "paragraf":
        m = _PARAGRAF_LABEL.match(label)
        # "§ 13 og § 14." is numbered "13 og 14", as "§§ 13 og 14." is
        return norm_number(re.sub(r"§\s*", "", m.group("num"))) if m else None
    if node.kind == "stk":
        m = _STK_LABEL.match(label)
        return re.sub(r"\s*[-–]\s*", "-", m.group("num")) if m else str(stk_position)
    if node.kind in ("nr", "litra", "nota", "aendring"):
        m = _ITEM_LABEL.match(label)
        return norm_number(m.group("num")) if m else None
    if node.kind == "kapitel":
        m = _KAPITEL_LABEL.match(label)
        return norm_number(m.group("a") or m.group("b")) if m else None
    return None


def _line_text(linea: etree._Element) -> str:
    """The text of a <Linea>, as mixed content: white space between <Char>
    runs separates words (as a browser renders it), and `clean` folds it."""
    return _itertext(linea)


def _table_text(table: etree._Element) -> str:
    """A table as tab-separated cells, one row a line."""
    rows = []
    for tr in table.iter("Tr"):
        cells = [
            clean(" ".join(_line_text(line) for line in td.iter("Linea")))
            for td in tr
            if isinstance(td.tag, str) and td.tag == "Td"
        ]
        if any(cells):
            rows.append("\t".join(cells))
    return clean_keep_lines("\n".join(rows))


def _line(el: etree._Element | None) -> int | None:
    """The source line of an element, where lxml knows it."""
    line = el.sourceline if el is not None else None
    return line if isinstance(line, int) else None


def _itertext(el: etree._Element) -> str:
    # A tree parsed from text yields str pieces (the stubs allow bytes too).
    return "".join(str(t) for t in el.itertext())
