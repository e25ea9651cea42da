"""The playground's pure core: data, features, lessons, designs (no training)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kerasnb.builder import ModelSpec
from kerasnb.errors import KerasnbError
from kerasnb.playground import DesignError, Lesson, LessonError, PlaygroundError
from kerasnb.playground.data import PLANE_SETS, add_features, make_dataset, plane_grid
from kerasnb.playground.design import check_design, design_problems, lesson_spec, quick_spec


def test_errors_are_kerasnb_errors():
    assert issubclass(PlaygroundError, KerasnbError)
    assert issubclass(LessonError, PlaygroundError) and issubclass(DesignError, PlaygroundError)


@pytest.mark.parametrize("name", sorted(PLANE_SETS))
def test_plane_sets_are_seeded_balanced_and_split(name):
    a = make_dataset(name, seed=3, noise=0.1, train_ratio=0.7, n_samples=200)
    b = make_dataset(name, seed=3, noise=0.1, train_ratio=0.7, n_samples=200)
    c = make_dataset(name, seed=4, noise=0.1, train_ratio=0.7, n_samples=200)
    assert np.array_equal(a.x_train, b.x_train) and not np.array_equal(a.x_train, c.x_train)
    assert a.x_train.shape == (140, 2) and a.x_test.shape == (60, 2)
    labels = np.concatenate([a.y_train, a.y_test])
    assert set(labels.tolist()) == {0, 1} and abs(labels.mean() - 0.5) < 0.1
    assert np.abs(a.points_train).max() < 9
    assert a.task.kind == "binary" and a.task.activation == "sigmoid"


def test_noise_moves_the_points():
    clean = make_dataset("circles", seed=0, noise=0.0, n_samples=100)
    noisy = make_dataset("circles", seed=0, noise=0.3, n_samples=100)
    assert not np.allclose(clean.points_train, noisy.points_train)


def test_features_become_the_inputs():
    data = make_dataset("circles", features=["x1^2", "x2^2", "x1x2", "sin_x1"], n_samples=50)
    x1, x2 = data.points_train[:, 0], data.points_train[:, 1]
    assert np.allclose(data.x_train, np.stack([x1**2, x2**2, x1 * x2, np.sin(x1)], 1), atol=1e-5)
    grid = plane_grid(100)
    assert grid.shape == (10000, 2) and add_features(grid, ["x2"]).shape == (10000, 1)


def test_real_sets_and_their_tasks():
    digits = make_dataset("digits")
    assert digits.x_train.shape[1] == 64 and digits.task.kind == "multiclass"
    assert digits.task.units == 10 and digits.task.loss == "sparse_categorical_crossentropy"
    cancer = make_dataset("breast_cancer")
    assert cancer.task.kind == "binary" and cancer.n_inputs == 30
    diabetes = make_dataset("diabetes")
    assert diabetes.task.kind == "regression" and diabetes.task.metric == "mae"
    assert abs(float(diabetes.y_train.mean())) < 1e-4 and "standardised" in diabetes.note


def test_lesson_round_trip_and_defaults(tmp_path):
    lesson = Lesson(data="spiral", hidden=[8, 8, 4], features=["x1", "x2", "sin_x1"],
                    noise=0.1, lock={"data": "hide", "learning_rate": "disable"})
    path = lesson.save(tmp_path / "lesson.json")
    again = Lesson.load(path)
    assert again == lesson
    assert json.loads(path.read_text())["format"] == "kerasnb.playground"


BAD = [
    ({"format": "kerasnb.model_spec", "version": 1}, "not a playground lesson"),
    ({"format": "kerasnb.playground", "version": 99}, "another version"),
    ({"format": "kerasnb.playground", "version": 1, "colour": "red"}, "does not know"),
    ({"format": "kerasnb.playground", "version": 1, "data": "mnist"}, "unknown data set"),
    ({"format": "kerasnb.playground", "version": 1, "noise": -1}, "noise is out of range"),
    ({"format": "kerasnb.playground", "version": 1, "hidden": [8, 0]}, "1 to 64 units"),
    ({"format": "kerasnb.playground", "version": 1, "hidden": "8,8"}, "list of at most 6"),
    ({"format": "kerasnb.playground", "version": 1, "features": ["x1", "x1"]}, "twice"),
    ({"format": "kerasnb.playground", "version": 1, "learning_rate": "fast"}, "must be a number"),
    ({"format": "kerasnb.playground", "version": 1, "epochs": 2.5}, "whole number"),
    ({"format": "kerasnb.playground", "version": 1, "lock": {"nope": "hide"}}, "unknown control"),
    ({"format": "kerasnb.playground", "version": 1, "lock": {"data": "grey"}}, "'disable' or"),
    ({"format": "kerasnb.playground", "version": 1,
      "design": {"layers": [{"name": "d", "type": "Nope", "params": {}, "inputs": []}]}},
     "not a model spec"),
    ([1, 2], "must be a JSON object"),
]


@pytest.mark.parametrize(("content", "words"), BAD, ids=[w for _, w in BAD])
def test_bad_lesson_files_give_named_errors(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content))
    with pytest.raises(LessonError, match=words):
        Lesson.load(path)


def test_unreadable_and_broken_lesson_files(tmp_path):
    with pytest.raises(LessonError, match="cannot read"):
        Lesson.load(tmp_path / "missing.json")
    (tmp_path / "broken.json").write_text('{"format": ')
    with pytest.raises(LessonError, match="not valid JSON"):
        Lesson.load(tmp_path / "broken.json")


def test_a_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = Lesson(data="xor").save(tmp_path / "l.json")
    before = path.read_text()
    import kerasnb.files

    def boom(handle_fd, *a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kerasnb.files.os, "fsync", boom)
    with pytest.raises(LessonError, match="No space left"):
        Lesson(data="spiral").save(path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["l.json"]


def test_quick_design_follows_the_task():
    data = make_dataset("digits")
    spec = quick_spec(Lesson(data="digits", hidden=[16], l1=0.001, dropout=0.1), data)
    assert spec.inputs[0].shape == [64]
    assert [x.type for x in spec.layers] == ["Dense", "Dropout", "Dense"]
    assert spec.layers[-1].params == {"units": 10, "activation": "softmax"}
    assert spec.compile["loss"] == "sparse_categorical_crossentropy"
    assert design_problems(spec, data) == []


def test_designs_that_do_not_fit_the_data_are_explained():
    data = make_dataset("xor", n_samples=60)
    wrong_input = ModelSpec.sequential((3,), [("Dense", {"units": 1, "activation": "sigmoid"})])
    problems = design_problems(lesson_spec(Lesson(design=wrong_input.to_dict()), data), data)
    assert any("the data has 2" in p for p in problems)
    wrong_output = ModelSpec.sequential((2,), [("Dense", {"units": 3, "activation": "softmax"})])
    problems = design_problems(lesson_spec(Lesson(design=wrong_output.to_dict()), data), data)
    assert any("needs 1" in p for p in problems) and any("sigmoid" in p for p in problems)
    broken = ModelSpec.sequential((2,), [("LSTM", {"units": 2})])
    with pytest.raises(DesignError, match="LSTM"):
        check_design(lesson_spec(Lesson(design=broken.to_dict()), data), data)
