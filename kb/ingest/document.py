"""The document tree a statute file is read into: `Document` (its metadata and body) and
`Node` (one unit, with its label, heading, text and children), and `render`, a node's full text.

`kb.ingest.lexdania` builds these from LexDania XML; `kb.ingest.load` writes them to the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb.text import clean_meta
from kb.units import unit_text


@dataclass
class Node:
    """One unit of a document: its label, heading, text and children."""

    kind: str
    line: int | None
    label: str | None = None
    number: str | None = None
    heading: str | None = None
    text: str = ""
    tail: str = ""
    children: list[Node] = field(default_factory=list)
    path: str | None = None
    anchor: int | None = None
    # Build-time only: text pieces before and after the sub-units, and for a
    # note whether its mark stood in the tail. `_Builder._finish` joins them.
    segments: list[str] = field(default_factory=list, repr=False, compare=False)
    tails: list[str] = field(default_factory=list, repr=False, compare=False)
    anchor_in_tail: bool = field(default=False, repr=False, compare=False)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class LaterChange:
    """A later amendment named in a document's metadata (<AendresAf>)."""

    designation: str  # "LOV nr 1543 af 13/12/2016"
    accession: str | None  # "A20160154330"
    date: dt.date | None  # its date (Ref_Af)
    title: str | None  # "Lov om ændring af lov om social service, …"


@dataclass
class DocumentMeta:
    doc_type: str
    document_type_raw: str
    is_amending: bool
    number: int | None
    year: int | None
    date_signed: dt.date | None
    accession: str | None
    designation: str
    title: str
    popular_title: str | None
    status: str | None
    start_date: dt.date | None
    end_date: dt.date | None
    ministry: str | None
    # The Lovtidende date (DiesEdicti).
    published: dt.date | None = None
    # Later amendments the metadata names (<AendresAf>): Retsinformation's own list.
    later_changes: tuple[LaterChange, ...] = ()
    # When Retsinformation marked the document historic (<DateOfHistoricMark>).
    historic_since: dt.date | None = None
    # lovkb's own extension for hand-made sources (<Meta><Lovkb>).
    partial: bool = False
    in_force_from: dt.date | None = None
    # A quotation attested for a period only (<AttestedFrom>/<AttestedUntil>, inclusive).
    attested_from: dt.date | None = None
    attested_until: dt.date | None = None
    source: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        # The titles are stored and printed: without the export's written-out
        # line breaks ("…retsplejeloven\n(Ændringer …)"; kb.text.clean_meta).
        self.title = clean_meta(self.title)
        if self.popular_title is not None:
            self.popular_title = clean_meta(self.popular_title) or None

    @property
    def eli(self) -> str | None:
        if self.year and self.number and self.doc_type in {"LOV", "LBK", "BEK"}:
            return f"https://www.retsinformation.dk/eli/lta/{self.year}/{self.number}"
        return None


@dataclass
class Document:
    path: str
    sha256: str
    meta: DocumentMeta
    body: list[Node]
    lineage: str | None

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()


def render(node: Node, with_label: bool = True) -> str:
    """The full text of a node: label, heading, text, sub-units, tail; no notes."""
    return unit_text(node, lambda n: n.children, label=with_label, heading=True).text
