"""Writing a user's files so that a failed write never destroys the previous version.

>>> import pathlib, tempfile
>>> from kerasnb.files import atomic_write_text
>>> path = pathlib.Path(tempfile.mkdtemp()) / "design.json"
>>> atomic_write_text(path, '{"layers": []}')
>>> path.read_text()
'{"layers": []}'

The new content goes to a temporary file in the same folder, is flushed to disk, and only
then replaces the old file with one ``os.replace`` (atomic on POSIX and Windows). If anything
fails on the way (disk full, a file-size limit, an interrupt), the old file is untouched and
the temporary file is removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; keep the old file if the write fails.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.bin"
    >>> atomic_write_bytes(p, b"abc"); p.read_bytes()
    b'abc'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    mode = None
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_write_bytes`).

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write_text(p, "héllo"); p.read_text(encoding="utf-8")
    'héllo'
    """
    atomic_write_bytes(path, text.encode(encoding))
