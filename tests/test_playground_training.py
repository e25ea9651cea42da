"""Real Keras training in the playground: floors per data set, Stop/Pause/Step, NaN, exported code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import numpy as np
import pytest

from kerasnb.builder import ModelSpec
from kerasnb.playground import LessonError, TrainingError
from kerasnb.playground.core import Playground

pytestmark = pytest.mark.slow

FLOORS = [
    ("circles", dict(hidden=[8, 8], epochs=25, batch_size=10), "test_accuracy", 0.95),
    ("xor", dict(hidden=[8, 8], epochs=25, batch_size=10), "test_accuracy", 0.95),
    ("gauss", dict(hidden=[2], epochs=10, batch_size=20), "test_accuracy", 0.95),
    ("moons", dict(hidden=[8, 8], epochs=25, batch_size=10), "test_accuracy", 0.9),
    ("spiral", dict(hidden=[8, 8], epochs=40, batch_size=10,
                    features=["x1", "x2", "sin_x1", "sin_x2"]), "test_accuracy", 0.85),
    ("digits", dict(hidden=[32], epochs=15, batch_size=32, learning_rate=0.003),
     "test_accuracy", 0.9),
    ("breast_cancer", dict(hidden=[8], epochs=15, batch_size=16, learning_rate=0.003),
     "test_accuracy", 0.93),
]


def _until(predicate, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize(("name", "settings", "column", "floor"), FLOORS,
                         ids=[f[0] for f in FLOORS])
def test_each_data_set_trains_to_a_floor(name, settings, column, floor):
    pg = Playground(name, seed=0, **settings)
    pg.train()
    row = pg.runs.iloc[-1]
    assert row[column] >= floor, pg.runs.T
    assert row["epochs"] == settings["epochs"] and row["status"] == "done"
    assert len(pg.history["loss"]) == settings["epochs"] and "val_loss" in pg.history


def test_regression_on_diabetes_beats_predicting_the_mean():
    pg = Playground("diabetes", seed=0, hidden=[16], epochs=8, batch_size=32,
                    learning_rate=0.01, activation="relu")
    pg.train()
    row = pg.runs.iloc[-1]
    baseline = float(np.mean(np.abs(pg.data.y_test - pg.data.y_train.mean())))
    assert row["test_mae"] < 0.85 * baseline, (row["test_mae"], baseline)
    assert "mean absolute error" not in pg.task and "regression" in pg.task


def test_x1_squared_makes_circles_linearly_separable():
    pg = Playground("circles", seed=0, hidden=[], features=["x1^2", "x2^2"], epochs=20,
                    learning_rate=0.1)
    pg.train()
    assert pg.runs.iloc[-1]["test_accuracy"] >= 0.95
    assert pg.runs.iloc[-1]["params"] == 3  # two weights and a bias: a straight line


def test_stop_mid_run_keeps_weights_history_and_one_run_only():
    pg = Playground("xor", seed=0, hidden=[8], epochs=400, n_samples=200)
    assert pg.train(block=False) is True
    assert pg.train(block=False) is False  # a second press never starts a second run
    assert _until(lambda: len(pg.history.get("loss", [])) >= 2)
    pg.stop()
    assert pg.state == "idle"
    trained = len(pg.history["loss"])
    assert 2 <= trained < 400
    weights = [w.copy() for w in pg.model.get_weights()]
    time.sleep(0.3)
    assert len(pg.history["loss"]) == trained  # halted: nothing moves any more
    assert all(np.array_equal(a, b) for a, b in zip(weights, pg.model.get_weights(), strict=True))
    assert pg.runs.iloc[-1]["status"] == "stopped" and len(pg.runs) == 1
    assert "stopped after" in pg.message
    pg.train(epochs=2)  # continues the same run
    assert len(pg.history["loss"]) == trained + 2 and len(pg.runs) == 1


def test_pause_holds_and_step_trains_one_epoch():
    pg = Playground("gauss", seed=0, hidden=[2], epochs=500, n_samples=100)
    pg.train(block=False)
    assert _until(lambda: len(pg.history.get("loss", [])) >= 1)
    pg.pause()
    assert _until(lambda: pg.state == "paused")
    held = len(pg.history["loss"])
    time.sleep(0.3)
    assert len(pg.history["loss"]) == held
    pg.step()  # finish this epoch (and the next starts paused)
    assert _until(lambda: len(pg.history["loss"]) == held + 1 and pg.state == "paused")
    pg.stop()
    assert pg.state == "idle"
    idle = Playground("gauss", seed=0, hidden=[2], n_samples=100)
    idle.step()
    idle.join(60)
    assert len(idle.history["loss"]) == 1


def test_nan_loss_stops_and_keeps_the_last_good_epoch():
    pg = Playground("diabetes", seed=0, hidden=[32, 32], activation="linear", optimizer="sgd",
                    learning_rate=0.01, epochs=2, batch_size=16)
    pg.train()
    good = [w.copy() for w in pg.model.get_weights()]
    pg.set(learning_rate=10.0)  # the same run goes on, with steps far too big
    pg.train(epochs=5)
    assert pg.runs.iloc[-1]["status"] == "NaN loss"
    assert "NaN" in pg.message and "weights of epoch 2 were kept" in pg.message
    assert len(pg.history["loss"]) == 2 and all(np.isfinite(pg.history["loss"]))
    assert all(np.array_equal(a, b) for a, b in zip(good, pg.model.get_weights(), strict=True))
    with pytest.raises(TrainingError, match="NaN"):
        pg.train()
    pg.set(learning_rate=0.01)
    pg.reset()
    pg.train(epochs=1)
    assert pg.runs.iloc[-1]["status"] == "done"


def test_bad_design_disables_training_with_a_named_error():
    pg = Playground("xor", hidden=[4])
    pg.set_design(ModelSpec.sequential((5,), [("Dense", {"units": 1, "activation": "sigmoid"})]))
    assert pg.problems and pg.model is None
    with pytest.raises(TrainingError, match="the data has 2"):
        pg.train()
    pg.set_design(None)
    assert pg.problems == [] and pg.model is not None


def test_lock_and_save_load_round_trip(tmp_path):
    pg = Playground("spiral", seed=2, noise=0.1, hidden=[6, 6], features=["x1", "x2", "sin_x1"],
                    learning_rate=0.01, lock=["data", "hidden"])
    assert pg.lesson.lock == {"data": "disable", "hidden": "disable"}
    path = pg.save(tmp_path / "lesson.json")
    again = Playground.load(path)
    assert again.lesson == pg.lesson
    assert again.spec.to_dict() == pg.spec.to_dict()
    assert np.array_equal(again.data.x_train, pg.data.x_train)
    # a bad file changes nothing in a running playground
    (tmp_path / "bad.json").write_text('{"format": "kerasnb.playground", "version": 1, '
                                       '"data": "xor", "noise": 9}')
    with pytest.raises(LessonError, match="noise"):
        again.load_lesson(tmp_path / "bad.json")
    assert again.lesson == pg.lesson and again.lesson.data == "spiral"


def _run_script(code: str, tmp_path) -> dict[str, dict[str, float]]:
    script = tmp_path / "run.py"
    script.write_text(code)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = {}
    for line in done.stdout.splitlines():
        part, _, rest = line.partition(" ")
        found[part] = {k: float(v) for k, v in re.findall(r"'(\w+)': ([-\d.e]+)", rest)}
    return found


def _assert_same(pg: Playground, found: dict[str, dict[str, float]]) -> None:
    row = pg.runs.iloc[-1]
    for part in ("train", "test"):
        for key, value in found[part].items():
            assert row[f"{part}_{key}"] == pytest.approx(value, abs=2e-3), (part, key)


def test_exported_code_reproduces_the_final_metrics(tmp_path):
    pg = Playground("moons", seed=5, noise=0.2, hidden=[5, 3], features=["x1", "x2", "x1x2"],
                    epochs=6, n_samples=200, dropout=0.1, l2=0.001)
    pg.train()
    pg.set(learning_rate=0.01, batch_size=25)  # a second segment with other settings
    pg.train(epochs=3)
    code = pg.to_code()
    assert "kerasnb" not in code.replace('"""A kerasnb playground run', "")  # self-contained
    assert "def moons(" in code and "learning_rate.assign(0.01)" in code
    _assert_same(pg, _run_script(code, tmp_path))


def test_exported_code_reproduces_a_run_stopped_mid_epoch(tmp_path):
    pg = Playground("circles", seed=1, hidden=[4], epochs=300, n_samples=400, batch_size=5)
    pg.train(block=False)
    assert _until(lambda: len(pg.history.get("loss", [])) >= 1)
    pg.stop()
    code = pg.to_code()
    _assert_same(pg, _run_script(code, tmp_path))


def test_exported_code_for_a_real_data_set(tmp_path):
    pg = Playground("diabetes", seed=0, hidden=[4], epochs=2, batch_size=32)
    pg.train()
    code = pg.to_code()
    assert 'data.load("diabetes")' in code
    _assert_same(pg, _run_script(code, tmp_path))


def test_compare_runs_and_runs_table():
    pg = Playground("gauss", seed=0, hidden=[2], epochs=2, n_samples=100)
    pg.train()
    pg.set(hidden=[3])
    pg.train()
    assert list(pg.runs.index) == ["run 1", "run 2"]
    assert list(pg.runs["params"]) == [9, 13]
    figure, table = pg.compare()
    assert list(table.index) == ["run 1", "run 2"]
