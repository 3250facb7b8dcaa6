"""The catalogue of acts and versions (`kb laws`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.store.gaps import gap_after, later_designations
from kb.store.read import Reader, VersionRow, open_reader


def laws(
    as_of: dt.date | None = None, *, url: str | None = None, reader: Reader | None = None
) -> list[dict[str, Any]]:
    """Every act with its names and versions, oldest version first.

    Deterministic: the same store gives the same list (no timestamps of the
    call, stable ordering), so its JSON can be compared byte for byte.
    """
    day = (as_of or dt.date.today()).isoformat()
    own = reader is None
    reader = reader or open_reader(url)
    try:
        out = []
        # Three queries for the whole store, not three an act: 1,817 acts in the corpus.
        by_act, named = reader.versions_by_act(), reader.names_by_act()
        counts = reader.unit_counts()
        for act in reader.acts():
            versions = by_act.get(act.id, [])
            names: dict[str, list[str]] = {}
            for name, form in named.get(act.id, []):
                names.setdefault(form, []).append(name)
            out.append(
                {
                    "key": act.key,
                    "title": act.title,
                    "popular_title": act.popular_title,
                    "names": names,
                    "versions": [
                        {
                            "designation": v.designation,
                            "doc_type": v.doc_type,
                            "amending": v.is_amending,
                            "title": v.title,
                            "eli": v.eli,
                            "accession": v.accession,
                            "date_signed": v.date_signed,
                            "in_force_from": v.in_force_from,
                            "in_force_to": v.in_force_to,
                            # false: in_force_from is only the earliest day possible
                            "in_force_known": v.in_force_known,
                            "in_force_rule": v.in_force_rule,
                            "in_force": v.in_force_on(day),
                            "status": v.status,
                            "partial": v.is_partial,
                            "units": counts.get(v.id, 0),
                            "lineage": v.lineage,
                            "provenance": {
                                "source": v.source,
                                "file": v.source_file,
                                "sha256": v.source_sha256,
                                "importer": v.importer_version,
                            },
                            "note": v.note,
                        }
                        for v in versions
                    ],
                }
            )
        return out
    finally:
        if own:
            reader.close()


def links(
    chain: list[VersionRow], stored: set[str]
) -> list[tuple[VersionRow, VersionRow | None, dict[str, Any] | None]]:
    """Each version of an act's chain with the next one that is not a quotation, and
    the gap between them where its interval stops short of that one's start: {"from",
    "to", "missing", "kind"} (`kb.store.gaps.gap_after`; `stored` holds the
    designations the store has)."""
    numbers = {(v.number, v.date_signed) for v in chain}
    out: list[tuple[VersionRow, VersionRow | None, dict[str, Any] | None]] = []
    for i, v in enumerate(chain):
        later = next((w for w in chain[i + 1 :] if not w.attested), None)
        gap = None
        if later is not None and not v.attested and v.in_force_to != later.in_force_from:
            found = gap_after(
                v.date_signed, v.later_changes, later.in_force_from, later.lineage, stored, numbers
            )
            gap = {
                "from": v.in_force_to,
                "to": later.in_force_from,
                "missing": found.missing if found else None,
                "kind": found.kind if found else None,
            }
        out.append((v, later, gap))
    return out


def versions(
    law: str, as_of: dt.date | None = None, *, url: str | None = None, reader: Reader | None = None
) -> dict[str, Any]:
    """One act's chain of versions: intervals, designations, ELI, lineage, and
    what each consolidation folded in; the amending acts stored for it, with
    how many of their effects are folded in or still pending."""
    from kb.history.effects import effects_on, lineage_of

    day = (as_of or dt.date.today()).isoformat()
    own = reader is None
    reader = reader or open_reader(url)
    try:
        act = reader.act_called(law)
        chain = [v for v in reader.versions(act.id) if not v.is_amending]
        effects = effects_on(reader, act.key)
        amending: dict[str, dict[str, Any]] = {}
        for e in effects:
            entry = amending.setdefault(
                e.amending, {"designation": e.amending, "in_force": e.in_force, "effects": 0}
            )
            entry["effects"] += 1
            entry.setdefault("folded_into", set()).add(e.folded_into or "pending")
        rows = []
        named = [d for v in chain for d in later_designations(v.later_changes)]
        stored = reader.stored_designations(named)
        imported = dict(
            reader.q("SELECT id, imported_at FROM versions WHERE act_id = :a", a=act.id)
        )
        for v, later, gap in links(chain, stored):
            replaced = later is not None and later.replaces(v)
            lineage = lineage_of(reader, v)
            rows.append(
                {
                    "designation": v.designation,
                    "doc_type": v.doc_type,
                    "title": v.title,
                    "eli": v.eli,
                    "date_signed": v.date_signed,
                    "in_force_from": v.in_force_from,
                    "in_force_to": v.in_force_to,
                    "in_force_known": v.in_force_known,
                    "in_force_rule": v.in_force_rule,
                    "in_force": v.in_force_on(day),
                    "partial": v.is_partial,
                    "units": reader.unit_count(v.id),
                    "based_on": lineage.base.text if lineage.base else None,
                    # as the lineage words them: "§ 7, nr. 1 og 7, i lov nr. 326 af …"
                    "folds_in": list(dict.fromkeys(f.text for f in lineage.folded)),
                    "not_folded_in": list(dict.fromkeys(n.text for n in lineage.not_folded)),
                    "lineage_unread": list(lineage.unread),
                    "replaced_by": later.designation if replaced and later else None,
                    "superseded_by": later.designation if later and not replaced else None,
                    "attested": v.attested_period() if v.attested else None,
                    "source_status": v.status,
                    "historic_since": v.historic_since,
                    "later_changes": [
                        {**c, "stored": c["designation"] in stored} for c in v.later_change_list()
                    ],
                    "gap_after": gap,
                    # when this store took the version in (UTC), for `kb versions --since`
                    "imported_at": _iso_time(imported.get(v.id)),
                }
            )
        return {
            "law": act.key,
            "title": act.title,
            "as_of": day,
            "versions": rows,
            "counterparts": [
                {"old": o, "old_path": op, "new": n, "new_path": np_, "note": note}
                for o, op, n, np_, note in reader.counterparts(act.id)
            ],
            "amending_acts": [
                {**a, "folded_into": sorted(a["folded_into"])} for a in amending.values()
            ],
        }
    finally:
        if own:
            reader.close()


def _iso_time(value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    return text.replace("T", " ")[:19]
