"""The errors lovkb reports to its users.

Every error carries a plain message that says what was wrong and where; the
CLI prints it on one line and exits with `exit_code`; `code` is the stable
name a program branches on (the HTTP API's `{"error": {"code", "message"}}`).
"""

from __future__ import annotations


class KbError(Exception):
    """Base class: a problem to report to the user, not a bug."""

    exit_code = 2
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SourceError(KbError):
    """A source file that cannot be imported: names the file and the line."""

    code = "bad_source"

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class StoreError(KbError):
    """The database cannot be opened, is not a lovkb store, or is too new."""

    code = "store_error"


class StoreNotReady(StoreError):
    """There is no store yet, or its schema is not the current one: it needs setting up."""

    code = "store_not_ready"


class NotFound(KbError):
    """A cited act or unit that is not in the store; the message says what is."""

    exit_code = 1
    code = "not_found"


class CitationSyntaxError(KbError):
    """A string that is not a citation lovkb can read (the command cannot run)."""

    code = "not_a_citation"


class UsageError(KbError, ValueError):
    """An argument the caller gave that cannot be used (a date that is no date)."""

    code = "bad_argument"
