"""What the playground shows, rendered to PNG bytes: plane maps, digits, regression, curves.

>>> from kerasnb.playground.views import Throttle
>>> throttle = Throttle(interval=0.5, budget=0.05)
>>> throttle.due()
True

Each view is computed from the model by *calling* it on a batch (``model(x)``), never with
``model.predict`` (which builds a data pipeline every time): a 100×100 plane map and every
hidden unit's map come from one call. Images are assembled with numpy and Pillow, which takes
a few milliseconds; the loss and metric curves reuse the live-plot panels of
:mod:`kerasnb.plots` (one figure, built once, whose lines move). :class:`Throttle` keeps the
drawing under a fixed share of the training time, as :class:`~kerasnb.plots.LivePlot` does.
"""

from __future__ import annotations

import io
import time
from typing import Any

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from kerasnb.playground.data import EXTENT, Dataset, add_features, plane_grid

__all__ = ["CurveView", "Throttle", "model_view", "plane_maps"]

CLASS_COLOURS = np.array([[245, 147, 34], [8, 119, 189]], dtype=np.uint8)  # class 0, class 1
GRID = 100


def _lut() -> np.ndarray:
    """256 colours from orange (0 / negative) through white to blue (1 / positive)."""
    t = np.linspace(0.0, 1.0, 256)[:, None]
    orange, white, blue = np.array([245, 147, 34]), np.array([250, 250, 250]), np.array([8, 119, 189])
    low = orange + (white - orange) * np.clip(t * 2, 0, 1)
    high = white + (blue - white) * np.clip(t * 2 - 1, 0, 1)
    return np.where(t < 0.5, low, high).astype(np.uint8)


LUT = _lut()


class Throttle:
    """Redraw at most every ``interval`` seconds and with at most ``budget`` of the time.

    >>> t = Throttle(interval=10.0); t.record(0.01); t.due()
    False

    The rule of :class:`~kerasnb.plots.LivePlot`: after a redraw that took ``spent`` seconds
    the next waits ``max(interval, spent / budget - spent)``, so drawing is at most ``budget``
    of the wall time; the caller always draws the last epoch.
    """

    def __init__(self, interval: float = 0.4, budget: float = 0.05) -> None:
        self.interval, self.budget = float(interval), float(budget)
        self.next = 0.0

    def due(self) -> bool:
        return time.perf_counter() >= self.next

    def record(self, spent: float) -> None:
        self.next = time.perf_counter() + max(self.interval, spent / self.budget - spent)

    def reset(self) -> None:
        self.next = 0.0


def png(image: Image.Image) -> bytes:
    """PNG bytes of a Pillow image, compressed lightly (speed over size)."""
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _colour(values: np.ndarray, low: float, high: float) -> np.ndarray:
    index = np.clip((values - low) / max(high - low, 1e-12) * 255, 0, 255).astype(np.intp)
    return LUT[index]


def hidden_layers(model: Any) -> list[Any]:
    """The hidden Dense layers of a model (all Dense layers but the output)."""
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    return dense[:-1]


def probe_model(model: Any) -> Any:
    """A model returning every hidden Dense layer's output and the model's output."""
    import keras

    outputs = [layer.output for layer in hidden_layers(model)] + list(model.outputs)
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    return keras.Model(inputs, outputs, name="playground_probe")


def plane_maps(probe: Any, features: list[str], size: int = GRID) -> tuple[np.ndarray, list[np.ndarray]]:
    """The output over the plane (size × size) and each hidden layer's units (units, size, size).

    >>> import keras
    >>> m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"),
    ...                       keras.layers.Dense(1, activation="sigmoid")])
    >>> out, hidden = plane_maps(probe_model(m), ["x1", "x2"], size=10)
    >>> out.shape, hidden[0].shape
    ((10, 10), (3, 10, 10))
    """
    x = add_features(plane_grid(size), features)
    values = probe(x, training=False)
    values = values if isinstance(values, (list, tuple)) else [values]
    arrays = [np.asarray(v) for v in values]
    out = arrays[-1][:, 0].reshape(size, size)
    hidden = [a.T.reshape(a.shape[1], size, size) for a in arrays[:-1]]
    return out, hidden


def _points(draw: ImageDraw.ImageDraw, points: np.ndarray, labels: np.ndarray, side: int,
            outline: tuple[int, int, int], radius: float) -> None:
    scale = side / (2 * EXTENT)
    for (px, py), label in zip(points, labels, strict=False):
        x, y = (px + EXTENT) * scale, (EXTENT - py) * scale
        colour = tuple(int(c) for c in CLASS_COLOURS[int(label) & 1])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour, outline=outline)


def plane_image(data: Dataset, out: np.ndarray, hidden: list[np.ndarray], *, side: int = 300,
                thumb: int = 48, max_units: int = 12, show_test: bool = True) -> Image.Image:
    """The decision map with the points, and each hidden unit's map as a thumbnail column."""
    heat = Image.fromarray(_colour(out, 0.0, 1.0)).resize((side, side), Image.BILINEAR)
    draw = ImageDraw.Draw(heat)
    _points(draw, data.points_train, data.y_train, side, (255, 255, 255), 3.0)
    if show_test:
        _points(draw, data.points_test, data.y_test, side, (0, 0, 0), 3.0)
    columns = len(hidden)
    rows = max([min(len(h), max_units) for h in hidden] or [0])
    gap = 6
    width = side + (gap + (thumb + gap) * columns if columns else 0)
    height = max(side, 14 + rows * (thumb + 4))
    canvas = Image.new("RGB", (width, height + 16), (255, 255, 255))
    canvas.paste(heat, (0, 16))
    label = ImageDraw.Draw(canvas)
    label.text((2, 2), "output (train: white rim, test: black rim)", fill=(40, 40, 40))
    for c, units in enumerate(hidden):
        x0 = side + gap + c * (thumb + gap)
        label.text((x0, 2), f"L{c + 1}", fill=(40, 40, 40))
        for r, unit in enumerate(units[:max_units]):
            bound = float(np.abs(unit).max()) or 1.0
            low = 0.0 if unit.min() >= 0 else -bound
            tile = Image.fromarray(_colour(unit, low, bound)).resize((thumb, thumb))
            canvas.paste(tile, (x0, 16 + r * (thumb + 4)))
    return canvas


def _scaled(array: np.ndarray, cell: int) -> Image.Image:
    grey = (np.clip(array, 0, 1) * 255).astype(np.uint8)
    return Image.fromarray(grey).resize((array.shape[1] * cell, array.shape[0] * cell),
                                        Image.NEAREST)


def digits_image(model: Any, data: Dataset, first_kernel: np.ndarray | None) -> Image.Image:
    """Confusion matrix (test set), misclassified test digits, and the first layer's weights."""
    probs = np.asarray(model(data.x_test, training=False))
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
    predicted = np.asarray(model(data.x_test, training=False))[:, 0]
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


def model_view(model: Any, probe: Any, data: Dataset) -> bytes:
    """The data-specific view as PNG bytes: plane maps, digits panels, or predicted vs true."""
    if data.is_plane:
        out, hidden = plane_maps(probe, data.features)
        return png(plane_image(data, out, hidden))
    if data.task.kind == "regression":
        return png(regression_image(model, data))
    first = hidden_layers(model)[:1] or [
        layer for layer in model.layers if type(layer).__name__ == "Dense"][:1]
    kernel = np.asarray(first[0].kernel) if first else None
    return png(digits_image(model, data, kernel))


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
