"""What is new at Retsinformation for the stored acts, and fetching it.

Two ways in. The harvest API names the documents changed on each of the last ten
days; one that is not stored and concerns a stored act (a later amendment a stored
version lists, or one whose title names the act) is new. For anything older, each
stored consolidation's own metadata lists its later amendments and consolidations
(<AendresAf>, `Version.later_changes`): those not stored are fetched by their ELI
address, and the lists of the consolidations fetched are followed in turn, so a
chain is closed however long the gap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import SourceError
from kb.fetch.client import FetchError
from kb.fetch.service import HARVEST_DAYS, Metadata, Service, file_name
from kb.ingest.lexdania import parse_bytes
from kb.store.read import ActRow, Reader
from kb.text import fold

# The kinds of document that can be a version of an act or change one.
_KINDS = ("LOV", "LBK")


@dataclass(frozen=True)
class Candidate:
    """A document not stored that concerns a stored act, and how it was found."""

    url: str  # its XML address
    act: str  # the key of the stored act it concerns
    designation: str | None
    accession: str | None
    # how it was found: "later_changes" of the version `by` names, or "harvest" of the day
    via: str
    by: str
    title: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "act": self.act,
            "designation": self.designation,
            "accession": self.accession,
            "title": self.title,
            "via": self.via,
            "by": self.by,
        }


@dataclass(frozen=True)
class Fetched:
    """A document downloaded to a file, ready to import."""

    candidate: Candidate
    path: Path
    fetched_at: dt.datetime
    sha256: str
    designation: str | None


@dataclass
class Known:
    """What the store holds (and what a run has found already), by accession and
    designation."""

    accessions: set[str] = field(default_factory=set)
    designations: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, reader: Reader) -> Known:
        rows = reader.q("SELECT accession, designation FROM versions")
        return cls({a for a, _d in rows if a}, {d for _a, d in rows})

    def has(self, designation: str | None, accession: str | None) -> bool:
        return bool(
            (accession and accession in self.accessions)
            or (designation and designation in self.designations)
        )

    def add(self, designation: str | None, accession: str | None) -> None:
        if accession:
            self.accessions.add(accession)
        if designation:
            self.designations.add(designation)


@dataclass
class Plan:
    candidates: list[Candidate] = field(default_factory=list)
    days: list[dt.date] = field(default_factory=list)  # the harvest days read
    missing: list[tuple[Candidate, FetchError]] = field(default_factory=list)
    harvest_error: FetchError | None = None  # closed hours, said, the chains read still
    removed: list[str] = field(default_factory=list)  # stored accessions the harvest removed


def harvest_days(since: dt.date, today: dt.date) -> list[dt.date]:
    """The days from `since` to `today` the harvest API answers for (the last ten)."""
    first = max(since, today - dt.timedelta(days=HARVEST_DAYS - 1))
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]


def later_changes(
    service: Service, act: str, of: str, changes: Iterable[dict], known: Known
) -> list[Candidate]:
    """The later changes a version lists (as `Version.later_changes` holds them) that
    are neither stored nor found already."""
    out = []
    for c in changes:
        designation, accession = c.get("designation"), c.get("accession")
        if not designation or designation.split(" ", 1)[0] not in _KINDS:
            continue
        if known.has(designation, accession):
            continue
        url = service.address_of(designation, accession)
        if url is None or url in known.urls:
            continue
        known.urls.add(url)
        out.append(Candidate(url, act, designation, accession, "later_changes", of, c.get("title")))
    return out


def from_chains(
    reader: Reader, acts: list[ActRow], service: Service, known: Known
) -> list[Candidate]:
    """The later changes the stored versions of `acts` list and the store lacks."""
    out: list[Candidate] = []
    for act in acts:
        for v in reader.versions(act.id):
            if not v.is_amending:
                out += later_changes(service, act.key, v.designation, v.later_change_list(), known)
    return out


def from_harvest(
    reader: Reader,
    acts: list[ActRow],
    service: Service,
    days: list[dt.date],
    known: Known,
    plan: Plan,
) -> list[Candidate]:
    """The documents the harvest API lists for `days` that concern `acts` and the store
    lacks. A closed service is noted in `plan`, not raised: the chains still count."""
    listed = {
        c["accession"]: (act.key, v.designation)
        for act in acts
        for v in reader.versions(act.id)
        for c in v.later_change_list()
        if c.get("accession")
    }
    out: list[Candidate] = []
    for day in days:
        try:
            items = service.harvest(day)
        except FetchError as exc:
            if exc.kind != "closed":
                raise
            plan.harvest_error = exc
            return out
        plan.days.append(day)
        for item in items:
            if item.reason == "RemovedDocument":
                if item.accession and item.accession in known.accessions:
                    plan.removed.append(item.accession)
                continue
            if known.has(None, item.accession) or item.href in known.urls:
                continue
            if item.accession in listed:
                act, _of = listed[item.accession]
                known.urls.add(item.href)
                out.append(
                    Candidate(item.href, act, None, item.accession, "harvest", day.isoformat())
                )
                continue
            if item.doc_type not in _KINDS:
                continue
            try:
                meta = service.metadata(item.href)
            except FetchError as exc:
                if not exc.missing:
                    raise
                continue
            concerned = concerns(meta, acts)
            if concerned is None or known.has(meta.designation, meta.accession):
                continue
            known.urls.add(item.href)
            out.append(
                Candidate(
                    item.href,
                    concerned,
                    meta.designation,
                    item.accession,
                    "harvest",
                    day.isoformat(),
                    meta.title,
                )
            )
    return out


def concerns(meta: Metadata, acts: list[ActRow]) -> str | None:
    """The key of the act among `acts` a document's title or popular name names."""
    title = fold(meta.title)
    popular = fold(meta.popular_title) if meta.popular_title else None
    for act in acts:
        names = {fold(act.key), fold(re.sub(r"\s*\([^)]*\)\s*$", "", act.title))}
        if act.popular_title:
            names.add(fold(act.popular_title))
        if popular in names:
            return act.key
        for name in names:
            if len(name) > 6 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title):
                return act.key
    return None


