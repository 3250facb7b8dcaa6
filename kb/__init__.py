"""lovkb: a legal-citation knowledge base for Danish social administrative law.

The package keeps its import light: `kb.resolve` and friends load their
modules on first use, so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check", "excerpt", "excerpt_letter", "laws", "resolve"]

if TYPE_CHECKING:  # pragma: no cover
    from kb.api import check, excerpt, excerpt_letter, resolve
    from kb.history.catalog import laws


def __getattr__(name: str) -> Any:
    if name in ("resolve", "check", "excerpt", "excerpt_letter"):
        from kb import api

        return getattr(api, name)
    if name == "laws":
        from kb.history.catalog import laws

        return laws
    raise AttributeError(f"module 'kb' has no attribute {name!r}")
