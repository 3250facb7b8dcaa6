"""The library is safe to serve: checks from several threads at once give the
same results as one at a time, on a shared reader and on readers of their own."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import ALL_XML, SEED

import kb
from kb.ingest.lexdania import read_file
from kb.store.read import open_reader

THREADS = 8


def _letters() -> list[str]:
    """Eight different letters from real text: slices of the pamphlet and statute prose."""
    pamphlet = SEED.read_text(encoding="utf-8")
    step = len(pamphlet) // 4
    letters = [pamphlet[i * step : (i + 1) * step] for i in range(4)]
    for path in ALL_XML[:4]:
        doc = read_file(path)
        texts = [n.text for top in doc.body for n in top.walk() if n.text]
        letters.append("\n".join(texts)[:40_000])
    assert len(letters) == THREADS and len(set(letters)) == THREADS
    return letters


@pytest.fixture(scope="module")
def letters() -> list[str]:
    return _letters()


def _concurrently(fn, letters):  # type: ignore[no-untyped-def]
    start = threading.Barrier(len(letters))

    def run(letter: str):  # type: ignore[no-untyped-def]
        start.wait()  # all threads enter the pipeline together
        return fn(letter)

    with ThreadPoolExecutor(max_workers=len(letters)) as pool:
        return list(pool.map(run, letters))


@pytest.mark.parametrize("shared", [True, False], ids=["one reader", "a reader each"])
def test_checks_from_eight_threads_match_one_at_a_time(bundled_store, letters, shared):
    url = f"sqlite:///{bundled_store}"
    with open_reader(url) as reader:
        alone = [kb.check(t, "2024-01-01", reader=reader).to_json() for t in letters]
    assert sum(len(r["citations"]) for r in alone) > 300  # real letters, many citations

    with open_reader(url) as reader:
        if shared:
            together = _concurrently(
                lambda t: kb.check(t, "2024-01-01", reader=reader).to_json(), letters
            )
        else:
            together = _concurrently(
                lambda t: kb.check(t, "2024-01-01", url=url).to_json(), letters
            )
    for one, many in zip(alone, together, strict=True):
        assert many == one


def test_the_library_leaves_the_garbage_collector_alone(bundled_store, letters, monkeypatch):
    # The collector is process-wide: a library call that switched it off would
    # switch it off for every other thread of a server.
    def refuse() -> None:
        raise AssertionError("the library switched the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    result = kb.check("\n".join(letters), "2024-01-01", url=f"sqlite:///{bundled_store}")
    assert gc.isenabled() and len(result.citations) > 300
