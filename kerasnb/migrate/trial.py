"""Run a Keras 2 snippet on Keras 3 and report what really happens.

>>> from kerasnb.migrate.trial import run_keras2
>>> print(run_keras2("x = int('3')"))
ran without error

Use it to *show* an old idiom failing (or silently misbehaving) while the old code stays a
string, never executed as if it worked. It runs the code with ``exec`` in ``namespace``
(a fresh dict with ``keras`` imported when omitted), so pass only code you wrote or trust.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    """What a snippet did: the exception (type and first line) and the warnings it raised.

    >>> print(Outcome(error="KeyError", message="'acc'"))
    KeyError: 'acc'
    """

    error: str | None = None
    message: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the snippet raised nothing."""
        return self.error is None

    def __str__(self) -> str:
        lines = [f"{w}" for w in self.warnings]
        lines.append(f"{self.error}: {self.message}" if self.error else "ran without error")
        return "\n".join(lines)

    __repr__ = __str__


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def run_keras2(code: str, namespace: dict[str, Any] | None = None) -> Outcome:
    """Execute ``code``; return its Outcome instead of raising.

    >>> out = run_keras2("import keras\\nkeras.optimizers.SGD(lr=0.01)")
    >>> out.error, out.message
    ('ValueError', "Argument(s) not recognized: {'lr': 0.01}")
    """
    if namespace is None:
        import keras

        namespace = {"keras": keras}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(code, "<keras 2 snippet>", "exec"), namespace)  # noqa: S102
        except Exception as err:  # the point is to show any real error
            error, message = type(err).__name__, _first_line(str(err))
        else:
            error, message = None, ""
    seen: list[str] = []
    for item in caught:
        text = f"{item.category.__name__}: {_first_line(str(item.message))}"
        if text not in seen:
            seen.append(text)
    return Outcome(error, message, seen)
