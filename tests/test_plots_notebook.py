"""LivePlot in a real kernel (nbclient): one image output per training cell, also when stopped."""

from __future__ import annotations

import base64
import os

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

SETUP = """\
import os
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras
import numpy as np
import kerasnb
keras.utils.set_random_seed(42)
x = np.random.default_rng(0).normal(size=(512, 8)).astype("float32")
y = (x[:, 0] > 0).astype("float32")

def model():
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return m

class StopAt(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 2:
            raise KeyboardInterrupt
"""

TRAIN = """\
live = kerasnb.LivePlot(interval=0.2)
history = model().fit(x, y, validation_split=0.25, epochs=6, verbose=0, callbacks=[live])
"""

INTERRUPTED = """\
stopped = kerasnb.LivePlot()
print("training starts")
model().fit(x, y, validation_split=0.25, epochs=6, verbose=0, callbacks=[stopped, StopAt()])
"""

AFTER = "print(len(stopped.history['loss']), len(history.history['loss']))"
STATIC_VALUE = "kerasnb.plot_history(history)"
STATIC_ASSIGNED = "fig = kerasnb.plot_history(history, logy=True)"
COMPARE = "kerasnb.compare_runs({'full': history, 'stopped': stopped})"


def images(cell) -> list[dict]:
    return [o for o in cell.outputs if "image/png" in o.get("data", {})]


def test_liveplot_leaves_exactly_one_image_and_survives_an_interrupt(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    sources = (SETUP, TRAIN, INTERRUPTED, AFTER, STATIC_VALUE, STATIC_ASSIGNED, COMPARE)
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "live.ipynb"
    nbformat.write(nb, path)
    env_backup = dict(os.environ)
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=600, allow_errors=True,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    nbformat.write(nb, tmp_path / "live.executed.ipynb")  # for a look when a check fails
    setup, train, interrupted, after, static_value, static_assigned, compare = nb.cells

    (image,) = images(train)
    assert base64.b64decode(image["data"]["image/png"])[:4] == b"\x89PNG"
    assert image["data"]["text/plain"].startswith("done: epoch 6/6")
    assert image["data"]["image/png"] in image["data"]["text/html"]
    assert [o for o in train.outputs if o.output_type == "error"] == []

    (image,) = images(interrupted)
    text = image["data"]["text/plain"]
    assert text.startswith("interrupted by KeyboardInterrupt, showing the last complete epoch")
    assert "epoch 3/6" in text
    assert [o.ename for o in interrupted.outputs if o.output_type == "error"] == [
        "KeyboardInterrupt"]
    assert "training starts" in "".join(o.get("text", "") for o in interrupted.outputs)

    assert "".join(o.get("text", "") for o in after.outputs).strip() == "3 6"

    # a figure is shown once as the cell's value (not a second time by pyplot at cell end);
    # assigned to a name, pyplot's inline backend shows it, never twice
    assert len(images(static_value)) == 1 and len(images(static_assigned)) <= 1
    assert len(images(compare)) == 1
    tables = [o for o in compare.outputs if "text/html" in o.get("data", {})]
    assert "val_loss best epoch" in tables[0]["data"]["text/html"]
