"""Is this the environment the course expects? Versions, backend, and plain-words problems.

>>> from kerasnb.env import find_problems
>>> find_problems(python="3.11.7", tensorflow="2.21.0", keras="3.15.1", backend="tensorflow")
[]
>>> print(find_problems(python="3.11.7", tensorflow="2.15.0", keras="2.15.0", backend="tensorflow")[0])
Keras 2.15.0 is installed, but this course teaches Keras 3. Run `make lab` (or `pip install -e .` in the course folder) to get keras >= 3.15 and tensorflow >= 2.16.

The oldest versions are those pyproject.toml declares (tests/test_packaging.py keeps them in
step), the oldest the course's tests pass with.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = [
    "EnvironmentProblem",
    "Versions",
    "check_environment",
    "find_problems",
    "wait_until_answering",
]

MIN_PYTHON = (3, 11)
MIN_TENSORFLOW = (2, 16)
# 3.15: older Keras 3 lacks layers the course uses and differs in what notebooks print
MIN_KERAS = (3, 15)
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


def _dotted(version: tuple[int, int]) -> str:
    return ".".join(map(str, version))


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
    elif _major_minor(keras) < (3, 0):
        problems.append(
            f"Keras {keras} is installed, but this course teaches Keras 3. "
            f"{FIX} to get keras >= {_dotted(MIN_KERAS)} and tensorflow >= {_dotted(MIN_TENSORFLOW)}."
        )
    elif _major_minor(keras) < MIN_KERAS:
        problems.append(
            f"Keras {keras} is older than this course needs (keras >= {_dotted(MIN_KERAS)}: "
            "earlier Keras 3 releases lack layers the notebooks use). "
            f"{FIX} to get a newer Keras."
        )
    if tensorflow is None:
        problems.append(f"TensorFlow is not installed. {FIX} to install it.")
    elif _major_minor(tensorflow) < MIN_TENSORFLOW:
        problems.append(
            f"TensorFlow {tensorflow} is installed; versions before 2.16 bring Keras 2 "
            f"as tf.keras. {FIX} to get tensorflow >= {_dotted(MIN_TENSORFLOW)}."
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


def wait_until_answering(url: str, pid: int | None = None, timeout: float = 300.0) -> bool:
    """Poll ``url`` until it answers (any HTTP status), the process ``pid`` ends, or time runs out.

    ``make lab`` prints the course's address only once this returns True, so the address works
    the moment it appears.

    >>> wait_until_answering("http://127.0.0.1:9/", timeout=0.2)
    False
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except urllib.error.HTTPError:
            return True  # the server answered, if only to refuse
        except OSError:
            pass
        if pid is not None and not _alive(pid):
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a child that exited but was not reaped yet (a zombie) counts as ended
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # no /proc (macOS): ask ps
        import subprocess

        ps = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
        return not ps.stdout.strip().startswith("Z")


def main(argv: list[str] | None = None) -> int:
    """``python -m kerasnb.env`` checks this environment; ``... wait URL`` waits for a server."""
    parser = argparse.ArgumentParser(
        prog="python -m kerasnb.env", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command")
    wait = sub.add_parser("wait", help="wait until a URL answers")
    wait.add_argument("url")
    wait.add_argument("--pid", type=int, help="stop waiting when this process ends")
    wait.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    if args.command == "wait":
        if wait_until_answering(args.url, args.pid, args.timeout):
            return 0
        print(f"No answer from {args.url.split('?')[0]}", file=sys.stderr)
        return 1
    try:
        check_environment()
    except EnvironmentProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
