"""The catalogue of acts and versions (`kb laws`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.read import Reader, open_reader


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
        for act in reader.acts():
            versions = reader.versions(act.id)
            names: dict[str, list[str]] = {}
            for name, form in reader.act_names(act.id):
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
                            "in_force": v.in_force_on(day),
                            "status": v.status,
                            "partial": v.is_partial,
                            "units": reader.unit_count(v.id),
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
