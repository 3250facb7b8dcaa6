"""The `kb` command: a thin Typer layer over the `kb` library.

Commands parse their options, call the library and print. Errors the user
can act on (`KbError`) become one plain line on stderr and a non-zero exit;
a traceback appears only with `--debug`. The app and its shared options are
in `app`; each group of commands is a module of its own, imported here in the
order `kb --help` lists them.
"""

from __future__ import annotations

# The command modules register their commands on `app` as they are imported,
# and `kb --help` lists them in that order.
from . import lookup  # isort: skip
from . import find  # isort: skip
from . import history  # isort: skip
from . import maintain  # isort: skip
from . import update  # isort: skip
from . import serve  # isort: skip
from . import consolidate  # isort: skip
from .app import app, main

__all__ = ["app", "main"]
_COMMANDS = (lookup, find, history, maintain, update, serve, consolidate)
