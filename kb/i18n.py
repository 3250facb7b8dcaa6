"""The language of everything lovkb says to a person: Danish by default, English on request.

Messages are written in the code in English and marked with `_()` (or `ngettext` for a
count); the Danish catalog `kb/locale/da/LC_MESSAGES/kb.po`, compiled to `kb.mo`, holds
their Danish wording. Babel extracts and compiles them (see `kb/locale/README.md`); at run
time only the standard library's `gettext` reads the compiled catalog.

The language is chosen, in order, by `use_language` (a context: one web request, one
call), `set_language` (a whole process: `kb --lang en`), or the `KB_LANG` environment
variable, and is otherwise Danish. It is kept in a context variable, so threads and
requests served side by side each speak their own.

Only messages are translated. Legal text, labels ("§ 24, stk. 2"), act names, codes,
keys and statuses are never passed through `_()`.

>>> with use_language("da"):
...     _("Show tracebacks on errors.")
'Vis Pythons sporingsudskrift (traceback) ved fejl.'
>>> with use_language("en"):
...     _("Show tracebacks on errors.")
'Show tracebacks on errors.'
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")
DEFAULT: Language = "da"
DOMAIN = "kb"
LOCALE_DIR = Path(__file__).with_name("locale")

_chosen: ContextVar[Language | None] = ContextVar("kb_language", default=None)
_process: list[Language] = []  # set_language's choice, when made


def language(value: str | None = None) -> Language:
    """`value` checked, or the language in force now (see the module's docstring).

    A `KB_LANG` that names no language lovkb speaks is passed over (Danish is
    spoken): a library cannot stop every message for it. The command line
    reports it (`kb.cli`), and `language(os.environ["KB_LANG"])` raises.
    """
    if value is None:
        chosen = _chosen.get()
        if chosen is not None:
            return chosen
        if _process:
            return _process[-1]
        env = os.environ.get("KB_LANG")
        try:
            return language(env) if env else DEFAULT
        except ValueError:
            return DEFAULT
    lang = value.strip().lower().replace("_", "-").split("-")[0]
    if lang not in LANGUAGES:
        # Said in both languages: the one asked for is not to be had.
        raise ValueError(
            f"sproget {value!r} findes ikke; vælg da eller en "
            f"(language {value!r} is not available; choose da or en)"
        )
    return lang


def set_language(value: str) -> Language:
    """Speak `value` for the rest of the process (the command line's `--lang`)."""
    lang = language(value)
    _process[:] = [lang]
    return lang


@contextmanager
def use_language(value: str) -> Iterator[Language]:
    """Speak `value` inside the block only: one request, one call."""
    token = _chosen.set(language(value))
    try:
        yield _chosen.get() or DEFAULT
    finally:
        _chosen.reset(token)


@cache
def _catalog(lang: Language) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()  # the messages are written in English
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str) -> str:
    """`message` in the language in force."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the language in force."""
    return _catalog(language()).ngettext(singular, plural, n)
