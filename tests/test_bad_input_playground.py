"""Bad input to the playground: LessonError/TrainingError naming the setting, nothing run."""

from __future__ import annotations

import numpy as np
import pytest

from kerasnb.errors import KerasnbError
from kerasnb.playground import Playground
from kerasnb.playground.errors import LessonError, TrainingError
from kerasnb.playground.lesson import Lesson


@pytest.fixture(scope="module")
def playground() -> Playground:
    return Playground("gauss", hidden=[2], n_samples=60, epochs=1)


@pytest.mark.parametrize("epochs", [0, False, True, 0.0, 2.0, -1, 10**9, "3", np.array([1])])
def test_train_epochs_is_checked_not_replaced(playground: Playground, epochs: object) -> None:
    before = len(playground.history.get("loss", []))
    with pytest.raises(TrainingError, match="epochs"):
        playground.train(epochs=epochs)  # type: ignore[arg-type]
    assert len(playground.history.get("loss", [])) == before


@pytest.mark.parametrize("block", [None, 0, "no"])
def test_train_block_must_be_a_bool(playground: Playground, block: object) -> None:
    with pytest.raises(TrainingError, match="block"):
        playground.train(1, block=block)  # type: ignore[arg-type]
    assert playground.state != "running"


@pytest.mark.parametrize(("setting", "value"), [
    ("data", ["gauss"]), ("data", {}), ("activation", np.array([1, 2])),
    ("optimizer", ["adam"]), ("features", [["x1"]])])
def test_unhashable_settings_are_named(setting: str, value: object) -> None:
    with pytest.raises(LessonError, match=setting if setting != "data" else "data set"):
        Playground("gauss", **{setting: value}) if setting != "data" else Playground(value)


@pytest.mark.parametrize("lesson", [True, 3, {"data": "gauss"}])
def test_lesson_must_be_a_lesson(lesson: object) -> None:
    with pytest.raises(LessonError, match="lesson"):
        Playground(lesson=lesson)  # type: ignore[arg-type]


@pytest.mark.parametrize(("content", "words"), [
    (b'{"seed": ' + b"9" * 5000 + b"}", "digits"), (b'{"seed": NaN}', "NaN"),
    (b'{"seed": 1e400}', "too large"), (b"\x00\xff", "not a text file"),
    (b"[" * 100_000, "recursion|nested"), (b"", "not valid JSON")])
def test_corrupt_lesson_files_are_lesson_errors(tmp_path, content: bytes, words: str) -> None:
    path = tmp_path / "lesson.json"
    path.write_bytes(content)
    with pytest.raises(LessonError, match=words):
        Playground.load(path)


@pytest.mark.parametrize("path", ["/dev/zero", 3])
def test_lesson_paths_that_are_devices_or_not_paths(tmp_path, path: object) -> None:
    with pytest.raises(LessonError) as info:
        Lesson.load(path)  # type: ignore[arg-type]
    assert isinstance(info.value, KerasnbError)
    with pytest.raises(LessonError, match="folder"):
        Lesson.load(tmp_path)
