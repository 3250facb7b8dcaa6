"""`kb update`: the stored acts brought up to date from Retsinformation.

What is new is found by `kb.fetch.plan` (the harvest API for the recent days, the
stored versions' lists of later changes for anything older), downloaded to a
temporary folder — all of it, before anything is imported: a download that fails
leaves the store as it was — and imported through `kb.api.import_sources`, each file
in its own transaction as `kb import` does, with the address, the time fetched and
the sha256 recorded. `check` only asks for the metadata, and imports nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.api import ImportReport, import_sources
from kb.errors import SourceError
from kb.fetch.client import FetchError
from kb.fetch.plan import Candidate, Known, Plan, fetch, from_chains, from_harvest, harvest_days
from kb.fetch.service import Service
from kb.history.catalog import links
from kb.ingest.setup import open_store, prepare_store
from kb.store import history
from kb.store.gaps import later_designations
from kb.store.read import ActRow, Reader


@dataclass
class UpdateReport:
    """What one `update` found, fetched and imported; `new` is what is new (for
    `check`, what would be fetched; otherwise what was)."""

    acts: list[str]
    check: bool
    days: list[dt.date] = field(default_factory=list)
    new: list[Candidate] = field(default_factory=list)
    missing: list[tuple[Candidate, str]] = field(default_factory=list)
    harvest_error: str | None = None
    removed: list[str] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    imported: ImportReport | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "acts": self.acts,
            "check": self.check,
            "harvest_days": [d.isoformat() for d in self.days],
            "harvest_error": self.harvest_error,
            "new": [c.to_json() for c in self.new],
            "not_available": [c.to_json() | {"reason": why} for c, why in self.missing],
            "removed_at_source": self.removed,
            "gaps": self.gaps,
            "imported": (
                None
                if self.imported is None
                else {
                    "counts": self.imported.counts,
                    "results": [r.__dict__ for r in self.imported.results],
                    "refused": [str(e) for e in self.imported.refused],
                }
            ),
        }


def update(
    acts: Iterable[str] | None = None,
    *,
    check: bool = False,
    since: dt.date | None = None,
    url: str | None = None,
    service: Service | None = None,
    today: dt.date | None = None,
    on_fetched: Callable[[Candidate, int], None] | None = None,
    on_result: Callable[[Any], None] | None = None,
    on_refused: Callable[[SourceError], None] | None = None,
    on_rebuild: Callable[[str], Any] | None = None,
    log: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Find what is new at Retsinformation for the stored acts (or those named) and,
    unless `check`, fetch and import it.

    The harvest API is read for the days from `since` (default: the day of the last
    update, or ten days back) to `today`, at most ten days; the stored versions' lists
    of later changes cover anything older. Raises `FetchError` when a download fails
    (nothing is then imported, and the history says so).
    """
    service = service or Service()
    today = today or dt.date.today()
    prepare_store(url, log=log or (lambda _m: None))
    started = history.now()
    with open_store(url) as reader:
        targets = _targets(reader, acts)
        if since is None:
            last = history.last_update(reader)
            since = last.date() if last else today - dt.timedelta(days=9)
        known = Known.of(reader)
        plan = Plan()
        candidates = from_harvest(reader, targets, service, harvest_days(since, today), known, plan)
        candidates = from_chains(reader, targets, service, known) + candidates
    report = UpdateReport([a.key for a in targets], check, plan.days)
    report.harvest_error = str(plan.harvest_error) if plan.harvest_error else None
    report.removed = plan.removed
    if check:
        for c in candidates:
            try:
                meta = service.metadata(c.url)
            except FetchError as exc:
                if not exc.missing:
                    raise
                report.missing.append((c, exc.reason))
                continue
            report.new.append(
                replace(
                    c,
                    designation=meta.designation or c.designation,
                    accession=meta.accession or c.accession,
                    title=meta.title or c.title,
                )
            )
    else:
        with tempfile.TemporaryDirectory(prefix="kb-update-") as folder:
            try:
                fetched = fetch(candidates, service, Path(folder), known, plan, on_fetched)
            except FetchError as exc:
                history.record(history.Entry("update", started, history.now(), note=str(exc)), url)
                raise
            report.new = [f.candidate for f in fetched]
            origins = {
                str(f.path): {
                    "url": f.candidate.url,
                    "fetched_at": f.fetched_at.isoformat() + "Z",
                    "sha256": f.sha256,
                }
                for f in fetched
            }
            report.imported = import_sources(
                [f.path for f in fetched],
                url=url,
                on_result=on_result,
                on_refused=on_refused,
                on_rebuild=on_rebuild,
                log=log,
                origins=origins,
                command="update",
            )
        report.missing = [(c, exc.reason) for c, exc in plan.missing]
    with open_store(url) as reader:
        report.gaps = gaps(reader, [reader.act_called(k) for k in report.acts])
    return report


def _targets(reader: Reader, acts: Iterable[str] | None) -> list[ActRow]:
    if acts:
        return list({a.key: a for a in (reader.act_called(name) for name in acts)}.values())
    by_act = reader.versions_by_act()
    return [a for a in reader.acts() if any(not v.is_amending for v in by_act.get(a.id, []))]


def gaps(reader: Reader, acts: list[ActRow]) -> list[dict[str, Any]]:
    """The chains with a missing link and the later changes their versions list that
    are not stored, act by act: what `kb versions` shows, read for many acts at once
    (one query for the versions, one for the designations stored)."""
    by_act = reader.versions_by_act()
    chains = {a.key: [v for v in by_act.get(a.id, []) if not v.is_amending] for a in acts}
    stored = Known.of(reader).designations
    out: list[dict[str, Any]] = []
    for key, chain in chains.items():
        for v, _later, gap in links(chain, stored):
            if gap is not None:
                out.append(
                    {
                        "act": key,
                        "after": v.designation,
                        "from": gap["from"],
                        "to": gap["to"],
                        "missing": gap["missing"],
                    }
                )
            unstored = [d for d in later_designations(v.later_changes) if d not in stored]
            if unstored:
                out.append({"act": key, "after": v.designation, "not_stored": unstored})
    return out
