"""The registry of act names (`sources/acts.toml`): what the sources cannot tell.

Retsinformation's metadata gives an act's title and, usually, its popular
name; the importer stores those, and the genitive of a popular name, in the
store's act_names table. People also write abbreviations (fvl., SEL) and names
no document gives ("aktivloven" for lov om aktiv socialpolitik, whose versions
have no PopularTitle). The registry lists those, so that the importer can
attach them to their act and the citation engine can recognise them, and it
names acts that are cited but not loaded.

`Names` holds every multi-word name the engine knows (the registry's and the
store's) as a tree of words, which finds the longest of them at a place in a
text as fast as one big regular expression would, without compiling one.
"""

from __future__ import annotations

import importlib
import re
import threading
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kb.text import fold

_BEKG_PREFIX = re.compile(r"^bekendtgørelse af\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ActEntry:
    key: str
    titles: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    other: tuple[str, ...] = ()

    def names(self) -> list[tuple[str, str]]:
        """Every (folded name, form) this act is known by."""
        out: list[tuple[str, str]] = [(fold(self.key), "key")]
        out += [(fold(t), "title") for t in self.titles]
        out += [(fold(a), "abbreviation") for a in self.abbreviations]
        out += [(fold(o), "other") for o in self.other]
        out += [(g, "genitive") for name in (self.key, *self.other) if (g := genitive(name))]
        seen: set[str] = set()
        unique = []
        for name, form in out:
            if name and name not in seen:
                seen.add(name)
                unique.append((name, form))
        return unique


@dataclass
class Registry:
    entries: list[ActEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name: dict[str, ActEntry] = {}
        for entry in self.entries:
            for name, _form in entry.names():
                self._by_name.setdefault(name, entry)

    def lookup(self, name: str) -> ActEntry | None:
        return self._by_name.get(fold(name))

    def identify(self, title: str, popular: str | None) -> tuple[str, ActEntry | None]:
        """The stable key for an act with this title and popular name."""
        bare_title = _BEKG_PREFIX.sub("", title).strip()
        for candidate in (popular, bare_title, title):
            if candidate and (entry := self.lookup(candidate)):
                return entry.key, entry
        if popular:
            return fold(popular), None
        return fold(bare_title), None


def title_key(title: str) -> str:
    """An act's key from its title alone (no popular name)."""
    return fold(_BEKG_PREFIX.sub("", title))


def genitive(name: str) -> str | None:
    """The genitive of a name ending in "loven" ("servicelovens"), folded; else None."""
    folded = fold(name)
    return folded + "s" if folded.endswith("loven") else None


@cache
def registry() -> Registry:
    """The bundled registry, read once per process."""
    # The package's own folder: importlib.resources would cost a cold
    # `kb show` some 5 ms to find the same file. (Imported by name: the
    # installed package maps sources/ to kb.sources.)
    sources = importlib.import_module("kb.sources")
    path = Path(str(sources.__file__)).parent / "acts.toml"
    if path.is_file():
        return parse_registry(path.read_text(encoding="utf-8"))
    text = resources.files("kb.sources").joinpath("acts.toml").read_text(encoding="utf-8")
    return parse_registry(text)


def parse_registry(text: str) -> Registry:
    data = tomllib.loads(text)
    entries = [
        ActEntry(
            key=item["key"],
            titles=tuple(item.get("titles", ())),
            abbreviations=tuple(item.get("abbreviations", ())),
            other=tuple(item.get("other", ())),
        )
        for item in data.get("act", [])
    ]
    return Registry(entries)


# After a name: a genitive "s" before white space, then no letter or digit.
_NAME_END = re.compile(r"(?:s(?=\s))?(?![a-zæøåA-ZÆØÅ\d])")
_TOKEN = re.compile(r"\S+")
_GAP = re.compile(r"\s+")


class Names:
    """Multi-word act names, matched at a position as one alternation of them
    all would match (longest name first, any white space between words, any
    case, a genitive "s"), but held as a tree of words: compiling that
    alternation of the corpus's 2,400 names cost 1.7 s in every process.

    >>> names = Names(["lov om social service", "lov om social pension"])
    >>> text = "jf. Lov om  social service § 1"
    >>> text[4:names.match(text, 4)]
    'Lov om  social service'
    >>> names.match("lov om social servicelov", 0) is None
    True
    """

    __slots__ = ("_lock", "_names", "_root")

    def __init__(self, names: Iterable[str]) -> None:
        # Built on the first match: many commands read no text with a name in it.
        self._names: list[str] | None = list(names)
        self._root: _Node = ({}, set())
        self._lock = threading.Lock()

    def _tree(self) -> _Node:
        with self._lock:
            if self._names is not None:
                # A node: the words that continue a name, and the last words of the
                # names that end here (a last word may end inside the text's word:
                # "serviceloven," and "servicelovens").
                root: _Node = ({}, set())
                for name in self._names:
                    node = root
                    *inner, last = name.split(" ")
                    for word in inner:
                        node = node[0].setdefault(word, ({}, set()))
                    node[1].add(last)
                # the tree first, then the sign that it is there: a thread that
                # sees no names left sees the whole tree
                self._root, self._names = root, None
        return self._root

    def match(self, text: str, pos: int) -> int | None:
        """Where the longest name that begins at `pos` ends, if one does."""
        end = None
        node = self._root if self._names is None else self._tree()
        at = pos
        while (m := _TOKEN.match(text, at)) is not None:
            word = m.group()
            low = word.lower()
            if len(low) != len(word):
                break  # a letter whose lower case is longer: in no name
            children, last = node
            if last:
                for k in range(len(low), 0, -1):
                    if low[:k] in last:
                        after = _NAME_END.match(text, m.start() + k)
                        if after is not None:
                            end = after.end()
                            break
            node = children.get(low)  # type: ignore[assignment]
            if node is None:
                break
            gap = _GAP.match(text, m.end())
            if gap is None:
                break
            at = gap.end()
        return end


_Node = tuple[dict[str, "_Node"], set[str]]
