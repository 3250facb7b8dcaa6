"""The folder tree is the architecture: data flows one way, and no stage imports a later one.

Every import counts, those inside functions too: an import deferred into a function body
for speed is still a dependency, and it is how hidden loops between stages used to creep in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# In the order data flows. A module may import its own stage and the stages before it.
STAGES = [
    # foundations every stage may use
    (
        "kb.config",
        "kb.errors",
        "kb.text",
        "kb.sentences",
        "kb.files",
        "kb.letters",
        "kb.i18n",
        "kb.units",
        "kb.codes",
    ),
    ("kb.citation",),  # reading citations in text: no store
    ("kb.store",),  # schema, engine, read model
    ("kb.ingest",),  # sources into the store
    ("kb.fetch",),  # sources fetched from Retsinformation (kb update), imported by kb.api
    ("kb.history",),  # effects, diffs, the catalogue
    ("kb.consolidate",),  # amending instructions applied to stored versions
    ("kb.resolver",),  # citations looked up in the store
    ("kb.graph",),  # every reference in the store, resolved and stored
    ("kb.index",),  # the full-text index and its queries
    ("kb.excerpts",),  # quoted text, ready to attach
    ("kb.api", "kb.update", "kb"),  # the public Python API; kb update through it
    ("kb.web",),  # kb serve: the pages and the HTTP API, over kb.api
    ("kb.cli",),  # the command line
]


def _stage(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for rank, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            fits = module == prefix or module.startswith(prefix + ".")
            if fits and (best is None or len(prefix) > best[1]):
                best = (rank, len(prefix))
    return None if best is None else best[0]


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted((ROOT / "kb").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        out.append((name, path))
    for path in sorted((ROOT / "cli").rglob("*.py")):
        name = "kb.cli." + ".".join(path.relative_to(ROOT / "cli").with_suffix("").parts)
        out.append((name.removesuffix(".__init__"), path))
    return out


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from kb import api": the names are modules of their own
            found += [(f"{target}.{a.name}", node.lineno) for a in node.names]
    return [(m, line) for m, line in found if m == "kb" or m.startswith("kb.")]


MODULES = _modules()


def test_every_module_has_a_stage():
    # (kb.store.read is stage 2 and kb.ingest stage 3: opening a reader cannot run the loader.)
    assert [name for name, _p in MODULES if _stage(name) is None] == []


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[n for n, _p in MODULES])
def test_no_stage_imports_a_later_one(name, path):
    own = _stage(name)
    assert own is not None
    later = []
    for target, line in _imports(name, path):
        rank = _stage(target)
        if rank is not None and rank > own and target != "kb":
            later.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert later == []


def test_every_package_is_installed():
    # pyproject lists the packages a plain `pip install .` ships: a stage left out
    # works in the editable install the tests use, and is missing from the wheel
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "kb").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, sorted(found - listed)
