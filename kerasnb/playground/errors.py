"""The playground's own errors: one base class, one subclass per thing that can be wrong.

>>> from kerasnb.playground.errors import LessonError, PlaygroundError
>>> issubclass(LessonError, PlaygroundError)
True
>>> str(LessonError("noise out of range", received="2.0", expected="0 to 0.5"))
'noise out of range (received: 2.0; expected: 0 to 0.5)'
"""

from __future__ import annotations

from kerasnb.errors import KerasnbError

__all__ = ["DesignError", "LessonError", "PlaygroundError", "TrainingError"]


class PlaygroundError(KerasnbError):
    """Base class of every error the playground raises for bad input."""


class LessonError(PlaygroundError):
    """A lesson (settings, or a lesson file) that cannot be used; nothing of it was loaded."""


class DesignError(PlaygroundError):
    """A model design that does not fit the data (input size, output layer, loss)."""


class TrainingError(PlaygroundError):
    """A training request that cannot be honoured (e.g. the design has problems)."""
