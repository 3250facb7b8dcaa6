"""lovkb: a legal-citation knowledge base for Danish social administrative law.

The public API is `kb.api`'s, exported here: `kb.check`, `kb.resolve`, `kb.excerpt`,
`kb.excerpt_letter`, `kb.search`, `kb.laws`, `kb.versions`, `kb.diff`, `kb.effects`,
`kb.consolidation`, `kb.verify_consolidation`,
`kb.concept`, `kb.concepts`, `kb.refs`, `kb.update_graph`, `kb.import_sources`, `kb.export`,
`kb.open_store`, and the result types (`kb.api.__all__` is the list). The package keeps its
import light: the API is loaded on first use, so that the command line starts fast.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kb.api import *  # noqa: F403  (the names kb.api.__all__ lists)


def _api() -> ModuleType:
    # import_module, not `from kb import api`: that form asks this module for
    # `api` first, which would land back in __getattr__.
    return importlib.import_module("kb.api")


def __getattr__(name: str) -> Any:
    if not name.startswith("__") and importlib.util.find_spec(f"kb.{name}") is not None:
        # A submodule (`from kb import sentences`): the import system loads it
        # itself once told it is not an attribute; loading kb.api here would
        # make every module of the package depend on the whole API.
        raise AttributeError(name)
    api = _api()
    if name == "__all__":
        return api.__all__
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'kb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_api().__all__})
