"""Messages: Danish by default, English on request, and the catalog in step with the code."""

from __future__ import annotations

import doctest
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import kb.i18n
from kb.i18n import _, language, use_language

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "kb" / "locale" / "da" / "LC_MESSAGES" / "kb.po"
MO = PO.with_suffix(".mo")


def _marked() -> set[str]:
    """Every message the code marks for translation, as Babel extracts it."""
    found: set[str] = set()
    keywords = {"_": None, "ngettext": (1, 2), "say": None}  # say(template, **fields)
    for folder in ("kb", "cli"):
        method_map = [("**.py", "python")]
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map, keywords=keywords
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(po: Path = PO) -> dict[str, object]:
    with po.open("rb") as f:
        catalog = read_po(f)
    return {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_marked_message_has_danish_wording():
    catalog = _catalog()
    missing = sorted(m for m in _marked() if m not in catalog)
    assert missing == [], "run the steps in kb/locale/README.md"
    untranslated = sorted(
        k
        for k, m in catalog.items()
        if not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy  # type: ignore[attr-defined]
    )
    assert untranslated == []


def test_the_catalog_holds_no_message_the_code_no_longer_says():
    assert sorted(set(_catalog()) - _marked()) == []


def test_translations_keep_every_placeholder():
    wrong = []
    for key, m in _catalog().items():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)  # type: ignore[attr-defined]
        strings = m.string if isinstance(m.string, tuple) else (m.string,)  # type: ignore[attr-defined]
        want = set().union(*(_fields(i) for i in ids))
        for s in strings:
            if _fields(s) != want:
                wrong.append((key, s))
    assert wrong == []


@pytest.mark.parametrize("domain", ["kb", "messages"])  # lovkb's words, and Typer's
def test_the_compiled_catalog_is_the_catalog(domain):
    po = PO.with_name(f"{domain}.po")
    with po.with_suffix(".mo").open("rb") as f:
        # a plural's forms: a list as read from the .mo, a tuple from the .po
        compiled = {
            m.id if isinstance(m.id, str) else m.id[0]: (
                tuple(m.string) if isinstance(m.string, list) else m.string
            )
            for m in read_mo(f)
            if m.id
        }
    source = {k: m.string for k, m in _catalog(po).items()}  # type: ignore[attr-defined]
    assert compiled == source, f"run `pybabel compile -d kb/locale -D {domain}`"


def test_danish_is_the_default_and_english_is_on_request(monkeypatch):
    monkeypatch.delenv("KB_LANG", raising=False)
    assert language() == "da"
    assert _("Show tracebacks on errors.") != "Show tracebacks on errors."
    monkeypatch.setenv("KB_LANG", "en")
    assert language() == "en" and _("Show tracebacks on errors.") == "Show tracebacks on errors."
    with use_language("da"):
        assert language() == "da"
    assert language() == "en"
    with pytest.raises(ValueError, match="sproget 'fr' findes ikke"):
        language("fr")


def test_i18n_doctests():
    assert doctest.testmod(kb.i18n).failed == 0


def test_no_message_is_marked_twice_with_other_spacing():
    # "the act is not loaded" and "the act is not loaded " would be two catalog entries.
    norm = [re.sub(r"\s+", " ", m).strip() for m in _marked()]
    assert len(norm) == len(set(norm))
