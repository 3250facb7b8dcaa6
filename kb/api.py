"""The Python API: the same data the CLI prints, as objects and JSON.

>>> import kb
>>> result = kb.resolve("forvaltningsloven § 24, stk. 2")
>>> result.targets[0].status
'ok'
>>> result.to_json()["citations"][0]["targets"][0]["version"]
'LBK nr 433 af 22/04/2014'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kb.citation.grammar import parse
from kb.citation.resolve import Target, resolve_parsed
from kb.read import Reader, open_reader

SCHEMA = 1


@dataclass
class Citation:
    text: str
    start: int
    end: int
    targets: list[Target] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "targets": [t.to_json() for t in self.targets],
        }


@dataclass
class Result:
    """What `resolve` returns: the citations JSON contract as an object."""

    as_of: dt.date
    citations: list[Citation]

    @property
    def targets(self) -> list[Target]:
        return [t for c in self.citations for t in c.targets]

    @property
    def ok(self) -> bool:
        return all(t.status == "ok" for t in self.targets)

    def to_json(self) -> dict[str, Any]:
        targets = self.targets
        ok = sum(t.status == "ok" for t in targets)
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "citations": [c.to_json() for c in self.citations],
            "summary": {
                "citations": len(self.citations),
                "targets": len(targets),
                "ok": ok,
                "problems": len(targets) - ok,
            },
        }


def resolve(
    citation: str,
    as_of: dt.date | None = None,
    *,
    url: str | None = None,
    reader: Reader | None = None,
) -> Result:
    """Resolve one citation written on its own ("fvl. § 19, stk. 2, nr. 3")."""
    as_of = as_of or dt.date.today()
    parsed = parse(citation)
    own = reader is None
    reader = reader or open_reader(url)
    try:
        target = resolve_parsed(reader, parsed, as_of)
    finally:
        if own:
            reader.close()
    return Result(as_of, [Citation(citation, 0, len(citation), [target])])
