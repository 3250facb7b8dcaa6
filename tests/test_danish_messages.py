"""No message is left in English when lovkb speaks Danish, and `lang` says which it speaks.

The catalog test (tests/test_i18n.py) holds the catalog in step with the code; this one
looks at what is said at run time: every target message and warning that the pamphlet and
the bundled acts' own text give rise to, once in English and once in Danish. Messages are
composed (a fragment inside a template, a problem inside "…; it fits 2 loaded acts"), so a
fragment said in the wrong language shows here and nowhere else.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

import kb
from kb.api import Result, check
from kb.i18n import use_language
from kb.store.read import Reader, open_reader

DAYS = (dt.date(2026, 11, 23), dt.date(2004, 1, 1))  # today's law, and the pamphlet's

# Words of English that no Danish message has: a Danish message with one of them has a
# fragment left in English. (Legal text, names and designations are Danish throughout.)
_ENGLISH = re.compile(
    r"\b(?:the|is|are|of|was|were|not|from|has|have|which|loaded|stored|will|none|names)\b"
)
# What a message may hold besides names without being translated: the words of units'
# labels ("§ 11 a, stk. 2, nr. 3"), the same in every language.
_LABEL_WORDS = re.compile(r"\b(?:stk|nr|litra|pkt|kapitel|[a-zæøå])\b")


# The acts the pamphlet quotes: every version of them is read. Of the other bundled acts the
# newest version is, and every amending act: the version before the newest says what the
# newest says, nearly word for word, and would double the time for few new messages.
PAMPHLET_ACTS = {"forvaltningsloven", "offentlighedsloven", "retssikkerhedsloven"}


def _texts(reader: Reader) -> dict[str, str]:
    """The pamphlet, and the text of the stored versions above (labels, headings, text)."""
    texts = {"pamphlet": SEED.read_text(encoding="utf-8")}
    for act in reader.acts():
        versions = reader.versions(act.id)
        if act.key not in PAMPHLET_ACTS:
            versions = versions[-1:]
        for v in versions:
            units = reader.units(v.id)
            texts[v.designation] = "\n".join(
                " ".join(p for p in (u.label, u.heading, u.text, u.tail) if p) for u in units
            )
    return texts


def _names_only(message: str, names: list[str]) -> bool:
    """True if `message` says nothing but names and labels: a canonical form, an act's
    key, a designation, the citation as written. Such a message is the same in every
    language, since none of it is translated (kb/i18n.py: names, labels, designations
    and canonical forms never are); it is not a message left untranslated."""
    rest = message
    for name in sorted((n for n in names if n), key=len, reverse=True):
        rest = rest.replace(name, " ")
    return not re.search(r"\w\w", _LABEL_WORDS.sub("", re.sub(r"\d", "", rest)))


def _said(result: Result) -> list[tuple[str, str, str | None, list[tuple[str, str]], list[str]]]:
    """(citation, status or reason, message, [(code, message)], names) of every target."""
    out = []
    for c in result.citations:
        for t in c.targets:
            names = [c.text, t.canonical, t.law or "", t.version or "", t.practice or ""]
            what = f"{t.status}/{t.reason}"
            out.append((c.text, what, t.message, [(w.code, w.message) for w in t.warnings], names))
    return out


@pytest.fixture(scope="module")
def reader(bundled_store: Path):
    r = open_reader(f"sqlite:///{bundled_store}")
    yield r
    r.close()


@pytest.fixture(scope="module")
def results(reader: Reader) -> list[tuple[str, dt.date, Result, Result]]:
    out = []
    for name, text in _texts(reader).items():
        for day in DAYS:
            with use_language("en"):
                en = check(text, day, reader=reader)
            with use_language("da"):
                da = check(text, day, reader=reader)
            out.append((name, day, en, da))
    return out


def test_every_template_said_is_a_literal():
    # Babel extracts a `say` template only when it is a string literal at the call: a
    # template chosen by an expression ("a" if x else "b") or passed in a variable would
    # reach the catalog unlisted, and be said in English whatever the language.
    ROOT = Path(__file__).resolve().parents[1]
    wrong, calls = [], 0
    for path in sorted([*(ROOT / "kb").rglob("*.py"), *(ROOT / "cli").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                calls += 1
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls > 50 and wrong == []


def test_the_texts_give_many_messages(results):
    # The test is worth something only if the texts say much: many reasons and warnings.
    reasons = {t.reason for _n, _d, en, _da in results for t in en.targets if t.reason}
    codes = {w.code for _n, _d, en, _da in results for t in en.targets for w in t.warnings}
    assert len(results) >= 10 and len(reasons) >= 8 and len(codes) >= 6, (reasons, codes)


def test_lang_is_the_language_spoken(results):
    for _name, _day, en, da in results:
        assert (en.lang, da.lang) == ("en", "da")
        assert en.to_json()["lang"] == "en" and da.to_json()["lang"] == "da"


def test_every_message_is_said_in_danish(results):
    untranslated, english_left = [], []
    for name, day, en, da in results:
        said_en, said_da = _said(en), _said(da)
        # the codes never change with the language: the same targets, statuses, reasons
        assert [s[:2] for s in said_en] == [s[:2] for s in said_da], name
        for (text, what, m_en, w_en, names), (_t, _w, m_da, w_da, _n) in zip(
            said_en, said_da, strict=True
        ):
            assert [c for c, _m in w_en] == [c for c, _m in w_da], (name, text)
            pairs = [(what, m_en, m_da)] + [
                (code, a, b) for (code, a), (_c, b) in zip(w_en, w_da, strict=True)
            ]
            for code, a, b in pairs:
                if a is None:
                    assert b is None, (name, text, code, b)
                    continue
                where = (name, str(day), text, code)
                if a == b and not _names_only(a, names):
                    untranslated.append((*where, a))
                if b is not None and _ENGLISH.search(re.sub(r"--[a-z-]+", "", b)):  # --as-of
                    english_left.append((*where, b))
    assert untranslated == []
    assert english_left == []


def test_a_long_lived_reader_speaks_each_request_its_own_language(reader):
    # The reader keeps what it looked up, messages included: per language, so that a
    # server's Danish and English requests never get each other's words.
    citation = "forvaltningsloven § 24, stk. 7"
    day = dt.date(2026, 11, 23)
    for _round in range(2):
        with use_language("da"):
            da = kb.resolve(citation, day, reader=reader)
        with use_language("en"):
            en = kb.resolve(citation, day, reader=reader)
        assert da.targets[0].message == "forvaltningsloven § 24 har stk. 1-3"
        assert en.targets[0].message == "forvaltningsloven § 24 has stk. 1-3"
        assert (da.lang, en.lang) == ("da", "en")


def test_a_result_keeps_its_language_when_written_in_another(reader):
    with use_language("da"):
        result = kb.resolve("§ 24", dt.date(2026, 11, 23), reader=reader)
    with use_language("en"):
        data = result.to_json()
        out = io.StringIO()
        result.write_json(out)
    assert data["lang"] == json.loads(out.getvalue())["lang"] == "da"
    assert data["citations"][0]["targets"][0]["message"].startswith("Henvisningen nævner ingen lov")


def _kb(*args: str, lang: str | None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KB_LANG"}
    if lang is not None:
        env["KB_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=120,
    )


def test_kb_show_speaks_danish_by_default(store_url):
    out = _kb("show", "forvaltningsloven § 24, stk. 7", lang=None)
    assert out.returncode == 1
    assert "forvaltningsloven § 24 har stk. 1-3" in out.stdout
    assert "not_found" in out.stdout  # a status is a code: the same in every language
    english = _kb("--lang", "en", "show", "forvaltningsloven § 24, stk. 7", lang=None)
    assert "forvaltningsloven § 24 has stk. 1-3" in english.stdout


def test_kb_check_speaks_danish_by_default(store_url):
    letter = "Efter forvaltningslovens § 24, stk. 7, og retsplejelovens § 99.\n"
    human = _kb("check", "-", "--as-of", "2026-11-23", lang=None, stdin=letter)
    assert "advarsel: Brevet angiver ikke nummer og dato for forvaltningsloven" in human.stdout
    assert human.stdout.rstrip().endswith("2 henvisninger, 2 bestemmelser: 0 ok, 2 ikke ok")
    data = json.loads(_kb("check", "-", "--json", lang=None, stdin=letter).stdout)
    assert data["lang"] == "da"
    assert data["citations"][1]["targets"][0]["message"].startswith("Loven er ikke indlæst")
