"""The extraction stage's modules: each has one job, and data flows one way.

`kb.citation.extract` composes readers that live in modules of their own
(scan, labels, the fast path, the list grammar, act readings, the lineage
sentence of a consolidation), which share
one table of the words of a citation (words). Each may
import only the modules before it in `ORDER`, so that no two of them lean on
each other; imports inside functions count too (deferring one is how a
hidden loop creeps in). Each stays small enough to read whole and says in
its docstring what it does and why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CITATION = Path(__file__).resolve().parents[1] / "kb" / "citation"
# In the order data flows: a module may import those before it.
ORDER = [
    "model",
    "names",
    "words",
    "grammar",
    "folds",
    "lineage",
    "clean",
    "records",
    "labels",
    "ranges",
    "lists",
    "quick",
    "acts",
    "scan",
    "extract",
    "weigh",
    "context",
]
MAX_LINES = 450


def _imports(path: Path) -> set[str]:
    """The kb.citation modules `path` imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "kb.citation":
                found.update(a.name for a in node.names)
            elif node.module.startswith("kb.citation."):
                found.add(node.module.removeprefix("kb.citation.").split(".")[0])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kb.citation."):
                    found.add(a.name.removeprefix("kb.citation.").split(".")[0])
    return found


def test_every_module_has_its_place():
    modules = {p.stem for p in CITATION.glob("*.py")} - {"__init__"}
    assert sorted(modules) == sorted(ORDER)


@pytest.mark.parametrize("name", ORDER)
def test_a_module_imports_only_those_before_it(name):
    allowed = set(ORDER[: ORDER.index(name)])
    assert _imports(CITATION / f"{name}.py") - allowed == set()


@pytest.mark.parametrize("name", ORDER)
def test_a_module_is_small_and_says_what_it_does(name):
    path = CITATION / f"{name}.py"
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc.splitlines()) >= 3, f"{name}.py: say what it does and why"
