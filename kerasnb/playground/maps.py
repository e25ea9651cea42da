"""The decision map and every neuron map of a 2-D playground, as one PNG drawn in milliseconds.

>>> import keras
>>> from kerasnb.playground.data import make_dataset
>>> from kerasnb.playground.maps import PlaneView
>>> data = make_dataset("xor", n_samples=60)
>>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"),
...                          keras.layers.Dense(1, activation="sigmoid")])
>>> PlaneView(model, data).render()[:4]
b'\\x89PNG'

How a redraw stays cheap (a 100×100 decision map and all neuron maps in a few milliseconds):

- **one forward pass**: a probe model outputs every hidden Dense layer and the model's output;
  it is called on the whole grid with ``predict_on_batch`` (one compiled function, traced once;
  no data pipeline, which ``model.predict`` builds on every call);
- **what does not move is drawn once**: the grid with its input features, the train and test
  points, the labels and the background;
- **one byte a pixel**: the colour scale *is* the PNG's palette, so a value becomes a palette
  index with numpy, and a palette PNG at zlib level 1 is encoded in about a millisecond
  (about 15 KB, a sixth of an RGB PNG of the same picture).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from kerasnb.playground.data import EXTENT, Dataset, add_features, plane_grid

__all__ = ["PlaneView", "hidden_layers", "plane_maps", "probe_model"]

GRID = 100  # grid points per side of the plane
LEVELS = 240  # palette entries 0..239: the colour scale, orange (low) - white - blue (high)
BACKGROUND, TEXT, CLASS0, CLASS1, RIM_TEST = 240, 241, 242, 243, 244
_EMPTY = 255  # "no point here" in the points layer
ORANGE, WHITE, BLUE = (245, 147, 34), (250, 250, 250), (8, 119, 189)


def palette() -> bytes:
    """The 256 RGB entries: the colour scale, then background, text, the classes, the test rim.

    >>> len(palette())
    768
    """
    t = np.linspace(0.0, 1.0, LEVELS)[:, None]
    orange, white, blue = (np.array(c, dtype=float) for c in (ORANGE, WHITE, BLUE))
    low = orange + (white - orange) * np.clip(t * 2, 0, 1)
    high = white + (blue - white) * np.clip(t * 2 - 1, 0, 1)
    table = np.zeros((256, 3), dtype=np.uint8)
    table[:LEVELS] = np.where(t < 0.5, low, high).round()
    table[BACKGROUND], table[TEXT] = (255, 255, 255), (40, 40, 40)
    table[CLASS0], table[CLASS1], table[RIM_TEST] = ORANGE, BLUE, (0, 0, 0)
    return table.tobytes()


_PALETTE = palette()


def levels(values: np.ndarray, low: float | np.ndarray, high: float | np.ndarray) -> np.ndarray:
    """Palette indices (uint8) of ``values`` on the colour scale from ``low`` to ``high``.

    >>> levels(np.array([0.0, 0.5, 1.0]), 0.0, 1.0).tolist()
    [0, 120, 239]
    """
    span = np.maximum(np.asarray(high, dtype=np.float32) - low, 1e-12)
    scaled = (values - low) / span * (LEVELS - 1) + 0.5
    return np.clip(scaled, 0, LEVELS - 1).astype(np.uint8)


def hidden_layers(model: Any) -> list[Any]:
    """The hidden Dense layers of a model (all Dense layers but the output)."""
    dense = [layer for layer in model.layers if type(layer).__name__ == "Dense"]
    return dense[:-1]


def probe_model(model: Any) -> Any:
    """A model returning every hidden Dense layer's output and the model's output (shared weights)."""
    import keras

    outputs = [layer.output for layer in hidden_layers(model)] + list(model.outputs)
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    return keras.Model(inputs, outputs, name="playground_probe")


def plane_maps(probe: Any, grid: np.ndarray, size: int = GRID) -> tuple[np.ndarray, list[np.ndarray]]:
    """One forward pass: the output over the plane (size, size), each hidden layer (size, size, units).

    >>> import keras
    >>> m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"),
    ...                       keras.layers.Dense(1, activation="sigmoid")])
    >>> out, hidden = plane_maps(probe_model(m), plane_grid(10), size=10)
    >>> out.shape, hidden[0].shape
    ((10, 10), (10, 10, 3))
    """
    values = probe.predict_on_batch(grid)
    arrays = [np.asarray(v) for v in (values if isinstance(values, (list, tuple)) else [values])]
    out = arrays[-1][:, 0].reshape(size, size)
    return out, [a.reshape(size, size, a.shape[1]) for a in arrays[:-1]]


class PlaneView:
    """The decision map with the points, and each hidden unit's map as a thumbnail column.

    Built once per model and data set (the layout follows the hidden layers); :meth:`render`
    is the redraw. Train points have a white rim, test points a black one.
    """

    def __init__(self, model: Any, data: Dataset, *, side: int = 300, thumb: int = 48,
                 max_units: int = 12, size: int = GRID, show_test: bool = True) -> None:
        self.side, self.thumb, self.max_units, self.size = side, thumb, max_units, size
        self.probe = probe_model(model)
        self._grid = add_features(plane_grid(size), data.features)
        self._units = [min(int(layer.units), max_units) for layer in hidden_layers(model)]
        self._thumb_index = np.linspace(0, size - 1, thumb).round().astype(np.intp)
        self._heat_scale = size / side  # the output map is sampled bilinearly up to `side`
        self._canvas = self._background()
        self._points, self._mask = self._point_layer(data, show_test)

    # ------------------------------------------------------------------ drawn once
    def _column(self, c: int) -> int:
        return self.side + 6 + c * (self.thumb + 6)

    def _background(self) -> np.ndarray:
        columns, rows = len(self._units), max(self._units or [0])
        width = self._column(columns) if columns else self.side
        height = max(self.side, 14 + rows * (self.thumb + 4)) + 16
        image = Image.new("P", (width, height), BACKGROUND)
        draw = ImageDraw.Draw(image)
        draw.text((2, 2), "output (train: white rim, test: black rim)", fill=TEXT)
        for c in range(columns):
            draw.text((self._column(c), 2), f"L{c + 1}", fill=TEXT)
        return np.asarray(image).copy()

    def _point_layer(self, data: Dataset, show_test: bool) -> tuple[np.ndarray, np.ndarray]:
        image = Image.new("P", (self.side, self.side), _EMPTY)
        draw = ImageDraw.Draw(image)
        scale, radius = self.side / (2 * EXTENT), 3.0
        sets = [(data.points_train, data.y_train, BACKGROUND)]
        if show_test:
            sets.append((data.points_test, data.y_test, RIM_TEST))
        for points, labels, rim in sets:
            for (px, py), label in zip(points, labels, strict=False):
                x, y = (px + EXTENT) * scale, (EXTENT - py) * scale
                draw.ellipse((x - radius, y - radius, x + radius, y + radius),
                             fill=CLASS1 if int(label) & 1 else CLASS0, outline=rim)
        layer = np.asarray(image).copy()
        return layer, layer != _EMPTY

    # ------------------------------------------------------------------ the redraw
    def maps(self) -> tuple[np.ndarray, list[np.ndarray]]:
        """The output over the plane and each hidden layer's units, from one forward pass."""
        return plane_maps(self.probe, self._grid, self.size)

    def render(self) -> bytes:
        """The picture for the model's current weights, as PNG bytes."""
        out, hidden = self.maps()
        canvas = self._canvas.copy()
        heat = Image.fromarray(out.astype(np.float32), "F").resize(
            (self.side, self.side), Image.BILINEAR)
        top = levels(np.asarray(heat), 0.0, 1.0)
        top[self._mask] = self._points[self._mask]
        canvas[16:16 + self.side, :self.side] = top
        t, step, pick = self.thumb, self.thumb + 4, self._thumb_index
        for c, units in enumerate(hidden):
            shown = units[np.ix_(pick, pick)][:, :, :self.max_units]  # (t, t, units)
            bound = np.abs(shown).max(axis=(0, 1))
            bound = np.where(bound > 0, bound, 1.0)
            low = np.where(shown.min(axis=(0, 1)) >= 0, 0.0, -bound)
            tiles = levels(shown, low, bound)
            x0 = self._column(c)
            for r in range(tiles.shape[2]):
                canvas[16 + r * step:16 + r * step + t, x0:x0 + t] = tiles[:, :, r]
        return palette_png(canvas)


def palette_png(indices: np.ndarray) -> bytes:
    """PNG bytes of a uint8 array of palette indices (the playground's palette), zlib level 1."""
    image = Image.fromarray(indices, "P")
    image.putpalette(_PALETTE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
