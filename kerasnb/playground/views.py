"""What the playground shows, rendered to PNG bytes: plane maps, digits, regression, curves.

>>> import keras
>>> from kerasnb.playground.data import make_dataset
>>> from kerasnb.playground.views import data_view
>>> data = make_dataset("diabetes")
>>> model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
>>> draw = data_view(model, data)      # built once per model; draw() is one redraw
>>> draw()[:4]
b'\\x89PNG'

Each view is computed from the model in one compiled call on a batch (``predict_on_batch``),
never with ``model.predict`` (which builds a data pipeline every time). The 2-D sets' decision
map and neuron maps are :class:`~kerasnb.playground.maps.PlaneView`; the digits and regression
panels are assembled with numpy and Pillow; the loss and metric curves reuse the live-plot
panels of :mod:`kerasnb.plots` (one figure, built once, whose lines move). How often they are
redrawn is decided by :class:`kerasnb.throttle.Throttle`, as for :class:`~kerasnb.plots.LivePlot`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from kerasnb.playground.data import Dataset
from kerasnb.playground.maps import LEVELS, PlaneView, hidden_layers, levels, palette

__all__ = ["CurveView", "data_view"]


# the colour scale of the plane maps (orange - white - blue), as RGB rows
LUT = np.frombuffer(palette(), dtype=np.uint8).reshape(256, 3)[:LEVELS]


def png(image: Image.Image) -> bytes:
    """PNG bytes of a Pillow image, compressed lightly (speed over size)."""
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _colour(values: np.ndarray, low: float, high: float) -> np.ndarray:
    return LUT[levels(values, low, high)]


def _scaled(array: np.ndarray, cell: int) -> Image.Image:
    grey = (np.clip(array, 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(grey).resize((array.shape[1] * cell, array.shape[0] * cell),
                                        Image.NEAREST)


def digits_image(model: Any, data: Dataset, first_kernel: np.ndarray | None) -> Image.Image:
    """Confusion matrix (test set), misclassified test digits, and the first layer's weights."""
    probs = np.asarray(model.predict_on_batch(data.x_test))
    predicted = probs.argmax(axis=1)
    truth = data.y_test.astype(int)
    classes = probs.shape[1]
    matrix = np.zeros((classes, classes), dtype=int)
    np.add.at(matrix, (truth, predicted), 1)
    cell = 22
    canvas = Image.new("RGB", (3 * 260, 260), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.text((2, 2), "confusion (rows: true, columns: predicted)", fill=(40, 40, 40))
    top = matrix.max() or 1
    for i in range(classes):
        draw.text((2, 22 + i * cell + 5), str(i), fill=(40, 40, 40))
        draw.text((16 + i * cell + 7, 238), str(i), fill=(40, 40, 40))
        for j in range(classes):
            shade = int(255 - 200 * matrix[i, j] / top)
            fill = (shade, shade, 255) if i == j else (255, shade, shade)
            box = (16 + j * cell, 20 + i * cell, 16 + (j + 1) * cell - 1, 20 + (i + 1) * cell - 1)
            draw.rectangle(box, fill=fill)
            if matrix[i, j]:
                draw.text((box[0] + 3, box[1] + 5), str(matrix[i, j]), fill=(0, 0, 0))
    wrong = np.flatnonzero(predicted != truth)[:20]
    draw.text((262, 2), f"misclassified: {int((predicted != truth).sum())} of {len(truth)}",
              fill=(40, 40, 40))
    shape = data.image_shape or (8, 8)
    for k, index in enumerate(wrong):
        x0, y0 = 262 + (k % 5) * 50, 20 + (k // 5) * 58
        canvas.paste(_scaled(data.x_test[index].reshape(shape), 5), (x0, y0))
        # ASCII only: Pillow 10.0's default font is a Latin-1 bitmap font
        draw.text((x0, y0 + 41), f"{truth[index]}->{predicted[index]}", fill=(179, 38, 30))
    if first_kernel is not None and first_kernel.shape[0] == shape[0] * shape[1]:
        draw.text((522, 2), "first layer's weights", fill=(40, 40, 40))
        for k in range(min(first_kernel.shape[1], 30)):
            w = first_kernel[:, k].reshape(shape)
            bound = float(np.abs(w).max()) or 1.0
            tile = Image.fromarray(_colour(w, -bound, bound)).resize((40, 40), Image.NEAREST)
            canvas.paste(tile, (522 + (k % 5) * 46, 20 + (k // 5) * 46))
    return canvas


def regression_image(model: Any, data: Dataset, side: int = 260) -> Image.Image:
    """Predicted vs true on the test set, with the line where they are equal."""
    predicted = np.asarray(model.predict_on_batch(data.x_test))[:, 0]
    truth = data.y_test.astype(float)
    low = float(min(truth.min(), predicted.min()))
    high = float(max(truth.max(), predicted.max()))
    span = max(high - low, 1e-9)
    canvas = Image.new("RGB", (side, side + 16), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.text((2, 2), "test set: predicted (up) vs true (right)", fill=(40, 40, 40))
    pad = 10

    def at(t: float, p: float) -> tuple[float, float]:
        return (pad + (t - low) / span * (side - 2 * pad),
                16 + side - pad - (p - low) / span * (side - 2 * pad))

    draw.line([at(low, low), at(high, high)], fill=(150, 150, 150), width=1)
    for t, p in zip(truth, predicted, strict=False):
        x, y = at(t, p)
        draw.ellipse((x - 2.5, y - 2.5, x + 2.5, y + 2.5), fill=(8, 119, 189))
    return canvas


def data_view(model: Any, data: Dataset) -> Callable[[], bytes]:
    """The redraw of the data-specific view: plane maps, digits panels, or predicted vs true.

    Whatever does not change with the weights is prepared here, once per model.
    """
    if data.is_plane:
        return PlaneView(model, data).render
    if data.task.kind == "regression":
        return lambda: png(regression_image(model, data))

    def digits() -> bytes:
        first = hidden_layers(model)[:1] or [
            layer for layer in model.layers if type(layer).__name__ == "Dense"][:1]
        kernel = np.asarray(first[0].kernel) if first else None
        return png(digits_image(model, data, kernel))

    return digits


class CurveView:
    """Loss and metric curves (train and test) in one figure whose lines move.

    >>> view = CurveView()
    >>> view.render([{"loss": 0.7, "val_loss": 0.8}, {"loss": 0.5, "val_loss": 0.6}])[:4]
    b'\\x89PNG'
    """

    def __init__(self, dpi: float = 72) -> None:
        self.dpi = dpi
        self._key: tuple[str, ...] = ()
        self._figure: Any = None
        self._panels: Any = None

    def render(self, history: list[dict[str, float]], total: int | None = None) -> bytes | None:
        from kerasnb.plots.figure import Panels, new_figure, png_bytes
        from kerasnb.plots.history import group_metrics

        if not history:
            return None
        table = pd.DataFrame(history, index=pd.RangeIndex(1, len(history) + 1, name="epoch"),
                             dtype=float)
        key = tuple(table.columns)
        if self._panels is None or key != self._key:
            panels = group_metrics(table.columns)
            self._figure = new_figure(len(panels), panel_size=(3.4, 2.5), pyplot=False,
                                      dpi=self.dpi)
            self._panels = Panels(self._figure, panels)
            for panel in panels:
                self._panels.artists(panel.key).val.set_label("test")
            self._key = key
        right = max(len(history), total or 0)
        self._panels.update(table, xlim=(0.5, right + 0.5))
        return png_bytes(self._figure)
