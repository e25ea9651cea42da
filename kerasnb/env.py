"""Is this the environment the course expects? Versions, backend, and plain-words problems.

>>> from kerasnb.env import find_problems
>>> find_problems(python="3.11.7", tensorflow="2.21.0", keras="3.15.1", backend="tensorflow")
[]
>>> print(find_problems(python="3.11.7", tensorflow="2.15.0", keras="2.15.0", backend="tensorflow")[0])
Keras 2.15.0 is installed, but this course teaches Keras 3. Run `make lab` (or `pip install -e .` in the course folder) to get keras >= 3.0 and tensorflow >= 2.16.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
from dataclasses import dataclass

__all__ = ["EnvironmentProblem", "Versions", "check_environment", "find_problems"]

MIN_PYTHON = (3, 11)
MIN_TENSORFLOW = (2, 16)
MIN_KERAS = (3, 0)
FIX = "Run `make lab` (or `pip install -e .` in the course folder)"


class EnvironmentProblem(RuntimeError):
    """The environment cannot run the course; the message says what to change."""


@dataclass(frozen=True)
class Versions:
    """The versions that matter to the course.

    >>> Versions("3.11.7", "2.21.0", "3.15.1", "tensorflow").keras
    '3.15.1'
    """

    python: str
    tensorflow: str | None
    keras: str | None
    backend: str | None

    def as_rows(self) -> list[tuple[str, str]]:
        return [
            ("Python", self.python),
            ("TensorFlow", self.tensorflow or "not installed"),
            ("Keras", self.keras or "not installed"),
            ("Keras backend", self.backend or "unknown"),
        ]


def _major_minor(version: str) -> tuple[int, int]:
    parts = (version.split(".") + ["0", "0"])[:2]
    return tuple(int("".join(ch for ch in p if ch.isdigit()) or 0) for p in parts)  # type: ignore[return-value]


def find_problems(
    python: str, tensorflow: str | None, keras: str | None, backend: str | None
) -> list[str]:
    """Every reason these versions cannot run the course, in plain words (empty when fine).

    >>> find_problems("3.11.7", "2.21.0", "3.15.1", "jax")[0].split(".")[0]
    'The Keras backend is "jax", but this course runs on TensorFlow'
    """
    problems = []
    if _major_minor(python) < MIN_PYTHON:
        problems.append(
            f"Python {python} is too old: TensorFlow with Keras 3 needs Python 3.11 or newer."
        )
    if keras is None:
        problems.append(f"Keras is not installed. {FIX} to install it.")
    elif _major_minor(keras) < MIN_KERAS:
        problems.append(
            f"Keras {keras} is installed, but this course teaches Keras 3. "
            f"{FIX} to get keras >= 3.0 and tensorflow >= 2.16."
        )
    if tensorflow is None:
        problems.append(f"TensorFlow is not installed. {FIX} to install it.")
    elif _major_minor(tensorflow) < MIN_TENSORFLOW:
        problems.append(
            f"TensorFlow {tensorflow} is installed; versions before 2.16 bring Keras 2 "
            f"as tf.keras. {FIX} to get tensorflow >= 2.16."
        )
    if backend is not None and backend != "tensorflow":
        problems.append(
            f'The Keras backend is "{backend}", but this course runs on TensorFlow. Set '
            'os.environ["KERAS_BACKEND"] = "tensorflow" before the first `import keras` '
            "(restart the kernel first), and check ~/.keras/keras.json and the KERAS_BACKEND "
            "variable of your shell."
        )
    return problems


def _installed(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def current_versions() -> Versions:
    """Read the versions of this kernel (imports keras only if it is installed).

    >>> current_versions().python == platform.python_version()
    True
    """
    tensorflow = _installed("tensorflow") or _installed("tensorflow-cpu")
    keras_version = _installed("keras")
    backend = None
    if keras_version is not None:
        try:
            import keras

            backend = keras.backend.backend()
        except Exception:  # an unusable Keras is reported through its version
            backend = os.environ.get("KERAS_BACKEND")
    return Versions(platform.python_version(), tensorflow, keras_version, backend)


def check_environment(raise_on_problem: bool = True) -> Versions:
    """Print the versions in a table and stop with plain words if the course cannot run here.

    >>> v = check_environment()  # doctest: +ELLIPSIS
    Python ...
    >>> v.backend
    'tensorflow'
    """
    versions = current_versions()
    width = max(len(name) for name, _ in versions.as_rows())
    for name, value in versions.as_rows():
        print(f"{name:<{width}}  {value}")
    problems = find_problems(versions.python, versions.tensorflow, versions.keras, versions.backend)
    if problems:
        message = "This environment cannot run the course:\n- " + "\n- ".join(problems)
        if raise_on_problem:
            raise EnvironmentProblem(message)
        print(message)
    else:
        print("All good: Keras 3 on TensorFlow.")
    return versions
