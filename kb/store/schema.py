"""The store's schema as SQLAlchemy 2.x typed models.

The models follow FRBR's split between the *work* (an act, `Act`) and its
*expressions* (dated versions, `Version`), with the text held in an ordered,
hierarchical list of `Unit` rows per version. Only portable column types are
used so that the same models run on SQLite and PostgreSQL.

The schema itself is created and changed only by the Alembic migrations in
``migrations/``; a test checks that these models and the migrations agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep migrations reproducible across backends.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Act(Base):
    """An act as a work: the thing people name, whatever its version."""

    __tablename__ = "acts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Lower-case popular name ("forvaltningsloven"), or the lower-case title
    # without "Bekendtgørelse af" when the act has no popular name.
    key: Mapped[str] = mapped_column(String(400), unique=True)
    title: Mapped[str] = mapped_column(Text)
    popular_title: Mapped[str | None] = mapped_column(String(200))
    # The act replaced this one as a whole (offentlighedsloven 1985 -> 2013).
    note: Mapped[str | None] = mapped_column(Text)

    names: Mapped[list[ActName]] = relationship(back_populates="act", cascade="all, delete-orphan")
    versions: Mapped[list[Version]] = relationship(
        back_populates="act", cascade="all, delete-orphan"
    )


class ActName(Base):
    """A name people write for an act: abbreviation, genitive, long title."""

    __tablename__ = "act_names"
    __table_args__ = (UniqueConstraint("act_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"))
    # Normalised for lookup: lower case, single spaces, no trailing period.
    name: Mapped[str] = mapped_column(String(400), index=True)
    # key | popular | title | abbreviation | genitive | other
    form: Mapped[str] = mapped_column(String(20))

    act: Mapped[Act] = relationship(back_populates="names")


class Version(Base):
    """One dated expression of an act: a LOV, LBK, BEK or a quoted excerpt."""

    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("act_id", "designation"),
        # A version as a citation or an amending act names it: "lov nr. 606 af 12. juni 2013".
        Index("ix_versions_number_date", "number", "date_signed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"), index=True)
    # LOV, LBK, BEK, ... or UDDRAG for text quoted in a publication.
    doc_type: Mapped[str] = mapped_column(String(20))
    document_type_raw: Mapped[str | None] = mapped_column(String(60))
    is_amending: Mapped[bool] = mapped_column(Boolean, default=False)
    number: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    date_signed: Mapped[dt.date | None] = mapped_column(Date)
    accession: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Retsinformation's short form: "LBK nr 433 af 22/04/2014".
    designation: Mapped[str] = mapped_column(String(200))
    eli: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))
    # Derived from the chain of versions and the metadata (see kb.store.engine).
    in_force_from: Mapped[dt.date | None] = mapped_column(Date)
    in_force_to: Mapped[dt.date | None] = mapped_column(Date)
    # Whether the sources give in_force_from itself. False where a LOV's own rule gives no
    # day they hold ("dagen efter bekendtgørelsen i Lovtidende" without its Lovtidende
    # date, a minister's date): in_force_from is then the earliest day it can be.
    in_force_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The act's own sentence on when it comes into force, word for word, where it has one.
    in_force_rule: Mapped[str | None] = mapped_column(Text)
    # Retsinformation's own StartDate/EndDate, kept as given.
    source_start_date: Mapped[dt.date | None] = mapped_column(Date)
    source_end_date: Mapped[dt.date | None] = mapped_column(Date)
    # The Lovtidende date (DiesEdicti): "dagen efter bekendtgørelsen" counts from it.
    published: Mapped[dt.date | None] = mapped_column(Date)
    # The later amendments the source's own metadata names (<AendresAf>), as JSON
    # [{"designation", "accession", "date", "title"}]: known, whether stored or not.
    later_changes: Mapped[str | None] = mapped_column(Text)
    # The day Retsinformation marked the version historic (DateOfHistoricMark).
    historic_since: Mapped[dt.date | None] = mapped_column(Date)
    # The interval is the period a publication attests the text for (a quotation),
    # not an interval in force: it does not stretch to the next version.
    attested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_partial: Mapped[bool] = mapped_column(Boolean, default=False)
    # The consolidation's own statement of what it folds in (<Indledning>).
    lineage: Mapped[str | None] = mapped_column(Text)
    ministry: Mapped[str | None] = mapped_column(String(200))
    # Provenance.
    source: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str] = mapped_column(String(400))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    importer_version: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)

    act: Mapped[Act] = relationship(back_populates="versions")
    units: Mapped[list[Unit]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Unit.ord"
    )


class Unit(Base):
    """A structural unit of a version, in document order.

    Units reference their parent by `parent_ord` (the parent's position in the
    same version) rather than by id, so a whole version can be inserted in
    one bulk statement without a round trip per row.
    """

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("version_id", "ord"),
        # Partial uniqueness (only addressable units) is enforced by the loader;
        # a plain index keeps the lookup portable.
        Index("ix_units_version_path", "version_id", "path"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    ord: Mapped[int] = mapped_column(Integer)
    # The last ord of this unit's subtree: a subtree is one range query.
    end_ord: Mapped[int] = mapped_column(Integer)
    parent_ord: Mapped[int | None] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer)
    # bog, afsnit, kapitel, gruppe, paragraf, stk, nr, litra, nota, ...
    kind: Mapped[str] = mapped_column(String(20))
    # Number as cited: "24", "11 a", "2", "a", "8 b"; null where there is none.
    number: Mapped[str | None] = mapped_column(String(40))
    # Label exactly as printed: "§ 24.", "Stk. 2.", "1)", "Kapitel 8 a".
    label: Mapped[str | None] = mapped_column(String(80))
    heading: Mapped[str | None] = mapped_column(Text)
    # Own text before the children, and after them ("tail").
    text: Mapped[str | None] = mapped_column(Text)
    tail: Mapped[str | None] = mapped_column(Text)
    # Citation address inside the version ("§24/s2/n3"); null when the unit
    # cannot be cited on its own (notes, quoted text in amending acts, ...).
    path: Mapped[str | None] = mapped_column(String(200))
    # For notes: the offset in the parent's text where the note mark stood.
    anchor: Mapped[int | None] = mapped_column(Integer)
    source_line: Mapped[int | None] = mapped_column(Integer)

    version: Mapped[Version] = relationship(back_populates="units")


class Amendment(Base):
    """A § of an amending act that opens with the act it changes ("I forvaltningsloven,
    jf. lovbekendtgørelse nr. 988 af 9. oktober 2012, foretages følgende ændringer:"),
    and which act that is: derived from the units at import (`kb.ingest.amendments`),
    so that an act's effects read only the amending acts that name it."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), index=True
    )
    # The § unit's ord in the amending version, and its label as printed ("§ 1.").
    ord: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(80))
    # The §'s own text, word for word.
    intro: Mapped[str] = mapped_column(Text)
    # The version of the act it names, as written: "lovbekendtgørelse nr. 988 af …".
    base: Mapped[str | None] = mapped_column(Text)
    # The key of the act it changes; null while no stored name or version tells.
    act_key: Mapped[str | None] = mapped_column(String(400), index=True)
    # The words naming the act, lower case without spaces and hyphens: which rows a
    # newly stored name may bear on (kb.text.squeezed).
    words: Mapped[str] = mapped_column(Text)
    # Where the § names the act by a designation ("lov nr. 606 af 12. juni 2013"):
    # its number and day, which a newly stored version may answer.
    ref_number: Mapped[int | None] = mapped_column(Integer)
    ref_date: Mapped[str | None] = mapped_column(String(10))
    # What the §'s numbered items do, as JSON (`kb.ingest.instructions`): read with the
    # document, so that an act's effects need not read its amending acts again.
    instructions: Mapped[str | None] = mapped_column(Text)


