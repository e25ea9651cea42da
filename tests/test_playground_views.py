"""The playground's views: the plane maps come from one forward pass and show what the model says."""

from __future__ import annotations

import io
import time

import keras
import numpy as np
from PIL import Image

from kerasnb.playground.core import Playground
from kerasnb.playground.data import make_dataset
from kerasnb.playground.maps import CLASS0, CLASS1, PlaneView, palette

RGB = np.frombuffer(palette(), dtype=np.uint8).reshape(256, 3)


def _model(bias: float) -> keras.Model:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"),
                              keras.layers.Dense(14, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.layers[-1].bias.assign([bias])
    model.layers[-1].kernel.assign(np.zeros((14, 1)))
    return model


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def share(pixels: np.ndarray, colour: int) -> float:
    """The fraction of pixels in the palette's colour ``colour``."""
    return float((pixels == RGB[colour]).all(axis=1).mean())


def test_one_forward_pass_draws_the_output_and_every_neuron():
    data = make_dataset("circles", seed=0, n_samples=100)
    view = PlaneView(_model(10.0), data)
    calls = []
    original = view.probe.predict_on_batch
    view.probe.predict_on_batch = lambda x: calls.append(len(x)) or original(x)
    blue = _pixels(view.render())
    assert calls == [100 * 100]  # one batch: the whole grid, every layer at once
    heat = blue[16:316, :300].reshape(-1, 3)
    assert share(heat, 239) > 0.8  # output ~1 everywhere: the top of the scale
    assert share(heat, CLASS0) > 0 and share(heat, CLASS1) > 0  # both classes' points drawn
    orange = _pixels(PlaneView(_model(-10.0), data).render())[16:316, :300].reshape(-1, 3)
    assert share(orange, 0) > 0.8  # output ~0: the bottom of the scale
    # thumbnails: 3 units in L1, 12 (of 14) in L2, each 48 px with 4 px between them
    assert blue.shape[0] == 16 + max(300, 14 + 12 * 52)
    assert blue.shape[1] == 300 + 6 + 2 * (48 + 6)


def test_stopped_run_records_the_metrics_evaluate_would_give():
    pg = Playground("xor", seed=0, hidden=[8], epochs=400, n_samples=200)
    pg.train(block=False)
    end = time.monotonic() + 120
    while len(pg.history.get("loss", [])) < 2 and time.monotonic() < end:
        time.sleep(0.02)
    pg.stop()
    assert pg.runs.iloc[-1]["status"] == "stopped"
    row = pg.runs.iloc[-1]
    x_train, y_train, x_test, y_test = pg.trainer.data
    train = pg.model.evaluate(x_train, y_train, verbose=0, return_dict=True)
    test = pg.model.evaluate(x_test, y_test, verbose=0, return_dict=True)
    for key in ("loss", "accuracy"):
        assert abs(row[f"train_{key}"] - train[key]) < 1e-5
        assert abs(row[f"test_{key}"] - test[key]) < 1e-5
