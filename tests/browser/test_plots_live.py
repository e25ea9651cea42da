"""LivePlot in a real JupyterLab: the live image changes while training runs, in one output."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from tests.browser.jlab import (
    NOTEBOOK,
    error_outputs,
    is_busy,
    open_notebook,
    run_all_cells,
    screenshot,
    wait_kernel_idle,
    write_notebook,
)

EPOCHS = 30
SOURCE = f"""\
import os
os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras
import numpy as np
import kerasnb
keras.utils.set_random_seed(42)
x = np.random.default_rng(0).normal(size=(3000, 20)).astype("float32")
y = (x[:, :3].sum(axis=1) > 0).astype("float32")
model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
live = kerasnb.LivePlot(interval=0.3, budget=0.5)
model.fit(x, y, validation_split=0.2, epochs={EPOCHS}, batch_size=32, verbose=0, callbacks=[live])
"""
IMAGE = f'{NOTEBOOK} .jp-OutputArea-output img[alt="training curves"]'


def test_live_image_changes_in_place_while_training_runs(lab, page, tmp_path: Path) -> None:
    open_notebook(page, lab, write_notebook(lab.root, "plots_live_check.ipynb", SOURCE))
    run_all_cells(page)

    seen_while_busy: list[str] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        image = page.locator(IMAGE)
        if image.count() and is_busy(page):
            src = image.first.get_attribute("src") or ""
            digest = hashlib.sha1(src.encode()).hexdigest()
            if src.startswith("data:image/png;base64,") and digest not in seen_while_busy:
                seen_while_busy.append(digest)
        elif seen_while_busy and not is_busy(page):
            break
        page.wait_for_timeout(150)
    assert len(seen_while_busy) >= 2, "the live image did not change while training ran"

    wait_kernel_idle(page, timeout_s=300)
    assert error_outputs(page) == []
    assert page.locator(IMAGE).count() == 1  # one output, updated in place
    outputs = page.locator(f"{NOTEBOOK} .jp-OutputArea-output")
    text = " ".join(outputs.all_inner_texts())
    assert f"done: epoch {EPOCHS}/{EPOCHS}" in text, text
    final = hashlib.sha1((page.locator(IMAGE).first.get_attribute("src") or "").encode())
    assert final.hexdigest() not in seen_while_busy[:1]  # the final drawing is not the first one
    path = screenshot(page, tmp_path / "liveplot.png")
    assert path.stat().st_size > 10_000
