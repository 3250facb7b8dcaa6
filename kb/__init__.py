"""lovkb: a legal-citation knowledge base for Danish social administrative law.

The public API is `kb.api`'s, exported here: `kb.check`, `kb.resolve`, `kb.excerpt`,
`kb.excerpt_letter`, `kb.search`, `kb.laws`, `kb.versions`, `kb.diff`, `kb.effects`,
`kb.concept`, `kb.concepts`, `kb.import_sources`, `kb.export`, `kb.open_store`, and the
result types. The package keeps its import light: each name loads its module on first
use, so that the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "Checker",
    "Citation",
    "ImportReport",
    "Reference",
    "Result",
    "check",
    "concept",
    "concepts",
    "day",
    "diff",
    "effects",
    "excerpt",
    "excerpt_letter",
    "export",
    "import_sources",
    "laws",
    "open_store",
    "resolve",
    "search",
    "versions",
]

if TYPE_CHECKING:  # pragma: no cover
    from kb.api import (
        Checker,
        Citation,
        ImportReport,
        Reference,
        Result,
        check,
        concept,
        concepts,
        day,
        diff,
        effects,
        excerpt,
        excerpt_letter,
        export,
        import_sources,
        laws,
        open_store,
        resolve,
        search,
        versions,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kb import api

        return getattr(api, name)
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
