"""The migrate package's own error type.

>>> from kerasnb.migrate.errors import MigrateError
>>> str(MigrateError("cell 2, line 1: invalid syntax"))
'cell 2, line 1: invalid syntax'
"""

from __future__ import annotations

from typing import Any

from kerasnb.errors import KerasnbError


class MigrateError(KerasnbError):
    """Input the checker cannot read: not Python, invalid notebook JSON, a syntax error.

    >>> from kerasnb.migrate import check_keras2
    >>> try:
    ...     check_keras2("model.fit(")
    ... except MigrateError as err:
    ...     print(err)
    syntax error at line 1, column 10: '(' was never closed
    """

    # for a notebook: (cell, finding) pairs from the cells that could be checked
    findings: list[tuple[int, Any]] = []  # noqa: RUF012 - replaced per instance, never mutated
