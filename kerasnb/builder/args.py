"""Checks of the plain arguments the editing methods take (names, lists of names, offsets).

Each returns the value in the form the method uses, or raises a SpecError that names the
argument, what it received and what it accepts.

>>> names_arg("dense", "inputs"), whole_arg(2, "offset")
(['dense'], 2)
>>> name_arg(3, "new")
Traceback (most recent call last):
...
kerasnb.builder.errors.SpecError: new must be a non-empty name without '/'
  received: 3 (int)
  needs:    a text such as 'dense_1'
"""

from __future__ import annotations

import operator
from typing import Any

from kerasnb.builder.errors import SpecError


def _shown(value: Any) -> str:
    return f"{value!r:.60} ({type(value).__name__})"


def name_arg(value: Any, what: str) -> str:
    """A layer or input name: a non-empty text without '/' (surrounding spaces removed)."""
    if not isinstance(value, str) or not value.strip() or "/" in value:
        raise SpecError(f"{what} must be a non-empty name without '/'", received=_shown(value),
                        needs="a text such as 'dense_1'")
    return value.strip()


def names_arg(value: Any, what: str) -> list[str]:
    """One name or a list/tuple of names, as a list."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise SpecError(f"{what} must be a name or a list of names", received=_shown(value),
                        needs="e.g. 'dense' or ['dense', 'dense_1']")
    return list(value)


def whole_arg(value: Any, what: str) -> int:
    """A whole number (a Python or NumPy integer; not a bool, not a float)."""
    try:
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise SpecError(f"{what} must be a whole number", received=_shown(value),
                        needs="an int such as -1, 0 or 2") from None
