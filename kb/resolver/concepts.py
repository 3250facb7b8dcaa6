"""The pamphlet's concepts ("Forklaring af begreber") and the rules they rest on.

Each concept holds the pamphlet's own explanation and the provisions it
names, as the pamphlet cites them (January 2004). Where a later version
moved or replaced a provision, the concept also names today's counterpart
(notatpligt: offentlighedsloven 1985 § 6, today offentlighedsloven 2013
§ 13). `concept()` resolves both, each as of its own date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kb.errors import KbError, NotFound
from kb.i18n import _
from kb.resolver.pipeline import Checker
from kb.store.read import Reader, open_reader
from kb.text import fold

PAMPHLET_DATE = dt.date(2004, 1, 1)  # the date the pamphlet's citations speak of


@dataclass
class Provision:
    citation: str  # as the source writes it
    as_of: dt.date  # the date it was resolved for
    targets: list[Any] = field(default_factory=list)  # kb.resolver.target.Target

    def to_json(self) -> dict[str, Any]:
        return {
            "citation": self.citation,
            "as_of": self.as_of.isoformat(),
            "targets": [t.to_json() for t in self.targets],
        }


@dataclass
class Concept:
    key: str
    name: str
    section: str | None
    explanation: str
    source: str | None
    names: list[str]
    cited: list[Provision]  # as the pamphlet cites them, read as of its date
    today: list[Provision]  # the rules now, read as of the date asked for

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "section": self.section,
            "explanation": self.explanation,
            "source": self.source,
            "names": self.names,
            "cited": [p.to_json() for p in self.cited],
            "today": [p.to_json() for p in self.today],
        }


def concepts(url: str | None = None, *, reader: Reader | None = None) -> list[dict[str, Any]]:
    """Every concept: key, name, section and the provisions as cited."""
    with _reading(url, reader) as reader:
        names: dict[str, list[str]] = {}
        for name, key in reader.concept_names():
            names.setdefault(key, []).append(name)
        return [
            {
                "key": key,
                "name": name,
                "section": section,
                "names": names.get(key, []),
                "provisions": [c for kind, c in reader.concept_provisions(cid) if kind == "source"],
            }
            for cid, key, name, section, *_ in reader.concepts()
        ]


def concept(
    name: str,
    as_of: dt.date | None = None,
    url: str | None = None,
    *,
    reader: Reader | None = None,
) -> Concept:
    """One concept by its name or an alias, with its provisions resolved."""
    day = as_of or dt.date.today()
    with _reading(url, reader) as reader:
        row = _find(reader, name)
        cid, key, title, section, explanation, source, _note = row
        provisions = reader.concept_provisions(cid)
        names = [n for n, k in reader.concept_names() if k == key]

        def read(citation: str, when: dt.date) -> Provision:
            result = Checker(reader, when).resolve(citation)
            return Provision(citation, when, result.targets)

        sources = [c for kind, c in provisions if kind == "source"]
        cited = [read(c, PAMPHLET_DATE) for c in sources]
        current = [c for kind, c in provisions if kind == "current"]
        today = [read(c, day) for c in current]
        if not current or any(t.status != "ok" for p in today for t in p.targets):
            # No counterpart, or the date is before the provision moved: the
            # provisions as the pamphlet cites them, read on that date.
            today = [read(c, day) for c in sources]
    return Concept(key, title, section, explanation, source, names, cited, today)


def _find(reader: Reader, name: str) -> tuple:
    folded = fold(name)
    if not folded:
        raise KbError(_("give a concept's name, or run `kb concept` to list them"))
    rows = reader.concepts_named(folded)
    if len(rows) == 1:
        return rows[0]
    known = reader.concept_names()
    if not known:
        raise NotFound(_("the store holds no concepts; run `kb import` with a concepts table"))
    starts = sorted({k for n, k in known if n.startswith(folded) or folded in n})
    if len(rows) > 1 or len(starts) > 1:
        keys = sorted({r[1] for r in rows}) or starts
        raise NotFound(
            _("'{name}' fits several concepts: {keys}").format(name=name, keys=", ".join(keys))
        )
    if len(starts) == 1:
        return reader.concepts_named(starts[0])[0]
    import difflib

    close = difflib.get_close_matches(folded, [n for n, _k in known], n=3, cutoff=0.7)
    if close:
        raise NotFound(
            _("no concept named '{name}'; did you mean {names}? (`kb concept` lists them)").format(
                name=name, names=", ".join(close)
            )
        )
    raise NotFound(_("no concept named '{name}' (`kb concept` lists them)").format(name=name))


@contextmanager
def _reading(url: str | None, reader: Reader | None) -> Iterator[Reader]:
    if reader is not None:
        yield reader
    else:
        with open_reader(url) as own:
            yield own
