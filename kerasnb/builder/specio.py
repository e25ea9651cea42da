"""Reading and writing model specs: JSON text and files, checked on the way in, atomic on the
way out.

Whatever comes in (a hand-edited file, a binary file, a device that never ends, deeply nested
or enormous JSON, NaN) either becomes a spec checked through the catalogue or a SpecError
that says what was wrong.

>>> read_json('{"a": [1, 2]}')
{'a': [1, 2]}
>>> read_json('{"a": NaN}')
Traceback (most recent call last):
...
kerasnb.builder.errors.SpecError: the file is not valid JSON: NaN is not a number JSON allows
  fix:      write numbers such as 0.001; NaN and Infinity are not valid values
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kerasnb.builder.errors import SpecError
from kerasnb.files import atomic_write_text

MAX_BYTES = 8 * 1024 * 1024
"""The largest spec file read (8 MiB; a large design is a few dozen KiB)."""
MAX_DEPTH = 32
"""The deepest nesting of lists and dicts accepted (a spec needs 6)."""
MAX_DIGITS = 40
"""The longest number accepted, in digits (Python would otherwise parse 4300 digits)."""


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"the number {text[:12]}... has more than {MAX_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_DIGITS + 10:
        raise ValueError(f"the number {text[:12]}... is too long")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:12]} is too large")
    return value


def _depth(value: Any, limit: int = MAX_DEPTH) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise ValueError(f"the data is nested more than {limit} levels deep")
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]


def read_json(text: str | bytes) -> Any:
    """Parse JSON text strictly (no NaN/Infinity, bounded numbers and depth) or raise SpecError."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise SpecError("the file is not text (it is not UTF-8)",
                            fix="choose a .json file saved by the builder") from None
    if not isinstance(text, str):
        raise SpecError("a model spec in JSON must be text", received=type(text).__name__)
    if len(text) > MAX_BYTES:
        raise SpecError("the JSON text is too large for a model spec",
                        received=f"{len(text):,} characters", needs=f"at most {MAX_BYTES:,}")
    try:
        data = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
        _depth(data)
    except (ValueError, RecursionError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SpecError(f"the file is not valid JSON: {message}",
                        fix="write numbers such as 0.001; NaN and Infinity are not valid values"
                        if "NaN" in message or "Infinity" in message else
                        "save the design again from the builder, or fix the JSON text"
                        ) from None
    return data


def read_file(path: str | os.PathLike[str]) -> str:
    """The text of a spec file, read with a size cap (so a device that never ends is refused)."""
    _check_path(path)
    where = str(path)
    try:
        if Path(path).is_dir():
            raise SpecError(f"{where!r} is a folder, not a file", fix="give the path of a "
                            ".json file saved by the builder")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read {where!r}: {exc.strerror or exc}",
                        fix="check the path") from None
    if len(data) > MAX_BYTES:
        raise SpecError(f"{where!r} is too large for a model spec",
                        needs=f"at most {MAX_BYTES:,} bytes",
                        fix="choose a .json file saved by the builder")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError(f"{where!r} is not a text file", fix="choose a .json file saved by "
                        "the builder") from None


def write_file(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` atomically: a failed write leaves the previous file as it was."""
    _check_path(path)
    target = Path(path)
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise SpecError(f"cannot write {str(target)!r}: {exc.strerror or exc}",
                        fix="check that the folder exists, is writable and has space; the "
                            "previous file (if any) was kept") from None
    return target


def _check_path(path: Any) -> None:
    if isinstance(path, bool) or not isinstance(path, str | os.PathLike) or not str(path):
        raise SpecError("path must be a file path", received=f"path={path!r:.60}",
                        needs="e.g. 'model.json'")
