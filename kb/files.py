"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from kb.errors import KbError
from kb.i18n import _


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write` on a temporary file beside `path`, then move it into place.

    An existing file at `path` is replaced only once the new one is complete.
    """
    if path.is_dir():
        raise KbError(_("{path}: is a directory; give a file name").format(path=path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KbError(
            _("{path}: cannot write here ({reason})").format(path=path, reason=exc.strerror)
        ) from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain
        # open() would, or keep the mode of the file it replaces.
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        raise KbError(
            _("{path}: cannot write ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
