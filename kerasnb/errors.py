"""Every error kerasnb raises for bad input, with one base class a user can catch.

>>> import kerasnb
>>> from kerasnb.errors import KerasnbError
>>> try:
...     kerasnb.data.load("nope")
... except KerasnbError as e:
...     print(type(e).__name__)
UnknownDatasetError

Each class is also a ``ValueError`` (bad input) so code written against the standard
exception keeps working. The classes live next to the code that raises them; this module
is the one place that lists them all.
"""

from __future__ import annotations

from typing import Any

ERROR_CLASSES = ("KerasnbError", "SpecError", "AugmentError", "MigrateError", "HistoryError",
                 "UnknownDatasetError", "DataOptionError", "UnknownExerciseError",
                 "PlaygroundError", "LessonError", "DesignError", "TrainingError", "ClusterError")
"""The names of every public error class; each is an attribute of this module."""


class KerasnbError(ValueError):
    """Base class of the package's own errors: something the user passed in was not right.

    ``received`` and ``expected`` (optional) say what came in and what would be right,
    in the way Keras words its own argument errors.

    >>> str(KerasnbError("epochs must be a whole number", received="2.5", expected="1, 2, 3, ..."))
    'epochs must be a whole number (received: 2.5; expected: 1, 2, 3, ...)'
    """

    def __init__(self, message: str = "", *args: Any, received: Any = None,
                 expected: Any = None) -> None:
        # a subclass may have set its own richer fields before calling this
        if received is not None or not hasattr(self, "received"):
            self.received = received
        if expected is not None or not hasattr(self, "expected"):
            self.expected = expected
        parts = []
        if received is not None:
            parts.append(f"received: {received}")
        if expected is not None:
            parts.append(f"expected: {expected}")
        text = f"{message} ({'; '.join(parts)})" if parts else message
        super().__init__(text, *args)


def __getattr__(name: str) -> Any:
    """Re-export the error classes defined beside their modules, imported on first use."""
    import importlib

    where = {
        "SpecError": "kerasnb.builder.errors",
        "AugmentError": "kerasnb.augment.errors",
        "MigrateError": "kerasnb.migrate.errors",
        "HistoryError": "kerasnb.plots.history",
        "UnknownDatasetError": "kerasnb.data",
        "DataOptionError": "kerasnb.data",
        "UnknownExerciseError": "kerasnb.exercises",
        "PlaygroundError": "kerasnb.playground.errors",
        "LessonError": "kerasnb.playground.errors",
        "DesignError": "kerasnb.playground.errors",
        "TrainingError": "kerasnb.playground.errors",
        "ClusterError": "kerasnb.cluster",
    }
    if name in where:
        return getattr(importlib.import_module(where[name]), name)
    raise AttributeError(f"module 'kerasnb.errors' has no attribute {name!r}")