class Ref(Base):
    """One reference in the text of a stored unit: the store's reference graph
    (`kb.graph`), with what it resolves to in `RefTarget`. Derived from the units and
    the acts stored, and read again when an import changes what a reference can resolve
    to; written without counting a change to the store (the generation), as the search
    index is."""

    __tablename__ = "refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), index=True
    )
    # Where it stands: the unit's ord in its version, which of its texts ("text",
    # "tail"), and the offsets in that text; the reference as written there.
    ord: Mapped[int] = mapped_column(Integer)
    part: Mapped[str] = mapped_column(String(8))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # "statute" (units of an act), "practice", "article", "malformed" as the citations
    # contract has them; "act" for an act named without a unit.
    kind: Mapped[str] = mapped_column(String(10))


class RefTarget(Base):
    """What a reference resolves to: one row a target ("§§ 19-21" has three), in order."""

    __tablename__ = "ref_targets"
    __table_args__ = (Index("ix_ref_targets_target", "act_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref_id: Mapped[int] = mapped_column(ForeignKey("refs.id", ondelete="CASCADE"), index=True)
    # The act and version read (null where none is stored), the unit's address there
    # ("§24/s2", "kap3"; null for an act named) and its ord where the unit exists, the
    # punktum cited; the status and reason code of the citations contract.
    act_id: Mapped[int | None] = mapped_column(Integer)
    version_id: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(String(200))
    unit_ord: Mapped[int | None] = mapped_column(Integer)
    pkt: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))


