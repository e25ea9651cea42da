"""The playground: TensorFlow Playground in real Keras, on the builders' ``ModelSpec``.

>>> from kerasnb.playground import Lesson, PlaygroundError
>>> Lesson(data="spiral").check().data
'spiral'

Modules: ``data`` (2-D sets, features, real sets, the task), ``lesson`` (the state, saved as
JSON), ``design`` (lesson -> ModelSpec, does it fit the data), ``trainer`` (``fit`` that can be
stopped, paused and stepped), ``views`` (maps, digits, curves as PNG), ``codegen`` (a run as a
script), ``core`` (:class:`Playground`), ``widget`` (the ipywidgets layer).
"""

from __future__ import annotations

from typing import Any

from kerasnb.playground.errors import DesignError, LessonError, PlaygroundError, TrainingError
from kerasnb.playground.lesson import Lesson

__all__ = ["DesignError", "Lesson", "LessonError", "Playground", "PlaygroundError",
           "TrainingError"]


def __getattr__(name: str) -> Any:  # Playground imports Keras: only when asked for
    if name == "Playground":
        from kerasnb.playground.core import Playground

        return Playground
    raise AttributeError(f"module 'kerasnb.playground' has no attribute {name!r}")