def fetch(
    candidates: list[Candidate],
    service: Service,
    folder: Path,
    known: Known,
    plan: Plan,
    on_fetched: Callable[[Candidate, int], None] | None = None,
) -> list[Fetched]:
    """Download every candidate into `folder`, and the later changes each fetched
    consolidation lists in turn. A document the service does not have (404, a web
    page) is noted in `plan`; any other failure raises `FetchError`, and the caller
    imports none of what was fetched."""
    queue = list(candidates)
    out: list[Fetched] = []
    names: set[str] = set()
    while queue:
        c = queue.pop(0)
        try:
            body = service.document(c.url)
        except FetchError as exc:
            if not exc.missing:
                raise
            plan.missing.append((c, exc))
            continue
        fetched_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        name = file_name(c.url)
        while name in names:
            name = "_" + name
        names.add(name)
        path = folder / name
        path.write_bytes(body)
        designation = c.designation
        try:
            doc = parse_bytes(body, str(path))
        except SourceError:
            doc = None  # the import refuses it, and says why
        if doc is not None:
            meta = doc.meta
            designation = meta.designation
            if known.has(meta.designation, meta.accession):
                path.unlink()  # a second address of a document stored or fetched
                continue
            known.add(meta.designation, meta.accession)
            if meta.doc_type == "LBK":  # a consolidation of the act: its list goes on
                changes = [
                    {"designation": lc.designation, "accession": lc.accession, "title": lc.title}
                    for lc in meta.later_changes
                ]
                queue += later_changes(service, c.act, meta.designation, changes, known)
        known.add(c.designation, c.accession)
        out.append(Fetched(c, path, fetched_at, hashlib.sha256(body).hexdigest(), designation))
        if on_fetched is not None:
            on_fetched(c, len(queue))
    return out