class RefRead(Base):
    """A version whose references are in `refs`, and the day they were read as of."""

    __tablename__ = "ref_reads"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[str] = mapped_column(String(10))
    references: Mapped[int] = mapped_column(Integer)


class Practice(Base):
    """A published decision: SM P-12-99, principafgørelse 41-17."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Normalised reference: "SM P-12-99", "41-17".
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    series: Mapped[str] = mapped_column(String(40))
    letter: Mapped[str | None] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(400))

    provisions: Mapped[list[PracticeProvision]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", order_by="PracticeProvision.ord"
    )


class PracticeProvision(Base):
    """A provision a practice reference concerns, as its source cites it."""

    __tablename__ = "practice_provisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    ord: Mapped[int] = mapped_column(Integer)
    citation: Mapped[str] = mapped_column(Text)

    practice: Mapped[Practice] = relationship(back_populates="provisions")


class Concept(Base):
    """A concept of the pamphlet's "Forklaring af begreber" and the rules it rests on."""

    __tablename__ = "concepts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Lower-case lookup key: "partshøring".
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(400))

    names: Mapped[list[ConceptName]] = relationship(
        back_populates="concept", cascade="all, delete-orphan"
    )
    provisions: Mapped[list[ConceptProvision]] = relationship(
        back_populates="concept", cascade="all, delete-orphan", order_by="ConceptProvision.ord"
    )


class ConceptName(Base):
    """A folded word that finds a concept: its key and its aliases."""

    __tablename__ = "concept_names"
    __table_args__ = (UniqueConstraint("concept_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200), index=True)

    concept: Mapped[Concept] = relationship(back_populates="names")


class ConceptProvision(Base):
    """A provision a concept rests on, as a citation string.

    kind "source": as the source cites it (the pamphlet: January 2004);
    kind "current": today's counterpart where the provision moved or was replaced.
    """

    __tablename__ = "concept_provisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    concept_id: Mapped[int] = mapped_column(ForeignKey("concepts.id", ondelete="CASCADE"))
    ord: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    citation: Mapped[str] = mapped_column(Text)

    concept: Mapped[Concept] = relationship(back_populates="provisions")


class Counterpart(Base):
    """A provision of a replaced act and where the rule stands in the act that replaced it."""

    __tablename__ = "counterparts"
    __table_args__ = (UniqueConstraint("act_id", "old_version", "old_path", "new_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"), index=True)
    # Versions by designation ("LOV nr 572 af 19/12/1985"), provisions by path ("§6").
    old_version: Mapped[str] = mapped_column(String(200))
    old_path: Mapped[str] = mapped_column(String(200))
    new_version: Mapped[str] = mapped_column(String(200))
    new_path: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(400))


class StoreState(Base):
    """Key/value facts about the store, such as its generation counter."""

    __tablename__ = "store_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportRecord(Base):
    """One `kb import` or `kb update`: when, what it read, and what became of each file
    (`kb history`). The store's own log, written after the files' transactions: it is
    not exported, as a restored store's history starts with its restore."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "import" | "update"
    command: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime)
    new_acts: Mapped[int] = mapped_column(Integer, default=0)
    new_versions: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    # JSON [{"file", "status", "act", "version", "url", "fetched_at", "sha256", "reason"}]:
    # each file or address read, in order, with what became of it.
    items: Mapped[str] = mapped_column(Text)
    # Why an update imported nothing (a download that failed), in the words it was said.
    note: Mapped[str | None] = mapped_column(Text)
