"""The citation pipeline: extract, bind, resolve and check, over one reader.

`Checker` holds what a reader's lookups need (the act-name lexicon, a resolver per
date) and runs `check` (every citation in a letter) and `resolve` (one citation
written on its own). `Result` is the citations JSON contract as an object. Opening
the store is the caller's business: `kb.api` does it for the public functions.

Messages are built while a citation is resolved, not when the result is written: a
`Checker` speaks the language in force when it is made (`kb.i18n.language()`: Danish
by default, `use_language("en")` for English), and everything `check` and `resolve`
say is said in it, the extractor's problems included. The `Result` records that
language as its `lang`, so `to_json` and `write_json` always give the language its
messages are in, whatever language is in force when they are written. The lookups a
long-lived reader keeps (`Reader.memo`) hold messages, so they are kept per language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar, cast

from kb.citation.context import bind
from kb.citation.extract import extract
from kb.citation.grammar import Lexicon, lexicon, version
from kb.citation.model import ActRef, Found
from kb.codes import (
    CITATION_KINDS,
    CitationKind,
    Reason,
    Status,
    Warning,
    note,
    quote,
    say,
)
from kb.errors import CitationSyntaxError, KbError
from kb.i18n import Language, _, language, use_language
from kb.resolver.checklist import checklist
from kb.resolver.resolve import Resolver
from kb.resolver.target import Target
from kb.resolver.versions import not_known
from kb.store.read import Reader

SCHEMA = 2


@dataclass(slots=True)
class Citation:
    """One citation as it stands in the text, with what it resolved to."""

    text: str
    start: int
    end: int
    targets: list[Target] = field(default_factory=list)
    kind: CitationKind = "statute"
    line: int | None = None
    column: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.line is not None:
            data["line"], data["column"] = self.line, self.column
        data["kind"] = self.kind
        data["targets"] = [t.to_json() for t in self.targets]
        return data


@dataclass
class Reference:
    """An act or version named without a pinpoint ("lov nr. 285 af 25. april 2001")."""

    text: str
    start: int
    end: int
    law: str | None
    version: str | None
    loaded: bool

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Result:
    """What `resolve` and `check` return: the citations JSON contract as an object.

    `lang` is the language its messages were said in (see the module's docstring).
    """

    as_of: dt.date
    citations: list[Citation]
    references: list[Reference] = field(default_factory=list)
    lang: Language = field(default_factory=language)

    @property
    def targets(self) -> list[Target]:
        return [t for c in self.citations for t in c.targets]

    @property
    def ok(self) -> bool:
        return all(t.status == "ok" for t in self.targets)

    @property
    def summary(self) -> dict[str, int]:
        targets = self.targets
        ok = sum(t.status == "ok" for t in targets)
        return {
            "citations": len(self.citations),
            "targets": len(targets),
            "ok": ok,
            "problems": len(targets) - ok,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "citations": [c.to_json() for c in self.citations],
            "references": [r.to_json() for r in self.references],
            "summary": self.summary,
        }

    def write_json(self, out: TextIO) -> None:
        """Write `to_json()` to `out` with one citation and one reference per
        line, a piece at a time: the JSON of a long letter is about ten times
        its size, and neither its tree nor its text is held whole."""
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        out.write(f'{{\n  "schema": {SCHEMA},\n  "as_of": "{self.as_of.isoformat()}",\n')
        out.write(f'  "lang": "{self.lang}",\n')
        for key, items in (("citations", self.citations), ("references", self.references)):
            out.write(f'  "{key}": [')
            sep = "\n    "
            for item in items:
                out.write(sep + dumps(item.to_json()))
                sep = ",\n    "
            out.write("\n  ],\n" if items else "],\n")
        out.write(f'  "summary": {dumps(self.summary)}\n}}\n')


_KEPT_RESOLVERS = 8  # dates (and languages) a long-lived reader keeps lookups for

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _speaking(method: _Method) -> _Method:
    """`method`, run in the checker's own language: all it says is said in `lang`."""

    @functools.wraps(method)
    def speaking(self: Checker, *args: Any, **kwargs: Any) -> Any:
        with use_language(self.lang):
            return method(self, *args, **kwargs)

    return cast(_Method, speaking)


class Checker:
    """The pipeline over one reader, reading the law as of one day, speaking the
    language in force when it is made (`lang`)."""

    def __init__(
        self,
        reader: Reader,
        as_of: dt.date | None = None,
        law: str | None = None,
        statute: bool = False,
        detail: bool = True,
        within: str | None = None,
    ) -> None:
        """`statute`: the texts checked are the act `law`'s own, read by a statute's
        rules (`kb.citation.context.bind`), not a letter's. `law` may then be an
        amending act's designation ("LOV nr 790 af 28/06/2013") for its provisions
        quoted at the end of a consolidation, and `within` the key of the act that
        consolidation is of, the act the amending act amends. `detail=False`: targets
        and statuses only (`kb.resolver.resolve.Resolver`), for reading the whole store."""
        self.as_of = as_of or dt.date.today()
        self.statute = statute and law is not None
        self.lang: Language = language()
        self.reader = reader
        # The memo is shared by every thread that uses this reader, and another
        # thread may empty it at any time (an import elsewhere): each entry is
        # read once into a local name and made with setdefault, never looked up twice.
        memo = self.reader.memo()
        lex = memo.get("lexicon")
        if lex is None:
            lex = memo.setdefault("lexicon", lexicon(tuple(self.reader.all_act_names())))
        self.lexicon: Lexicon = lex
        # A resolver remembers the messages it said: one per day and language.
        resolvers: dict[tuple[dt.date, Language, bool], Resolver] = memo.setdefault("resolvers", {})
        key = (self.as_of, self.lang, detail)
        resolver = resolvers.get(key)
        if resolver is None:
            if len(resolvers) >= _KEPT_RESOLVERS:
                with contextlib.suppress(StopIteration, RuntimeError, KeyError):
                    resolvers.pop(next(iter(resolvers)))
            resolver = resolvers.setdefault(key, Resolver(self.reader, self.as_of, lex, detail))
        self.resolver: Resolver = resolver
        self.default = self._default(law)
        self.amended = ActRef(within, 0, 0, "name", within) if self.statute and within else None

    def _default(self, law: str | None) -> ActRef | None:
        if law is None:
            return None
        if self.statute and (written := version(law, 0)) and written[1] == len(law):
            # the provisions of an amending act quoted in a consolidation ("LOV nr 790 af
            # 28/06/2013"): their own act, stored or not (then its targets say so)
            return ActRef(law, 0, 0, "version", None, written[0])
        ref = ActRef(law, 0, 0, "name", law)
        if self.resolver.versions.choose(ref).act is None:
            raise KbError(
                _("--law: {problem}").format(
                    problem=not_known(law, self.resolver.versions.suggestions(law))
                )
            )
        return ref

    @_speaking
    def check(self, text: str, *, timings: dict[str, float] | None = None) -> Result:
        """Every citation in `text`, resolved and checked against the pamphlet's checklist.

        With `timings`, the seconds each stage took are added to it under
        "extract", "resolve" (binding included), "checklist" and "assemble".
        """
        # The cyclic collector is left alone: it is process-wide, and a server
        # checks letters from several threads. `kb check` pauses it itself.
        clock = time.perf_counter if timings is not None else None
        t0 = clock() if clock else 0.0
        found = extract(text, self.lexicon)
        t1 = clock() if clock else 0.0
        references: list[Reference] = []
        cited = self._resolve(found, references, text)
        t2 = clock() if clock else 0.0
        if not self.statute:  # the pamphlet's checklist is for letters, not the law's text
            checklist(found, cited, self.resolver)
        t3 = clock() if clock else 0.0
        lines = _Lines(text)
        citations = []
        for f, targets in cited:
            line, column = lines.at(f.start)
            kind = cast(CitationKind, f.kind)  # `_resolve` keeps only citations
            citations.append(Citation(f.text, f.start, f.end, targets, kind, line, column))
        result = Result(self.as_of, citations, references, self.lang)
        if clock and timings is not None:
            t4 = clock()
            for stage, seconds in (
                ("extract", t1 - t0),
                ("resolve", t2 - t1),
                ("checklist", t3 - t2),
                ("assemble", t4 - t3),
            ):
                timings[stage] = timings.get(stage, 0.0) + seconds
            timings["found"] = timings.get("found", 0) + len(found)
        return result

    @_speaking
    def extract(self, text: str) -> list[Found]:
        """The records of every citation in `text`, before binding and resolution."""
        return extract(text, self.lexicon)

    @_speaking
    def resolve_found(self, found: list[Found]) -> list[tuple[Found, list[Target]]]:
        """Each citation of `found` (from `extract`) with its resolved targets."""
        return self._resolve(found)

    @_speaking
    def resolve(self, citation: str) -> Result:
        found = extract(citation, self.lexicon)
        cited = self._resolve(found)
        if not cited:
            raise CitationSyntaxError(
                _(
                    "{citation} is not a citation lovkb can read: it names no §, stk., "
                    "kapitel or practice reference"
                ).format(citation=quote(citation))
            )
        targets = [t for _f, ts in cited for t in ts]
        unread = _unread(citation, found)
        if unread:
            # "forvaltningslovens § 24, 2. stk.": say what was left, not guess it
            message = say(
                "only part of the text was read as a citation; not read: {unread}", unread=unread
            )
            for t in targets:
                t.warnings.append(Warning("unread_text", message))
        kinds = {cast(CitationKind, f.kind) for f, _ts in cited}
        kind = kinds.pop() if len(kinds) == 1 else "statute"
        return Result(
            self.as_of, [Citation(citation, 0, len(citation), targets, kind)], lang=self.lang
        )

    def _resolve(
        self,
        found: list[Found],
        references: list[Reference] | None = None,
        text: str | None = None,
    ) -> list[tuple[Found, list[Target]]]:
        """Each citation in `found` (read from `text`, when given) with its targets; the
        acts and versions named without a pinpoint are added to `references` when it is
        given."""
        has = self.resolver.has if self.statute else None
        bound = iter(bind(found, self.default, self.statute, text, self.amended, has))
        out: list[tuple[Found, list[Target]]] = []
        for f in found:
            kind = f.kind
            if kind == "statute":
                items = next(bound)
                if len(items) == 1:
                    targets = self.resolver.bound(items[0])
                else:
                    targets = [t for b in items for t in self.resolver.bound(b)]
                if f.notes:
                    notes = [note(code) for code in f.notes]
                    for t in targets:
                        t.warnings.extend(notes)
            elif kind in CITATION_KINDS:
                next(bound)
                targets = [self._other(f)]
            else:
                if kind == "mention" and references is not None:
                    self._reference(f, references)
                continue
            out.append((f, targets))
        return out

    def _other(self, f: Found) -> Target:
        if f.kind == "practice":
            return self.resolver.practice(f)
        if f.kind == "article":
            message = say(
                "{written!r} cites an article of an EU act or a convention; lovkb holds "
                "Danish statutes only",
                written=" ".join(f.text.split()),
            )
            return _bare("unknown_law", "not_danish_statute", message)
        # a malformed record: the extractor says why it cannot be read
        assert f.message is not None, f
        target = _bare("not_found", f.message.reason, f.message.message)
        named = [a for a in f.acts if a.kind in ("name", "version")]
        if named:  # "fvl. § 19, stk. 3-2": the act is known, the unit cannot be read
            choice = self.resolver.versions.choose(named[0])
            if choice.act is not None:
                target.law = choice.act.key
                if choice.version is not None:
                    target.version = choice.version.designation
                    target.eli = choice.version.eli
            else:
                target.law = choice.law
        return target

    def _reference(self, f: Found, references: list[Reference]) -> None:
        """The act or version a mention names, as the letter's references list it."""
        if f.act is None or f.act.kind in ("self", "same"):
            return
        choice = self.resolver.versions.choose(f.act)
        references.append(
            Reference(
                f.text,
                f.start,
                f.end,
                choice.act.key if choice.act else choice.law,
                choice.version.designation if choice.version else None,
                choice.version is not None,
            )
        )


def _bare(status: Status, reason: Reason, message: str) -> Target:
    """A target for a citation that names no unit (a placeholder, an EU article)."""
    return Target(
        law=None,
        version=None,
        eli=None,
        paragraf=None,
        stk=None,
        nr=None,
        litra=None,
        pkt=None,
        canonical="",
        status=status,
        reason=reason,
        message=message,
    )


# Words that join or introduce citations: between two records they are not
# a part left unread ("forvaltningslovens § 24, jf. § 22").
_JOINING = frozenset(
    [
        "jf",
        "jfr",
        "jævnfør",
        "dog",
        "og",
        "samt",
        "eller",
        "se",
        "efter",
        "i",
        "ankestyrelsens",
        "ankestyrelsen",
    ]
)


def _unread(text: str, found: list[Found]) -> str:
    """The words of `text` that no record covers, quoted, or ""."""
    pieces, pos = [], 0
    for f in [*found, None]:
        start = len(text) if f is None else f.start
        piece = text[pos:start].strip(" \t\n\u00a0.,;:()")
        words = [w.strip(".,;:()").lower() for w in piece.split()]
        if piece and not all(w in _JOINING or not w for w in words):
            pieces.append(quote(" ".join(piece.split())))
        if f is not None:
            pos = max(pos, f.end)
    return ", ".join(pieces)


class _Lines:
    """Line and column (both from 1) of offsets asked for in increasing order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1
        self._line_start = 0  # where the line of `_offset` begins

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self._offset:
            self._offset, self._line, self._line_start = 0, 1, 0
        text = self._text
        breaks = text.count("\n", self._offset, offset)
        if breaks:
            self._line += breaks
            # only back to the last offset asked for: a text without line breaks
            # would otherwise be searched from its start for every citation
            self._line_start = text.rfind("\n", self._offset, offset) + 1
        self._offset = offset
        return self._line, offset - self._line_start + 1
