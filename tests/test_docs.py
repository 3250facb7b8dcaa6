"""The documentation's examples are real: the README's `console` blocks are run and
compared, and every docstring example (`>>>`) in kb/ runs as a doctest.

A block is a list of `$ command` lines, each followed by what it prints (stdout and stderr,
as a terminal shows them). `$ cat FILE` blocks define the files later commands read: the
lines after them are the file's content. The commands run on a private copy of the bundled
store, in Danish (the default), in a folder of their own.

After a change to what lovkb prints, `KB_README_UPDATE=1 python -m pytest tests/test_readme.py`
writes the new output into the README; read the diff before committing it.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.S | re.M)


@dataclass
class Step:
    command: str
    expected: str
    start: int  # offset of the expected output in the README
    end: int


def _steps(text: str) -> list[list[Step]]:
    blocks = []
    for block in BLOCK.finditer(text):
        body, base = block.group(1), block.start(1)
        steps: list[Step] = []
        for m in re.finditer(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", body, re.M):
            steps.append(Step(m.group(1), m.group(2), base + m.start(2), base + m.end(2)))
        blocks.append(steps)
    return blocks


def _run(step: Step, cwd: Path, env: dict[str, str]) -> str:
    argv = shlex.split(step.command)
    if argv[0] == "cat":
        (cwd / argv[1]).write_text(step.expected, encoding="utf-8")
        return step.expected
    assert argv[0] == "kb", f"the README runs only kb and cat: {step.command}"
    out = subprocess.run(
        [sys.executable, "-m", "kb.cli", *argv[1:]],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    return out.stdout


BLOCKS = _steps(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "steps", BLOCKS, ids=[" ; ".join(s.command for s in b)[:60] for b in BLOCKS]
)
def test_readme_example_is_real_output(steps, store_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KB_LANG"}  # Danish, the default
    env["COLUMNS"] = "100"
    # The examples show a store in use, its search index built (store_url copies both).
    got = [(_run(step, tmp_path, env), step) for step in steps]
    if os.environ.get("KB_README_UPDATE"):
        text = README.read_text(encoding="utf-8")
        for output, step in sorted(got, key=lambda g: -g[1].start):
            located = text.find(step.expected, step.start - 200)
            assert located >= 0, step.command
            text = text[:located] + output + text[located + len(step.expected) :]
        README.write_text(text, encoding="utf-8")
        return
    for output, step in got:
        assert output == step.expected, f"$ {step.command}"


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 5 and all(BLOCKS)


DOCTESTED = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "kb").rglob("*.py")
    if ">>>" in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("name", DOCTESTED)
def test_docstring_examples_run(name, store_url):
    # store_url: the examples that read the law read a private copy of the bundled store
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0


def test_the_public_api_has_examples():
    assert {"kb.api", "kb.units", "kb.i18n"} <= set(DOCTESTED)


def test_kb_exports_the_public_api():
    import kb
    import kb.api

    assert kb.__all__ == kb.api.__all__
    for name in kb.api.__all__:
        assert getattr(kb, name) is getattr(kb.api, name)
        assert (getattr(kb.api, name).__doc__ or "").strip(), f"kb.{name} has no docstring"
