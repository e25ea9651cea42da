"""A lesson: the whole state of a playground as one JSON-serialisable dataclass.

>>> from kerasnb.playground.lesson import Lesson
>>> lesson = Lesson(data="xor", hidden=[8, 8], lock={"data": "hide"})
>>> Lesson.from_json(lesson.to_json()) == lesson
True
>>> Lesson.from_dict({"format": "kerasnb.playground", "version": 1, "noise": 3})
Traceback (most recent call last):
...
kerasnb.playground.errors.LessonError: noise is out of range (received: 3; expected: a number from 0 to 0.5)

Data, features, the design (quick settings, or a full ``ModelSpec`` made in the builder),
training settings and the locked controls: everything a teacher hands out. Every way in
(constructor, :meth:`Lesson.from_dict`, a file) goes through :meth:`Lesson.check`, which names
the first thing that is wrong; a lesson that fails it is never used, not even in part.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from kerasnb.files import atomic_write_text
from kerasnb.playground.data import FEATURES, PLANE_SETS, REAL_SETS
from kerasnb.playground.errors import LessonError

__all__ = ["ACTIVATIONS", "CONTROLS", "FORMAT", "OPTIMIZERS", "VERSION", "Lesson"]

FORMAT = "kerasnb.playground"
VERSION = 1
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
OPTIMIZERS = ("adam", "sgd", "rmsprop")
MAX_LAYERS, MAX_UNITS = 6, 64
# controls a teacher can lock: the lesson's fields plus the full builder
CONTROLS = ("data", "seed", "noise", "train_ratio", "n_samples", "features", "hidden",
            "activation", "l1", "l2", "dropout", "builder", "optimizer", "learning_rate",
            "batch_size", "epochs")


@dataclass
class Lesson:
    """Everything a playground needs to show the same thing again.

    >>> Lesson().data, Lesson().hidden, Lesson().learning_rate
    ('circles', [4, 2], 0.03)

    Args:
        data: a 2-D set (circles, xor, gauss, spiral, moons) or a real one (digits,
            breast_cancer, diabetes).
        seed: seeds the data, the split, the initial weights and the shuffling.
        noise: 0 to 0.5, how much the 2-D points are blurred.
        train_ratio: the fraction of the points used for training (0.1 to 0.9).
        n_samples: how many 2-D points (50 to 2000).
        features: the model's inputs, made from x1 and x2 (2-D sets only).
        hidden: units of each hidden Dense layer (at most 6 layers of 64).
        activation, l1, l2, dropout: of every hidden layer.
        design: a full ``ModelSpec`` dict (from the builder); replaces the quick settings.
        optimizer, learning_rate, batch_size, epochs: training settings.
        lock: control name -> ``"disable"`` or ``"hide"``.
    """

    data: str = "circles"
    seed: int = 0
    noise: float = 0.0
    train_ratio: float = 0.5
    n_samples: int = 400
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])
    hidden: list[int] = field(default_factory=lambda: [4, 2])
    activation: str = "tanh"
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    design: dict[str, Any] | None = None
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 10
    epochs: int = 50
    lock: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------------ checking
    def check(self) -> Lesson:
        """Raise a LessonError naming the first field that is wrong; return self when all is well.

        >>> Lesson(features=["x3"]).check()
        Traceback (most recent call last):
        ...
        kerasnb.playground.errors.LessonError: features: unknown feature (received: 'x3'; expected: one of x1, x2, x1^2, x2^2, x1x2, sin_x1, sin_x2)
        """
        if not isinstance(self.data, str) or (
                self.data not in PLANE_SETS and self.data not in REAL_SETS):
            raise LessonError("unknown data set", received=repr(self.data),
                              expected="one of " + ", ".join([*PLANE_SETS, *REAL_SETS]))
        _int(self, "seed", 0, 2**31 - 1)
        _number(self, "noise", 0.0, 0.5)
        _number(self, "train_ratio", 0.1, 0.9)
        _int(self, "n_samples", 50, 2000)
        if not isinstance(self.features, list) or not self.features:
            raise LessonError("features must be a non-empty list", received=repr(self.features),
                              expected='e.g. ["x1", "x2"]')
        for name in self.features:
            if not isinstance(name, str) or name not in FEATURES:
                raise LessonError("features: unknown feature", received=f"{name!r:.60}",
                                  expected="one of " + ", ".join(FEATURES))
        if len(set(self.features)) != len(self.features):
            raise LessonError("a feature is listed twice", received=repr(self.features),
                              expected="each feature at most once")
        if not isinstance(self.hidden, list) or len(self.hidden) > MAX_LAYERS:
            raise LessonError("hidden must be a list of at most 6 layer sizes",
                              received=repr(self.hidden), expected="e.g. [8, 8]")
        for units in self.hidden:
            if not isinstance(units, int) or isinstance(units, bool) or not 1 <= units <= MAX_UNITS:
                raise LessonError("hidden: each layer needs 1 to 64 units",
                                  received=repr(units), expected="a whole number 1..64")
        _choice(self, "activation", ACTIVATIONS)
        _number(self, "l1", 0.0, 1.0)
        _number(self, "l2", 0.0, 1.0)
        _number(self, "dropout", 0.0, 0.9)
        if self.design is not None:
            from kerasnb.builder import ModelSpec, SpecError

            try:
                ModelSpec.from_dict(copy.deepcopy(self.design))
            except SpecError as err:
                raise LessonError(f"the design is not a model spec: {err.message}",
                                  received=err.received, expected=err.needs) from None
        _choice(self, "optimizer", OPTIMIZERS)
        _number(self, "learning_rate", 1e-6, 10.0)
        _int(self, "batch_size", 1, 4096)
        _int(self, "epochs", 1, 10000)
        if not isinstance(self.lock, dict):
            raise LessonError("lock must map control names to 'disable' or 'hide'",
                              received=repr(self.lock), expected='e.g. {"data": "hide"}')
        for name, how in self.lock.items():
            if name not in CONTROLS:
                raise LessonError("cannot lock an unknown control", received=repr(name),
                                  expected="one of " + ", ".join(CONTROLS))
            if how not in ("disable", "hide"):
                raise LessonError(f"lock of {name!r} must be 'disable' or 'hide'",
                                  received=repr(how), expected="'disable' or 'hide'")
        return self

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form, with the format name and version.

        >>> Lesson().to_dict()["format"]
        'kerasnb.playground'
        """
        return {"format": FORMAT, "version": VERSION, **copy.deepcopy(asdict(self))}

    def to_json(self) -> str:
        """The lesson as JSON text (what :meth:`save` writes)."""
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> Lesson:
        """Read and check the dict form; any problem raises LessonError and nothing is kept.

        >>> Lesson.from_dict({"format": "kerasnb.playground", "version": 1, "data": "xor"}).data
        'xor'
        """
        if not isinstance(data, dict):
            raise LessonError("a lesson must be a JSON object", received=type(data).__name__,
                              expected='{"format": "kerasnb.playground", "version": 1, ...}')
        if data.get("format") != FORMAT:
            raise LessonError("this is not a playground lesson", received=repr(data.get("format")),
                              expected=f"format {FORMAT!r}")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
            raise LessonError("this lesson was written by another version of kerasnb",
                              received=f"version {version!r}",
                              expected=f"version 1 to {VERSION} (update kerasnb to read it)")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known - {"format", "version"})
        if unknown:
            raise LessonError("the lesson has fields this version does not know",
                              received=", ".join(unknown), expected=", ".join(sorted(known)))
        values = {k: copy.deepcopy(v) for k, v in data.items() if k in known}
        return cls(**values).check()

    @classmethod
    def from_json(cls, text: str) -> Lesson:
        """Read the JSON form (see :meth:`to_json`)."""
        from kerasnb.builder.specio import read_json

        with _as_lesson_error():  # strict JSON: bounded size, depth and numbers; no NaN
            data = read_json(text)
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the lesson as JSON, atomically (the old file survives a failed write)."""
        self.check()
        target = Path(path)
        try:
            atomic_write_text(target, self.to_json() + "\n")
        except OSError as exc:
            raise LessonError(f"cannot write {str(target)!r}: {exc.strerror or exc}",
                              expected="a folder that exists and is writable") from None
        return target

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Lesson:
        """Read and check a lesson written by :meth:`save`."""
        from kerasnb.builder.specio import read_file

        if not isinstance(path, str | os.PathLike):
            raise LessonError("path must be a file path", received=f"path={path!r:.60}",
                              expected="e.g. 'lesson.json'")
        with _as_lesson_error():  # a folder, a device that never ends, binary data...
            text = read_file(path)
        return cls.from_json(text)

    def replace(self, **changes: Any) -> Lesson:
        """A checked copy with some fields changed (the original is never touched).

        >>> Lesson().replace(noise=0.2).noise
        0.2
        """
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise LessonError("unknown lesson setting", received=", ".join(unknown),
                              expected=", ".join(f.name for f in fields(self)))
        values = copy.deepcopy(asdict(self)) | copy.deepcopy(changes)
        return Lesson(**values).check()


def _number(lesson: Lesson, name: str, low: float, high: float) -> None:
    value = getattr(lesson, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise LessonError(f"{name} must be a number", received=repr(value),
                          expected=f"a number from {low:g} to {high:g}")
    if not low <= value <= high:
        raise LessonError(f"{name} is out of range", received=repr(value),
                          expected=f"a number from {low:g} to {high:g}")
    setattr(lesson, name, float(value))


@contextlib.contextmanager
def _as_lesson_error() -> Iterator[None]:
    """Turn the JSON reader's SpecError into a LessonError with the same explanation."""
    from kerasnb.builder.errors import SpecError

    try:
        yield
    except SpecError as err:
        text = err.message.replace("a model spec", "a lesson").replace("model spec", "lesson")
        raise LessonError(text, received=err.received,
                          expected=err.needs or "a file written by Playground.save") from None


def _int(lesson: Lesson, name: str, low: int, high: int) -> None:
    value = getattr(lesson, name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LessonError(f"{name} must be a whole number from {low} to {high}",
                          received=repr(value), expected=f"{low}..{high}")


def _choice(lesson: Lesson, name: str, choices: tuple[str, ...]) -> None:
    value = getattr(lesson, name)
    if not isinstance(value, str) or value not in choices:
        raise LessonError(f"unknown {name}", received=f"{value!r:.60}",
                          expected="one of " + ", ".join(choices))
