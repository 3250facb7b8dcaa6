"""docs/codes.md and the code registry (kb/codes.py) say the same.

The page lists every `reason` and warning `code` with its meaning and a real
example; the registry defines them. Both lists must be the same set, and every
example must give its code and the message the page quotes, in Danish (the
default) and in English: the example is run once in each language.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, assert_known_codes

from kb import codes
from kb.api import Result, check, resolve
from kb.i18n import LANGUAGES, use_language
from kb.ingest.load import import_files

DOC = ROOT / "docs" / "codes.md"
_HEADING = re.compile(r"^### `([a-z0-9_]+)`$", re.M)
_ITEM = re.compile(r"^- (Status|Meaning|Setup|Example): (.*)$", re.M)
_QUOTED = re.compile(r"^> \*\*(da|en)\*\* (.*)$", re.M)  # "> **da** the message"


@dataclass(frozen=True)
class Entry:
    code: str
    section: str  # "Reasons" or "Warnings"
    statuses: tuple[str, ...]
    meaning: str
    setup: tuple[str, ...]
    command: str
    messages: dict[str, str]  # language -> the message quoted


def _entries() -> list[Entry]:
    entries = []
    for part in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        section = part.split("\n", 1)[0].strip()
        blocks = _HEADING.split(part)[1:]
        for code, body in zip(blocks[::2], blocks[1::2], strict=True):
            items = dict(_ITEM.findall(body))
            quoted = _QUOTED.findall(body)
            langs = [lang for lang, _m in quoted]
            assert langs == list(LANGUAGES), f"{code}: the message in da, then in en"
            setup = items.get("Setup", "").strip("`").split()
            entries.append(
                Entry(
                    code,
                    section,
                    tuple(re.findall(r"`([a-z_]+)`", items.get("Status", ""))),
                    items["Meaning"],
                    tuple(setup[2:]),  # after "kb import"
                    items["Example"].strip("`"),
                    dict(quoted),
                )
            )
    return entries


ENTRIES = _entries()
REASONS = [e for e in ENTRIES if e.section == "Reasons"]
WARNINGS = [e for e in ENTRIES if e.section == "Warnings"]


def test_the_page_lists_exactly_the_registry():
    assert len(REASONS) + len(WARNINGS) == len(ENTRIES)  # no other section
    assert sorted(e.code for e in REASONS) == sorted(codes.REASONS)
    assert sorted(e.code for e in WARNINGS) == sorted(codes.WARNINGS)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.code for e in ENTRIES])
def test_the_meaning_is_the_registrys(entry):
    table = codes.REASONS if entry.section == "Reasons" else codes.WARNINGS
    assert " ".join(table[entry.code].split()) in " ".join(entry.meaning.split())  # type: ignore[index]
    if entry.section == "Reasons":
        assert entry.statuses and set(entry.statuses) <= set(codes.STATUSES) - {"ok"}


@pytest.fixture(scope="module")
def stores(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory, corpus_files):
    """A store of the bundled sources per set of imports a Setup line names. A file of
    the corpus archive is named where the corpus README unpacks it, /tmp/corpus/love/…;
    the test reads it from the archive itself."""
    made: dict[tuple[str, ...], str] = {}

    def where(name: str) -> Path:
        if name.startswith("/tmp/corpus/love/"):
            return corpus_files(Path(name).name)[0]
        return ROOT / name

    def store(setup: tuple[str, ...]) -> str:
        if setup not in made:
            path = tmp_path_factory.mktemp("codes") / "kb.sqlite3"
            shutil.copy(bundled_store, path)
            made[setup] = f"sqlite:///{path}"
            if setup:
                import_files([where(f) for f in setup], made[setup])
        return made[setup]

    return store


def run(command: str, url: str) -> Result:
    """An example's command line, run through `kb.resolve` or `kb.check`."""
    text = None
    if " | " in command:  # echo "LETTER" | kb check - …
        echo, command = command.split(" | ")
        text = shlex.split(echo)[1]
    kb, what, *args = shlex.split(command)
    assert kb == "kb" and what in ("resolve", "check"), command
    options = dict(zip(args[1::2], args[2::2], strict=True))
    assert options.keys() <= {"--as-of", "--law"}, command
    as_of = dt.date.fromisoformat(options["--as-of"])  # examples say their date
    law = options.get("--law")
    if what == "resolve":
        return resolve(args[0], as_of, law=law, url=url)
    assert args[0] == "-" and text is not None, command
    return check(text, as_of, law=law, url=url)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.code for e in ENTRIES])
def test_the_example_gives_the_code_and_message(entry, lang, stores):
    with use_language(lang):
        result = run(entry.command, stores(entry.setup))
    assert result.lang == lang and result.to_json()["lang"] == lang
    assert_known_codes(result.to_json())
    if entry.section == "Reasons":
        said = [(t.status, t.message) for t in result.targets if t.reason == entry.code]
        assert said, f"{entry.command} gives no target with reason {entry.code}"
        status, message = said[0]
        assert status in entry.statuses
    else:
        said = [w.message for t in result.targets for w in t.warnings if w.code == entry.code]
        assert said, f"{entry.command} gives no warning {entry.code}"
        message = said[0]
    assert message == entry.messages[lang]


def test_the_two_languages_say_different_things():
    # A Danish message the same as its English one is a message left untranslated.
    same = [e.code for e in ENTRIES if e.messages["da"] == e.messages["en"]]
    assert same == []
