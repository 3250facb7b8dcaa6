"""What a search backend does, and the plain results the query service returns.

A backend keeps an index of a `Corpus` somewhere (Whoosh files today) and
answers queries over it. The query service (`kb.index.search`) speaks to it
only through `Backend` and the `OpenIndex` it opens, so another engine (or an
index updated in place) fits behind the same calls:

- `why_stale(generation)`: why the index cannot serve a store of that
  generation (missing, another format, behind, damaged), or None;
- `locked()`: one build at a time, across processes;
- `build(corpus, reason, progress)`: the whole index anew from the corpus,
  stamped with its generation, put in place only once it is complete;
- `update(corpus, reason)`: an index that is only behind the store brought up
  to date in place, for what changed; None if it cannot be (then `build`);
- `open()`: the index opened for queries, kept between them.

An `OpenIndex` answers within a `Scope` (the stored versions a query may
return: some acts, or all, on a day or in every version): every match ranked
on the scope's own statistics, full matches first, the concepts a query
matches, a document by its id, the hits of one page with their snippets and
the words they matched, and spellings the scope uses for words that found
nothing. Ranking and paging stay with the service, which adds the provisions
a named concept rests on among the matches before it cuts the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple, Protocol

from kb.index.documents import Corpus

Progress = Callable[[int, int], None]  # (done, total)


# --- results --------------------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    documents: int
    seconds: float
    reason: str


@dataclass
class Hit:
    canonical: str
    law: str | None
    version: str | None
    score: float
    snippet: str
    kind: str
    heading: str | None = None
    label: str | None = None
    in_force_from: str | None = None
    in_force_to: str | None = None
    concept: str | None = None  # the concept that names this provision, when one matched
    # the query's words (and phrases) the document holds, as the query wrote them,
    # and those it lacks (a partial match ranks below every full one)
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    as_of: dt.date | None
    suggestions: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    rebuilt: BuildReport | None = None
    # where it searched: "social" (the acts of sources/social_acts.toml), "all"
    # (every act), or the key of the one act --law named
    scope: str = "social"
    stopped: list[str] = field(default_factory=list)  # stop words left out of matching

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "scope": self.scope,
            "stopped": self.stopped,
            "total": self.total,
            "hits": [asdict(h) for h in self.hits],
            "suggestions": self.suggestions,
            "concepts": self.concepts,
        }


# --- the interface --------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The documents a query may return: the §§ of the stored versions
    `versions` (None: every version of every act), and practice unless not
    `practice`.

    The service works the versions out from the store (the acts of the scope,
    in force on `day`); `day` and `acts` say what they are. Ranking statistics
    are those of the scope's documents, so that the same query in the same
    scope scores the same whatever else is stored."""

    day: dt.date | None
    acts: frozenset[str] | None  # None: every act
    versions: frozenset[int] | None = None
    practice: bool = True  # practice references too (not when one act is asked for)


class Ranked(NamedTuple):
    """One document in a ranking."""

    score: float
    number: int  # the open index's number for the document; equal scores go to the lower
    matched: bool  # found by the query (False: added to the ranking by the service)
    words: tuple[str, ...] = ()  # the query's units it holds, as written
    complete: bool = True  # it holds every unit of the query


class OpenIndex(Protocol):
    """An index opened for queries; `parsed` is what `parse` returned."""

    def parse(self, query: str) -> Any:
        """The query read in the backend's syntax; KbError if it cannot be read."""
        ...

    def ranked(self, parsed: Any, scope: Scope) -> list[Ranked]:
        """Every provision and practice reference in `scope` the query matches,
        best first: those with every word before those with some."""
        ...

    def words(self, parsed: Any) -> list[str]:
        """The query's units (words and phrases) as written; [] for query syntax."""
        ...

    def concepts(self, parsed: Any, limit: int) -> list[str]:
        """The keys of the concepts the query matches, best first."""
        ...

    def number(self, doc_id: str) -> int | None:
        """The number of the document with this `Doc.id`, if the index has it."""
        ...

    def hits(self, parsed: Any, page: Sequence[Ranked]) -> list[Hit]:
        """The page's documents as hits, in its order: a matched one with a
        snippet of its matches, another with the start of its text."""
        ...

    def suggest(self, query: str, scope: Scope) -> list[str]:
        """Spellings used in `scope`, for the words of a query that found nothing."""
        ...

    def unchanged(self) -> bool:
        """Whether the index is still the one that was opened (no rebuild since)."""
        ...

    def close(self) -> None: ...


class Backend(Protocol):
    """Where one store's index is kept, and how it is built and opened."""

    def why_stale(self, generation: str | None) -> str | None:
        """Why the index cannot serve a store of this generation, or None if it can."""
        ...

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold the build lock (KbError if it stays taken or cannot be taken)."""
        ...

    def build(self, corpus: Corpus, reason: str, progress: Progress | None) -> BuildReport:
        """Index the corpus anew, stamped with its generation, and put it in
        place; the old index stays if the build fails. Called under `locked()`."""
        ...

    def update(self, corpus: Corpus, reason: str) -> BuildReport | None:
        """Update the index in place for what changed in the corpus since its
        stamp, and stamp it; None (nothing done) if only `build` can help.
        Killed midway, it leaves the old index or one `why_stale` rejects.
        Called under `locked()`."""
        ...

    def open(self) -> OpenIndex:
        """The index, opened for queries (it must not be stale)."""
        ...
