"""The errors lovkb reports to its users.

Every error carries a plain message that says what was wrong and where; the
CLI prints it on one line and exits with `exit_code`.
"""

from __future__ import annotations


class KbError(Exception):
    """Base class: a problem to report to the user, not a bug."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SourceError(KbError):
    """A source file that cannot be imported: names the file and the line."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class StoreError(KbError):
    """The database cannot be opened, is not a lovkb store, or is too new."""


class NotFound(KbError):
    """A cited act or unit that is not in the store; the message says what is."""

    exit_code = 1


class CitationSyntaxError(KbError):
    """A string that is not a citation lovkb can read (the command cannot run)."""
