"""Checks of the plain arguments a Playground takes: ``lock=``, ``lesson=``, ``train(...)``.

>>> lock_dict(["data", "hidden"])
{'data': 'disable', 'hidden': 'disable'}
>>> check_train(0, True, 100)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kerasnb.playground.errors.TrainingError: epochs must be a whole number of epochs, or None ...
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerasnb.playground.errors import LessonError, TrainingError
from kerasnb.playground.lesson import CONTROLS, Lesson

MAX_EPOCHS = 10_000
"""The most epochs one call of :meth:`Playground.train` runs (as a lesson allows)."""


def lock_dict(lock: Any) -> dict[str, str]:
    """``lock=`` as a dict control name -> "disable" or "hide" (the lesson checks the names)."""
    if lock is None:
        return {}
    if isinstance(lock, str):
        return {lock: "disable"}
    if isinstance(lock, dict):
        return dict(lock)
    try:
        return {str(name): "disable" for name in lock}
    except TypeError:
        raise LessonError("lock must be a list of control names or a dict name -> "
                          "'disable'/'hide'", received=repr(lock),
                          expected=f"names from {', '.join(CONTROLS)}") from None


def check_lesson(lesson: Any) -> None:
    """Refuse a ``lesson=`` that is not a :class:`Lesson` (None is fine)."""
    if lesson is not None and not isinstance(lesson, Lesson):
        raise LessonError("lesson must be a Lesson, or None", received=f"lesson={lesson!r:.60}",
                          expected="Lesson(...) or Lesson.load(path), or None")


def check_train(epochs: Any, block: Any, default: int) -> None:
    """Refuse ``train(epochs=, block=)`` values a run cannot use; ``default``: the lesson's."""
    if epochs is not None and (isinstance(epochs, bool) or not isinstance(
            epochs, int | np.integer) or not 1 <= epochs <= MAX_EPOCHS):
        raise TrainingError("epochs must be a whole number of epochs, or None",
                            received=f"epochs={epochs!r:.60}",
                            expected=f"1 to {MAX_EPOCHS}, or None for the lesson's {default}")
    if not isinstance(block, bool):
        raise TrainingError("block must be True or False", received=f"block={block!r:.60}",
                            expected="True (wait for the run) or False (train in the background)")
